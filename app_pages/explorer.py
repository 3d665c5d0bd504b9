"""Explorer: one function and its derivative, with live sliders and a shareable link."""

import inspect

import pandas as pd
import streamlit as st

import activations
from ui import cards, chrome, compute, controls, lessons
from ui.charts import plot
from ui.figures import ExplorerView, explorer_figure

PAGE = "explorer"
url, present = chrome.start(PAGE)

st.title("Explorer")
st.caption("Pick a function and move the sliders: f (solid) and its derivative f′ (dashed) follow.")

top = st.columns([2, 2, 2], gap="medium")
key = controls.function_picker(url, PAGE, default="elu", container=top[0])
spec = activations.get(key)
lo, hi = controls.x_range_slider(url, PAGE, spec.default_range, scope=key, container=top[1])
params = controls.param_sliders(url, PAGE, spec, container=top[2])
if not spec.params:
    top[2].caption("This function has no parameters to tune.")

row = st.columns([3, 1.1, 1.5, 1.4], gap="medium", vertical_alignment="bottom")
x0_key = f"{PAGE}.{key}.x0"
x0_default = min(max(1.0, lo), hi)
url.seed_number("x0", x0_key, lo, hi, x0_default)
x0 = row[0].slider(
    "Probe point x₀", lo, hi, step=0.05, key=x0_key, help="Where the tangent is drawn."
)
url.set("x0", x0, default=x0_default)
url.seed_flag("deriv", f"{PAGE}.deriv", default=True)
show_derivative = row[1].toggle("Show f′", key=f"{PAGE}.deriv")
url.set("deriv", show_derivative, default=True)
url.seed_flag("band", f"{PAGE}.band", default=True)
shade = row[2].toggle(
    "Vanishing band", key=f"{PAGE}.band", help="Shade where |f′| is below the threshold."
)
url.set("band", shade, default=True)
url.seed_number("thr", f"{PAGE}.thr", 0.001, 0.5, 0.05, step=0.001)
threshold = row[3].number_input(
    "Threshold |f′| <",
    0.001,
    0.5,
    step=0.01,
    format="%.3f",
    key=f"{PAGE}.thr",
    disabled=not shade,
)
url.set("thr", threshold, default=0.05)

frozen = compute.freeze(params)
x, y, dy = compute.curve(key, lo, hi, frozen)
props = compute.properties(key, frozen)
fx0, dfx0 = float(spec.value(x0, **params)), float(spec.derivative(x0, **params))
defaults = spec.defaults()
visible_kinks = [k for k in props.kinks if lo <= k <= hi]
view = ExplorerView(
    name=spec.name,
    x=x,
    y=y,
    dy=dy,
    x0=x0,
    fx0=fx0,
    dfx0=dfx0,
    show_derivative=show_derivative,
    vanishing_threshold=threshold if shade else None,
    dead_zones=props.dead_zones,
    kinks=[(k, float(spec.value(k, **params))) for k in visible_kinks],
    kink_slopes=[(k, float(spec.derivative(k, **params))) for k in visible_kinks],
    default_curve=None
    if params == defaults
    else compute.curve(key, lo, hi, compute.freeze(defaults)),
    sweep=None
    if not spec.params
    else (spec.params[0].name, *compute.sweep(key, lo, hi, spec.params[0].name, frozen)),
    sweep_value=params[spec.params[0].name] if spec.params else None,
)
plot(
    explorer_figure(view, present),
    key=f"{PAGE}.chart",
    filename=f"activation-{key}",
    alt=f"{spec.name} and its derivative for x from {lo:g} to {hi:g}",
)

readout = st.columns(3)
readout[0].metric("x₀", f"{x0:.4g}")
readout[1].metric("f(x₀)", f"{fx0:.6g}")
readout[2].metric("f′(x₀)", f"{dfx0:.6g}", help="The slope of the tangent line at x₀.")

formulas = st.columns(2)
formulas[0].latex(spec.formula)
formulas[1].latex(spec.derivative_formula)

with chrome.explanation(present):
    card, notes = st.columns([3, 2], gap="large")
    card.subheader("Properties")
    card.markdown(cards.markdown_table(cards.property_rows(props)))
    notes.subheader("In practice")
    notes.markdown(f"**Use:** {spec.use_case}\n\n**Limitation:** {spec.limitation}")
    if spec.notes:
        notes.caption(spec.notes)
    if spec.paper:
        notes.caption(f"Introduced: {spec.paper}" + (f" ({spec.year})" if spec.year else ""))
    notes.subheader("Try this")
    notes.markdown("\n".join(f"- {prompt}" for prompt in lessons.prompts(key)))

    def _csv() -> str:
        return pd.DataFrame({"x": x, "f(x)": y, "f'(x)": dy}).to_csv(index=False)

    st.download_button(
        "Download x, f(x), f′(x) as CSV",
        _csv,
        file_name=f"{key}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    with st.expander("NumPy source of f and f′"):
        st.code(
            inspect.getsource(spec.fn) + "\n\n" + inspect.getsource(spec.grad), language="python"
        )

chrome.finish(url)
