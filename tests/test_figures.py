"""Figure builders are pure: test them without Streamlit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

import activations
from tests.apptest import frame_trace
from ui import theme
from ui.figures import ExplorerView, SweepFrame, break_at_jumps, explorer_figure, runs


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


def _every_figure() -> list[tuple[str, dict]]:
    """One realistic figure from every builder, with data from the core."""
    from activations import propagation, training
    from activations.softmax import entropy, softmax, softmax_jacobian
    from ui import figures
    from ui.explorer_view import grid

    data, test = training.make_dataset("circle", 60, 0.1, 0).split(0.25, 0)
    small, brief = training.NetworkSettings((4,)), training.Schedule(steps=10)
    runs = [
        training.train(key, data, network=small, schedule=brief, test=test, snapshots=4, grid=6)
        for key in ("tanh", "relu")
    ]
    spec = activations.get("elu")
    x = grid(-6, 6, spec.breakpoints)
    frames_x = grid(-6, 6, spec.breakpoints, n=51)
    frames = [
        SweepFrame(a, spec.value(frames_x, alpha=a), spec.derivative(frames_x, alpha=a))
        for a in (0.5, 1.0)
    ]
    view = ExplorerView(
        name="ELU",
        x=x,
        y=spec.value(x, alpha=0.5),
        dy=spec.derivative(x, alpha=0.5),
        x0=1.0,
        fx0=1.0,
        dfx0=1.0,
        kinks=[(0.0, 0.0)],
        kink_slopes=[(0.0, 0.5)],
        dead_zones=[(-np.inf, -5.0)],
        default_curve=(x, spec.value(x), spec.derivative(x)),
        sweep=("alpha", frames_x, frames),
        sweep_value=0.5,
    )
    logits = [2.0, 1.0, 0.1, -1.0]
    sim = propagation.simulate("tanh", 5, 16, 8, 1.0, 0.0, 0)
    theory = propagation.mean_field("tanh", 5, 1.0, 0.0)
    phase = propagation.phase_diagram("tanh", np.linspace(0.5, 2, 4), np.linspace(0, 1, 3))
    temperatures = np.geomspace(0.05, 20, 5)
    return [
        ("explorer", figures.explorer_figure(view, theme.PRESENT)),
        ("collapse", figures.collapse_figure(x, x, x, x, "ReLU")),
        (
            "overlay",
            figures.overlay_figure([("ELU", x, spec.value(x), (0.0,))], derivative=True, band=0.05),
        ),
        ("bars", figures.softmax_bars(logits, softmax(logits))),
        ("jacobian", figures.jacobian_heatmap(softmax_jacobian(logits))),
        (
            "entropy",
            figures.entropy_figure(
                temperatures,
                entropy(np.stack([softmax(logits, t) for t in temperatures])),
                (1.0, 0.9),
                4,
            ),
        ),
        (
            "chain",
            figures.chain_figure(
                [("Tanh", propagation.chain("tanh", 5, 0.5, 1.0).product)], 0.25 ** np.arange(1, 6)
            ),
        ),
        ("layers", figures.layer_figure([("Tanh", sim.grad_rms, theory.grad_rms)])),
        ("distribution", figures.distribution_figure("Tanh", sim.percentiles, "#0072B2")),
        (
            "fractions",
            figures.fractions_figure([("Tanh", sim.saturated_fraction, sim.dead_fraction)]),
        ),
        (
            "phase",
            figures.phase_figure("Tanh", phase.sigma_w2, phase.sigma_b2, phase.chi, (1.0, 0.0)),
        ),
        ("boundary", figures.boundary_figure(["Tanh", "ReLU"], runs, data)),
        (
            "boundary beside",
            figures.boundary_figure(["Tanh", "ReLU"], runs, data, strip_beside=True),
        ),
        (
            "curves",
            figures.curves_figure(
                ["Tanh"], [(runs[0].loss, runs[0].test_loss)], ("train", "test"), "loss", log=True
            ),
        ),
        (
            "training layers",
            figures.layers_figure(
                ["Tanh", "ReLU"],
                [r.snapshot_steps for r in runs],
                [r.dead_fraction for r in runs],
                "dead",
            ),
        ),
    ]


def test_every_builder_is_validated(monkeypatch) -> None:
    """Found, not listed by hand: every public builder ui.figures exports is called by
    _every_figure (so a new one fails here until it is validated too)."""
    import inspect

    from ui import figures

    builders = {
        name
        for name, function in inspect.getmembers(figures, inspect.isfunction)
        if name in figures.__all__ and name not in ("break_at_jumps", "runs")
    }
    called: set[str] = set()
    for name in builders:
        original = getattr(figures, name)

        def recording(*args, _name=name, _original=original, **kwargs):
            called.add(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(figures, name, recording)
    _every_figure()
    assert called == builders and len(builders) > 10


def test_every_builder_produces_a_valid_plotly_figure() -> None:
    """The app hands these dicts to Plotly unvalidated (ui.charts.Prebuilt), so validate here."""
    import json

    import plotly.graph_objects as go

    for name, figure in _every_figure():
        go.Figure(figure)  # raises on any invalid property or value
        json.dumps(figure, allow_nan=False, default=str)
        assert figure["layout"]["font"]["size"] > 0, name


def test_prebuilt_hands_over_the_dict_unchanged() -> None:
    from ui.charts import Prebuilt

    figure = {"data": [{"type": "scatter", "x": [1], "y": [2]}], "layout": {}}
    assert Prebuilt(figure).to_dict() is figure


def test_the_explorer_view_is_built_from_the_spec_the_parameters_and_the_range() -> None:
    """No Streamlit: the core's values at the probe and at the kinks, the range, the sweep."""
    from ui.explorer_view import build_view

    relu6 = activations.get("relu6")
    view, props = build_view(relu6, {}, -2.0, 8.0, 6.0, threshold=None)
    assert (view.x[0], view.x[-1]) == (-2.0, 8.0) and 0.0 in view.x and 6.0 in view.x
    assert (view.fx0, view.dfx0) == (6.0, 0.0)  # autograd: ReLU6′(6) = 0
    assert view.kinks == [(0.0, 0.0), (6.0, 6.0)] and view.kink_slopes == [(0.0, 0.0), (6.0, 0.0)]
    assert view.dead_zones == props.dead_zones == ((-np.inf, 0.0), (6.0, np.inf))
    assert view.sweep is None and view.default_curve is None
    elu = activations.get("elu")
    view, _ = build_view(elu, {"alpha": 0.5}, -3.0, 3.0, -1.0)
    assert view.dfx0 == elu.derivative(-1.0, alpha=0.5)
    name, frames_x, frames = view.sweep
    assert name == "alpha" and 0.5 in [frame.value for frame in frames]
    np.testing.assert_array_equal(frames[0].dy, elu.derivative(frames_x, alpha=frames[0].value))
    np.testing.assert_array_equal(view.default_curve[1], elu.value(view.default_curve[0]))


def test_playback_keeps_going_past_a_run_that_blew_up() -> None:
    """A run that stopped early holds its last boundary while the others play on, and its loss
    strip keeps only its finite part."""
    from activations import training
    from ui.figures import boundary_figure
    from ui.figures.training import STRIP_POINTS

    data = training.make_dataset("circle", n=200, noise=0.1, seed=0)
    network = training.NetworkSettings((16,) * 6, "custom", sigma_w2=4.0)
    schedule = training.Schedule("sgd", learning_rate=10.0, steps=1000)
    settings = {"network": network, "snapshots": 25, "grid": 8}
    blown = training.train("identity", data, schedule=schedule, **settings)
    calm = training.train("tanh", data, schedule=replace(schedule, learning_rate=0.01), **settings)
    assert blown.blowup is not None and calm.blowup is None
    figure = boundary_figure(["Identity", "Tanh"], [blown, calm], data, strip_beside=True)
    frames = figure["frames"]
    assert [int(f["name"]) for f in frames] == [s.step for s in calm.snapshots]
    last_kept = np.rint(100 * blown.snapshots[-1].boundary)
    kept = frame_trace(figure, frames[-1], "Identity: P(class 1)")["z"]
    np.testing.assert_array_equal(np.array(kept), last_kept)
    np.testing.assert_array_equal(
        np.array(frame_trace(figure, frames[-1], "Tanh: P(class 1)")["z"]),
        np.rint(100 * calm.snapshots[-1].boundary),
    )
    strip = next(t for t in figure["data"] if t["name"] == "Identity: train loss")
    assert len(strip["x"]) <= STRIP_POINTS and strip["x"][0] == 0 and strip["x"][-1] == 1000
    kept = [y for x, y in zip(strip["x"], strip["y"], strict=True) if x < blown.blowup.step]
    assert None not in kept
    assert all(
        y is None for x, y in zip(strip["x"], strip["y"], strict=True) if x >= blown.blowup.step
    )


def test_a_run_that_blew_up_before_its_second_snapshot_is_drawn_as_points() -> None:
    """The blow-up prompt's run has one snapshot (step 0): a line of one point is invisible, so
    it is drawn with markers, and the axis runs to the steps asked for, not −1 to 1."""
    from activations import training
    from ui.figures import layers_figure

    data = training.make_dataset("circle", n=400, noise=0.1, seed=0)
    network = training.NetworkSettings((16,) * 6, "custom", sigma_w2=4.0)
    schedule = training.Schedule("sgd", learning_rate=0.3, steps=500)
    run = training.train("identity", data, network=network, schedule=schedule, snapshots=25, grid=8)
    assert run.blowup is not None and list(run.snapshot_steps) == [0]
    figure = layers_figure(["Identity"], [run.snapshot_steps], [run.dead_fraction], "dead",
                           last_step=500)  # fmt: skip
    drawn = [t for t in figure["data"] if t["name"].startswith("Identity: layer")]
    assert len(drawn) == 6 and all(t["mode"] == "lines+markers" for t in drawn)
    assert figure["layout"]["xaxis"]["range"] == [0, 500]


def test_every_layer_of_the_deepest_lab_network_has_its_own_dash() -> None:
    from ui.figures.training import LAYER_DASHES

    deepest = 8 + 1  # the lab's most hidden layers, and the output layer
    assert len(set(LAYER_DASHES[:deepest])) == deepest


def test_a_jump_beside_an_overflow_is_no_jump_and_no_warning() -> None:
    """inf − inf beside a typed formula's overflow is NaN: no gap, and (warnings are errors
    here) no NumPy warning. The formula fuzz found it."""
    from ui.figures.common import jump_cuts

    x = np.linspace(-2.0, 2.0, 5)
    assert jump_cuts(x, np.array([0.0, np.inf, np.inf, np.inf, 1.0]), [0.0]) == []
    # A real jump at 0 is still cut: the gap goes after the point that agrees with the left.
    assert jump_cuts(x, np.array([0.0, 0.0, 0.0, 5.0, 5.0]), [0.0]) == [3]
