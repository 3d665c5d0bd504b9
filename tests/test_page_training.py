"""The training lab in AppTest: every control changes the charts, whose data is the core's."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from activations import budget, training
from tests.apptest import charts, frame_trace, open_page, trace, warnings_text
from ui import compute, heavy


def boundary(at) -> dict:
    return charts(at)[0]


def loss_trace(at, name: str) -> np.ndarray:
    return trace(charts(at)[1], f"{name}: train")[1]


def core_runs(fns, network=None, schedule=None):
    """The runs at the page's defaults (circle, 400 points, noise 0.1, seed 0), but for those given."""
    network, schedule = network or training.NetworkSettings(), schedule or training.Schedule()
    return compute.training_runs(tuple(fns), training.DataSettings(), network, schedule)[:3]


@pytest.fixture(scope="module")
def default_lab():
    """The lab as a bare link opens it (read, never moved: tests that move a control open their
    own)."""
    return open_page("training")


def test_default_view_draws_the_core_runs(default_lab) -> None:
    at = default_lab
    train_set, _, runs = core_runs(["identity", "tanh", "relu"])
    figure = boundary(at)
    heatmaps = [t for t in figure["data"] if t["type"] == "heatmap"]
    assert [t["name"] for t in heatmaps] == [
        f"{n}: P(class 1)" for n in ("Identity", "Tanh", "ReLU")
    ]
    # The chart opens at the last step, where the headline numbers are (issue #21, finding 10).
    for heatmap, run in zip(heatmaps, runs, strict=True):
        expected = np.rint(100 * run.snapshots[-1].boundary)
        np.testing.assert_array_equal(np.array(heatmap["z"]), expected)
    [slider] = figure["layout"]["sliders"]
    assert slider["steps"][slider["active"]]["label"] == "500"
    # Every frame a stop, named by its value; a few labelled, the first and last among them.
    assert [step["value"] for step in slider["steps"]] == [f["name"] for f in figure["frames"]]
    labels = [step["label"] for step in slider["steps"] if step["label"]]
    assert labels[0] == "0" and labels[-1] == "500" and 3 <= len(labels) <= 7
    buttons = {b["label"]: b for b in figure["layout"]["updatemenus"][0]["buttons"]}
    for label in ("▶ Play", "▶ Slow"):  # both from step 0, the slow one at a third of the pace
        assert buttons[label]["args"][0] == [frame["name"] for frame in figure["frames"]]
    pace = [buttons[label]["args"][1]["frame"]["duration"] for label in ("▶ Play", "▶ Slow")]
    assert pace[1] >= 3 * pace[0]
    last = figure["frames"][-1]
    assert last["name"] == str(runs[0].snapshots[-1].step) == "500"
    np.testing.assert_array_equal(
        np.array(frame_trace(figure, last, "Tanh: P(class 1)")["z"]),
        np.rint(100 * runs[1].snapshots[-1].boundary),
    )
    points = next(t for t in figure["data"] if t.get("name") == "class 1")
    assert len(points["x"]) == int(train_set.y.sum())
    np.testing.assert_array_equal(loss_trace(at, "Tanh"), runs[1].loss)
    assert [m.value for m in at.metric] == [f"{r.test_accuracy[-1]:.0%}" for r in runs]
    names = ("Identity", "Tanh", "ReLU")

    def titles(layout: dict) -> list[str]:
        return [layout[f"xaxis{s}"]["title"]["text"] for s in ("", "2", "3")]

    # Each panel's title is its test accuracy at the step on show: the last at first (the
    # headline's number), then each frame's.
    def expected(step: int) -> list[str]:
        return [f"{n}: {r.test_accuracy[step]:.0%} test" for n, r in zip(names, runs, strict=True)]

    assert titles(figure["layout"]) == expected(500)
    # The headline numbers are the panels' at first: the page's own two outputs, side by side.
    assert [m.value for m in at.metric] == [
        t.split(": ")[1].removesuffix(" test") for t in titles(figure["layout"])
    ]
    for frame in figure["frames"]:
        step = int(frame["name"])
        assert titles(frame["layout"]) == expected(step)
        # The loss strip's marker stands at the frame's step.
        [marker] = frame["layout"]["shapes"]
        assert marker["x0"] == marker["x1"] == step and marker["xref"] == "x4"
    strip_steps, strip_loss = trace(figure, "Tanh: train loss")
    np.testing.assert_array_equal(strip_loss, runs[1].loss[strip_steps.astype(int)])
    assert strip_steps[0] == 0 and strip_steps[-1] == 500
    assert not at.warning


@pytest.fixture(scope="module")
def tanh_lab():
    """The lab with Tanh alone at every default: what each control's change is compared with
    (read, never moved)."""
    return open_page("training", {"fns": ["tanh"]})


@pytest.mark.parametrize(
    ("query", "changed"),
    [
        ({"data": "xor"}, "points"),
        ({"n": "200"}, "points"),
        ({"noise": "0.3"}, "points"),
        ({"seed": "5"}, "points"),
        ({"depth": "3"}, "loss"),
        ({"width": "16"}, "loss"),
        ({"init": "he"}, "loss"),
        ({"init": "custom", "sw2": "2"}, "loss"),
        ({"opt": "sgd"}, "loss"),
        ({"lr": "0.1"}, "loss"),
        ({"steps": "100"}, "loss"),
        ({"batch": "32"}, "loss"),
        ({"l2": "0.01"}, "loss"),
        ({"fns": ["sigmoid"]}, "names"),
    ],
)
def test_each_control_changes_the_data(query: dict, changed: str, tanh_lab, default_lab) -> None:
    base = tanh_lab if "fns" not in query else default_lab
    at = open_page("training", {"fns": ["tanh"], **query})
    assert not at.warning, warnings_text(at)
    if changed == "points":
        before = [t["x"] for t in boundary(base)["data"] if t.get("name") == "class 0"]
        after = [t["x"] for t in boundary(at)["data"] if t.get("name") == "class 0"]
        assert before != after
    elif changed == "loss":
        assert not np.array_equal(loss_trace(base, "Tanh"), loss_trace(at, "Tanh"))
    else:
        assert [t["name"] for t in boundary(at)["data"] if t["type"] == "heatmap"] == [
            "Sigmoid: P(class 1)"
        ]
    for key, value in query.items():  # AppTest reads a lone repeated value back as a string
        assert at.query_params[key] == (value[0] if isinstance(value, list) else value)


def test_moving_a_widget_retrains_and_writes_the_url() -> None:
    at = open_page("training", {"fns": ["relu"], "steps": "100"})
    before = loss_trace(at, "ReLU")
    at.select_slider(key="training.lr").set_value(0.3).run()
    after = loss_trace(at, "ReLU")
    _, _, (run,) = core_runs(["relu"], schedule=training.Schedule(learning_rate=0.3, steps=100))
    np.testing.assert_array_equal(after, run.loss)
    assert not np.array_equal(before, after)
    assert at.query_params["lr"] == "0.3"


def test_a_blow_up_is_explained_and_the_curves_keep_their_finite_part() -> None:
    query = {"fns": ["identity"], "depth": "6", "width": "16", "init": "custom", "sw2": "4",
             "opt": "sgd", "lr": "10"}  # fmt: skip
    at = open_page("training", query)
    notes = warnings_text(at)
    assert "became infinite or NaN" in notes and "curves stop there" in notes
    figure = charts(at)[1]
    ys = next(t["y"] for t in figure["data"] if t["name"] == "Identity: train")
    finite = [y for y in ys if y is not None]
    assert 0 < len(finite) < len(ys) and all(np.isfinite(finite))


def test_prelu_shows_its_learned_alpha() -> None:
    at = open_page("training", {"fns": ["prelu"], "steps": "100"})
    figure = charts(at)[-1]
    _, _, (run,) = core_runs(["prelu"], schedule=training.Schedule(steps=100))
    np.testing.assert_array_equal(trace(figure, "PReLU: layer 1")[1], run.alphas[:, 0])


def test_bad_values_fall_back_with_a_note() -> None:
    at = open_page("training", {"data": "<b>", "lr": "abc", "depth": "99", "batch": "7"})
    notes = warnings_text(at)
    for fragment in ("data", "lr=abc", "depth=99", "batch=7"):
        assert fragment in notes
    assert "<b>" not in notes
    assert charts(at)
    # Each rejected value fell back to the default, stated here rather than read from the page.
    assert at.selectbox(key="training.data").value == "circle"
    assert at.select_slider(key="training.lr").value == 0.03
    assert at.slider(key="training.depth").value == 2
    assert at.selectbox(key="training.batch").value == "full"


def test_a_link_over_the_work_budget_trains_fewer_steps_and_says_so(monkeypatch) -> None:
    """The cut is decided from counted work before training, the same for every activation."""
    monkeypatch.setattr(budget, "PAGE_BUDGET", 2e7)
    at = open_page("training", {"fns": ["tanh", "relu"], "steps": "500"})
    notes = " ".join(i.value for i in at.info)
    trained = compute.trained_steps(
        ("tanh", "relu"), training.DataSettings(), training.NetworkSettings(), training.Schedule()
    )
    assert 1 <= trained < 500
    assert f"Each activation trains {trained} of the 500 steps asked for" in notes
    assert len(loss_trace(at, "Tanh")) == len(loss_trace(at, "ReLU")) == trained + 1


def test_a_busy_server_says_so_and_offers_to_retry(monkeypatch) -> None:
    """Every heavy slot taken: the page says so within the wait, with a button to try again."""
    monkeypatch.setattr(heavy, "_slots", threading.BoundedSemaphore(1))
    heavy._slots.acquire()
    monkeypatch.setattr(heavy, "WAIT_SECONDS", 0.05)
    at = open_page("training", {"fns": ["tanh"], "seed": "4321"})  # a setting nothing cached
    assert "Not computed: the server is busy" in warnings_text(at)
    assert [b.label for b in at.button if b.key == "heavy.retry"] == ["Try again"]
    assert not charts(at)


def test_a_network_that_died_says_so() -> None:
    """ReLU, 8 layers, Adam at rate 10: whole layers die (finding 9); the page names the highest
    one, and the chart's zeros are explained. The core's own numbers decide which."""
    query = {"fns": ["relu"], "depth": "8", "lr": "10"}
    at = open_page("training", query)
    deep, fast = training.NetworkSettings((8,) * 8), training.Schedule(learning_rate=10.0)
    _, _, (run,) = core_runs(["relu"], deep, fast)
    dead = [i + 1 for i, share in enumerate(run.dead_fraction[-1]) if share == 1.0]
    assert dead, "these settings no longer kill a layer: pick others for this test"
    assert f"every unit of hidden layer {dead[-1]} is dead at the last step" in warnings_text(at)
    assert np.all(run.grad_rms[-1][: dead[-1]] == 0.0)  # what the sentence says
    healthy = open_page("training", {"fns": ["relu"]})
    assert "is dead at the last step" not in warnings_text(healthy)


def test_a_typed_formulas_alpha_is_a_slider_and_trains_at_its_value() -> None:
    """max(x, alpha*x) at α = 0.1 is Leaky ReLU written out: it must not train as the identity
    (α = 1) for want of a slider (finding 8)."""
    import activations

    text = "max(x, alpha*x)"
    at = open_page("training", {"fns": ["custom"], "f": text, "custom.alpha": "0.1"})
    [alpha] = [s for s in at.slider if s.key == "training.custom.alpha"]
    assert alpha.value == 0.1
    typed = activations.custom(text)
    defaults = training.DataSettings(), training.NetworkSettings(), training.Schedule()
    _, _, (run,), _ = compute.training_runs((typed,), *defaults, (("alpha", 0.1),))
    np.testing.assert_array_equal(loss_trace(at, "Custom"), run.loss)
    _, _, (as_identity,), _ = compute.training_runs((typed,), *defaults, (("alpha", 1.0),))
    assert not np.allclose(run.loss, as_identity.loss)
    alpha.set_value(0.5).run()
    assert at.query_params["custom.alpha"] == "0.5"


def test_dead_and_inactive_units_are_both_drawn_from_the_core(default_lab) -> None:
    at = default_lab
    _, _, runs = core_runs(["identity", "tanh", "relu"])
    dead, inactive = charts(at)[3], charts(at)[4]
    steps, values = trace(dead, "ReLU: layer 1")
    np.testing.assert_array_equal(steps, runs[2].snapshot_steps)
    np.testing.assert_array_equal(values, runs[2].dead_fraction[:, 0])
    np.testing.assert_array_equal(
        trace(inactive, "Tanh: layer 2")[1], runs[1].inactive_fraction[:, 1]
    )
    assert "Inactive: a unit whose pre-activation is at most 0" in " ".join(
        c.value for c in at.caption
    )


def test_each_panel_draws_its_decision_line(default_lab) -> None:
    """A contour at P = 50 % per panel, on the same data as its heat map, in every frame: the
    identity network's straight boundary is visible even where P is nearly flat (finding 2)."""
    at = default_lab
    figure = boundary(at)
    lines = [t for t in figure["data"] if t["type"] == "contour"]
    heatmaps = [t for t in figure["data"] if t["type"] == "heatmap"]
    assert [t["name"] for t in lines] == [f"{n}: P = 50 %" for n in ("Identity", "Tanh", "ReLU")]
    for line, heatmap in zip(lines, heatmaps, strict=True):
        assert line["contours"]["start"] == line["contours"]["end"] == 50
        assert line["z"] == heatmap["z"] and line["xaxis"] == heatmap["xaxis"]
    indices = [figure["data"].index(t) for t in (*heatmaps, *lines)]
    for frame in figure["frames"]:
        assert frame["traces"] == indices
        # Each line follows its panel.
        for n in ("Identity", "Tanh", "ReLU"):
            line = frame_trace(figure, frame, f"{n}: P = 50 %")
            assert line["z"] == frame_trace(figure, frame, f"{n}: P(class 1)")["z"]
