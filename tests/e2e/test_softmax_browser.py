"""The softmax page in a real browser."""

from __future__ import annotations

import numpy as np

from activations.softmax import softmax
from devtools.harness import plot_data
from tests.e2e.checks import assert_no_exception, goto, screenshots


def test_link_reproduces_the_view(page) -> None:
    goto(page, "/softmax?logits=3&logits=-1&logits=0.5&temp=2")
    assert_no_exception(page)
    bars = {t["name"]: t for t in plot_data(page, 0)}
    assert bars["logits"]["y"] == [3.0, -1.0, 0.5]
    np.testing.assert_array_equal(bars["probabilities"]["y"], softmax([3.0, -1.0, 0.5], 2.0))
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Temperature")
    assert slider.locator('[data-testid="stSliderThumbValue"]').inner_text() == "2.0"


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/softmax", screenshot_dir, "softmax")
    screenshots(
        page,
        "/softmax?logits=1000&logits=1001&logits=1002&present=1",
        screenshot_dir,
        "softmax-overflow-present",
    )
