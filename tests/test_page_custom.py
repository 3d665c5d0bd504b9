"""A typed formula on every page, in AppTest: the picker, the text box, the sliders and the URL."""

from __future__ import annotations

import re

import numpy as np
import pytest

import activations
from devtools.formulas import FORMULA_CRASHES
from tests.apptest import charts, open_page, slider, trace, trace_names, warnings_text
from tests.tolerance import SAME_NUMBERS
from ui.custom_formula import DEFAULT, PRESETS

MISH = PRESETS["Mish"]


def formula_box(at):
    [box] = [t for t in at.text_input if t.key.endswith(".custom.f")]
    return box


def test_custom_formula_is_in_the_explorer_picker_and_draws_its_values() -> None:
    at = open_page("explorer")
    assert "Custom formula…" in at.selectbox(key="explorer.fn").options
    at.selectbox(key="explorer.fn").set_value("custom").run()
    assert formula_box(at).value == DEFAULT
    x, y = trace(charts(at)[0], "f(x)")
    typed = activations.custom(DEFAULT)
    np.testing.assert_array_equal(y, typed.value(x))
    np.testing.assert_array_equal(trace(charts(at)[0], "f′(x)")[1], typed.derivative(x))
    assert at.query_params["fn"] == "custom" and at.query_params["f"] == DEFAULT
    # The formulas in LaTeX and the NumPy code the page evaluates are shown.
    assert any(r"\operatorname{softplus}" in latex.value for latex in at.latex)
    assert any("np.logaddexp(0, x)" in code.value for code in at.code)


def test_typing_a_formula_changes_the_chart_and_the_link() -> None:
    at = open_page("explorer", {"fn": "custom"})
    formula_box(at).set_value("x * sigmoid(beta * x)").run()
    x, dy = trace(charts(at)[0], "f′(x)")
    np.testing.assert_array_equal(dy, activations.custom("x * sigmoid(beta * x)").derivative(x))
    assert at.query_params["f"] == "x * sigmoid(beta * x)"
    # β got a slider like a registry parameter; moving it changes the data and the link.
    slider(at, "beta").set_value(2.5).run()
    x, y = trace(charts(at)[0], "f(x)")
    np.testing.assert_allclose(y, activations.get("swish").value(x, beta=2.5), **SAME_NUMBERS)
    assert at.query_params["beta"] == "2.5"


def test_a_refused_formula_says_why_and_keeps_the_last_one() -> None:
    at = open_page("explorer", {"fn": "custom", "f": "x^3"})
    formula_box(at).set_value("x + y").run()
    assert any("unknown name 'y' at position 5" in e.value for e in at.error)
    x, y = trace(charts(at)[0], "f(x)")
    np.testing.assert_array_equal(y, x**3)
    assert at.query_params["f"] == "x^3"


def test_a_formula_with_gaps_is_drawn_with_gaps_and_a_note() -> None:
    at = open_page("explorer", {"fn": "custom", "f": "log(x)"})
    figure = charts(at)[0]
    raw = next(t for t in figure["data"] if t.get("name") == "f(x)")
    negative = [y for x, y in zip(raw["x"], raw["y"], strict=True) if x is not None and x < 0]
    assert negative and all(y is None for y in negative)
    infos = " ".join(i.value for i in at.info)
    assert "f is undefined or too large for a float64 at −6 ≤ x ≤ 0" in infos
    assert not at.exception


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "9**9**9", "x" * 300, "<b>x</b>", "x\u202ey", "ｘ"],
    ids=["dunder", "tower", "long", "html", "bidi", "fullwidth"],
)
def test_a_hostile_link_gets_the_default_and_a_short_note(text: str) -> None:
    at = open_page("explorer", {"fn": "custom", "f": text})
    assert formula_box(at).value == DEFAULT
    notes = warnings_text(at)
    assert "`f` was not used:" in notes and len(notes) < 400
    assert at.query_params["f"] == DEFAULT
    assert not at.exception


def test_compare_overlays_the_typed_function_with_its_own_slider() -> None:
    at = open_page(
        "compare", {"fns": ["relu", "custom"], "f": "x*sigmoid(beta*x)", "custom.beta": "2"}
    )
    assert not at.warning, warnings_text(at)
    x, y = trace(charts(at)[0], "Custom")
    np.testing.assert_allclose(y, activations.get("swish").value(x, beta=2.0), **SAME_NUMBERS)
    slider(at, "Custom").set_value(0.5).run()
    x, y = trace(charts(at)[0], "Custom")
    np.testing.assert_allclose(y, activations.get("swish").value(x, beta=0.5), **SAME_NUMBERS)
    assert at.query_params["custom.beta"] == "0.5"


def test_gradient_flow_simulates_the_typed_function() -> None:
    at = open_page("gradients", {"fns": ["tanh", "custom"], "f": "tanh(x)", "depth": "12"})
    assert not at.warning, warnings_text(at)
    layers = charts(at)[1]
    # tanh typed out is tanh: the same random network gives the same gradients.
    _, typed = trace(layers, "Custom: simulated")
    _, entry = trace(layers, "Tanh: simulated")
    np.testing.assert_allclose(typed, entry, rtol=1e-12)
    assert "Custom" in trace_names(charts(at)[0])


def test_training_lab_trains_the_typed_function() -> None:
    at = open_page("training", {"fns": ["tanh", "custom"], "f": "tanh(x)", "steps": "100"})
    assert not at.warning, warnings_text(at)
    _, typed = trace(charts(at)[1], "Custom: train")
    _, entry = trace(charts(at)[1], "Tanh: train")
    np.testing.assert_allclose(typed, entry, rtol=1e-10)
    formula_box(at).set_value("sin(x)").run()
    _, changed = trace(charts(at)[1], "Custom: train")
    assert not np.allclose(changed, entry)
    assert at.query_params["f"] == "sin(x)"


def test_the_page_says_when_a_formula_is_a_registry_entry_written_out() -> None:
    at = open_page("explorer", {"fn": "custom", "f": "x*sigmoid(beta*x)", "beta": "2"})
    [note] = [c.value for c in at.caption if "written out" in c.value]
    from activations.typed import registry_match

    key, worst = registry_match(activations.custom("x*sigmoid(beta*x)"), beta=2.0)
    assert note.startswith(f"This is **{activations.get(key).name}** written out")
    # Printed as a textbook does (6·10⁻¹⁵), and that number is the worst difference, rounded.
    import re

    printed = re.search(r"to (\d)·10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", note)
    assert printed, note
    exponent = int(printed[2].translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    assert abs(float(printed[1]) * 10.0**exponent - worst) <= 0.5 * 10.0**exponent
    at = open_page("explorer", {"fn": "custom", "f": "sin(x)"})
    assert not [c.value for c in at.caption if "written out" in c.value]


def test_compare_says_where_a_typed_formula_is_undefined_and_keeps_the_others() -> None:
    at = open_page("compare", {"fns": ["relu", "custom"], "f": "sqrt(x)"})
    infos = " ".join(i.value for i in at.info)
    assert "Custom: f is undefined or too large for a float64 at −6 ≤ x ≤" in infos
    assert any("ReLU" in m.value and "Output range" in m.value for m in at.markdown)
    assert any(
        "this formula is undefined at some x (for example x = −" in c.value for c in at.caption
    )


@pytest.mark.parametrize("text", FORMULA_CRASHES)
def test_formulas_that_crashed_a_page_are_drawn(text: str) -> None:
    """Each draws on the explorer and on compare (open_page fails on any exception)."""
    typed = activations.custom(text)
    at = open_page("explorer", {"fn": "custom", "f": text})
    assert at.query_params["f"] == text  # used, not refused
    x, y = trace(charts(at)[0], "f(x)")
    drawn = np.isfinite(y)  # a gap (no value) where f is undefined or overflows
    np.testing.assert_array_equal(y[drawn], typed.value(x)[drawn])
    assert not np.isfinite(typed.value(x)[~drawn]).any()
    at = open_page("compare", {"fns": ["relu", "custom"], "f": text})
    assert at.query_params["f"] == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("((((3*x)^100)^100)^100)^100", "makes a number too large to work with"),
        ("3^(999999999+x-x)", "makes a number too large to work with"),
        ("1e-999999*x", "is too small"),
    ],
)
def test_a_formula_that_froze_the_server_is_refused_with_a_note(text: str, reason: str) -> None:
    at = open_page("explorer", {"fn": "custom", "f": text})
    assert reason in warnings_text(at)
    assert at.query_params["f"] == DEFAULT  # the default formula is drawn instead


def test_the_explorer_and_compare_say_where_a_written_out_form_loses_digits() -> None:
    """sinh(x)/cosh(x) is tanh, but its f′ loses the tails in float64: both pages say so;
    tanh(x) itself gets no such note."""
    lost = "float64 keeps fewer than six correct digits of f′ for x ≤ −12 and x ≥ 12"
    at = open_page("explorer", {"fn": "custom", "f": "sinh(x)/cosh(x)"})
    assert lost in " ".join(i.value for i in at.info)
    at = open_page("compare", {"fns": ["tanh", "custom"], "f": "sinh(x)/cosh(x)"})
    assert "Custom: Written this way, " + lost in " ".join(i.value for i in at.info)
    at = open_page("explorer", {"fn": "custom", "f": "tanh(x)"})
    assert "float64" not in " ".join(i.value for i in at.info)


def test_a_formula_with_no_property_card_says_where_it_fails_even_off_the_chart() -> None:
    """sinh(x)/cosh(x) is ∞/∞ in float64 far out (|x| > 710), outside the drawn [−6, 6]: the
    card's note gives such a place instead of pointing at a note under the chart that says
    nothing about it."""
    at = open_page("explorer", {"fn": "custom", "f": "sinh(x)/cosh(x)"})
    captions = " ".join(c.value for c in at.caption)
    place = float(re.search(r"for example x = (−?[0-9.e+]+)", captions)[1].replace("−", "-"))
    spec = activations.custom("sinh(x)/cosh(x)")
    assert abs(place) > 6 and np.isnan(spec.value(place))
    assert "see the note under the chart" not in captions
