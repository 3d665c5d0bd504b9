"""Compare: several functions, and their derivatives, side by side."""

import pandas as pd
import streamlit as st

import activations
from ui import cards, chrome, compute, controls, custom_formula
from ui.charts import plot
from ui.explorer_view import accuracy_notes, undefined_notes
from ui.figures import overlay_figure
from ui.presets import PRESETS

PAGE = "compare"
MAX_FUNCTIONS = 8
DEFAULT = ["sigmoid", "tanh", "relu", "gelu"]
url, present = chrome.start(PAGE)
style = chrome.style(present)

if present:  # one row for the title, the lessons and the range: the charts need the height
    head = st.container(key="ae-head-compare").columns(
        [1.6, 1.4, 2.6], gap="medium", vertical_alignment="bottom"
    )
    head[0].title("Compare")
    lessons = head[1].popover("Lessons", icon=":material/school:", width="stretch")
    buttons = [lessons] * len(PRESETS)
    picker, knobs = st.columns([3, 2], gap="medium")  # the parameters beside the picker
    top = [picker, head[2]]
else:
    st.title("Compare")
    chrome.purpose(
        "Overlay functions and their derivatives, or start from a classic lesson.", present
    )
    buttons = st.columns(len(PRESETS))
    top = st.columns([3, 2], gap="medium")
    knobs = st
for column, (title, selection) in zip(buttons, PRESETS.items(), strict=True):
    column.button(
        title,
        on_click=url.preset,
        args=("fns", list(selection)),
        key=url.key(title, "preset"),
        width="stretch",
    )

selected = controls.functions_picker(url, DEFAULT, MAX_FUNCTIONS, container=top[0])
lo, hi = controls.x_range_slider(url, (-6.0, 6.0), container=top[1])
typed = (
    custom_formula.formula_box(url, compact=present) if custom_formula.CUSTOM in selected else None
)
specs = dict(zip(selected, custom_formula.specs(selected, typed), strict=True))

# One compact row with the parameters of every selected parametric function.
params: dict[str, dict[str, float]] = {}
tunable = [(key, p) for key in selected for p in activations.resolve(specs[key]).params]
if tunable:
    columns = knobs.columns(min(len(tunable), 2 if present else 4))
    for index, (key, p) in enumerate(tunable):
        spec = activations.resolve(specs[key])
        params.setdefault(key, {})[p.name] = controls.param_slider(
            url,
            spec,
            p,
            url_key=f"{key}.{p.name}",
            label=f"{spec.name}: ${p.symbol}$",
            container=columns[index % len(columns)],
        )

if not selected:
    st.info("Pick at least one function, or press a preset above.")
else:
    frozen = [compute.freeze(params.get(key, {})) for key in selected]
    curves = [compute.curve(specs[k], lo, hi, f) for k, f in zip(selected, frozen, strict=True)]
    names = [activations.resolve(specs[key]).name for key in selected]
    kinks = [activations.resolve(specs[key]).breakpoints for key in selected]
    charts = st.columns(2, gap="medium")
    plot(
        overlay_figure(
            [(n, x, y, k) for n, (x, y, _), k in zip(names, curves, kinks, strict=True)],
            derivative=False,
            style=style,
        ),
        key=url.key("f"),
        filename="compare-f",
        alt="The selected functions overlaid: " + ", ".join(names),
        container=charts[0],
        fill=present,
    )
    plot(
        overlay_figure(
            [(n, x, dy, k) for n, (x, _, dy), k in zip(names, curves, kinks, strict=True)],
            derivative=True,
            style=style,
            band=0.05,
        ),
        key=url.key("df"),
        filename="compare-derivatives",
        alt="Derivatives of the selected functions overlaid, vanishing band |f′| < 0.05 shaded",
        container=charts[1],
        fill=present,
    )

    if typed is not None:  # a typed formula may be undefined or overflow somewhere
        x, y, dy = curves[selected.index(custom_formula.CUSTOM)]
        gaps = undefined_notes(x, y, dy, name=typed.name + ":")
        if gaps:
            st.info(" ".join(gaps), icon=":material/info:")
        if lost := accuracy_notes(typed, name=typed.name + ":"):
            st.info(" ".join(lost), icon=":material/info:")

    with chrome.explanation(present):
        st.subheader("Their properties")
        all_props = [
            compute.properties(specs[key], f) for key, f in zip(selected, frozen, strict=True)
        ]
        # A typed formula undefined somewhere has no properties over every x: left out, and said.
        shown = [(n, p) for n, p in zip(names, all_props, strict=True) if p is not None]
        if shown:
            for table in cards.comparison([n for n, _ in shown], [p for _, p in shown]):
                st.markdown(table)
        if len(shown) < len(names):
            typed_params = params.get(custom_formula.CUSTOM, {})
            st.caption(
                compute.undefined_note(specs[custom_formula.CUSTOM], compute.freeze(typed_params))
            )
        st.caption(activations.ZERO_CENTRED_DEFINITION)

        def _csv() -> str:
            x = curves[0][0]
            columns = {"x": x}
            for key, (cx, y, dy) in zip(selected, curves, strict=True):
                if len(cx) == len(x) and (cx == x).all():
                    columns[f"{key}(x)"], columns[f"{key}'(x)"] = y, dy
                else:  # grids with extra kink points: evaluate on the shared grid instead
                    spec = activations.resolve(specs[key])
                    columns[f"{key}(x)"] = spec.value(x, **params.get(key, {}))
                    columns[f"{key}'(x)"] = spec.derivative(x, **params.get(key, {}))
            return pd.DataFrame(columns).to_csv(index=False)

        st.download_button(
            "Download the curves as CSV",
            _csv,
            file_name="compare.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
        )

chrome.finish(url)
