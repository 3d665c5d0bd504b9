"""Computed properties against known mathematical facts (never the library's own output)."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

import activations
from tests import reference

INF = math.inf
SELU_FLOOR = -float(reference.SELU_SCALE * reference.SELU_ALPHA)

# (lo, hi, lo_closed, hi_closed) from the definitions; finite sets as a tuple of values.
OUTPUT_RANGES = {
    "identity": (-INF, INF, False, False),
    "binary_step": (0.0, 1.0),
    "sigmoid": (0.0, 1.0, False, False),
    "hard_sigmoid": (0.0, 1.0, True, True),
    "tanh": (-1.0, 1.0, False, False),
    "hardtanh": (-1.0, 1.0, True, True),
    "softsign": (-1.0, 1.0, False, False),
    "arctan": (-math.pi / 2, math.pi / 2, False, False),
    "relu": (0.0, INF, True, False),
    "relu6": (0.0, 6.0, True, True),
    "leaky_relu": (-INF, INF, False, False),
    "prelu": (-INF, INF, False, False),
    "elu": (-1.0, INF, False, False),
    "celu": (-1.0, INF, False, False),
    "selu": (SELU_FLOOR, INF, False, False),
    "gelu": (-0.169971, INF, True, False),
    "gelu_tanh": (-0.170041, INF, True, False),
    "swish": (-0.278465, INF, True, False),
    "mish": (-0.308843, INF, True, False),
    "softplus": (0.0, INF, False, False),
    "logsigmoid": (-INF, 0.0, False, False),
    "hardswish": (-0.375, INF, True, False),
    "tanhshrink": (-INF, INF, False, False),
    "gaussian": (0.0, 1.0, False, True),
}

SMOOTHNESS = {
    "binary_step": "discontinuous",
    **dict.fromkeys(
        ["hard_sigmoid", "hardtanh", "relu", "relu6", "leaky_relu", "prelu", "selu", "hardswish"],
        "C0",
    ),
    **dict.fromkeys(["softsign", "elu", "celu"], "C1"),
}

DEAD_ZONES = {
    "binary_step": ((-INF, INF),),
    "hard_sigmoid": ((-INF, -3.0), (3.0, INF)),
    "hardtanh": ((-INF, -1.0), (1.0, INF)),
    "relu": ((-INF, 0.0),),
    "relu6": ((-INF, 0.0), (6.0, INF)),
    "hardswish": ((-INF, -3.0),),
}

BOTH = {"binary_step", "sigmoid", "hard_sigmoid", "tanh", "hardtanh", "softsign", "arctan"}
BOTH |= {"relu6", "gaussian"}
LEFT = {"relu", "elu", "celu", "selu", "gelu", "gelu_tanh", "swish", "mish", "hardswish"}
LEFT |= {"softplus"}
RIGHT = {"logsigmoid"}
NOT_MONOTONIC = {"gelu", "gelu_tanh", "swish", "mish", "hardswish", "gaussian"}


@pytest.mark.parametrize("key", activations.REGISTRY)
def test_output_range(key: str) -> None:
    props = activations.properties(key)
    expected = OUTPUT_RANGES[key]
    if len(expected) == 2:
        assert props.output_range.values == expected
        return
    lo, hi, lo_closed, hi_closed = expected
    assert props.output_range.lo == pytest.approx(lo, abs=1e-6)
    assert props.output_range.hi == pytest.approx(hi, abs=1e-6)
    assert (props.output_range.lo_closed, props.output_range.hi_closed) == (lo_closed, hi_closed)


@pytest.mark.parametrize("key", activations.REGISTRY)
def test_smoothness_saturation_dead_zones_monotonicity(key: str) -> None:
    props = activations.properties(key)
    assert props.smoothness == SMOOTHNESS.get(key, "Cinf")
    assert props.dead_zones == DEAD_ZONES.get(key, ())
    assert props.saturates_left == (key in BOTH | LEFT)
    assert props.saturates_right == (key in BOTH | RIGHT)
    assert props.monotonic == (key not in NOT_MONOTONIC)


@pytest.mark.parametrize("key", activations.REGISTRY)
def test_derivative_range_contains_a_dense_sample(key: str) -> None:
    """Cross-check: f' on a dense grid stays inside the computed range and reaches its ends."""
    spec = activations.get(key)
    props = activations.properties(key)
    x = np.linspace(-30, 30, 600_001)
    slopes = spec.derivative(x)
    rng = props.derivative_range
    assert rng.lo - 1e-12 <= slopes.min() and slopes.max() <= rng.hi + 1e-12
    # An attained end is reached on the grid; an open one may be an asymptote at infinity.
    if rng.hi_closed or rng.values is not None:
        assert slopes.max() == pytest.approx(rng.hi, abs=1e-4)
    if rng.lo_closed or rng.values is not None:
        assert slopes.min() == pytest.approx(rng.lo, abs=1e-4)
    assert props.max_slope == pytest.approx(np.abs(slopes).max(), abs=1e-4)


def test_documented_facts() -> None:
    sigmoid = activations.properties("sigmoid")
    assert (sigmoid.max_slope, sigmoid.max_slope_x) == (pytest.approx(0.25), pytest.approx(0.0))
    tanh = activations.properties("tanh")
    assert (tanh.max_slope, tanh.max_slope_x) == (pytest.approx(1.0), pytest.approx(0.0))
    assert activations.properties("gelu").minimum == pytest.approx((-0.751792, -0.169971), abs=1e-6)
    assert activations.properties("swish").minimum == pytest.approx(
        (-1.278465, -0.278465), abs=1e-6
    )
    mish = activations.properties("mish")
    assert mish.minimum == pytest.approx((-1.192431, -0.308843), abs=1e-6)
    assert mish.df0 == pytest.approx(0.6, rel=1e-15)


def test_gelu_minimum_against_mpmath_root() -> None:
    """The minimum's location is where the reference's derivative vanishes, to 12 digits."""
    root = mp.findroot(lambda t: reference.derivative("gelu", t), -0.75)
    x, value = activations.properties("gelu").minimum
    assert x == pytest.approx(float(root), abs=1e-10)
    assert value == pytest.approx(float(reference.value("gelu", float(root))), abs=1e-14)


@pytest.mark.parametrize("beta", [0.1, 0.5, 2.0, 10.0])
def test_swish_minimum_follows_its_scaling_law(beta: float) -> None:
    """swish_β(x) = silu(βx)/β, so the minimum moves to x/β and its depth divides by β."""
    x1, f1 = activations.properties("swish", beta=1.0).minimum
    x, f = activations.properties("swish", beta=beta).minimum
    assert (x, f) == (pytest.approx(x1 / beta, rel=1e-9), pytest.approx(f1 / beta, rel=1e-9))


def test_properties_follow_parameters() -> None:
    assert activations.properties("elu", alpha=2.0).output_range.lo == pytest.approx(-2.0)
    assert activations.properties("elu", alpha=2.0).smoothness == "C0"
    assert activations.properties("elu", alpha=2.0).df0 == 2.0
    leaky_zero = activations.properties("leaky_relu", alpha=0.0)
    assert leaky_zero.output_range.lo_closed and leaky_zero.dead_zones == ((-INF, 0.0),)
    assert activations.properties("leaky_relu", alpha=1.0).smoothness == "Cinf"
    assert activations.properties("swish", beta=0.0).monotonic
    assert activations.properties("relu").derivative_range.values == (0.0, 1.0)
    assert activations.properties("leaky_relu", alpha=0.2).derivative_range.values == (0.2, 1.0)


def test_hardswish_slope_supremum_is_not_attained() -> None:
    props = activations.properties("hardswish")
    assert props.max_slope == pytest.approx(1.5, abs=1e-9) and not props.max_slope_attained
    assert str(props.derivative_range) == "(−0.5, 1.5)"


def _normal_moments(key: str, **params: float) -> tuple[float, float]:
    """E[f(z)] and √E[f(z)²] for z ~ N(0, 1), by mpmath quadrature of the reference definition,
    split at the kinks (the mass beyond 12 standard deviations is below 1e-32)."""
    spec = activations.get(key)
    mp_params = {name: mp.mpf(v) for name, v in params.items()}
    f = reference.REFERENCE[key]
    with mp.workdps(20):
        points = [-12, *[mp.mpf(b) for b in spec.breakpoints], 12]

        def density(z: mp.mpf) -> mp.mpf:
            return mp.exp(-(z**2) / 2) / mp.sqrt(2 * mp.pi)

        mean = mp.quad(lambda z: f(z, **mp_params) * density(z), points)
        square = mp.quad(lambda z: f(z, **mp_params) ** 2 * density(z), points)
    return float(mean), float(mp.sqrt(square))


@pytest.mark.parametrize("key", activations.REGISTRY)
def test_mean_output_for_a_standard_normal_input_against_mpmath(key: str) -> None:
    spec = activations.get(key)
    props = activations.properties(key)
    mean, rms = _normal_moments(key, **spec.defaults())
    assert props.mean_output == pytest.approx(mean, rel=1e-9, abs=1e-12)
    assert props.rms_output == pytest.approx(rms, rel=1e-9)


# Zero-centred in the usual sense: a mean output near 0 for zero-mean inputs. The figures
# for z ~ N(0, 1): Leaky ReLU 0.395 and ReLU 0.399 (both no); GELU 0.282, Swish 0.207, ELU 0.161.
ZERO_CENTRED = {"identity", "tanh", "hardtanh", "softsign", "arctan", "selu", "tanhshrink"}


def test_zero_centred_means_a_mean_output_near_zero() -> None:
    zero_centred = {k for k in activations.REGISTRY if activations.properties(k).zero_centred}
    assert zero_centred == ZERO_CENTRED
    expected = {"leaky_relu": 0.395, "relu": 0.399, "gelu": 0.282, "swish": 0.207, "elu": 0.161}
    for key, mean in expected.items():
        assert activations.properties(key).mean_output == pytest.approx(mean, abs=5e-4)
    # The definition the page shows states the tolerance that is applied.
    assert "within 5% of the output's RMS" in activations.ZERO_CENTRED_DEFINITION
    assert activations.properties("leaky_relu", alpha=1.0).zero_centred  # the identity


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.5, 0.99])
def test_elu_derivative_range_is_a_union_below_alpha_one(alpha: float) -> None:
    """f′ = α eˣ on x ≤ 0 takes (0, α] (just {0} at α = 0), and 1 on x > 0: the set has a gap."""
    props = activations.properties("elu", alpha=alpha)
    rng = props.derivative_range
    if alpha == 0.0:
        assert rng.values == (0.0, 1.0)
        assert str(rng) == "{0, 1}"
        return
    assert rng.parts is not None and len(rng.parts) == 2
    assert str(rng) == f"(0, {alpha:g}] ∪ {{1}}"
    slopes = activations.get("elu").derivative(np.linspace(-40, 40, 80_001), alpha=alpha)
    assert all(value in rng for value in slopes[slopes > 0])
    assert (alpha + 1) / 2 not in rng  # the gap between α and 1


@pytest.mark.parametrize("alpha", [1.0, 2.0])
def test_elu_derivative_range_is_one_interval_from_alpha_one(alpha: float) -> None:
    assert str(activations.properties("elu", alpha=alpha).derivative_range) == f"(0, {alpha:g}]"


def test_interval_membership_respects_open_and_closed_ends() -> None:
    relu = activations.properties("relu")
    assert 0.0 in relu.output_range and -1e-300 not in relu.output_range
    sigmoid = activations.properties("sigmoid")
    assert 0.0 not in sigmoid.output_range and 1.0 not in sigmoid.output_range
    assert 0.25 in sigmoid.derivative_range


def test_a_jump_is_called_a_jump_not_a_kink() -> None:
    """Binary step's card: no kink, a jump at 0; ReLU's: a kink at 0, no jump row."""
    from ui.cards import property_rows

    step = dict(property_rows(activations.properties("binary_step")))
    assert step["Kinks"] == "none" and step["Jumps"] == "x = 0"
    relu = dict(property_rows(activations.properties("relu")))
    assert relu["Kinks"] == "x = 0" and "Jumps" not in relu


@pytest.mark.parametrize(
    "spec",
    [*activations.REGISTRY, "custom:x - 3", "custom:-exp(x) - 1e-5", "custom:min(x, -alpha)"],
)
def test_cards_write_minus_signs_not_hyphens(spec: str) -> None:
    """Every number on a card has its minus sign as the charts print it ("−", U+2212): LogSigmoid's
    f(0) = −0.6931 was once "-0.6931", and a typed formula's ranges and minima are negative."""
    import re

    from activations.typed import custom
    from ui.cards import property_rows

    fn = custom(spec.removeprefix("custom:")) if spec.startswith("custom:") else spec
    rows = property_rows(activations.properties(fn))
    signs = [value for _, value in rows if re.search(r"-[0-9.∞]", value)]
    assert not signs
    if spec == "logsigmoid":
        assert dict(rows)["f(0)"] == "−0.6931"  # log(1/2), not copied from the code
