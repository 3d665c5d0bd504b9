"""The user's own activation: "Custom formula…" in every picker, a text box bound to ``f``, presets.

A page that lists functions offers ``custom`` among them; when it is picked, :func:`formula_box`
shows the text box and the presets and returns the activation the text writes. One custom formula
per page, in the URL as ``f=`` beside ``fn=custom`` or ``fns=custom``. The formula is parsed by
``activations.custom`` (a whitelisting grammar, never evaluated as code) and cached by its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

import activations
from activations.formula import MAX_LENGTH, describe_language
from activations.numbers import number
from ui import compute
from ui.explorer_view import Params, freeze
from ui.urlstate import UrlState

CUSTOM = "custom"
LABEL = "Custom formula…"  # in a single picker
CHIP = "Custom f(x)"  # a multiselect's chip: short, so two chips share a narrow picker's row
# Presets that teach; each is tested to agree with the registry entry it writes out.
PRESETS: dict[str, str] = {
    "Mish": "x * tanh(log(1 + exp(x)))",
    "Swish": "x * sigmoid(beta * x)",
    "Sine": "sin(x)",
    "Cube": "x^3",
    "|x|": "abs(x)",
}
DEFAULT = PRESETS["Mish"]
# Derived from the language's own tables; ASCII operators only (the parser refuses "−", U+2212,
# with a hint to type "-", so the help must not show it).
HELP = describe_language() + " α and β get sliders."


ABOUT = (
    "#### Your formula\n\n"
    "f′ is found symbolically (SymPy) from what you typed and evaluated in stable forms: "
    "log(1 + exp(u)) as softplus, log(1 + u) as log1p, exp(u) − 1 as expm1, "
    "1/(1 + exp(−u)) as the sigmoid. At a kink f′ follows PyTorch for the same operations: "
    "abs′(0) = 0, and max or min at a tie passes half the slope to each side "
    "(so max(x, 0) has slope ½ at 0, where PyTorch's relu has 0). Kinks are found at "
    "the current α and β. Where f is undefined or overflows, the chart leaves a gap."
)


def options() -> list[str]:
    """Every registry key, then ``custom``."""
    return [*activations.REGISTRY, CUSTOM]


def name(key: str) -> str:
    """A multiselect's label for ``key``."""
    return CHIP if key == CUSTOM else activations.get(key).name


def formula_box(
    url: UrlState, *, container: Any = st, compact: bool = False
) -> activations.Activation:
    """The text box and the preset buttons; the activation the text writes. A refused formula
    keeps the last one that worked, and says why under the box. ``compact`` (a projector's
    narrow header) folds the presets into a popover beside the box."""
    box = container.container()
    text_column, preset_column = box.columns(
        [3, 2], gap="small" if compact else "medium",
        vertical_alignment="bottom",
    )  # fmt: skip
    key = url.key("f", CUSTOM)
    _, spec, problem = url.formula(
        "f",
        "Your formula f(x)",
        default=DEFAULT,
        check=activations.custom,
        key=key,
        max_chars=MAX_LENGTH,
        help=HELP,
        placeholder="e.g. x * tanh(softplus(x))",
        container=text_column,
    )
    presets = preset_column.popover("Presets", width="stretch") if compact else preset_column
    pills = url.key("preset", CUSTOM)
    presets.pills(
        "Presets",
        list(PRESETS),
        key=pills,
        on_change=_take_preset,
        args=(key, pills),
        selection_mode="single",
        label_visibility="collapsed" if compact else "visible",
    )
    if problem:
        box.error(f"Not used: {problem}. The chart shows the last formula that worked.")
    return spec


def _take_preset(key: str, pills_key: str) -> None:
    """The chosen preset becomes the box's text (the box keeps it as its last valid text when it
    reads it on the next run: every preset is a valid formula)."""
    chosen = st.session_state.get(pills_key)
    if chosen:
        st.session_state[key] = PRESETS[chosen]
    st.session_state[pills_key] = None  # a preset is an action, not a state


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=compute.BY_IDENTITY)
def registry_match(spec: activations.Activation, params: Params) -> tuple[str, float] | None:
    """The registry entry a typed formula writes out at these parameters, and how closely."""
    from activations.typed import registry_match as match

    return match(spec, **dict(params))


def match_note(spec: activations.Activation, params: dict[str, float]) -> str | None:
    """A sentence for the page when the formula is a registry entry written out."""
    found = registry_match(spec, freeze(params))
    if found is None:
        return None
    key, worst = found
    agreement = "exactly" if worst == 0 else f"to {number(worst, 1)}"
    return (
        f"This is **{activations.get(key).name}** written out: its values and slopes agree with "
        f"the registry's {agreement} (largest relative difference over −20 ≤ x ≤ 20, away from "
        "kinks)."
    )


def specs(keys: Sequence[str], typed: activations.Activation | None) -> list[Any]:
    """The functions a page works on: registry keys as they are, ``custom`` as the ``typed``
    formula's activation."""
    return [typed if key == CUSTOM else key for key in keys]
