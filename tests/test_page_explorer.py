"""The explorer page in AppTest: controls change the chart to the core's exact values."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from tests.apptest import (
    charts,
    frame_trace,
    named,
    open_page,
    slider,
    trace,
    trace_names,
    warnings_text,
)
from ui.explorer_view import CURVE_POINTS


def test_default_view_is_elu_with_its_values() -> None:
    at = open_page("explorer")
    assert at.selectbox(key="explorer.fn").value == "elu"
    x, y = trace(charts(at)[0], "f(x)")
    np.testing.assert_array_equal(y, activations.get("elu").value(x))
    assert x.min() == -6.0 and x.max() == 6.0


def test_moving_alpha_changes_the_derivative_to_the_core_values() -> None:
    at = open_page("explorer", {"fn": "elu"})
    _, before = trace(charts(at)[0], "f′(x)")
    slider(at, "alpha").set_value(0.5).run()
    x, after = trace(charts(at)[0], "f′(x)")
    np.testing.assert_array_equal(after, activations.get("elu").derivative(x, alpha=0.5))
    assert not np.array_equal(before, after)
    assert at.query_params["alpha"] == "0.5"
    # A non-default α brings the faint default-parameter curve for comparison.
    assert "f, default parameters" in trace_names(charts(at)[0])


def test_function_without_parameters_hides_alpha_and_beta() -> None:
    at = open_page("explorer", {"fn": "swish"})
    assert slider(at, "beta")
    at.selectbox(key="explorer.fn").set_value("relu").run()
    labels = [s.label for s in at.slider]
    assert not any("alpha" in label or "beta" in label for label in labels)
    x, dy = trace(charts(at)[0], "f′(x)")
    np.testing.assert_array_equal(dy, activations.get("relu").derivative(x))
    assert at.query_params["fn"] == "relu"


def test_deep_link_reproduces_the_view() -> None:
    at = open_page(
        "explorer",
        {"fn": "swish", "beta": "2", "range": ["-3", "4"], "x0": "0.5", "deriv": "0"},
    )
    assert slider(at, "beta").value == 2.0
    assert slider(at, "Input range").value == (-3.0, 4.0)
    assert slider(at, "x₀").value == 0.5
    figure = charts(at)[0]
    assert "f′(x)" not in trace_names(figure)
    x, y = trace(figure, "f(x)")
    assert (x.min(), x.max()) == (-3.0, 4.0)
    np.testing.assert_array_equal(y, activations.get("swish").value(x, beta=2.0))
    slope = float(activations.get("swish").derivative(0.5, beta=2.0))
    assert any(f"f′(x₀) = {slope:.6g}" in m.value for m in at.markdown)
    assert not at.warning


@pytest.mark.parametrize(
    ("query", "expected_note"),
    [
        ({"fn": "nope"}, "fn=nope"),
        ({"fn": "elu", "alpha": "abc"}, "alpha=abc"),
        ({"fn": "elu", "alpha": "nan"}, "not a finite number"),
        ({"fn": "elu", "alpha": "1e400"}, "not a finite number"),
        ({"fn": "elu", "alpha": "-5"}, "outside"),
        ({"fn": "elu", "alpha": ["0.5", "0.7"]}, "should appear once"),
        ({"fn": "elu", "range": ["5", "-5"]}, "low to high"),
        ({"fn": "elu", "range": ["1", "1"]}, "low to high"),
        ({"fn": "elu", "range": ["-1e400", "3"]}, "not a finite number"),
        ({"fn": "<script>alert(1)</script>"}, "not one of the choices"),
        ({"fn": "elu", "alpha": "5e-324"}, "subnormal"),
        ({"fn": "elu", "alpha": "0.123"}, "rounded to 0.1"),
        ({"fn": "elu", "deriv": "maybe"}, "should be 1 or 0"),
        ({"fn": "x" * 4000}, "not one of the choices"),
        ({"fn": "elu", **{f"p{i}": "1" for i in range(300)}}, "and 297 more"),
    ],
)
def test_bad_links_fall_back_to_defaults_with_a_note(query: dict, expected_note: str) -> None:
    at = open_page("explorer", query)
    notes = warnings_text(at)
    assert expected_note in notes
    assert "<script" not in notes and len(notes) < 1000
    figure = charts(at)[0]
    key = at.selectbox(key="explorer.fn").value
    spec = activations.get(key)
    x, y = trace(figure, "f(x)")
    assert (x.min(), x.max()) == spec.default_range
    params = {p.name: slider(at, p.name).value for p in spec.params}
    np.testing.assert_array_equal(y, spec.value(x, **params))


def test_kinks_are_marked_with_autograd_slope() -> None:
    at = open_page("explorer", {"fn": "relu6", "range": ["-2", "8"]})
    figure = charts(at)[0]
    kx, ky = trace(figure, "kink")
    np.testing.assert_array_equal(kx, [0.0, 6.0])
    np.testing.assert_array_equal(ky, [0.0, 6.0])
    _, slopes = trace(figure, "f′ at kink (autograd)")
    np.testing.assert_array_equal(slopes, [0.0, 0.0])


def test_play_frames_sweep_the_parameter() -> None:
    at = open_page("explorer", {"fn": "leaky_relu", "alpha": "0.3", "x0": "-2"})
    figure = charts(at)[0]
    play, stop, *_ = figure["layout"]["updatemenus"][0]["buttons"]
    # Play is the player script's (ui/player.py); Stop is Plotly's own.
    assert (play["method"], stop["method"]) == ("skip", "animate")
    frames = play["args"][0]
    assert 11 <= len(frames) <= 13
    first, last, back = frames[0], frames[-2], frames[-1]
    assert (first["name"], last["name"]) == ("0", "1")
    curve = frame_trace(figure, last, "f(x)")
    np.testing.assert_allclose(curve["y"], curve["x"], atol=1e-6)  # α = 1 is the identity
    assert figure["layout"]["title"]["text"] == "α = 0.3"
    assert [f["layout"]["title"]["text"] for f in frames][:2] == ["α = 0", "α = 0.1"]
    # The tangent at x₀ = −2 moves with α: Leaky ReLU's slope there is α itself.
    tangent = next(i for i, t in enumerate(figure["data"]) if t["name"].startswith("tangent"))
    for frame in frames[:-1]:
        moved = frame["data"][frame["traces"].index(tangent)]
        alpha = float(frame["name"])
        assert moved["name"] == f"tangent at x₀, slope {alpha:.4g}"
        assert moved["y"][1] == pytest.approx(-2 * alpha)
    # Play ends, and Stop goes, where the slider is: the chart as the link draws it (on the
    # frames' grid, to 4 decimals), its bands and its tangent.
    assert stop["args"][0] == [back]
    assert back["layout"]["title"]["text"] == "α = 0.3"
    leaky = activations.get("leaky_relu")
    for name, core in (("f(x)", leaky.value), ("f′(x)", leaky.derivative)):
        drawn = frame_trace(figure, back, name)  # f′ has a gap (None) at its jump
        x, y = (np.array([v for v in drawn[k] if v is not None]) for k in ("x", "y"))
        np.testing.assert_allclose(y, core(x, alpha=0.3), atol=1e-4)
    visible = [shape for shape in back["layout"]["shapes"] if shape.get("visible", True)]
    assert visible == [s for s in figure["layout"]["shapes"] if s.get("visible", True)]


def test_play_moves_a_typed_formulas_kink_with_its_parameter() -> None:
    """|x − α| has its kink at x = α: each frame's kink marker is where that frame's α puts it."""
    at = open_page("explorer", {"fn": "custom", "f": "abs(x - alpha)", "alpha": "1"})
    figure = charts(at)[0]
    frames = figure["layout"]["updatemenus"][0]["buttons"][0]["args"][0]
    seen = 0
    for frame in frames[:-1]:
        alpha = float(frame["name"])
        markers = frame_trace(figure, frame, "kink")
        lo, hi = figure["layout"]["xaxis"]["range"]
        assert markers["x"] == ([alpha] if lo <= alpha <= hi else [])
        seen += bool(markers["x"])
    assert seen >= 3


def sigmoid_slope_crossing(t: float) -> float:
    """|x| where σ'(x) = σ(1 − σ) = t, in closed form: σ = (1 + √(1 − 4t))/2, x = logit σ."""
    s = (1 + np.sqrt(1 - 4 * t)) / 2
    return float(np.log(s / (1 - s)))


def test_vanishing_band_follows_threshold() -> None:
    at = open_page("explorer", {"fn": "sigmoid", "range": ["-8", "8"]})
    grid_step = 16 / (CURVE_POINTS - 1)
    bands = charts(at)[0]["layout"]["shapes"]
    assert len(bands) == 2
    assert bands[0]["x1"] == pytest.approx(-sigmoid_slope_crossing(0.05), abs=grid_step)
    assert bands[1]["x0"] == pytest.approx(sigmoid_slope_crossing(0.05), abs=grid_step)
    at.number_input(key="explorer.thr").set_value(0.2).run()
    bands = charts(at)[0]["layout"]["shapes"]
    assert bands[0]["x1"] == pytest.approx(-sigmoid_slope_crossing(0.2), abs=grid_step)
    at.toggle(key="explorer.band").set_value(False).run()
    assert charts(at)[0]["layout"].get("shapes", []) == []


def test_presentation_mode_enlarges_the_chart() -> None:
    normal = charts(open_page("explorer", {"fn": "tanh"}))[0]["layout"]
    big = charts(open_page("explorer", {"fn": "tanh", "present": "1"}))[0]["layout"]
    assert big["font"]["size"] > normal["font"]["size"]
    assert big["height"] > normal["height"]


def test_history_tells_first_use_from_popularisation() -> None:
    at = open_page("explorer", {"fn": "relu"})
    text = " ".join(m.value for m in at.markdown)
    assert "First known use: Fukushima" in text and "(1969)" in text
    assert "Popularised: Nair & Hinton" in text and "(2010)" in text
    assert "Introduced:" not in text


def test_zero_centred_row_shows_its_numbers_and_definition() -> None:
    at = open_page("explorer", {"fn": "leaky_relu"})
    props = activations.properties("leaky_relu")
    text = " ".join(m.value for m in at.markdown)
    assert f"| Zero-centred | no (mean {props.mean_output:.3g}, RMS" in text
    captions = " ".join(c.value for c in at.caption)
    assert activations.ZERO_CENTRED_DEFINITION in captions


@pytest.mark.parametrize("key", list(activations.REGISTRY))
def test_the_default_probe_shows_its_tangent(key: str) -> None:
    """The probe starts inside the plotted range, off every kink, where the slope (from the
    core, not the page) is large enough for the tangent to stand off a flat tail: only a
    function flat everywhere may start on a slope of 0."""
    from ui.explorer_view import default_probe

    spec = activations.get(key)
    lo, hi = spec.default_range
    x0 = default_probe(spec, spec.defaults(), lo, hi)
    assert lo < x0 < hi
    assert all(abs(x0 - k) >= 0.04 * (hi - lo) for k in spec.breakpoints)
    grid = np.linspace(lo, hi, 2001)
    flat_everywhere = np.all(spec.derivative(grid) == 0)
    assert flat_everywhere or abs(float(spec.derivative(x0))) >= 0.1


def test_play_frames_keep_the_break_at_a_jump() -> None:
    """Leaky ReLU's f′ jumps from α to 1 at 0: the still chart has a gap there, and so has
    every frame of the sweep, at the same place (no vertical connector while it plays)."""
    at = open_page("explorer", {"fn": "leaky_relu", "alpha": "0.3", "range": ["-4", "4"]})
    figure = charts(at)[0]
    still = named(figure, "f′(x)")
    gap = still["x"].index(None)
    assert still["x"][gap - 1] <= 0.0 <= still["x"][gap + 1]
    play = figure["layout"]["updatemenus"][0]["buttons"][0]["args"][0]
    for frame in play:
        if float(frame["name"]) == 1.0:  # α = 1: f′ = 1 on both sides, no jump to break
            continue
        moving = frame_trace(figure, frame, "f′(x)")
        cut = moving["x"].index(None)
        left, right = moving["y"][cut - 1], moving["y"][cut + 1]
        assert moving["x"][cut - 1] <= 0.0 <= moving["x"][cut + 1]
        alpha = float(frame["name"])
        assert {round(left, 4), round(right, 4)} == {round(alpha, 4), 1.0}
