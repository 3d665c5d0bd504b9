"""Simulation against mean-field theory, the Gaussian expectations, the chain and the phase diagram."""

from __future__ import annotations

import dataclasses

import mpmath as mp
import numpy as np
import pytest

import activations
from activations import propagation
from activations.propagation import (
    chain,
    expected_square,
    grams,
    mean_field,
    phase_diagram,
    simulate,
    simulate_many,
    truncate,
)
from tests import reference
from tests.tolerance import SAME_NUMBERS

FIELDS = ("grad_rms", "weight_grad_rms", "act_rms", "preact_rms", "percentiles")


def assert_same_simulation(
    a: propagation.Simulation, b: propagation.Simulation, units: int
) -> None:
    """Two simulations of one network by different routes: every measurement to rounding, and
    the fractions of saturated and dead units (out of ``units`` per layer) to within one unit:
    a unit exactly at a threshold could fall either side after a last-bit difference."""
    for field in FIELDS:
        np.testing.assert_allclose(getattr(a, field), getattr(b, field), **SAME_NUMBERS)
    for field in ("saturated_fraction", "dead_fraction"):
        np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=0, atol=1.01 / units)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("relu", 0.5), ("tanh", 0.464403), ("sigmoid", 0.044836)],
)
def test_documented_slope_expectations(key: str, expected: float) -> None:
    assert float(expected_square(key, 1.0, derivative=True)) == pytest.approx(expected, abs=2e-6)


@pytest.mark.parametrize("key", ["relu", "tanh", "sigmoid", "gelu", "hardswish", "relu6"])
def test_expectations_against_mpmath_quadrature(key: str) -> None:
    """Independent check: mpmath integrates the reference definitions, split at the kinks.

    The derivative reference is differentiated numerically by mpmath, away from the kinks, at
    20 digits; the Gaussian mass beyond 12 standard deviations is below 1e-32."""
    spec = activations.get(key)
    q = 2.0
    f = reference.REFERENCE[key]
    with mp.workdps(20):
        edge = 12 * mp.sqrt(q)
        points = [-edge, *[mp.mpf(b) for b in spec.breakpoints if abs(b) < edge], edge]

        def density(h: mp.mpf) -> mp.mpf:
            return mp.exp(-(h**2) / (2 * q)) / mp.sqrt(2 * mp.pi * q)

        value = mp.quad(lambda h: f(h) ** 2 * density(h), points)
        slope = mp.quad(lambda h: mp.diff(f, h) ** 2 * density(h), points)
    assert float(expected_square(key, q)) == pytest.approx(float(value), rel=1e-9)
    assert float(expected_square(key, q, derivative=True)) == pytest.approx(float(slope), rel=1e-9)


CASES = [
    # (activation, sigma_w2, sigma_b2): the well-conditioned cases of the issue.
    ("relu", 2.0, 0.0),
    ("relu", 1.0, 0.0),
    ("tanh", 1.0, 0.0),
    ("selu", 1.0, 0.0),
]


@pytest.mark.parametrize(("key", "sigma_w2", "sigma_b2"), CASES)
def test_simulation_agrees_with_mean_field(key: str, sigma_w2: float, sigma_b2: float) -> None:
    depth = 16
    sim = simulate(key, depth, 512, 256, sigma_w2, sigma_b2, seed=1)
    theory = mean_field(key, depth, sigma_w2, sigma_b2)
    gap = np.abs(np.log10(sim.grad_rms) - np.log10(theory.grad_rms))
    assert gap.max() <= 0.1, gap
    # The forward variance of a finite-width network is a random walk in log space, so it is
    # compared per layer: each layer's step matches theory within 0.1 decades.
    step_gap = np.abs(np.diff(np.log10(sim.preact_rms**2)) - np.diff(np.log10(theory.q)))
    assert step_gap.max() <= 0.1, step_gap


def test_relu_he_stays_flat_and_xavier_halves() -> None:
    flat = mean_field("relu", 20, 2.0, 0.0)
    np.testing.assert_allclose(flat.chi, 1.0, rtol=1e-12)
    halves = mean_field("relu", 20, 1.0, 0.0)
    np.testing.assert_allclose(
        halves.grad_rms[:-1] ** 2 / halves.grad_rms[1:] ** 2, 0.5, rtol=1e-12
    )
    sim = simulate("relu", 20, 512, 256, 1.0, 0.0, seed=3)
    per_layer = (sim.grad_rms[0] / sim.grad_rms[-1]) ** (2 / 19)
    assert per_layer == pytest.approx(0.5, rel=0.05)


def test_simulation_is_deterministic_and_float64_reaches_tiny_gradients() -> None:
    a = simulate("sigmoid", 40, 64, 32, 1.0, 0.0, seed=5)
    b = simulate("sigmoid", 40, 64, 32, 1.0, 0.0, seed=5)
    np.testing.assert_array_equal(a.grad_rms, b.grad_rms)
    assert a.grad_rms[0] < 1e-20  # far below float32's normal range (~1e-38 is its floor)
    assert a.grad_rms[0] > 0


def test_simulation_shapes_and_fractions() -> None:
    sim = simulate("relu", 7, 256, 64, 2.0, 0.1, seed=0)
    for field in ("grad_rms", "weight_grad_rms", "act_rms", "preact_rms"):
        assert getattr(sim, field).shape == (7,)
    assert sim.percentiles.shape == (7, 5)
    assert np.all(np.diff(sim.percentiles, axis=1) >= 0)
    # ReLU is dead on negative inputs: about half the units, and dead implies saturated.
    assert np.all(np.abs(sim.dead_fraction - 0.5) < 0.1)
    assert np.all(sim.saturated_fraction >= sim.dead_fraction)


def test_simulation_weight_gradient_matches_a_direct_computation() -> None:
    """A one-layer network, backpropagated by hand (a batch of 3 under width 8: the Gram form)."""
    sim = simulate("tanh", 1, 8, 3, 1.0, 0.5, seed=9)
    rng = np.random.default_rng(9)
    x0 = rng.standard_normal((3, 8))
    w = rng.standard_normal((8, 8)) * np.sqrt(1.0 / 8)
    b = rng.standard_normal(8) * np.sqrt(0.5)
    upstream = rng.standard_normal((3, 8))
    h = x0 @ w + b
    delta = upstream * (1 - np.tanh(h) ** 2)
    assert sim.grad_rms[0] == pytest.approx(np.sqrt(np.mean(delta**2)), rel=1e-12)
    assert sim.weight_grad_rms[0] == pytest.approx(np.sqrt(np.mean((x0.T @ delta) ** 2)), rel=1e-12)
    assert sim.act_rms[0] == pytest.approx(np.sqrt(np.mean(np.tanh(h) ** 2)), rel=1e-12)


def test_two_layers_backpropagated_by_hand_with_a_batch_wider_than_the_layer() -> None:
    """Through the second layer's weights, and the weight gradient formed directly (batch ≥ width)."""
    sim = simulate("relu", 2, 3, 7, 2.0, 0.2, seed=4)
    rng = np.random.default_rng(4)
    x0 = rng.standard_normal((7, 3))
    w1 = rng.standard_normal((3, 3)) * np.sqrt(2.0 / 3)
    b1 = rng.standard_normal(3) * np.sqrt(0.2)
    w2 = rng.standard_normal((3, 3)) * np.sqrt(2.0 / 3)
    b2 = rng.standard_normal(3) * np.sqrt(0.2)
    upstream = rng.standard_normal((7, 3))
    h1 = x0 @ w1 + b1
    x1 = np.maximum(h1, 0)
    h2 = x1 @ w2 + b2
    delta2 = upstream * (h2 > 0)
    delta1 = (delta2 @ w2.T) * (h1 > 0)
    rms = lambda a: np.sqrt(np.mean(a**2))  # noqa: E731
    np.testing.assert_allclose(sim.grad_rms, [rms(delta1), rms(delta2)], rtol=1e-12)
    np.testing.assert_allclose(
        sim.weight_grad_rms, [rms(x0.T @ delta1), rms(x1.T @ delta2)], rtol=1e-12
    )


def _backpropagated_by_hand(key, depth, width, batch, sigma_w2, sigma_b2, seed):
    """The documented network in plain NumPy: every array fresh, nothing kept between layers."""
    spec = activations.get(key)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    inputs, weights, preacts = [], [], []
    for _ in range(depth):
        w = rng.standard_normal((width, width)) * np.sqrt(sigma_w2 / width)
        h = x @ w + rng.standard_normal(width) * np.sqrt(sigma_b2)
        inputs.append(x), weights.append(w), preacts.append(h)
        x = spec.value(h)
    grad = rng.standard_normal((batch, width))
    rms = lambda a: np.sqrt(np.mean(a**2))  # noqa: E731
    grad_rms, weight_grad_rms = [], []
    for x, w, h in reversed(list(zip(inputs, weights, preacts, strict=True))):
        delta = grad * spec.derivative(h)
        grad_rms.insert(0, rms(delta))
        weight_grad_rms.insert(0, rms(x.T @ delta))
        grad = delta @ w.T
    return np.array(grad_rms), np.array(weight_grad_rms)


@pytest.mark.parametrize("sigma_b2", [0.0, 0.3])
@pytest.mark.parametrize(("width", "batch"), [(12, 4), (5, 9)])  # the Gram form, then not
def test_deep_networks_backpropagated_by_hand(width: int, batch: int, sigma_b2: float) -> None:
    """Five layers, so every buffer simulate reuses between layers is reused more than once."""
    keys = ("gelu", "tanh")
    together = simulate_many(keys, 5, width, batch, 1.7, sigma_b2, seed=2)
    for key, sim in zip(keys, together, strict=True):
        for result in (sim, simulate(key, 5, width, batch, 1.7, sigma_b2, seed=2)):
            grad_rms, weight_grad_rms = _backpropagated_by_hand(
                key, 5, width, batch, 1.7, sigma_b2, 2
            )
            np.testing.assert_allclose(result.grad_rms, grad_rms, rtol=1e-12)
            np.testing.assert_allclose(result.weight_grad_rms, weight_grad_rms, rtol=1e-12)


def test_an_activation_that_returns_its_input_keeps_its_layers() -> None:
    """simulate writes each layer's product into one buffer; an activation whose value is that
    very array (legal for a spec) must not see it overwritten by the next layer."""
    identity = activations.get("identity")
    in_place = dataclasses.replace(identity, fused=lambda x: (x, np.ones_like(x)))
    aliased = simulate(in_place, 6, 10, 4, 1.0, 0.1, seed=5)
    fresh = simulate("identity", 6, 10, 4, 1.0, 0.1, seed=5)
    assert_same_simulation(aliased, fresh, 4 * 10)
    # Overwritten layers would be wrong by far more than rounding: the hand computation agrees.
    grad_rms, _ = _backpropagated_by_hand("identity", 6, 10, 4, 1.0, 0.1, 5)
    np.testing.assert_allclose(aliased.grad_rms, grad_rms, **SAME_NUMBERS)


@pytest.mark.parametrize("budget", [propagation.WEIGHT_MEMORY_BUDGET, 0])
def test_simulate_many_is_simulate_for_each_key(budget: int, monkeypatch) -> None:
    """Shared draws change nothing, and neither do weights drawn again past the memory budget."""
    keys = ("sigmoid", "relu", "gelu", "leaky_relu")
    monkeypatch.setattr(propagation.budgets, "WEIGHT_MEMORY_BUDGET", budget)
    together = simulate_many(keys, 9, 24, 5, 1.3, 0.1, seed=11)
    monkeypatch.undo()
    for key, shared in zip(keys, together, strict=True):
        # One (4·5, 24) product per layer against four (5, 24) ones: different BLAS calls.
        assert_same_simulation(shared, simulate(key, 9, 24, 5, 1.3, 0.1, seed=11), 5 * 24)


@pytest.mark.parametrize("keep_weights", [True, False])
def test_kept_draws_give_exactly_a_fresh_run(keep_weights: bool) -> None:
    """One Draws reused for another depth (deeper, then shallower), σ_w², σ_b² and activation."""
    draws = propagation.Draws(3, 16, 6, keep_weights=keep_weights)
    for keys, depth, sigma_w2, sigma_b2 in [
        (("tanh",), 5, 1.0, 0.0),
        (("relu", "sigmoid"), 12, 2.0, 0.3),
        (("gelu",), 8, 0.7, 0.1),
    ]:
        reused = simulate_many(keys, depth, 16, 6, sigma_w2, sigma_b2, 3, draws=draws)
        for key, sim in zip(keys, reused, strict=True):
            assert_same_simulation(sim, simulate(key, depth, 16, 6, sigma_w2, sigma_b2, 3), 6 * 16)
    assert draws.depth == 12
    with pytest.raises(ValueError, match="seed"):
        simulate_many(("tanh",), 4, 16, 6, 1.0, 0.0, 4, draws=draws)


def test_a_kept_network_gives_exactly_a_fresh_run_at_every_depth() -> None:
    keys = ("tanh", "relu", "swish")
    network = propagation.Network(keys, 20, 6, 1.5, 0.2, 8)
    for depth in (6, 15, 3, 15, 9):
        kept = network.run(depth)
        fresh = simulate_many(keys, depth, 20, 6, 1.5, 0.2, 8)
        for a, b in zip(kept, fresh, strict=True):
            assert_same_simulation(a, b, 6 * 20)
    assert network.depth == 15


def test_gradients_far_below_float64_squares_still_measure() -> None:
    """σ_w² = 0.1 sigmoid: the gradient falls to about 1e-220, whose square is below float64."""
    sim = simulate("sigmoid", 200, 32, 16, 0.1, 0.0, seed=0)
    theory = mean_field("sigmoid", 200, 0.1, 0.0)
    assert 0 < sim.grad_rms[0] < 1e-200 and 0 < sim.weight_grad_rms[0] < 1e-200
    # Its size still follows theory (loosely: a narrow net wanders), instead of reading zero.
    assert abs(np.log10(sim.grad_rms[0] / theory.grad_rms[0])) < 1.5
    huge = np.full((3, 4), 1e200)
    assert grams._rms(huge) == pytest.approx(1e200, rel=1e-15)
    assert grams._rms(huge * 1e-300 * 1e-100) == pytest.approx(1e-200, rel=1e-15)


@pytest.mark.parametrize("key", ["relu", "tanh", "selu", "hardtanh"])
def test_truncated_theory_is_theory_at_that_depth(key: str) -> None:
    deep = mean_field(key, 80, 1.5, 0.05)
    for depth in (1, 2, 17, 80):
        short, direct = truncate(deep, depth), mean_field(key, depth, 1.5, 0.05)
        for field in ("q", "chi", "grad_rms", "slope_mean_square"):
            # Quadrature over arrays of another length: vectorised sums may round differently.
            np.testing.assert_allclose(getattr(short, field), getattr(direct, field), rtol=1e-13)
    with pytest.raises(ValueError, match="depth"):
        truncate(deep, 81)


def test_chain_product_and_sigmoid_bound() -> None:
    result = chain("sigmoid", 10, 0.5, 1.0)
    a, product = 0.5, 1.0
    for layer in range(10):
        s = 1 / (1 + np.exp(-a))
        product *= s * (1 - s)
        a = s
        assert result.values[layer] == pytest.approx(a, rel=1e-14)
        assert result.product[layer] == pytest.approx(product, rel=1e-12)
    assert np.all(np.abs(result.product) <= 0.25 ** np.arange(1, 11))
    assert np.all(chain("relu", 10, 0.5, 1.0).product == 1.0)


@pytest.mark.parametrize(("key", "critical"), [("relu", 2.0), ("tanh", 1.0)])
def test_phase_diagram_critical_line(key: str, critical: float) -> None:
    grid = np.linspace(0.5, 3.5, 31)
    phase = phase_diagram(key, grid, [0.0, 0.2])
    chi = phase.chi[0]
    below, above = grid < critical - 0.05, grid > critical + 0.05
    assert np.all(chi[below] < 1) and np.all(chi[above] > 1)
    assert chi[np.argmin(np.abs(grid - critical))] == pytest.approx(1.0, abs=0.01)
    assert phase.chi.shape == (2, 31)


def test_tanh_bias_moves_the_critical_line_right() -> None:
    grid = np.linspace(0.5, 3.5, 61)
    chi = phase_diagram("tanh", grid, [0.0, 0.3]).chi
    crossing = [grid[np.argmax(row > 1)] for row in chi]
    assert crossing[1] > crossing[0]


def test_sample_percentiles_match_numpy() -> None:
    from activations.propagation.simulation import (
        PERCENTILE_SAMPLE,
        PERCENTILES,
        _sample_percentiles,
    )

    rows = np.random.default_rng(4).standard_normal((3, 64 * 256))  # one row per network
    for row, percentiles in zip(rows, _sample_percentiles(rows), strict=True):
        expected = np.percentile(row[:PERCENTILE_SAMPLE], PERCENTILES)
        np.testing.assert_allclose(percentiles, expected, rtol=1e-12)
    small = np.arange(10.0).reshape(2, 5)
    for row, percentiles in zip(small, _sample_percentiles(small), strict=True):
        np.testing.assert_allclose(percentiles, np.percentile(row, PERCENTILES))


def test_sigmoid_chain_bound_holds_for_every_start() -> None:
    from activations.propagation import sigmoid_chain_bound

    bound = sigmoid_chain_bound(12, 1.0)
    np.testing.assert_allclose(bound, 0.25 ** np.arange(1, 13))
    for x0 in (-3.0, 0.0, 0.5, 4.0):
        assert np.all(np.abs(chain("sigmoid", 12, x0, 1.0).product) <= bound)


@pytest.mark.parametrize(
    ("x_size", "delta_size"),
    [
        (1.0, 1.0),
        (1e-200, 1.0),
        (1.0, 1e-200),
        (1e-150, 1e-150),
        (1e150, 1e150),
        (1e100, 1e100),
        (1e-100, 1e-100),
        (1e-280, 1e280),
    ],
)
def test_gradients_from_gram_matrices_equal_the_direct_ones_at_any_scale(
    x_size: float, delta_size: float
) -> None:
    """The Gram form (batch 5 under width 12) against X^T Δ of unit-sized arrays, scaled after
    squaring could no longer under- or overflow: squares scaled first (1e±150 and beyond), and
    sums normalised first (1e±100: each trace fits in float64, their product does not)."""
    rng = np.random.default_rng(2)
    x, delta = rng.standard_normal((2, 1, 5, 12))
    assert grams.gram_form(5, 12)
    delta_rms, weight_rms = grams._gradient_rms(grams._gram(x * x_size), delta * delta_size, 12)
    expected = np.sqrt(np.mean((x[0].T @ delta[0]) ** 2)) * x_size * delta_size
    assert weight_rms[0] == pytest.approx(expected, rel=1e-12)
    # Δ's own RMS comes from the same Gram matrix's trace, at every scale too.
    assert delta_rms[0] == pytest.approx(np.sqrt(np.mean(delta**2)) * delta_size, rel=1e-12)


@pytest.mark.parametrize("case", ["zero", "nan", "inf", "subnormal"])
def test_delta_rms_from_the_gram_trace_is_the_direct_rms_for_odd_values(case: str) -> None:
    """The trace-based RMS of Δ equals _stack_rms's where squares fail: all zero, a NaN, an
    infinity, subnormal values whose squares are 0."""
    rng = np.random.default_rng(3)
    x, delta = rng.standard_normal((2, 1, 5, 12))
    unit_rms = np.sqrt(np.mean(delta**2))
    if case == "zero":
        delta[:] = 0.0
    elif case == "subnormal":
        delta *= 1e-310
    else:
        delta[0, 2, 7] = np.nan if case == "nan" else np.inf
    with np.errstate(invalid="ignore"):  # inf · 0 in the Gram product
        delta_rms, _ = grams._gradient_rms(grams._gram(x), delta, 12)
    # A trace from a matrix product against a dot product: equal to rounding (NaN and inf alike).
    np.testing.assert_allclose(delta_rms, grams._stack_rms(delta), **SAME_NUMBERS)
    expected = {"zero": 0.0, "nan": np.nan, "inf": np.inf}.get(case)
    if expected is None:
        assert delta_rms[0] == pytest.approx(unit_rms * 1e-310, rel=1e-12)
    else:
        np.testing.assert_array_equal(delta_rms, [expected])


@pytest.mark.parametrize(("width", "batch"), [(24, 6), (6, 24)])  # the Gram form, then not
def test_forward_bytes_is_what_a_kept_network_holds(width: int, batch: int) -> None:
    """The budget the app checks before keeping a network matches the arrays it really keeps."""
    network = propagation.Network(("tanh", "relu"), width, batch, 1.0, 0.1, seed=1)
    network.run(7)
    forward = network._forward
    kept = [s.nbytes for s in forward.slopes]
    kept += [k.matrix.nbytes if isinstance(k, grams._Gram) else 0 for k in forward.inputs]
    if not forward.gram_form:  # inputs kept whole; the first, x0, is shared by the networks,
        # and forward_bytes counts it once for each (an overestimate by one small array)
        kept += [2 * batch * width * 8] + [k.nbytes for k in forward.inputs[1:]]
    kept.append(forward._preact.nbytes)
    assert sum(kept) == propagation.forward_bytes(2, 7, width, batch)
