"""Presentation mode on a projector: no text on any page is too small to read from the back."""

from __future__ import annotations

import pytest

from devtools.harness import PROJECTOR, SIZES, SMALL_PROJECTOR, wait_until_idle
from tests.e2e.checks import goto, query
from ui.theme import FILL_FLOOR

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


# --- The first screen in the hard states (#23, item 3) -------------------------------------------

EIGHT = "&".join(
    f"fns={key}" for key in ("relu", "tanh", "sigmoid", "gelu", "elu", "selu", "swish", "mish")
)
# Each state is what the issue names; ``sidebar`` opens the sidebar after the page has loaded, so
# the chart must fit again without a rerun.
HARD_STATES = {
    "explorer-hostile-note": ("/explorer?fn=elu&alpha=abc&present=1", False),
    "explorer-elu-sliders": ("/explorer?fn=elu&present=1", False),
    "explorer-typed-formula": ("/explorer?fn=custom&f=x*sigmoid(beta*x)&present=1", False),
    "explorer-sidebar": ("/explorer?fn=elu&present=1", True),
    "compare-eight-chips-on-two-rows": (f"/compare?{EIGHT}&present=1", False),
    "compare-eight-sidebar": (f"/compare?{EIGHT}&present=1", True),
    "compare-hostile-note": ("/compare?fns=relu&fns=elu&fns=nothing&present=1", False),
    "compare-typed-formula": ("/compare?fns=relu&fns=custom&present=1", False),
    "gradients-four-chips": (
        "/gradients?fns=tanh&fns=relu&fns=sigmoid&fns=gelu&present=1",
        False,
    ),
    "training-typed-formula-sidebar": ("/training?fns=tanh&fns=custom&present=1", True),
}

# The first chart, once the browser has fitted it: its frame's measured top is its top now, and
# Plotly has drawn it at its container's size. Null until then.
FITTED_CHART = """() => {
  const chart = document.querySelector('[data-testid="stPlotlyChart"]');
  const frame = chart && chart.closest('[data-testid="stLayoutWrapper"]');
  const plot = chart && chart.querySelector('.js-plotly-plot');
  if (!frame || !plot || !plot._fullLayout) return null;
  const main = document.querySelector('[data-testid="stMain"]');
  const box = frame.getBoundingClientRect();
  const top = Math.round(box.top + main.scrollTop + window.scrollY) + 'px';
  const drawn = chart.getBoundingClientRect();
  const layout = plot._fullLayout;
  if (frame.style.getPropertyValue('--ae-top') !== top) return null;
  if (Math.abs(layout.height - drawn.height) > 1 || Math.abs(layout.width - drawn.width) > 1)
    return null;
  const x = layout.xaxis, y = layout.yaxis;
  const perX = x._length / Math.abs(x.range[1] - x.range[0]);
  const perY = y._length / Math.abs(y.range[1] - y.range[0]);
  return {top: drawn.top, bottom: drawn.bottom, height: drawn.height,
          slopeOne: Math.atan(perY / perX) * 180 / Math.PI};
}"""

# Open, and done sliding: the main area starts where the sidebar ends.
SIDEBAR_OPEN = """() => {
  const bar = document.querySelector('[data-testid="stSidebar"]');
  if (!bar || bar.getAnimations({subtree: true}).length) return false;
  const right = bar.getBoundingClientRect().right;
  return right > 200
    && document.querySelector('[data-testid="stMain"]').getBoundingClientRect().left >= right - 1;
}"""


def open_sidebar(page) -> None:
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(SIDEBAR_OPEN)


def fitted_chart(page) -> dict:
    """The first chart's box once it is fitted (the browser may re-measure after a change)."""
    return page.wait_for_function(FITTED_CHART, polling=100).json_value()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("state", list(HARD_STATES))
def test_the_first_chart_fits_the_first_screen_in_the_hard_states(page, state, size) -> None:
    """Whatever is above it (a note, a row of sliders, chips on two rows, a formula box, the open
    sidebar), the first chart ends on the first screen and keeps at least the floor's height;
    on the explorer a slope of 1 is drawn at 45°."""
    path, sidebar = HARD_STATES[state]
    page.set_viewport_size(SIZES[size])
    goto(page, path)
    if sidebar:
        open_sidebar(page)
    box = fitted_chart(page)
    assert box["bottom"] <= SIZES[size]["height"], box
    assert box["height"] >= FILL_FLOOR - 1, box
    if path.startswith("/explorer"):
        assert abs(box["slopeOne"] - 45) <= 2, box
    # The state is the one named, not a default that happens to fit.
    if "note" in state:
        assert page.get_by_test_id("stAlertContentWarning").first.is_visible()
    if "sliders" in state:
        assert page.get_by_test_id("stSlider").filter(has_text="alpha").is_visible()
    if "typed" in state:
        assert page.get_by_role("textbox").first.is_visible()


@pytest.mark.parametrize("size", ["laptop", "projector720"])
def test_two_rows_of_chips_are_two_rows(page, size: str) -> None:
    """The chips state above is a real second row at 1280 wide."""
    page.set_viewport_size(SIZES[size])
    goto(page, HARD_STATES["compare-eight-chips-on-two-rows"][0])
    rows = page.evaluate(
        """() => new Set([...document.querySelectorAll(
            '[data-testid="stMultiSelectTagsContainer"] > span > *')]
            .map(chip => Math.round(chip.getBoundingClientRect().top))).size"""
    )
    assert rows == 2


def test_a_note_appearing_later_refits_the_chart(page) -> None:
    """A change above the chart after the page has loaded (here: text inserted above it, as a
    note or a wrapped row would be) is measured again, without a rerun."""
    page.set_viewport_size(SMALL_PROJECTOR)
    goto(page, "/explorer?fn=elu&present=1")
    before = fitted_chart(page)
    page.evaluate(
        """() => { const note = document.createElement('div'); note.id = 'ae-test-note';
                   note.style.height = '90px';
                   document.querySelector('.st-key-ae-head-explorer').after(note); }"""
    )
    page.wait_for_function(
        "(top) => { const r = document.querySelector('[data-testid=\"stPlotlyChart\"]')"
        ".getBoundingClientRect(); return r.top > top + 80; }",
        arg=before["top"],
    )
    after = fitted_chart(page)
    assert after["bottom"] <= SMALL_PROJECTOR["height"]
    assert after["height"] < before["height"] - 80


def test_the_formulas_fit_at_1280_and_the_title_stays_whole_with_the_sidebar_open(page) -> None:
    """At 1280 wide neither of the explorer's formulas is cut off (f′ was), and with the sidebar
    open its title is one line ("Explorer", not "Explor / er")."""
    page.set_viewport_size(SMALL_PROJECTOR)
    goto(page, "/explorer?fn=elu&present=1")
    page.wait_for_function(
        """() => { const all = [...document.querySelectorAll('.katex-display')];
                   return all.length && all.every(d => d.style.getPropertyValue('--ae-fit')
                     && d.scrollWidth <= d.clientWidth + 1); }"""
    )
    open_sidebar(page)
    lines = page.evaluate(
        """() => { const walker = document.createTreeWalker(document.querySelector('h1'),
                     NodeFilter.SHOW_TEXT);
                   const tops = new Set();
                   while (walker.nextNode()) {  // the title's text, not its link icon
                     const range = document.createRange();
                     range.selectNodeContents(walker.currentNode);
                     for (const r of range.getClientRects()) tops.add(Math.round(r.top));
                   }
                   return [...tops]; }"""
    )
    assert len(lines) == 1, lines


def test_the_way_out_of_presentation_mode_is_on_the_first_screen(page) -> None:
    """With the sidebar folded, as a presentation link opens, an Exit button is visible; it turns
    presentation mode off and keeps the rest of the view in the link."""
    page.set_viewport_size(SMALL_PROJECTOR)
    goto(page, "/explorer?fn=elu&alpha=0.5&present=1")
    leave = page.get_by_role("button", name="Exit presentation")
    assert leave.is_visible()
    box = leave.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PROJECTOR["height"]
    leave.click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('present')")
    wait_until_idle(page)
    assert page.get_by_role("button", name="Exit presentation").count() == 0
    assert query(page) == {"fn": ["elu"], "alpha": ["0.5"]}
