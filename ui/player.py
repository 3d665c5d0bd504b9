"""Playback a lecturer can narrate: play on from where the chart stands, step, loop, and keys.

A chart that animates (the lab's boundaries, the explorer's sweep) carries its own buttons, made
here, and :data:`PLAYER_SCRIPT`, injected once per page by ``ui.chrome.start``, makes them act in
the browser: Plotly.js animates the frames the figure already holds, so no frame costs a round
trip to the server. The buttons use Plotly's ``"skip"`` method: Plotly only emits
``plotly_buttonclicked``, and the script does the rest.

The one protocol between figure and script:
- a ``"skip"`` button named :data:`PLAY` has ``args = [frames, animation options]``, the frames as
  names of registered frames or as frame objects. If the list ends with a repeat of an earlier
  frame (the explorer's way back to its slider's value), that frame is the chart's home: a
  playback ends there, and it is not a step;
- buttons named :data:`PAUSE`, :data:`BACK` and :data:`FORWARD` pause and step;
- :data:`LOOP`'s label *is* the loop switch (``args`` holds its labels for on and off), so what
  the button says and what playback does cannot disagree.
"""

from __future__ import annotations

PLAY = "ae-play"
PAUSE = "ae-pause"
BACK = "ae-step-back"
FORWARD = "ae-step-forward"
LOOP = "ae-loop"


def play_button(label: str, frames: list, options: dict) -> dict:
    """Play ``frames`` with Plotly.animate's ``options``: from the first frame when the chart is
    at rest (where it opened, or where a playback ended), and on from the current frame after a
    pause or a step."""
    return {"label": label, "name": PLAY, "method": "skip", "args": [frames, options]}


def pause_button(label: str = "❚❚") -> dict:
    return {"label": label, "name": PAUSE, "method": "skip", "args": []}


def step_buttons() -> list[dict]:
    """One frame back and one forward, from the frame on show (the slider's step)."""
    return [
        {"label": "◀|", "name": BACK, "method": "skip", "args": []},
        {"label": "|▶", "name": FORWARD, "method": "skip", "args": []},
    ]


LOOP_OFF, LOOP_ON = "⟲ Loop: off", "⟲ Loop: <b>on</b>"


def loop_button() -> dict:
    """The Loop switch, last in the row. Its label *is* the switch (what the button says and what
    playback does cannot disagree): ``args`` holds the label for on and for off, and the script
    swaps them ("skip" hands neither to Plotly). In words, not a lit fill: a menu has one fill
    for all its buttons, Plotly's lit button is a fixed near-white the dark theme's text cannot be
    read on, and a switch in a menu of its own could not be placed beside the row without
    knowing the row's width in pixels (on a narrow chart it would cover Step)."""
    return {"label": LOOP_OFF, "name": LOOP, "method": "skip", "args": [LOOP_ON, LOOP_OFF]}


# Our own constant code, never user text. Attached by observation: Streamlit draws a chart into a
# new element after some reruns, and redraws one in place (Plotly.react) after others, so every
# chart is looked at whenever the page changes, and each is wired once (a WeakMap of states).
PLAYER_SCRIPT = """
<span id="ae-player"></span>
<script>
  if (!window.aePlayer) {
    window.aePlayer = true;
    const STILL = {frame: {duration: 0, redraw: true}, transition: {duration: 0},
                   mode: "immediate"};
    const states = new WeakMap();
    const nameOf = (ref) => (typeof ref === "string" ? ref : ref.name);
    const buttonsOf = (gd) => ((gd._fullLayout && gd._fullLayout.updatemenus) || [])
      .flatMap((menu, m) => (menu.buttons || []).map((button, b) => ({menu, m, button, b})));
    const find = (gd, name) => buttonsOf(gd).find((entry) => entry.button.name === name);
    // The frames the first Play button plays, and the chart's home frame if it has one.
    const framesOf = (gd) => {
      const play = find(gd, "ae-play");
      if (!play || !Array.isArray(play.button.args[0])) return null;
      const refs = play.button.args[0].slice();
      let home = null;
      const last = refs.length > 1 ? nameOf(refs[refs.length - 1]) : null;
      const earlier = refs.slice(0, -1).findIndex((ref) => nameOf(ref) === last);
      if (earlier >= 0) { refs.pop(); home = earlier; }
      return {refs, home, names: refs.map(nameOf), options: play.button.args[1]};
    };
    const titleOf = (gd, ref) => {
      const frame = typeof ref === "string" ? (gd._transitionData._frameHash || {})[ref] : ref;
      return frame && frame.layout && frame.layout.title && frame.layout.title.text;
    };
    const state = (gd) => {
      if (!states.has(gd)) states.set(gd, {index: null, playing: false, resting: true,
                                           token: 0, options: null});
      return states.get(gd);
    };
    // The frame on show: the one the script or Plotly last drew, else the one whose title the
    // chart shows (each frame titles itself: "step 120 of 200", "α = 0.3").
    const current = (gd, list) => {
      const st = state(gd);
      if (st.index === null) {
        const shown = gd.layout.title && gd.layout.title.text;
        const found = list.refs.findIndex((ref) => titleOf(gd, ref) === shown);
        st.index = found >= 0 ? found : (list.home !== null ? list.home : list.refs.length - 1);
      }
      return st.index;
    };
    const loopOn = (gd) => {
      const loop = find(gd, "ae-loop");
      return Boolean(loop && loop.button.label === loop.button.args[0]);
    };
    // The switch says its state: the label for on or for off, from its own args.
    const paintLoop = (gd, on) => {
      const loop = find(gd, "ae-loop");
      if (!loop) return;
      window.Plotly.relayout(gd, {
        [`updatemenus[${loop.m}].buttons[${loop.b}].label`]: loop.button.args[on ? 0 : 1]});
    };
    // Plotly rejects an interrupted animation's promise with no reason: that is a pause.
    const animate = (gd, refs, options) => window.Plotly.animate(gd, refs, options);
    const show = (gd, index) => {
      const list = framesOf(gd);
      if (!list) return;
      const st = state(gd);
      st.token += 1;
      st.playing = false;
      st.resting = false;
      st.index = index;
      animate(gd, [list.refs[index]], STILL).catch(() => {});
    };
    const step = (gd, by) => {
      const list = framesOf(gd);
      if (!list) return;
      const count = list.refs.length;
      let next = current(gd, list) + by;
      if (loopOn(gd)) next = (next + count) % count;  // round the ring while looping
      show(gd, Math.max(0, Math.min(count - 1, next)));
    };
    const pause = (gd) => {
      const st = state(gd);
      st.token += 1;
      st.playing = false;
      st.resting = false;
      animate(gd, [null], STILL).catch(() => {});
    };
    const play = (gd, options) => {
      const list = framesOf(gd);
      if (!list) return;
      const st = state(gd);
      st.options = options || st.options || list.options;
      let start = st.resting ? 0 : current(gd, list) + 1;
      if (start >= list.refs.length) start = 0;
      const token = ++st.token;
      st.playing = true;
      st.resting = false;
      animate(gd, list.refs.slice(start), {...st.options, mode: "immediate"}).then(() => {
        if (st.token !== token) return;
        if (loopOn(gd)) { st.resting = true; play(gd); return; }
        st.playing = false;
        st.resting = true;
        if (list.home !== null) {  // back where the page's own controls say the chart is
          st.index = list.home;
          animate(gd, [list.refs[list.home]], STILL).catch(() => {});
        }
      }, () => {});
    };
    const toggle = (gd) => (state(gd).playing ? pause(gd) : play(gd));
    const attach = (gd) => {
      if (states.has(gd) || typeof gd.on !== "function" || !framesOf(gd)) return;
      const st = state(gd);
      gd.on("plotly_buttonclicked", (event) => {
        const name = event.button.name;
        if (name === "ae-play") play(gd, event.button.args[1]);
        else if (name === "ae-pause") pause(gd);
        else if (name === "ae-step-back") step(gd, -1);
        else if (name === "ae-step-forward") step(gd, 1);
        else if (name === "ae-loop") paintLoop(gd, !loopOn(gd));
        else {  // a figure's own animate button (the explorer's Stop)
          st.token += 1; st.playing = false; st.resting = true; st.index = null;
        }
      });
      // A frame drawn by anyone (the slider dragged, Play, a step) is the frame on show.
      gd.on("plotly_animatingframe", (event) => {
        const list = framesOf(gd);
        // A frame given as an object (not registered) has its name on the frame, not the event.
        const name = event.name ?? (event.frame && event.frame.name);
        const index = list ? list.names.indexOf(name) : -1;
        if (index >= 0) st.index = index;
      });
      gd.on("plotly_sliderchange", (event) => {  // a hand on the slider stops a playback
        if (event.interaction) { st.token += 1; st.playing = false; st.resting = false; }
      });
      // Streamlit drew a new figure into this chart: nothing of the old one's playback holds.
      gd.on("plotly_react", () => {
        st.token += 1; st.playing = false; st.resting = true; st.index = null; st.options = null;
      });
    };
    const scan = () => {
      for (const gd of document.querySelectorAll(".js-plotly-plot")) attach(gd);
    };
    let pending = false;
    new MutationObserver(() => {
      if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; scan(); }); }
    }).observe(document.body, {childList: true, subtree: true});
    scan();
    // The animated chart on screen: the first with frames that shows in the window, else the
    // first with frames.
    const target = () => {
      const charts = [...document.querySelectorAll(".js-plotly-plot")].filter((gd) => {
        attach(gd);
        return states.has(gd);
      });
      const visible = charts.find((gd) => {
        const box = gd.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
      });
      return visible || charts[0] || null;
    };
    // Typing (a formula, a number) and a focused widget that takes these keys itself (Streamlit's
    // sliders move on arrows; a button presses on Space) keep them.
    const TAKES_KEYS = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], '
      + '[role="slider"], [role="combobox"], [role="listbox"], [role="spinbutton"], '
      + '[role="textbox"], [role="menu"], [role="option"]';
    const PRESSABLE = 'button, a[href], [role="button"], [role="tab"], [role="switch"], '
      + '[role="checkbox"], [role="radio"], summary';
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const focus = event.target instanceof Element ? event.target : null;
      if (focus && (focus.closest(TAKES_KEYS) || focus.isContentEditable)) return;
      const key = event.key;
      const space = key === " " || key === "Spacebar";
      if (!(space || key === "ArrowLeft" || key === "ArrowRight" || key === "l" || key === "L")) {
        return;
      }
      if (space && focus && focus.closest(PRESSABLE)) return;
      const gd = target();
      if (!gd) return;
      event.preventDefault();  // Space would scroll the page, the arrows too
      if (space) toggle(gd);
      else if (key === "ArrowLeft") step(gd, -1);
      else if (key === "ArrowRight") step(gd, 1);
      else if (!event.repeat) paintLoop(gd, !loopOn(gd));
    });
  }
</script>
"""
