"""Presentation mode enlarges every text in proportion to the screen: the same text, measured in
chromium, is about 1.5 times as large at 1920×1080 as at 1280×720 (the ratio of the screens),
page text and chart text alike: headings, tables, slider ticks, chips, captions, tick labels,
legends, bar labels and heat-map cells."""

from __future__ import annotations

import pytest

from devtools.harness import PROJECTOR, SMALL_PROJECTOR
from tests.e2e.checks import assert_no_exception, goto

# The font size (px) of the first visible element matching each selector; SVG text carries its
# size in its style, which Plotly sets.
SIZES = """(selectors) => {
  const out = {};
  for (const [name, selector] of Object.entries(selectors)) {
    const element = [...document.querySelectorAll(selector)].find((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    out[name] = element ? parseFloat(getComputedStyle(element).fontSize) : null;
  }
  return out;
}"""

TEXTS = {
    "/softmax?logits=1&logits=2&logits=3&logits=4&logits=5&logits=6&logits=7&logits=8&logits=9"
    "&logits=10&present=1": {
        "heading": "h1",
        "table": '[data-testid="stTable"] td',
        "slider ticks": '[data-testid="stSliderTickBar"]',
        "bar chart tick": ".js-plotly-plot .xtick text",
        "heat map tick": ".js-plotly-plot:nth-of-type(1) .ytick text",
        "colour bar": ".js-plotly-plot .colorbar text",
    },
    "/softmax?present=1": {"bar label": ".js-plotly-plot .bartext", "caption": ".stCaption p"},
    "/compare?present=1": {
        "chips": '[data-testid="stMultiSelectTagsContainer"] span',
        "legend": ".js-plotly-plot .legendtext",
        "axis title": ".js-plotly-plot .g-ytitle text",
    },
    "/explorer?fn=elu&present=1": {
        "chart title": ".js-plotly-plot .gtitle",
        "band label": ".js-plotly-plot .annotation-text",
    },
}


@pytest.mark.parametrize("path", list(TEXTS))
def test_presentation_text_grows_with_the_screen(page, path: str) -> None:
    measured = {}
    for name, size in (("small", SMALL_PROJECTOR), ("large", PROJECTOR)):
        page.set_viewport_size(size)
        goto(page, path)
        assert_no_exception(page)
        measured[name] = page.evaluate(SIZES, TEXTS[path])
    screens = PROJECTOR["height"] / SMALL_PROJECTOR["height"]  # 1.5, as the widths
    for text in TEXTS[path]:
        small, large = measured["small"][text], measured["large"][text]
        assert small and large, f"{text} not found: {measured}"
        assert 0.85 * screens <= large / small <= 1.15 * screens, (text, small, large)
