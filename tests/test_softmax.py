"""Softmax, log-softmax and the Jacobian: identities, limits and extreme logits."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import activations
from activations.softmax import entropy, log_softmax, softmax, softmax_jacobian, softmax_naive

LOGITS = np.array([2.0, 1.0, 0.1, -1.0])


def test_matches_mpmath() -> None:
    for t in (0.05, 0.7, 1.0, 20.0):
        z = [mp.mpf(v) / t for v in LOGITS]
        total = mp.fsum(mp.exp(v) for v in z)
        want = [float(mp.exp(v) / total) for v in z]
        np.testing.assert_allclose(softmax(LOGITS, t), want, rtol=1e-14)
        np.testing.assert_allclose(
            log_softmax(LOGITS, t), [float(v - mp.log(total)) for v in z], rtol=1e-14
        )


@pytest.mark.parametrize("t", [0.05, 0.5, 1.0, 3.0, 20.0])
def test_jacobian_agrees_with_finite_differences(t: float) -> None:
    h = 1e-6
    numeric = np.empty((4, 4))
    for j in range(4):
        step = np.zeros(4)
        step[j] = h
        numeric[:, j] = (softmax(LOGITS + step, t) - softmax(LOGITS - step, t)) / (2 * h)
    np.testing.assert_allclose(softmax_jacobian(LOGITS, t), numeric, atol=1e-8)


def test_jacobian_rows_sum_to_zero_and_it_is_symmetric() -> None:
    jac = softmax_jacobian(LOGITS, 0.8)
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)
    np.testing.assert_allclose(jac, jac.T)


def test_batched_jacobian() -> None:
    batch = np.stack([LOGITS, -LOGITS])
    jac = softmax_jacobian(batch)
    assert jac.shape == (2, 4, 4)
    np.testing.assert_allclose(jac[1], softmax_jacobian(-LOGITS))


@settings(max_examples=200, deadline=None)
@given(
    arrays(np.float64, st.integers(2, 10), elements=st.floats(-1e6, 1e6)),
    st.floats(-1e6, 1e6),
)
def test_shift_invariance(z: np.ndarray, shift: float) -> None:
    np.testing.assert_allclose(softmax(z + shift), softmax(z), atol=1e-9)


def test_temperature_limits() -> None:
    cold = softmax(LOGITS, 1e-3)
    np.testing.assert_array_equal(cold, [1.0, 0.0, 0.0, 0.0])
    hot = softmax(LOGITS, 1e6)
    np.testing.assert_allclose(hot, 0.25, rtol=1e-5)
    assert entropy(hot) == pytest.approx(np.log(4), rel=1e-9)
    assert entropy(cold) == 0.0


@settings(max_examples=300, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e300, 1e300)),
    st.floats(0.05, 20.0),
)
def test_finite_for_huge_logits(z: np.ndarray, t: float) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z, t)
        logp = log_softmax(z, t)
        jac = softmax_jacobian(z, t)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(logp)) and np.all(np.isfinite(jac))
    assert p.sum() == pytest.approx(1.0, rel=1e-12)


def test_plus_minus_1e300() -> None:
    z = np.array([1e300, -1e300, 0.0])
    np.testing.assert_array_equal(softmax(z), [1.0, 0.0, 0.0])
    assert log_softmax(z)[1] == pytest.approx(-2e300)


def test_naive_formula_fails_where_the_stable_one_works() -> None:
    z = np.array([1000.0, 1001.0, 1002.0])
    assert np.all(np.isnan(softmax_naive(z)))
    np.testing.assert_allclose(softmax(z), softmax(z - 1000.0))
    np.testing.assert_allclose(softmax(z), [0.09003057, 0.24472847, 0.66524096], rtol=1e-7)


def test_two_classes_is_sigmoid() -> None:
    z = np.linspace(-30, 30, 121)
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    np.testing.assert_allclose(
        softmax(pairs)[:, 0], activations.get("sigmoid").value(z), rtol=1e-14
    )


@pytest.mark.parametrize("t", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_temperature_raises(t: float) -> None:
    with pytest.raises(ValueError, match="temperature"):
        softmax(LOGITS, t)
