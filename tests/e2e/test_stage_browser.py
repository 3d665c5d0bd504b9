"""The stage view (``stage=1``): a page's main chart alone fills the window, with one way out;
and the chrome's keys P, S and Esc, which do what its controls do."""

from __future__ import annotations

import pytest

from devtools.harness import PROJECTOR, SIZES, SMALL_PROJECTOR, wait_until_idle
from tests.e2e.checks import assert_no_exception, goto, query

PAGES = {
    "overview": "/?stage=1",
    "explorer": "/explorer?fn=elu&stage=1",
    "compare": "/compare?stage=1",
    "gradients": "/gradients?fns=tanh&fns=relu&stage=1",
    "softmax": "/softmax?stage=1",
    "training": "/training?steps=100&stage=1",
}

# What a visitor could see besides the chart: every visible piece of text outside the charts, and
# every visible control, each with its box in the window. Visibility is the browser's own
# (checkVisibility: display, visibility, opacity, content-visibility), and a box must meet the
# window. The charts' own SVG (axes, legend, Plotly's Play buttons) is the chart.
SEEN_OUTSIDE_CHARTS = """() => {
  const inWindow = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight;
  const shown = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && inWindow(el.getBoundingClientRect());
  const words = (el) => [...el.childNodes].map((child) => child.nodeType === Node.TEXT_NODE
    ? child.textContent : child.closest?.('[data-testid="stIconMaterial"]') ? '' : words(child))
    .join('').trim();
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim()
        || element.closest('style, script, [data-testid="stPlotlyChart"], [data-testid="stIconMaterial"]'))
      continue;
    const range = document.createRange(); range.selectNodeContents(node);
    if (shown(element) && inWindow(range.getBoundingClientRect()))
      texts.push(node.textContent.trim().slice(0, 30));
  }
  const controls = [...document.querySelectorAll(
      'button, input, textarea, select, [role="slider"], [role="combobox"], [role="switch"], a[href]')]
    .filter((el) => !el.closest('[data-testid="stPlotlyChart"]') && shown(el))
    .map((el) => el.getAttribute('aria-label') || words(el).slice(0, 30) || el.tagName);
  return {texts, controls};
}"""

CHART_BOX = """() => {
  const boxes = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter((c) => c.checkVisibility({visibilityProperty: true}))
    .map((c) => c.getBoundingClientRect());
  return boxes.map((r) => ({left: r.left, top: r.top, width: r.width, height: r.height}));
}"""


def stage_on(page) -> bool:
    return page.get_by_role("button", name="Leave stage").is_visible()


def wait_for_stage(page, on: bool) -> None:
    """Wait until the link says so and the page has been redrawn for it."""
    page.wait_for_function(
        "(on) => new URLSearchParams(location.search).has('stage') === on", arg=on
    )
    wait_until_idle(page)
    page.wait_for_function(
        "(on) => Boolean(document.querySelector('.st-key-ae-leave-stage')) === on", arg=on
    )


@pytest.mark.parametrize("size", ["projector", "projector720"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_stage_is_the_chart_alone(page, name: str, size: str) -> None:
    """One chart covers most of the window (at least 90 % of its width and 80 % of its height,
    so three quarters of its area); no other text or control is visible but the way out."""
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    goto(page, PAGES[name])
    assert_no_exception(page)
    page.wait_for_function(  # the chart is redrawn at its stage size
        """() => { const c = document.querySelector('[data-ae-stage] [data-testid="stPlotlyChart"]');
                   const plot = c && c.querySelector('.js-plotly-plot');
                   return plot && plot._fullLayout
                     && Math.abs(plot._fullLayout.height - c.getBoundingClientRect().height) < 2; }"""
    )
    charts = page.evaluate(CHART_BOX)
    assert len(charts) == 1, charts
    chart = charts[0]
    assert chart["width"] >= 0.9 * viewport["width"], chart
    assert chart["height"] >= 0.8 * viewport["height"], chart
    assert chart["top"] >= 0 and chart["top"] + chart["height"] <= viewport["height"] + 1, chart
    seen = page.evaluate(SEEN_OUTSIDE_CHARTS)
    assert seen["controls"] == ["Leave stage"], seen
    assert seen["texts"] == ["Leave stage"], seen


def test_leaving_the_stage_restores_the_page(page) -> None:
    """The "Leave stage" button gives back the page as it was, the rest of the view in the link."""
    page.set_viewport_size(SMALL_PROJECTOR)
    goto(page, "/explorer?fn=elu&alpha=0.5&stage=1")
    leave = page.get_by_role("button", name="Leave stage")
    box = leave.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PROJECTOR["height"]
    leave.click()
    wait_for_stage(page, False)
    assert query(page) == {"fn": ["elu"], "alpha": ["0.5"]}
    assert page.get_by_role("heading", name="Explorer").is_visible()
    assert page.get_by_test_id("stSlider").first.is_visible()
    chart = page.evaluate(CHART_BOX)[0]
    assert chart["height"] < 0.8 * SMALL_PROJECTOR["height"]


@pytest.mark.parametrize("where", ["sidebar", "presentation bar"])
def test_the_stage_is_reached_from_the_sidebar_and_the_presentation_bar(page, where: str) -> None:
    page.set_viewport_size(PROJECTOR)
    if where == "sidebar":
        goto(page, "/compare?fns=relu&fns=tanh")
        button = page.get_by_test_id("stSidebar").get_by_role("button", name="Stage view")
    else:
        goto(page, "/compare?fns=relu&fns=tanh&present=1")
        button = page.locator(".st-key-ae-present-bar").get_by_role("button", name="Stage view")
    assert button.is_visible()
    button.click()
    wait_for_stage(page, True)
    assert query(page)["fns"] == ["relu", "tanh"]
    assert page.evaluate(SEEN_OUTSIDE_CHARTS)["controls"] == ["Leave stage"]


def test_p_toggles_presentation_mode(page) -> None:
    goto(page, "/explorer?fn=elu")
    page.locator("body").press("p")
    page.wait_for_function("() => new URLSearchParams(location.search).get('present') === '1'")
    wait_until_idle(page)
    assert page.get_by_role("button", name="Exit presentation").is_visible()
    page.locator("body").press("P")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('present')")
    wait_until_idle(page)
    assert page.get_by_role("button", name="Exit presentation").count() == 0
    assert query(page) == {"fn": ["elu"]}


def test_s_enters_and_leaves_the_stage_and_esc_leaves_it(page) -> None:
    goto(page, "/compare?fns=relu&fns=tanh")
    page.locator("body").press("s")
    wait_for_stage(page, True)
    assert stage_on(page)
    page.keyboard.press("s")
    wait_for_stage(page, False)
    assert page.get_by_role("heading", name="Compare").is_visible()
    page.locator("body").press("s")
    wait_for_stage(page, True)
    page.keyboard.press("Escape")
    wait_for_stage(page, False)
    assert query(page) == {"fns": ["relu", "tanh"]}


def test_keys_typed_into_a_box_are_text(page) -> None:
    """P and S in a text box are letters, not commands."""
    goto(page, "/explorer?fn=custom")
    box = page.get_by_role("textbox").first
    box.click()
    box.press("End")
    box.press("p")
    box.press("s")
    page.wait_for_timeout(1000)  # time for a wrongly started rerun to write the link
    assert "present" not in query(page) and "stage" not in query(page)
    assert box.input_value().endswith("ps")
