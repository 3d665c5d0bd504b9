"""Presentation mode enlarges every text in proportion to the screen: the same text, measured in
chromium, is about 1.5 times as large at 1920×1080 as at 1280×720 (the ratio of the screens),
page text and chart text alike: headings, tables, slider ticks, chips, captions, tick labels,
legends, bar labels and heat-map cells."""

from __future__ import annotations

import pytest

from devtools.harness import PROJECTOR, SMALL_PROJECTOR
from tests.e2e.checks import assert_no_exception, goto
from tests.e2e.test_presentation_browser import SIDEBAR_OPEN

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
    "/softmax?present=1": {
        "bar label": ".js-plotly-plot .bartext",
        "caption": '[data-testid="stCaptionContainer"]',
    },
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


# The explorer's longest formulas, and a typed formula's derivative, which SymPy writes out.
LONG_FORMULAS = [
    "/explorer?fn=gelu_tanh",
    "/explorer?fn=mish",
    "/explorer?fn=custom&f=x*sigmoid(beta*x)*tanh(softplus(x))",
]
# Known gap: on a projector with the sidebar open, the title row's formula column is too narrow
# for these two even at half size (the least the fit allows): they still scroll. The fix is a
# layout one (long formulas on a row of their own), not yet made.
TOO_LONG_BESIDE_THE_TITLE = {LONG_FORMULAS[0], LONG_FORMULAS[2]}


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("path", LONG_FORMULAS)
def test_the_formulas_fit_their_column_with_the_sidebar_open(
    page, path: str, present: bool
) -> None:
    """At 1280 wide with the sidebar open, f and f′ stand whole inside their column: no part of
    them outside it (cut off), and no scroll bar (a formula wider than its column is set
    smaller)."""
    if present and path in TOO_LONG_BESIDE_THE_TITLE:
        pytest.xfail("too long for the title row's column at half size (a known gap)")
    page.set_viewport_size({"width": 1280, "height": 800})
    goto(page, path + ("&present=1" if present else ""))
    if page.get_by_test_id("stExpandSidebarButton").is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(SIDEBAR_OPEN)
    page.wait_for_timeout(300)  # the formula's fit, measured after the slide's last frame
    outside = page.evaluate(
        """() => [...document.querySelectorAll('.katex-display')].map((display) => {
             const box = display.getBoundingClientRect();
             const parts = [...display.querySelectorAll('.katex-html > *')]
               .map((part) => part.getBoundingClientRect()).filter((r) => r.width > 0);
             const scrolls = getComputedStyle(display).overflowX !== "clip"
               && display.scrollWidth > display.clientWidth + 1;  // a scroll bar shows
             return {scrolls,
                     left: Math.min(...parts.map((r) => r.left)) < box.left - 1,
                     right: Math.max(...parts.map((r) => r.right)) > box.right + 1};
           }).filter((d) => d.scrolls || d.left || d.right)"""
    )
    assert outside == []
