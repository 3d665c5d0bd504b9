"""Presentation mode on a projector: no text on any page is too small to read from the back."""

from __future__ import annotations

import pytest

from devtools.harness import PROJECTOR, SIZES
from tests.e2e.checks import goto

# Body text in presentation mode is 1.35rem (21.6 px); small print may be smaller, but not below
# this. Icons (Material glyphs) and the charts' own SVG text (sized by the figure) are not text
# in this sense.
SMALLEST_PX = 18.0

SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('.stApp'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/[\\s\\u200b]/g, '');
    const element = node.parentElement;
    if (!text || element.closest('svg, style, script, .js-plotly-plot')) continue;
    if (element.closest('[data-testid="stIconMaterial"]')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < MIN) small.push(`${size}px: ${text.slice(0, 40)}`);
  }
  return small;
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/?present=1",
        "/explorer?fn=elu&present=1",
        "/compare?present=1",
        "/gradients?fns=sigmoid&fns=relu&present=1",
        "/softmax?present=1",
        "/training?present=1",
    ],
)
def test_no_text_below_18px_on_a_projector(page, path: str) -> None:
    page.set_viewport_size(PROJECTOR)
    goto(page, path)
    assert page.evaluate(SMALL_TEXT.replace("MIN", str(SMALLEST_PX))) == []


def test_large_multiselect_chips_wrap_instead_of_being_clipped(page) -> None:
    """Four chips at presentation size do not fit one row of a laptop's narrow picker."""
    goto(page, "/gradients?fns=tanh&fns=relu&fns=sigmoid&fns=gelu&present=1")
    outside = page.evaluate(
        """() => {
          const box = document.querySelector('[data-testid="stMultiSelect"] [role="group"]')
            .getBoundingClientRect();
          return [...document.querySelectorAll('[data-testid="stMultiSelectTagsContainer"] > *')]
            .map(chip => chip.getBoundingClientRect())
            .filter(r => r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5).length;
        }"""
    )
    assert outside == 0


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "path",
    [
        "/?present=1",
        "/explorer?fn=gelu&present=1",
        "/explorer?fn=leaky_relu&alpha=0&present=1",
        "/explorer?fn=custom&present=1",
        "/explorer?fn=custom&f=x*sigmoid(beta*x)&present=1",
        "/compare?present=1",
        "/compare?fns=relu&fns=custom&present=1",
        "/gradients?fns=tanh&fns=custom&present=1",
        "/training?fns=tanh&fns=custom&present=1",
        "/gradients?present=1",
        "/softmax?present=1",
        "/training?present=1",
    ],
)
def test_the_first_chart_is_whole_on_the_first_screen(page, path: str, size: str) -> None:
    """On a projector nobody scrolls: in presentation mode the page's first chart ends above the
    bottom of the window, at 1920×1080, at 1280×720 and on a laptop, and is not squeezed flat."""
    page.set_viewport_size(SIZES[size])
    goto(page, path)
    top, bottom = page.evaluate(
        "() => { const r = document.querySelector('[data-testid=\"stPlotlyChart\"]')"
        ".getBoundingClientRect(); return [r.top, r.bottom]; }"
    )
    assert bottom <= SIZES[size]["height"], (top, bottom)
    assert bottom - top >= 280
    # Nothing above the chart hides under Streamlit's header bar.
    hidden = page.evaluate(
        """() => {
          const header = document.querySelector('[data-testid="stHeader"]').getBoundingClientRect();
          // The text itself (a range over it), not its box's padding.
          return [...document.querySelectorAll('[data-testid="stWidgetLabel"] p, h1')]
            .map(e => { const range = document.createRange(); range.selectNodeContents(e);
                        return range.getBoundingClientRect(); })
            .filter(r => r.height > 0 && r.top < header.bottom - 8).length;  // a line box's slack
        }"""
    )
    assert hidden == 0
