"""The gradient-flow page: depth, width, init and seed change the charts to the core's values."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from activations.propagation import chain, mean_field, simulate
from tests.apptest import charts, named, open_page, read_number, trace, warnings_text
from tests.tolerance import SAME_NUMBERS
from ui.compute import simulation_batch


def layers_chart(at) -> dict:
    return charts(at)[1]


def test_link_draws_both_functions_with_core_values() -> None:
    at = open_page("gradients", {"depth": "12", "width": "64", "fns": ["tanh", "relu"]})
    figure = layers_chart(at)
    for key, name in (("tanh", "Tanh"), ("relu", "ReLU")):
        _, simulated = trace(figure, f"{name}: simulated")
        # The page runs both functions through one kept network: other BLAS shapes than a lone
        # simulate, so the same numbers to rounding (see tests/test_propagation.py).
        np.testing.assert_allclose(
            simulated,
            simulate(key, 12, 64, simulation_batch(64), 1.0, 0.0, 0).grad_rms,
            **SAME_NUMBERS,
        )
        _, theory = trace(figure, f"{name}: mean-field theory")
        # Cut from a cached deeper run (truncate): vectorised over another length.
        np.testing.assert_allclose(theory, mean_field(key, 12, 1.0, 0.0).grad_rms, rtol=1e-13)
    _, product = trace(charts(at)[0], "ReLU")
    np.testing.assert_array_equal(product, np.abs(chain("relu", 12, 0.5, 1.0).product))


def test_changing_depth_and_init_changes_the_data() -> None:
    at = open_page("gradients", {"fns": ["relu"], "depth": "10", "width": "32"})
    _, xavier = trace(layers_chart(at), "ReLU: simulated")
    at.segmented_control(key="gradients.init").set_value("he").run()
    _, he = trace(layers_chart(at), "ReLU: simulated")
    np.testing.assert_allclose(
        he, simulate("relu", 10, 32, simulation_batch(32), 2.0, 0.0, 0).grad_rms, **SAME_NUMBERS
    )
    assert not np.array_equal(xavier, he)
    at.slider(key="gradients.depth").set_value(25).run()
    x, deeper = trace(layers_chart(at), "ReLU: simulated")
    assert len(deeper) == 25 and x[-1] == 25
    assert at.query_params["init"] == "he"
    assert at.query_params["depth"] == "25"


def test_custom_init_uses_the_slider() -> None:
    at = open_page(
        "gradients", {"fns": ["tanh"], "depth": "8", "width": "32", "init": "custom", "sw2": "2.5"}
    )
    _, theory = trace(layers_chart(at), "Tanh: mean-field theory")
    np.testing.assert_allclose(theory, mean_field("tanh", 8, 2.5, 0.0).grad_rms, rtol=1e-13)
    marker = named(charts(at)[-1], "current (σ<sub>w</sub><sup>2</sup>, σ<sub>b</sub><sup>2</sup>)")
    assert (marker["x"], marker["y"]) == ([2.5], [0.0])


def test_headline_metric() -> None:
    at = open_page("gradients", {"fns": ["sigmoid"], "depth": "30", "width": "64"})
    sim = simulate("sigmoid", 30, 64, simulation_batch(64), 1.0, 0.0, 0)
    ratio = sim.grad_rms[0] / sim.grad_rms[-1]
    shown = at.metric[0].value
    assert shown.endswith("×")
    # Two significant digits of the same ratio (a last-bit difference could round either way).
    assert read_number(shown[:-1]) == pytest.approx(ratio, rel=0.05)
    assert "e" not in shown  # 5.4·10⁻¹⁹, as a textbook prints it


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"depth": "100000"}, "outside"),
        ({"width": "99999"}, "outside"),
        ({"width": "300"}, "rounded to 256"),
        ({"depth": "2.5"}, "whole number"),
        ({"init": "bogus"}, "not one of the choices"),
        ({"fns": ["nope"]}, "fns=nope"),
        ({"sw2": "-1", "init": "custom"}, "outside"),
    ],
)
def test_bad_values_fall_back_with_a_note(query: dict, note: str) -> None:
    at = open_page("gradients", {"width": "32", **query} if "width" not in query else query)
    assert note in warnings_text(at)
    assert len(charts(at)) >= 4


def test_captions_state_the_core_numbers() -> None:
    from activations import properties
    from activations.propagation import SATURATION_THRESHOLD

    at = open_page("gradients", {"fns": ["sigmoid"], "depth": "5", "width": "32"})
    captions = " ".join(c.value for c in at.caption)
    slope = properties("sigmoid").max_slope
    assert slope == 0.25
    assert f"at most {slope:g}, so with w = 1 its product can never beat {slope:g}ᴸ" in captions
    assert f"Saturated: |φ′(h)| < {SATURATION_THRESHOLD:g}" in captions
    info = " ".join(i.value for i in at.info)
    assert r"for every $\sigma_w^2$ up to 4 and $\sigma_b^2$ up to 1" in info


def test_the_initialisation_help_states_the_cores_sigma_w2() -> None:
    """ "Xavier and LeCun: σ_w² = 1. He: σ_w² = 2.": the rules of Glorot & Bengio (2/(n_in +
    n_out)), LeCun (1/n_in) and He (2/n_in), times n_in at equal widths."""
    from activations import initialisation

    n = 256
    assert initialisation.variance("xavier", n, n) * n == pytest.approx(2 * n / (n + n))
    assert [initialisation.sigma_w2(k) for k in ("xavier", "lecun", "he")] == [1.0, 1.0, 2.0]
    assert initialisation.sigma_w2("custom", 1.7) == pytest.approx(1.7)


def test_sigmoids_bound_is_drawn_and_told_only_where_sigmoid_is_shown() -> None:
    bound = "sigmoid's bound 0.25ᴸ"
    with_sigmoid = open_page("gradients", {"fns": ["sigmoid", "relu"], "depth": "10"})
    without = open_page("gradients", {"fns": ["tanh", "relu"], "depth": "10"})
    assert bound in [t["name"] for t in charts(with_sigmoid)[0]["data"]]
    assert bound not in [t["name"] for t in charts(without)[0]["data"]]
    said = " ".join(c.value for c in with_sigmoid.caption)
    assert "Sigmoid's slope is at most 0.25" in said
    assert "Sigmoid's slope" not in " ".join(c.value for c in without.caption)


def test_the_units_small_multiples_share_one_y_range() -> None:
    """Each band chart is drawn on one range, which holds every function's 5th to 95th
    percentiles: sigmoid's (0, 1) and tanh's (−1, 1) are read on one scale."""
    at = open_page("gradients", {"fns": ["sigmoid", "tanh"], "depth": "10", "width": "64"})
    bands = [
        f for f in charts(at) if f["layout"].get("title", {}).get("text") in {"Sigmoid", "Tanh"}
    ]
    assert len(bands) == 2
    ranges = [tuple(f["layout"]["yaxis"]["range"]) for f in bands]
    assert ranges[0] == ranges[1]
    sims = [simulate(k, 10, 64, simulation_batch(64), 1.0, 0.0, 0) for k in ("sigmoid", "tanh")]
    low = min(s.percentiles[:, 0].min() for s in sims)
    high = max(s.percentiles[:, 4].max() for s in sims)
    assert ranges[0][0] <= low and high <= ranges[0][1]
    assert ranges[0][1] - ranges[0][0] <= 1.2 * (high - low)  # room, not a blank chart


def test_lines_that_coincide_are_named_under_their_chart() -> None:
    """Sigmoid and tanh have no dead units (their φ′ is never exactly 0): both "dead" lines lie
    on 0 all the way, one over the other, and the page says so. ReLU, Leaky ReLU and Identity
    pass a unit chain's gradient unchanged (φ′ = 1 for a positive input, w = 1): one line."""
    at = open_page("gradients", {"fns": ["sigmoid", "tanh"], "depth": "12", "width": "32"})
    for key in ("sigmoid", "tanh"):
        sim = simulate(key, 12, 32, simulation_batch(32), 1.0, 0.0, 0)
        assert np.all(sim.dead_fraction == 0.0)
    captions = [c.value for c in at.caption]
    assert "Sigmoid: dead φ′ = 0 and Tanh: dead φ′ = 0 coincide" in " ".join(captions)
    at = open_page("gradients", {"fns": ["relu", "leaky_relu", "identity"], "depth": "12"})
    for key in ("relu", "leaky_relu", "identity"):
        assert activations.get(key).derivative(0.5) == 1.0  # the chain starts at a₀ = 0.5 > 0
    assert "ReLU, Leaky ReLU and Identity coincide" in " ".join(c.value for c in at.caption)


def test_lines_apart_are_not_said_to_coincide() -> None:
    at = open_page("gradients", {"fns": ["sigmoid", "relu"], "depth": "12", "width": "32"})
    assert "coincide" not in " ".join(c.value for c in at.caption)
