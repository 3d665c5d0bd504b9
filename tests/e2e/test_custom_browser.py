"""A typed formula in a real browser, on every page that takes it: type, see, share."""

from __future__ import annotations

from urllib.parse import quote

import numpy as np

import activations
from devtools.harness import plot_data, wait_until_idle
from tests.e2e.checks import assert_no_exception, goto, query, screenshots
from tests.tolerance import SAME_NUMBERS


def named_trace(page, name: str, index: int = 0) -> tuple[np.ndarray, np.ndarray]:
    trace = next(t for t in plot_data(page, index) if t["name"] == name)
    pairs = [(x, y) for x, y in zip(trace["x"], trace["y"], strict=True) if x is not None]
    xs, ys = zip(*pairs, strict=True)
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def type_formula(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your formula f(x)")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        "(t) => new URLSearchParams(location.search).get('f') === t", arg=text, timeout=30_000
    )
    wait_until_idle(page)


def test_explorer_types_a_formula_and_the_link_keeps_it(page) -> None:
    goto(page, "/explorer?fn=custom")
    assert_no_exception(page)
    type_formula(page, "x * sigmoid(beta * x)")
    x, dy = named_trace(page, "f′(x)")
    np.testing.assert_allclose(dy, activations.get("swish").derivative(x), **SAME_NUMBERS)
    assert (
        page.get_by_text("β (beta)").count()
        or page.locator('[data-testid="stSlider"]').filter(has_text="beta").count()
    )
    # A preset fills the box, and the chart and the link follow.
    page.get_by_role("radio", name="Cube").click()
    page.wait_for_function("() => location.search.includes('f=x%5E3')", timeout=30_000)
    wait_until_idle(page)
    x, y = named_trace(page, "f(x)")
    np.testing.assert_allclose(y, x**3, **SAME_NUMBERS)
    # The link reproduces the function in a new visit.
    link = page.url
    page.goto(link)
    wait_until_idle(page)
    assert page.get_by_role("textbox", name="Your formula f(x)").input_value() == "x^3"
    assert_no_exception(page)


def test_a_hostile_formula_link_gives_a_note_and_the_default(page) -> None:
    goto(page, "/explorer?fn=custom&f=" + quote("<img src=x onerror=alert(1)>"))
    assert page.locator("img[src='x']").count() == 0
    note = page.locator('[data-testid="stAlertContentWarning"]').inner_text()
    assert "f was not used" in note.replace("`", "")
    assert query(page)["f"] == ["x * tanh(log(1 + exp(x)))"]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_compare_gradients_and_training_take_the_typed_function(page) -> None:
    f = quote("tanh(x)")
    goto(page, f"/compare?fns=tanh&fns=custom&f={f}")
    assert_no_exception(page)
    x, y = named_trace(page, "Custom")
    np.testing.assert_allclose(y, np.tanh(x), **SAME_NUMBERS)

    goto(page, f"/gradients?fns=tanh&fns=custom&f={f}&depth=12")
    assert_no_exception(page)
    _, typed = named_trace(page, "Custom: simulated", index=1)
    _, entry = named_trace(page, "Tanh: simulated", index=1)
    np.testing.assert_allclose(typed, entry, **SAME_NUMBERS)

    goto(page, f"/training?fns=tanh&fns=custom&f={f}&steps=100")
    assert_no_exception(page)
    heatmaps = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".filter(t => t.type === 'heatmap').map(t => t.name)"
    )
    assert heatmaps == ["Tanh: P(class 1)", "Custom: P(class 1)"]
    type_formula(page, "sin(x)")
    assert_no_exception(page)
    assert query(page)["fns"] == ["tanh", "custom"]


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/explorer?fn=custom", screenshot_dir, "explorer-custom")
    screenshots(page, "/explorer?fn=custom&present=1", screenshot_dir, "explorer-custom-present")
    screenshots(page, "/compare?fns=relu&fns=custom&f=abs(x)", screenshot_dir, "compare-custom")
