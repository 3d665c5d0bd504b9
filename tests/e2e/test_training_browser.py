"""The training lab in a real browser: playback runs in the page, links and controls keep the URL."""

from __future__ import annotations

from devtools.harness import wait_until_idle
from tests.e2e.checks import assert_no_exception, goto, query, screenshots

Z_SUM = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot.data.filter(t => t.type === 'heatmap')
    .map(t => t.z.flat().reduce((a, b) => a + b, 0));
}"""
# The loss strip's marker, the slider's step, and the panels' titles as painted.
PLAYBACK = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const slider = plot._fullLayout.sliders[0];
  return {
    marker: plot._fullLayout.shapes[0].x0,
    step: Number(slider.steps[slider.active].value),
    titles: [...plot.querySelectorAll('.g-xtitle text, .g-x2title text')].map(t => t.textContent),
    // What the frame at the slider's step says the titles are.
    frameTitles: ['xaxis', 'xaxis2'].map(a =>
      plot._transitionData._frameHash[slider.steps[slider.active].value].layout[a].title.text),
  };
}"""


ACTIVE = "document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active"


def test_play_animates_the_boundaries_without_the_server(page) -> None:
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append("frame")))
    goto(page, "/training?fns=tanh&fns=relu&steps=200")
    assert_no_exception(page)
    first, start = page.evaluate(Z_SUM), page.evaluate(PLAYBACK)
    assert start["marker"] == start["step"] == 200  # it opens at the last step, as the headline
    before = len(sent)
    page.get_by_text("▶ Play").click()  # from step 0
    page.wait_for_function(f"() => {ACTIVE} > 5 && {ACTIVE} < 20", timeout=30_000)
    page.get_by_text("❚❚").click()
    wait_until_idle(page)
    assert page.evaluate(Z_SUM) != first  # the boundaries moved
    paused = page.evaluate(PLAYBACK)
    assert 0 < paused["marker"] == paused["step"] < 200  # the strip's marker moved with them
    # The painted titles are the paused frame's (each panel's test accuracy at that step).
    assert len(paused["titles"]) == 2 and paused["titles"] == paused["frameTitles"]
    assert start["titles"] == start["frameTitles"]
    assert len(sent) == before, "the browser sent messages to the server while playing"


def test_pausing_mid_play_raises_no_javascript_error(page) -> None:
    """Pause interrupts the animation playing; Plotly.js rejects its promise with no reason and
    no handler. The page fixture fails on any JavaScript error, this one included."""
    goto(page, "/training?fns=tanh&steps=200")
    for _ in range(3):
        before = page.evaluate(f"() => {ACTIVE}")
        page.get_by_text("▶ Play").click()  # from step 0, then on from where it paused
        page.wait_for_function(f"() => {ACTIVE} !== {before}", timeout=30_000)
        page.get_by_text("❚❚").click()
    # This checks that nothing happens (no unhandled rejection), so no condition can end the
    # wait early: a pause's rejection is a microtask of the interrupted animation, which ends at
    # most one frame (~17 ms) after the click; 500 ms is that with a wide margin on a busy host.
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.plotlyPauseGuard") is True
    assert_no_exception(page)


def test_a_link_sets_the_lab_and_a_control_writes_the_url(page) -> None:
    goto(page, "/training?fns=sigmoid&data=xor&depth=3&lr=0.1")
    assert_no_exception(page)
    names = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.filter(t => t.type === 'heatmap')"
        ".map(t => t.name)"
    )
    assert names == ["Sigmoid: P(class 1)"]
    depth = page.locator('[data-testid="stSlider"]').filter(has_text="Hidden layers")
    assert depth.locator('[data-testid="stSliderThumbValue"]').inner_text() == "3"
    depth.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('depth=4')", timeout=30_000)
    wait_until_idle(page)
    assert query(page)["data"] == ["xor"] and query(page)["lr"] == ["0.1"]
    assert_no_exception(page)


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/training", screenshot_dir, "training")
    screenshots(page, "/training?present=1", screenshot_dir, "training-present")
