"""Explorer: one function and its derivative, with live sliders and a shareable link."""

import inspect

import pandas as pd
import streamlit as st

import activations
from activations.numbers import number
from ui import cards, chrome, compute, controls, custom_formula, lessons
from ui.charts import plot
from ui.explorer_view import (
    accuracy_notes,
    build_view,
    default_probe,
    formula_lines,
    undefined_notes,
)
from ui.figures import explorer_figure
from ui.urlstate import UrlState

PAGE = "explorer"
url, present = chrome.start(PAGE)

if present:  # one row for the title, the picker and the formulas: the chart needs the height
    head = st.container(key="ae-head-explorer").columns(
        [1.2, 2, 4.4], gap="medium", vertical_alignment="center"
    )
    head[0].title("Explorer")
    head = head[1:]
else:
    st.title("Explorer")
    st.caption(
        "Pick a function and move the sliders: f (solid) and its derivative f′ (dashed) follow."
    )
    head = st.columns([2, 4], gap="medium", vertical_alignment="bottom")
key = controls.function_picker(url, default="elu", container=head[0])
is_typed = key == custom_formula.CUSTOM  # a formula the user typed, not a registry entry
formulas = head[1]
if is_typed:  # on a projector the box takes the formulas' place in the title row
    spec = custom_formula.formula_box(url, container=head[1] if present else st, compact=present)
    formulas = st if present else formulas
else:
    spec = activations.get(key)
# Piecewise pairs are tall and narrow: side by side. The others can be long (GELU, Mish): stacked.
f_line, df_line = formula_lines(spec)  # labelled f(x) = and f′(x) =, a typed formula's too
piecewise = r"\begin{cases}" in f_line + df_line
formulas.latex(
    f_line + r"\qquad\qquad " + df_line
    if piecewise
    else r"\begin{gathered}" + f_line + r"\\" + df_line + r"\end{gathered}"
)


# Everything a control changes lives in these fragments, so a move reruns only its part: the
# picker, the formulas, the notes and the sidebar stay as they are. The view's frame (range and
# toggles) is the outer fragment; the parameters, the probe and everything they change are the
# inner one, so a move of α or x₀ redraws the chart without redrawing the other controls. Each
# gets what it needs as arguments; the inner one writes the URL (it holds every value: the outer
# one's are handed to it), and the outer one shows the notes of both.
@st.fragment
def live_view(url: UrlState, spec: activations.Activation, present: bool) -> None:
    view_url = url.fragment()
    if present:  # the view options fold into a popover beside the chart: a row more for it
        main, side = st.columns([7, 1], gap="small")
        options = side.popover("View", icon=":material/tune:", width="stretch")
        row = [options] * 4
    else:
        row = st.columns([3, 1.1, 1.5, 1.4], gap="medium", vertical_alignment="bottom")
        main = st.container()
    lo, hi = controls.x_range_slider(view_url, spec.default_range, scope=spec.key, container=row[0])
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
        curve_view(view_url, spec, lo, hi, show_derivative, threshold if shade else None, present)
    chrome.show_notes(view_url)


@st.fragment
def curve_view(
    frame_url: UrlState,
    spec: activations.Activation,
    lo: float,
    hi: float,
    show_derivative: bool,
    threshold: float | None,
    present: bool,
) -> None:
    view_url = frame_url.fragment(nested=True)
    is_typed = spec.key == custom_formula.CUSTOM
    if present:  # the parameters and the probe beside the chart: it keeps the first screen's height
        main, knobs = st.columns([2.6, 1], gap="medium")
        top = [knobs, knobs]
    else:
        top = st.columns([3, 3], gap="medium")
        main = st.container()
    params = controls.param_sliders(view_url, spec, container=top[0])
    if not spec.params:
        top[0].caption("This function has no parameters to tune.")
    x0_default = default_probe(spec, params, lo, hi)  # where the tangent can be seen
    x0 = view_url.slider(
        "x0",
        "Probe point x₀",
        lo,
        hi,
        default=x0_default,
        step=0.05,
        snap=False,
        key=view_url.key("x0", spec.key),
        help="Where the tangent is drawn.",
        container=top[1],
    )
    view, props = build_view(
        spec,
        params,
        lo,
        hi,
        x0,
        show_derivative=show_derivative,
        threshold=threshold,
        maths=compute.MATHS,
    )
    plot(
        explorer_figure(view, chrome.style(present), true_slopes=present),
        key=view_url.key("chart"),
        filename=f"activation-{spec.key}",
        alt=f"{spec.name} and its derivative for x from {lo:g} to {hi:g}",
        container=main,
        fill=present,
    )
    gaps = undefined_notes(view.x, view.y, view.dy)  # a typed formula may have gaps
    if gaps:
        st.info(" ".join(gaps), icon=":material/info:")
    if lost := accuracy_notes(spec):  # ...or lose digits where it is written another way
        st.info(" ".join(lost), icon=":material/info:")
    if is_typed and (note := custom_formula.match_note(spec, params)):
        st.caption(note)
    st.markdown(
        f"#### x₀ = {number(x0, 4)} · f(x₀) = {number(view.fx0)} · f′(x₀) = {number(view.dfx0)}"
    )

    def _csv() -> str:
        return pd.DataFrame({"x": view.x, "f(x)": view.y, "f'(x)": view.dy}).to_csv(index=False)

    actions = st.columns([1, 1, 3])
    actions[0].download_button(
        "CSV of x, f, f′",
        _csv,
        file_name=f"{spec.key}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    chrome.finish(view_url, share_in_sidebar=False)
    chrome.share_button(view_url, container=actions[1])
    with chrome.explanation(present):
        if props is None:
            st.markdown("#### Properties")
            st.caption(compute.undefined_note(spec, compute.freeze(params)))
        else:
            st.markdown("#### Properties\n\n" + cards.markdown_table(cards.property_rows(props)))
            st.caption(activations.ZERO_CENTRED_DEFINITION)


live_view(url, spec, present)
with chrome.explanation(present):
    practice, prompts = st.columns(2, gap="large")
    if is_typed:
        practice.markdown(custom_formula.ABOUT)
    else:
        practice.markdown(
            f"#### In practice\n\n**Use:** {spec.use_case}\n\n**Limitation:** {spec.limitation}\n\n"
            + (f"*{spec.notes}*\n\n" if spec.notes else "")
            + "\n\n".join(str(credit) for credit in spec.history)
        )
    prompts.markdown(
        "#### Try this\n\n" + "\n".join(f"- {prompt}" for prompt in lessons.prompts(key))
    )
    with st.expander("NumPy source of f and f′", expanded=is_typed):
        if is_typed:  # the code the page evaluates, generated from the formula (never executed)
            st.code(
                f"f = {spec.code}\n\ndf = {spec.derivative_code}",
                language="python",
                wrap_lines=True,
            )
        else:
            st.code(
                inspect.getsource(spec.fn) + "\n\n" + inspect.getsource(spec.grad),
                language="python",
            )
