"""Values and derivatives against 50-digit mpmath, kink conventions, and float64 robustness."""

from __future__ import annotations

import inspect
import math
import re

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import activations
from tests import reference

KEYS = list(activations.REGISTRY)
FLOAT_MAX = float(np.finfo(np.float64).max)

# A spread of points from the middle to the far tails; points near a breakpoint are dropped for the
# reference comparison because mpmath's numerical derivative is meaningless across a kink.
POINTS = np.concatenate(
    [
        np.linspace(-10.0, 10.0, 81) + 0.0137,
        [-1e-8, 1e-8, -1e-4, 1e-4, -0.3, 0.3, -0.49, 0.49, -0.51, 0.51],
        [-745.0, -700.0, -300.0, -100.0, -40.0, -20.0, 20.0, 40.0, 100.0, 300.0, 700.0],
    ]
)


def parameter_sets(spec: activations.Activation) -> list[dict[str, float]]:
    """Defaults, plus each parameter at its minimum, middle and maximum."""
    sets = [spec.defaults()]
    for p in spec.params:
        for v in (p.min, 0.5 * (p.min + p.max), p.max):
            sets.append({**spec.defaults(), p.name: v})
    return sets


CASES = [
    pytest.param(key, params, id=f"{key}-{params}")
    for key, spec in activations.REGISTRY.items()
    for params in parameter_sets(spec)
]


def assert_close(actual: float, expected: mp.mpf, what: str, rel: float = 2e-13) -> None:
    """Relative error against the reference, with an absolute floor only at float64's underflow."""
    expected_float = float(expected)
    error = abs(mp.mpf(actual) - expected)
    allowed = rel * abs(expected) + mp.mpf("1e-307")
    assert error <= allowed, f"{what}: got {actual!r}, want {expected_float!r}"


@pytest.mark.parametrize(("key", "params"), CASES)
def test_value_matches_mpmath(key: str, params: dict[str, float]) -> None:
    spec = activations.get(key)
    xs = [x for x in POINTS if all(abs(x - b) > 1e-3 for b in spec.breakpoints)]
    got = spec.value(xs, **params)
    for x, y in zip(xs, got, strict=True):
        assert_close(y, reference.value(key, x, **params), f"{key}({x}, {params})")


@pytest.mark.parametrize(("key", "params"), CASES)
def test_derivative_matches_mpmath(key: str, params: dict[str, float]) -> None:
    spec = activations.get(key)
    xs = [x for x in POINTS if all(abs(x - b) > 1e-3 for b in spec.breakpoints)]
    got = spec.derivative(xs, **params)
    for x, dy in zip(xs, got, strict=True):
        # Where f' crosses zero the result is a difference of O(1) terms, so its relative error
        # grows near the root; the absolute error stays at a few ulps of those terms.
        expected = reference.derivative(key, x, **params)
        error = abs(mp.mpf(dy) - expected)
        assert error <= 2e-13 * abs(expected) + mp.mpf("1e-307") or error <= 1e-15, (
            f"{key}'({x}, {params}): got {dy!r}, want {float(expected)!r}"
        )


def test_derivative_matches_complex_step_for_analytic_pieces() -> None:
    """A second, independent check: the complex-step derivative of the reference sigmoid."""
    for x in (-30.0, -3.0, 0.5, 12.0):
        h = 1e-30
        z = mp.mpc(x, h)
        complex_step = mp.im(1 / (1 + mp.exp(-z))) / h
        assert_close(activations.get("sigmoid").derivative(x), complex_step, f"sigmoid'({x})")


KINK_CONVENTIONS = [
    # PyTorch 2.x autograd at the kinks.
    ("relu", {}, 0.0, 0.0),
    ("leaky_relu", {"alpha": 0.01}, 0.0, 0.01),
    ("leaky_relu", {"alpha": 0.3}, 0.0, 0.3),
    ("prelu", {"alpha": 0.25}, 0.0, 0.25),
    ("elu", {"alpha": 1.0}, 0.0, 1.0),
    ("elu", {"alpha": 2.5}, 0.0, 2.5),
    ("celu", {"alpha": 1.0}, 0.0, 1.0),
    ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("selu", {}, 0.0, float(reference.SELU_SCALE * reference.SELU_ALPHA)),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("hardtanh", {}, -1.0, 0.0),
    ("hardtanh", {}, 1.0, 0.0),
    ("hard_sigmoid", {}, -3.0, 0.0),
    ("hard_sigmoid", {}, 3.0, 0.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 1.0),
    ("binary_step", {}, 0.0, 0.0),
]


@pytest.mark.parametrize(("key", "params", "x", "expected"), KINK_CONVENTIONS)
def test_kink_convention(key: str, params: dict[str, float], x: float, expected: float) -> None:
    assert activations.get(key).derivative(x, **params) == pytest.approx(expected, rel=1e-15)


def test_binary_step_is_one_at_zero() -> None:
    assert activations.get("binary_step").value([-1e-300, 0.0, 1e-300]).tolist() == [0, 1, 1]


TAILS = [
    # (key, function or derivative, x): values that naive forms round to 0 or lose entirely.
    ("sigmoid", "derivative", -700.0),
    ("sigmoid", "value", -700.0),
    ("tanh", "derivative", 20.0),
    ("softplus", "value", -700.0),
    ("logsigmoid", "value", 700.0),
    ("logsigmoid", "derivative", 700.0),
    ("gelu", "value", -30.0),
    ("gelu", "derivative", -30.0),
    ("mish", "value", -700.0),
    ("tanhshrink", "value", 1e-6),
    ("elu", "value", -1e-10),
    ("gaussian", "value", 25.0),
]


@pytest.mark.parametrize(("key", "which", "x"), TAILS)
def test_tails_keep_relative_accuracy(key: str, which: str, x: float) -> None:
    spec = activations.get(key)
    got = float(getattr(spec, which)(x))
    want = getattr(reference, which)(key, x, **spec.defaults())
    assert got != 0.0
    assert_close(got, want, f"{key} {which} at {x}")


def test_sigmoid_derivative_far_left_is_about_1e_minus_304() -> None:
    got = float(activations.get("sigmoid").derivative(-700.0))
    assert got == pytest.approx(float(mp.exp(-700)), rel=1e-13)
    assert 9.8e-305 < got < 9.9e-305


finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def key_params_and_x(draw: st.DrawFn) -> tuple[str, dict[str, float], np.ndarray]:
    key = draw(st.sampled_from(KEYS))
    spec = activations.get(key)
    params = {
        p.name: draw(st.floats(min_value=p.min, max_value=p.max, allow_nan=False))
        for p in spec.params
    }
    if key == "celu":
        params["alpha"] = max(params["alpha"], spec.params[0].min)
    x = draw(arrays(np.float64, st.integers(1, 16), elements=finite_floats))
    return key, params, x


@settings(max_examples=600, deadline=None)
@given(key_params_and_x())
def test_finite_and_silent_over_all_float64(case: tuple[str, dict[str, float], np.ndarray]) -> None:
    key, params, x = case
    spec = activations.get(key)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = spec.value(x, **params)
        dy = spec.derivative(x, **params)
    assert y.shape == x.shape and dy.shape == x.shape
    assert y.dtype == np.float64 and dy.dtype == np.float64
    # SELU's true value exceeds float64 just below its maximum; everything else is representable.
    representable = ~((key == "selu") & (x > FLOAT_MAX / float(reference.SELU_SCALE)))
    assert np.all(np.isfinite(y[representable]))
    assert np.all(np.isfinite(dy))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("x", [1e300, -1e300, FLOAT_MAX, -FLOAT_MAX, 5e-324, -5e-324, 0.0, -0.0])
def test_extremes_of_float64(key: str, x: float) -> None:
    spec = activations.get(key)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = float(spec.value(x))
        slope = float(spec.derivative(x))
    assert math.isfinite(slope)
    assert math.isfinite(value) or (key == "selu" and x == FLOAT_MAX)


@pytest.mark.parametrize("key", KEYS)
def test_nan_in_gives_nan_out(key: str) -> None:
    spec = activations.get(key)
    x = np.array([np.nan, 1.0, -2.0])
    assert np.isnan(spec.value(x)[0]) and np.isnan(spec.derivative(x)[0])
    assert np.all(np.isfinite(spec.value(x)[1:]))


@pytest.mark.parametrize("key", KEYS)
def test_shapes_scalars_lists_and_ints(key: str) -> None:
    spec = activations.get(key)
    assert spec.value(2).shape == () and spec.value(2).dtype == np.float64
    assert spec.derivative([1, 2, 3]).shape == (3,)
    assert spec.value(np.zeros((2, 3), dtype=np.int32)).shape == (2, 3)
    assert spec.derivative(np.zeros((2, 3), dtype=np.int32)).dtype == np.float64


def test_composition_identities() -> None:
    """The documented relationships between functions hold to rounding."""
    x = np.linspace(-8, 8, 161)
    get = activations.get
    np.testing.assert_allclose(get("swish").value(x, beta=1.0), x * get("sigmoid").value(x))
    np.testing.assert_allclose(get("logsigmoid").value(x), -get("softplus").value(-x))
    np.testing.assert_allclose(
        get("prelu").value(x, alpha=0.2), get("leaky_relu").value(x, alpha=0.2)
    )
    np.testing.assert_allclose(get("celu").value(x, alpha=1.0), get("elu").value(x, alpha=1.0))
    np.testing.assert_allclose(get("leaky_relu").value(x, alpha=0.0), get("relu").value(x))
    np.testing.assert_allclose(get("gelu_tanh").value(x), get("gelu").value(x), atol=5e-4, rtol=0)


@pytest.mark.parametrize("key", KEYS)
def test_value_and_derivative_equals_the_separate_calls(key: str) -> None:
    spec = activations.get(key)
    x = np.concatenate([np.linspace(-40, 40, 4001), [np.nan, 0.0, -0.0, 1e300, -1e300]])
    value, slope = spec.value_and_derivative(x)
    # The fused forms share work in place, so they may round differently: a few ulps, or, near
    # a zero of f′ (GELU′ at x ≈ −0.75) where terms of size 1 cancel, a few ulps of 1.
    np.testing.assert_allclose(value, spec.value(x), rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(slope, spec.derivative(x), rtol=1e-15, atol=1e-16)


@pytest.mark.parametrize("key", KEYS)
def test_the_source_a_student_reads_is_the_plain_form(key: str) -> None:
    """The explorer shows f's and f′'s source: no in-place tuning there (that lives in ``fused``,
    the simulation's path, which the test above holds to the same numbers)."""
    spec = activations.get(key)
    for function in (spec.fn, spec.grad):
        body = inspect.getsource(function).split('"""')[-1]
        assert not re.search(r"out=|\*=|\+=|/=|-=", body), function.__name__
