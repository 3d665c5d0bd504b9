"""The player's buttons in the figures (no browser): which buttons, wired how, in which colours."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from tests.test_colours import contrast
from ui import player, theme
from ui.figures import ExplorerView, SweepFrame, boundary_figure, explorer_figure


def _lab(style: theme.Style, *, beside: bool) -> dict:
    from activations import training

    data, test = training.make_dataset("circle", 60, 0.1, 0).split(0.25, 0)
    small, brief = training.NetworkSettings((4,)), training.Schedule(steps=10)
    runs = [
        training.train(key, data, network=small, schedule=brief, test=test, snapshots=4, grid=6)
        for key in ("tanh", "relu")
    ]
    return boundary_figure(["Tanh", "ReLU"], runs, data, style, strip_beside=beside)


def _sweep(style: theme.Style) -> dict:
    from ui.explorer_view import grid

    spec = activations.get("leaky_relu")
    x = grid(-6, 6, spec.breakpoints)
    alphas = (0.0, 0.1, 0.2, 0.3)
    frames = [
        SweepFrame(a, spec.value(x, alpha=a), spec.derivative(x, alpha=a), fx0=a * -2, dfx0=a)
        for a in alphas
    ]
    view = ExplorerView(
        name="Leaky ReLU",
        x=x,
        y=spec.value(x, alpha=0.2),
        dy=spec.derivative(x, alpha=0.2),
        x0=-2.0,
        fx0=-0.4,
        dfx0=0.2,
        kinks=[(0.0, 0.0)],
        kink_slopes=[(0.2, 1.0)],
        dead_zones=[],
        sweep=("alpha", x, frames),
        sweep_value=0.2,
        sweep_symbol="α",
    )
    return explorer_figure(view, style)


def _buttons(figure: dict) -> dict[str, tuple[dict, dict]]:
    """Each named button, with its menu."""
    return {
        button["name"]: (button, menu)
        for menu in figure["layout"]["updatemenus"]
        for button in menu["buttons"]
        if "name" in button
    }


FIGURES = {
    "lab": lambda s: _lab(s, beside=False),
    "lab beside": lambda s: _lab(s, beside=True),
    "sweep": _sweep,
}


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("which", FIGURES)
def test_step_and_loop_buttons_are_the_scripts_in_the_themes_colours(
    which: str, dark: bool, present: bool
) -> None:
    s = theme.style(present, dark=dark)
    figure = FIGURES[which](s)
    buttons = _buttons(figure)
    for name in (player.PLAY, player.BACK, player.FORWARD, player.LOOP):
        assert buttons[name][0]["method"] == "skip", name  # Plotly only tells the script
    assert buttons[player.BACK][0]["label"] == "◀|"
    assert buttons[player.FORWARD][0]["label"] == "|▶"
    # One row: Play, the steps and Loop beside each other, so they cannot collide on a narrow chart.
    [row] = figure["layout"]["updatemenus"]
    assert [b.get("name") for b in row["buttons"]][-3:] == [
        player.BACK,
        player.FORWARD,
        player.LOOP,
    ]
    page = theme.BACKGROUND[dark]
    # Streamlit's widget colours: the buttons stand apart from the page without glaring (no white
    # buttons on the dark theme), their text is readable on them, and no Plotly fill is lit (its
    # lit fill is a fixed near-white).
    assert 1.1 <= contrast(row["bgcolor"], page) <= 2.5
    assert contrast(row["font"]["color"], row["bgcolor"]) >= 4.5
    assert row["showactive"] is False
    # Loop starts off and says so; its args are its labels for on and for off.
    loop = buttons[player.LOOP][0]
    assert loop["label"] == "⟲ Loop: off" and loop["args"] == ["⟲ Loop: <b>on</b>", loop["label"]]


@pytest.mark.parametrize("beside", [False, True])
def test_the_labs_play_buttons_play_its_frames_at_two_paces_apart_from_the_slider(
    beside: bool,
) -> None:
    figure = _lab(theme.NORMAL, beside=beside)
    names = [frame["name"] for frame in figure["frames"]]
    plays = [b for b in figure["layout"]["updatemenus"][0]["buttons"] if b["name"] == player.PLAY]
    assert [b["label"] for b in plays] == ["▶ Play", "▶ Slow"]
    assert all(b["args"][0] == names for b in plays)
    assert plays[1]["args"][1]["frame"]["duration"] == 400
    # The buttons above the plot (in the step title's row), the slider under it: apart.
    [slider] = figure["layout"]["sliders"]
    [menu] = figure["layout"]["updatemenus"]
    assert (menu["y"], menu["yanchor"]) == (1.0, "bottom") and menu["pad"]["b"] > 0
    assert slider.get("y", 0) <= 0 and slider.get("yanchor", "top") == "top"
    assert [step["args"][0] for step in slider["steps"]] == [[name] for name in names]


def test_the_sweeps_play_ends_at_its_home_frame_and_stop_goes_there() -> None:
    figure = _sweep(theme.NORMAL)
    play, stop, *_ = figure["layout"]["updatemenus"][0]["buttons"]
    frames = play["args"][0]
    # The sweep, then a repeat of the slider's value's frame: the home the script ends on.
    assert [f["name"] for f in frames] == ["0", "0.1", "0.2", "0.3", "0.2"]
    assert frames[-1]["layout"]["title"]["text"] == figure["layout"]["title"]["text"]
    assert (stop["method"], stop["args"][0]) == ("animate", [frames[-1]])
    # Each frame's title says its α, which the script reads to find the frame on show.
    assert [f["layout"]["title"]["text"] for f in frames[:-1]] == [
        f"α = {a:g}" for a in (0.0, 0.1, 0.2, 0.3)
    ]
    # The frame draws Leaky ReLU at its α (to the frames' 4 decimals).
    x, y = (np.array(frames[1]["data"][0][axis], dtype=float) for axis in "xy")
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.1 * x), atol=1e-4)
