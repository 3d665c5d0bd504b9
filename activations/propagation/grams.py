"""Numerics of the per-layer measurements: RMS values that survive gradients far below what
float64 can square, and the weight gradient's size from Gram matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def _stack_rms(a: Array) -> Array:
    """The RMS of each network's slice of a (networks, batch, width) array."""
    return np.array([_rms(row) for row in a])


def _rms(a: Array) -> float:
    flat = a.ravel()
    return _root_mean(np.vdot(flat, flat), flat.size, a)


def _squares_fit(total: float) -> bool:
    """Whether a sum of squares (or of their products) is well inside float64's range. Outside
    it they under- or overflowed: deep sigmoid gradients reach 1e-200, whose squares are 0.0."""
    return 1e-290 < total < 1e290


def _root_mean(sum_of_squares: float, count: int, a: Array) -> float:
    if _squares_fit(sum_of_squares):
        return float(np.sqrt(sum_of_squares / count))
    scale = float(np.max(np.abs(a)))  # divide by the largest value first
    if scale == 0.0 or not np.isfinite(scale):
        return scale  # all zero, or an inf or NaN that no scaling can help
    scaled = (a / scale).ravel()
    return scale * float(np.sqrt(np.vdot(scaled, scaled) / count))


def gram_form(batch: int, width: int) -> bool:
    r"""Whether $\lVert X^\top \Delta \rVert_F$ is cheaper from Gram matrices than from the product.

    $\lVert X^\top \Delta \rVert_F^2 = \sum (X X^\top) \circ (\Delta \Delta^\top)$: two
    symmetric products (NumPy runs $A A^\top$ as one, at half the cost of a general product) of
    $B^2 n$ multiplications together, instead of $B n^2$. Measured at width 512: on one BLAS
    thread they take half the time of $X^\top \Delta$ at a batch of 256; two threads speed the
    general product up about 1.45× but not the symmetric ones, hence the margin.
    """
    return 3 * batch <= 2 * width


@dataclass(frozen=True)
class _Gram:
    """Each network's $A A^\top / s^2$ for a (networks, batch, width) stack A, with the scale s
    (1 unless the squares would leave float64's range) and the matrix's trace."""

    matrix: Array  # (networks, batch, batch)
    scale: Array  # (networks,)
    trace: Array  # (networks,)


def _gram(a: Array, out: Array | None = None) -> _Gram:
    """The Gram matrices of a (networks, batch, width) stack, into ``out`` if given."""
    matrices = np.empty((a.shape[0], a.shape[1], a.shape[1])) if out is None else out
    scales, traces = [], []
    for row, matrix in zip(a, matrices, strict=True):
        flat = row.ravel()
        trace, scale = float(np.vdot(flat, flat)), 1.0
        if not _squares_fit(trace):
            # Divide by the largest value first, as _root_mean does (an all-zero, inf or NaN
            # slice stays as it is).
            largest = float(np.max(np.abs(row)))
            if largest > 0.0 and np.isfinite(largest):
                row, scale = row / largest, largest
                trace = float(np.vdot(row.ravel(), row.ravel()))
        np.matmul(row, row.T, out=matrix)
        scales.append(scale)
        traces.append(trace)
    return _Gram(matrices, np.array(scales), np.array(traces))


def _gradient_rms(
    inputs: Array | _Gram, delta: Array, width: int, scratch: Array | None = None
) -> tuple[Array, Array]:
    r"""RMS of each network's $\Delta = \partial L/\partial h$ and of its
    $\partial L/\partial W = X^\top \Delta$ (width × width entries), the latter from the inputs'
    Gram matrices when the forward pass kept those (see :func:`_gram_form`); ``scratch`` is room
    for the deltas' Gram matrices, reused from layer to layer."""
    if not isinstance(inputs, _Gram):
        weight_rms = [_rms(x.T @ d) for x, d in zip(inputs, delta, strict=True)]
        return _stack_rms(delta), np.array(weight_rms)
    deltas = _gram(delta, scratch)
    # The trace of ΔΔᵀ is Δ's sum of squares, scaled as _root_mean would: no second pass over Δ.
    delta_rms = deltas.scale * np.sqrt(deltas.trace / delta[0].size)
    rms = np.empty(len(delta))
    for i in range(len(delta)):
        x_trace, d_trace = inputs.trace[i], deltas.trace[i]
        inner = float(np.vdot(inputs.matrix[i], deltas.matrix[i]))
        if _squares_fit(inner) or not (x_trace > 0.0 and d_trace > 0.0):
            root = np.sqrt(np.maximum(inner, 0.0))  # rounding can leave −0.0 or −1e-300; NaN stays
        else:  # the sum itself leaves float64 (both traces near its ends): normalise first
            normalised = np.vdot(inputs.matrix[i] / x_trace, deltas.matrix[i] / d_trace)
            root = np.sqrt(x_trace) * np.sqrt(d_trace) * np.sqrt(float(normalised))
        rms[i] = inputs.scale[i] * deltas.scale[i] * root / width
    return delta_rms, rms
