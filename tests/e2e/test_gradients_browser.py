"""The gradient-flow page in a real browser."""

from __future__ import annotations

from devtools.harness import plot_data
from tests.e2e.checks import assert_no_exception, goto, screenshots


def test_link_draws_both_functions(page) -> None:
    goto(page, "/gradients?depth=40&fns=tanh&fns=relu")
    assert_no_exception(page)
    traces = {t["name"]: t for t in plot_data(page, 1)}
    assert list(traces) == [
        "Tanh: simulated",
        "Tanh: mean-field theory",
        "ReLU: simulated",
        "ReLU: mean-field theory",
    ]
    assert len(traces["Tanh: simulated"]["y"]) == len(traces["ReLU: simulated"]["y"]) == 40
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Depth")
    assert slider.locator('[data-testid="stSliderThumbValue"]').inner_text() == "40"


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/gradients", screenshot_dir, "gradients")
    screenshots(
        page,
        "/gradients?fns=tanh&init=custom&sw2=1.5&present=1",
        screenshot_dir,
        "gradients-present",
    )
