r"""Softmax, the vector-valued activation: $p_i = e^{z_i/T} / \sum_j e^{z_j/T}$.

All three public functions stay finite for logits as large as ±1e300 and any temperature in
range. ``softmax_naive`` is the textbook formula, kept on purpose to show students how it fails.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import entr

Array = NDArray[np.float64]

_MAX = float(np.finfo(np.float64).max)
# Below this many units of T under the maximum logit, exp() is exactly 0.0 in float64.
_EXP_FLOOR = 800.0


def _check_temperature(temperature: float) -> float:
    t = float(temperature)
    if not math.isfinite(t) or t <= 0.0:
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    return t


def _shifted_half(z: Array, axis: int) -> Array:
    """(z - max z)/2, which cannot overflow even when the logits span all of float64."""
    half = 0.5 * z
    return half - np.max(half, axis=axis, keepdims=True)


def softmax(z: ArrayLike, temperature: float = 1.0, axis: int = -1) -> Array:
    r"""$\operatorname{softmax}(z/T)$ along ``axis``, with the maximum subtracted first.

    Subtracting $\max_j z_j$ changes nothing mathematically (softmax is shift-invariant) but keeps
    every exponent $\le 0$, so nothing overflows.
    """
    t = _check_temperature(temperature)
    half = _shifted_half(np.asarray(z, dtype=np.float64), axis)
    # Floor far below where exp underflows to 0, so the division by a small T cannot overflow.
    scaled = 2.0 * np.maximum(half, -0.5 * _EXP_FLOOR * t) / t
    weights = np.exp(scaled)
    return weights / np.sum(weights, axis=axis, keepdims=True)


def log_softmax(z: ArrayLike, temperature: float = 1.0, axis: int = -1) -> Array:
    r"""$\log \operatorname{softmax}(z/T) = (z - \max z)/T - \log \sum_j e^{(z_j - \max z)/T}$.

    Losses use this form: it never takes the log of a probability that rounded to 0, so the
    log-probabilities of very unlikely classes stay exact (and finite) instead of becoming $-\infty$.
    """
    t = _check_temperature(temperature)
    half = _shifted_half(np.asarray(z, dtype=np.float64), axis)
    scaled = 2.0 * (np.maximum(half, -0.5 * _MAX * t) / t)
    weights = np.exp(2.0 * np.maximum(half, -0.5 * _EXP_FLOOR * t) / t)
    # The largest logit contributes exactly e^0 = 1; summing the rest and taking log1p keeps the
    # log-probability of a dominant class accurate (log(1 + 1e-12) would cancel).
    top = np.argmax(half, axis=axis, keepdims=True)
    np.put_along_axis(weights, top, 0.0, axis=axis)
    return scaled - np.log1p(np.sum(weights, axis=axis, keepdims=True))


def softmax_jacobian(z: ArrayLike, temperature: float = 1.0) -> Array:
    r"""$J_{ij} = \partial p_i / \partial z_j = p_i(\delta_{ij} - p_j)/T$ over the last axis.

    A vector of K logits gives a K×K matrix; a batch of shape (..., K) gives (..., K, K).
    It is symmetric. Each row sums to 0 because adding the same number to every logit changes no
    probability (shift invariance); each column sums to 0 because the probabilities always sum
    to 1.
    """
    t = _check_temperature(temperature)
    p = softmax(z, t)
    outer = p[..., :, None] * p[..., None, :]
    diagonal = np.einsum("...i,ij->...ij", p, np.eye(p.shape[-1]))
    return (diagonal - outer) / t


def entropy(p: ArrayLike, axis: int = -1) -> Array:
    r"""$H(p) = -\sum_i p_i \log p_i$ in nats, with $0 \log 0 = 0$; at most $\log K$."""
    return np.sum(entr(np.asarray(p, dtype=np.float64)), axis=axis)


def softmax_naive(z: ArrayLike, temperature: float = 1.0) -> Array:
    r"""The textbook $e^{z_i/T} / \sum_j e^{z_j/T}$ with no max subtraction: a teaching exhibit.

    For logits like 1000 it returns NaN (inf/inf). The overflow is expected, so its warnings are
    contained here rather than reaching the caller.
    """
    t = _check_temperature(temperature)
    with np.errstate(over="ignore", invalid="ignore"):
        weights = np.exp(np.asarray(z, dtype=np.float64) / t)
        return weights / np.sum(weights, axis=-1, keepdims=True)


NaiveFailure = Literal["overflow", "sum overflow", "underflow"]


def naive_failure(z: ArrayLike, temperature: float = 1.0) -> NaiveFailure | None:
    r"""How :func:`softmax_naive` fails for these logits, if it does.

    - ``"overflow"``: some $e^{z_i/T}$ is inf, so that class gets inf/inf = NaN;
    - ``"sum overflow"``: every $e^{z_i/T}$ is finite but their sum is inf, so every p is 0;
    - ``"underflow"``: every $e^{z_i/T}$ is 0, so every p is 0/0 = NaN;
    - ``None``: the naive formula gives finite numbers (they may still differ from the stable
      ones in the last digits).
    """
    t = _check_temperature(temperature)
    with np.errstate(over="ignore"):
        weights = np.exp(np.asarray(z, dtype=np.float64) / t)
        total = np.sum(weights, axis=-1)
    if np.any(np.isinf(weights)):
        return "overflow"
    if np.any(np.isinf(total)):
        return "sum overflow"
    if np.any(total == 0.0):
        return "underflow"
    return None
