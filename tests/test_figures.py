"""Figure builders are pure: test them without Streamlit."""

from __future__ import annotations

import numpy as np

import activations
from ui.figures import ExplorerView, break_at_jumps, explorer_figure, runs


def test_runs_finds_contiguous_intervals() -> None:
    x = np.arange(10.0)
    mask = np.array([1, 1, 0, 0, 1, 1, 1, 0, 1, 0], dtype=bool)
    assert runs(mask, x) == [(0.0, 1.0), (4.0, 6.0)]


def test_break_at_jumps_keeps_the_convention_point_on_its_side() -> None:
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    relu_grad = activations.get("relu").derivative(x)  # 0 at 0: joins the left piece
    _, ys = break_at_jumps(x, relu_grad, [0.0])
    assert ys == [0.0, 0.0, 0.0, None, 1.0, 1.0]
    step = activations.get("binary_step").value(x)  # 1 at 0: joins the right piece
    _, ys = break_at_jumps(x, step, [0.0])
    assert ys == [0.0, 0.0, None, 1.0, 1.0, 1.0]
    smooth = activations.get("softsign").value(x)
    assert None not in break_at_jumps(x, smooth, [0.0])[1]


def test_explorer_figure_is_plain_json_data() -> None:
    import json

    spec = activations.get("relu")
    x = np.linspace(-3, 3, 61)
    view = ExplorerView(
        name="ReLU",
        x=x,
        y=spec.value(x),
        dy=spec.derivative(x),
        x0=1.0,
        fx0=1.0,
        dfx0=1.0,
        dead_zones=[(-np.inf, 0.0)],
        kinks=[(0.0, 0.0)],
        kink_slopes=[(0.0, 0.0)],
    )
    figure = explorer_figure(view)
    json.dumps(figure, allow_nan=False)
    dead = [s for s in figure["layout"]["shapes"] if s["fillcolor"].startswith("rgba(127")]
    assert dead == [dead[0]] and (dead[0]["x0"], dead[0]["x1"]) == (-3.0, 0.0)
    tangent = next(t for t in figure["data"] if t["name"].startswith("tangent"))
    assert tangent["y"] == tangent["x"]  # slope 1 through (1, 1)
