"""Playback a lecturer narrates, in chromium: step buttons and ←/→ move by one frame, Space plays
and pauses, Loop goes round, and keys typed into a box stay there. Nothing reaches the server."""

from __future__ import annotations

import re

import numpy as np

from tests.e2e.checks import assert_no_exception, goto

LAB = "/training?fns=tanh&steps=200"  # 25 frames: steps 0, 8, 17, …, 192, 200
SWEEP = "/explorer?fn=leaky_relu&alpha=0.3&x0=-2"
CHART = "document.querySelector('.js-plotly-plot')"

# The lab as painted: the slider's step and its label, the chart's title, and whether the
# heat map on show is the data of the frame that the slider's step names.
LAB_STATE = f"""() => {{
  const gd = {CHART};
  const slider = gd._fullLayout.sliders[0];
  const label = slider.steps[slider.active].value;
  const frame = gd._transitionData._frameHash[label];
  const heat = gd.data.find(t => t.type === 'heatmap');
  return {{
    active: slider.active,
    label: label,
    title: gd.querySelector('.gtitle').textContent,
    sameData: JSON.stringify(heat.z) === JSON.stringify(frame.data[0].z),
  }};
}}"""
# The sweep as painted: its title, and f and the tangent as drawn.
SWEEP_STATE = f"""() => {{
  const gd = {CHART};
  const f = gd.data.find(t => t.name === 'f(x)');
  const tangent = gd.data.find(t => t.name.startsWith('tangent'));
  return {{title: gd.querySelector('.gtitle').textContent, x: f.x, y: f.y,
           tangent: tangent.name, tangentY: tangent.y[1]}};
}}"""
# The Loop switch as painted: its label.
LOOP = """() => [...document.querySelectorAll('.updatemenu-button')]
    .find(b => b.textContent.includes('Loop')).textContent"""
# Every frame Plotly draws, by name, from now on.
RECORD = f"""() => {{
  window.drawnFrames = [];
  {CHART}.on('plotly_animatingframe', (event) =>  // a frame object's name is on the frame
    window.drawnFrames.push(event.name ?? event.frame.name));
}}"""


def lab_at(page, active: int) -> dict:
    """Wait for the lab's slider to stand at ``active``; the state there."""
    page.wait_for_function(f"() => {CHART}._fullLayout.sliders[0].active === {active}")
    state = page.evaluate(LAB_STATE)
    # The big title names the slider's step, and the heat map is that step's frame.
    assert state["title"] == f"step {state['label']} of 200", state
    assert state["sameData"], state
    return state


def sweep_at(page, alpha: str) -> dict:
    page.wait_for_function(f"() => {CHART}.querySelector('.gtitle').textContent === 'α = {alpha}'")
    return page.evaluate(SWEEP_STATE)


def test_the_labs_step_buttons_and_arrows_move_one_frame(page) -> None:
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append("frame")))
    goto(page, LAB)
    before = len(sent)
    assert lab_at(page, 24)["label"] == "200"  # it opens at the last step
    page.get_by_text("◀|", exact=True).click()
    assert lab_at(page, 23)["label"] == "192"
    page.get_by_text("◀|", exact=True).click()
    lab_at(page, 22)
    page.get_by_text("|▶", exact=True).click()
    lab_at(page, 23)
    page.keyboard.press("ArrowLeft")
    lab_at(page, 22)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    lab_at(page, 20)
    page.keyboard.press("ArrowRight")
    lab_at(page, 21)
    # Stepped by hand to the last frame, the next step stays there (Loop is off).
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    lab_at(page, 24)
    assert len(sent) == before, "stepping sent messages to the server"
    assert_no_exception(page)


def test_space_plays_on_from_the_step_on_show_and_pauses(page) -> None:
    """A teacher pauses, steps three times and plays on: Play goes on from that step, not from
    step 0, and Space pauses where it is."""
    goto(page, LAB)
    page.evaluate(RECORD)
    for _ in range(3):
        page.get_by_text("◀|", exact=True).click()
    lab_at(page, 21)
    page.evaluate("() => { window.drawnFrames = []; }")
    page.keyboard.press(" ")
    page.wait_for_function("() => window.drawnFrames.length >= 2")
    page.keyboard.press(" ")
    drawn = page.evaluate("() => window.drawnFrames")
    names = page.evaluate(f"() => {CHART}._transitionData._frames.map(f => f.name)")
    assert drawn[:2] == names[22:24]  # on from the frame on show, the 22nd
    # Paused: the chart stands at the frame drawn last, and no more are drawn. This checks that
    # nothing happens, so no condition can end the wait: 1 s is eight frames at Play's pace.
    page.wait_for_timeout(1000)
    drawn = page.evaluate("() => window.drawnFrames")
    state = page.evaluate(LAB_STATE)
    assert state["label"] == drawn[-1] and state["sameData"]
    assert page.evaluate("() => window.drawnFrames.length") == len(drawn)
    # At rest (where it opened), Space plays from step 0.
    goto(page, LAB)
    page.evaluate(RECORD)
    page.keyboard.press(" ")
    page.wait_for_function("() => window.drawnFrames.length >= 1")
    page.keyboard.press(" ")
    assert page.evaluate("() => window.drawnFrames")[0] == "0"
    assert_no_exception(page)


def test_loop_goes_past_the_last_frame_back_to_the_first(page) -> None:
    goto(page, LAB)
    assert page.evaluate(LOOP) == "⟲ Loop: off"
    page.keyboard.press("l")
    page.wait_for_function(f"() => ({LOOP})() === '⟲ Loop: on'")
    page.evaluate(RECORD)
    page.get_by_text("▶ Play").click()
    page.wait_for_function(
        """() => { const d = window.drawnFrames, end = d.indexOf('200');
                   return end >= 0 && d.indexOf('0', end) > end && d.length > end + 2; }""",
        timeout=30_000,
    )
    page.keyboard.press(" ")  # pause
    drawn = page.evaluate("() => window.drawnFrames")
    end = drawn.index("200")
    assert drawn[end + 1 : end + 3] == ["0", "8"]  # round again from the first frame
    page.get_by_text("Loop").click()  # off, by the button
    page.wait_for_function(f"() => ({LOOP})() === '⟲ Loop: off'")
    assert_no_exception(page)


def test_keys_typed_into_a_box_stay_there(page) -> None:
    goto(page, LAB)
    lab_at(page, 24)
    seed = page.get_by_label("Random seed")
    seed.click()
    for key in ("ArrowLeft", "ArrowLeft", "l", " ", "ArrowRight"):
        seed.press(key)
    page.get_by_role("heading", name=re.compile("Training lab")).click()  # leave the box
    page.keyboard.press("ArrowLeft")
    # One step from the last frame: the keys in the box neither stepped, played nor looped.
    lab_at(page, 23)
    assert page.evaluate(LOOP) == "⟲ Loop: off"
    assert_no_exception(page)


def test_the_sweep_steps_through_alpha_by_buttons_and_arrows(page) -> None:
    goto(page, SWEEP)
    start = sweep_at(page, "0.3")
    page.get_by_text("|▶", exact=True).click()
    at = sweep_at(page, "0.4")
    # Leaky ReLU at α = 0.4, drawn: f, and the tangent at x₀ = −2 (slope α, through −2α).
    x, y = np.array(at["x"], dtype=float), np.array(at["y"], dtype=float)
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.4 * x), atol=1e-4)
    assert (at["tangent"], at["tangentY"]) == ("tangent at x₀, slope 0.4", -0.8)
    page.keyboard.press("ArrowLeft")
    sweep_at(page, "0.3")
    page.get_by_text("◀|", exact=True).click()
    sweep_at(page, "0.2")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    at = sweep_at(page, "0")
    assert at["tangentY"] == 0 and at["tangent"] == "tangent at x₀, slope 0"
    # Stop goes back to the slider's value, as the link says.
    page.get_by_text("Stop").click()
    assert sweep_at(page, "0.3")["tangent"] == start["tangent"]
    assert_no_exception(page)


def test_the_sweep_plays_on_loops_and_pauses_by_keys(page) -> None:
    goto(page, SWEEP)
    page.evaluate(RECORD)
    page.keyboard.press("ArrowRight")  # α = 0.4, then play on from there
    sweep_at(page, "0.4")
    page.evaluate("() => { window.drawnFrames = []; }")
    page.keyboard.press("l")
    page.keyboard.press(" ")
    page.wait_for_function(
        """() => { const d = window.drawnFrames, end = d.indexOf('1');
                   return end >= 0 && d.length > end + 2; }""",
        timeout=30_000,
    )
    page.keyboard.press(" ")
    drawn = page.evaluate("() => window.drawnFrames")
    assert drawn[0] == "0.5"
    end = drawn.index("1")
    assert drawn[end + 1 : end + 3] == ["0", "0.1"]  # round again, not back to the slider's α
    assert_no_exception(page)
