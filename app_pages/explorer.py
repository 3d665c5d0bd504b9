"""Explorer: one function and its derivative, with live sliders and a shareable link."""

import inspect

import pandas as pd
import streamlit as st

import activations
from ui import cards, chrome, compute, controls, lessons
from ui.charts import plot
from ui.figures import ExplorerView, explorer_figure

PAGE = "explorer"
# In presentation mode, the height above the chart: padding, the title row and the row of
# parameters (measured in chromium; tests/e2e check the chart fits at 1280×720 and 1920×1080).
EXPLORER_HEADER_PX = 330
url, present = chrome.start(PAGE)

if present:  # one row for the title, the picker and the formulas: the chart needs the height
    head = st.columns([1.2, 2, 4.4], gap="medium", vertical_alignment="center")
    head[0].title("Explorer")
    head = head[1:]
else:
    st.title("Explorer")
    st.caption(
        "Pick a function and move the sliders: f (solid) and its derivative f′ (dashed) follow."
    )
    head = st.columns([2, 4], gap="medium", vertical_alignment="bottom")
key = controls.function_picker(url, default="elu", container=head[0])
spec = activations.get(key)
# Piecewise pairs are tall and narrow: side by side. The others can be long (GELU, Mish): stacked.
piecewise = r"\begin{cases}" in spec.formula + spec.derivative_formula
head[1].latex(
    spec.formula + r"\qquad\qquad " + spec.derivative_formula
    if piecewise
    else r"\begin{gathered}" + spec.formula + r"\\" + spec.derivative_formula + r"\end{gathered}"
)


# Everything a control changes lives in these fragments, so a move reruns only its part: the
# picker, the formulas, the notes and the sidebar stay as they are. The view's frame (range and
# toggles) is the outer fragment; the parameters, the probe and everything they change are the
# inner one, so a move of α or x₀ redraws the chart without redrawing the other controls.
@st.fragment
def live_view() -> None:
    view_url = url.fragment()
    if present:  # the view options fold into a popover beside the chart: a row more for it
        main, side = st.columns([7, 1], gap="small")
        options = side.popover("View", icon=":material/tune:", width="stretch")
        row = [options] * 4
    else:
        row = st.columns([3, 1.1, 1.5, 1.4], gap="medium", vertical_alignment="bottom")
        main = st.container()
    lo, hi = controls.x_range_slider(
        view_url, PAGE, spec.default_range, scope=key, container=row[0]
    )
    show_derivative = view_url.toggle("deriv", "Show f′", default=True, container=row[1])
    shade = view_url.toggle(
        "band",
        "Vanishing band",
        default=True,
        help="Shade where |f′| is below the threshold.",
        container=row[2],
    )
    threshold = view_url.number(
        "thr",
        "Threshold |f′| <",
        0.001,
        0.5,
        default=0.05,
        step=0.01,
        decimals=3,
        disabled=not shade,
        container=row[3],
    )
    with main:
        curve_view(view_url, lo, hi, show_derivative, threshold if shade else None)
    chrome.show_notes(view_url)  # its own and the inner fragment's


@st.fragment
def curve_view(
    frame_url, lo: float, hi: float, show_derivative: bool, threshold: float | None
) -> None:
    view_url = frame_url.fragment(nested=True)
    top = st.columns([3, 3], gap="medium")
    params = controls.param_sliders(view_url, PAGE, spec, container=top[0])
    if not spec.params:
        top[0].caption("This function has no parameters to tune.")
    x0_key = f"{PAGE}.{key}.x0"
    x0_default = min(max(1.0, lo), hi)
    view_url.seed_number("x0", x0_key, lo, hi, x0_default)
    x0 = top[1].slider(
        "Probe point x₀", lo, hi, step=0.05, key=x0_key, help="Where the tangent is drawn."
    )
    view_url.set("x0", x0, default=x0_default)

    frozen = compute.freeze(params)
    x, y, dy = compute.curve(key, lo, hi, frozen)
    props = compute.properties(key, frozen)
    fx0, dfx0 = float(spec.value(x0, **params)), float(spec.derivative(x0, **params))
    defaults = spec.defaults()
    visible_kinks = [k for k in props.kinks if lo <= k <= hi]
    swept = spec.params[0].name if spec.params else None
    view = ExplorerView(
        name=spec.name,
        x=x,
        y=y,
        dy=dy,
        x0=x0,
        fx0=fx0,
        dfx0=dfx0,
        show_derivative=show_derivative,
        vanishing_threshold=threshold,
        dead_zones=props.dead_zones,
        kinks=[(k, float(spec.value(k, **params))) for k in visible_kinks],
        kink_slopes=[(k, float(spec.derivative(k, **params))) for k in visible_kinks],
        default_curve=None
        if params == defaults
        else compute.curve(key, lo, hi, compute.freeze(defaults)),
        sweep=None if swept is None else (swept, *compute.sweep(key, lo, hi, swept, frozen)),
        sweep_value=params[swept] if swept else None,
    )
    plot(
        explorer_figure(view, present),
        key=f"{PAGE}.chart",
        filename=f"activation-{key}",
        alt=f"{spec.name} and its derivative for x from {lo:g} to {hi:g}",
        fill_below=EXPLORER_HEADER_PX if present else None,
    )
    st.markdown(f"#### x₀ = {x0:.4g} · f(x₀) = {fx0:.6g} · f′(x₀) = {dfx0:.6g}")

    def _csv() -> str:
        return pd.DataFrame({"x": x, "f(x)": y, "f'(x)": dy}).to_csv(index=False)

    actions = st.columns([1, 1, 3])
    actions[0].download_button(
        "CSV of x, f, f′",
        _csv,
        file_name=f"{key}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    chrome.finish(view_url, share_in_sidebar=False)
    chrome.share_button(PAGE, container=actions[1])
    with chrome.explanation(present):
        st.markdown("#### Properties\n\n" + cards.markdown_table(cards.property_rows(props)))
        st.caption(activations.ZERO_CENTRED_DEFINITION)


live_view()
with chrome.explanation(present):
    practice, prompts = st.columns(2, gap="large")
    practice.markdown(
        f"#### In practice\n\n**Use:** {spec.use_case}\n\n**Limitation:** {spec.limitation}\n\n"
        + (f"*{spec.notes}*\n\n" if spec.notes else "")
        + "\n\n".join(str(credit) for credit in spec.history)
    )
    prompts.markdown(
        "#### Try this\n\n" + "\n".join(f"- {prompt}" for prompt in lessons.prompts(key))
    )
    with st.expander("NumPy source of f and f′"):
        st.code(
            inspect.getsource(spec.fn) + "\n\n" + inspect.getsource(spec.grad), language="python"
        )
