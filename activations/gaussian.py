r"""Expectations over a Gaussian input, $E[g(h)]$ for $h \sim N(0, q)$, to float64 accuracy.

Shared by the mean-field theory (:mod:`activations.propagation`) and the computed properties
(:mod:`activations.properties`, e.g. the mean output for a standard-normal input). The integral
over the standard normal is split at the function's breakpoints (scaled by $1/\sqrt{q}$), and each
smooth piece gets its own Gauss–Legendre rule: a single rule across a kink, or a Gauss–Hermite node
sitting on it, would be biased for ReLU-like functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

# Gauss–Legendre nodes per smooth piece of the integrand, and how far out (in standard deviations)
# the Gaussian integral is taken: the mass beyond 12σ is below 1e-32.
_NODES_PER_PIECE = 16
_CUTOFF = 12.0
# Extra cuts in h, besides the kinks, at 0 and ±2^k: tanh, sigmoid and softplus have complex
# singularities at ±iπ/2 or ±iπ, softsign a pole at −1, so one rule over ±12σ converges slowly
# (a 2e-6 error with 96 nodes). Geometric pieces [a, 2a] each lie at least their own length away
# from every such point, where 16 nodes already reach float64 precision.
_FEATURE_CUTS = (0.0, *(sign * 2.0**k for k in range(-1, 11) for sign in (-1.0, 1.0)))
# And cuts in standard units, so the Gaussian itself is resolved when q is tiny or huge.
_GAUSS_CUTS = (-9.0, -6.5, -4.5, -3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.5, 6.5, 9.0)
_LEGENDRE_X, _LEGENDRE_W = np.polynomial.legendre.leggauss(_NODES_PER_PIECE)
# Variances are kept in [Q_MIN, Q_MAX]: q → 0 takes the limit from above (ReLU's χ stays σ_w²/2),
# and an exploding q stops growing long before float64 overflows.
Q_MIN = 1e-300
Q_MAX = 1e200


def expectation(
    g: Callable[[Array], Array], breakpoints: Sequence[float], q: ArrayLike = 1.0
) -> Array:
    r"""$E[g(h)]$ for $h \sim N(0, q)$, for each q; ``g`` is element-wise and smooth between
    ``breakpoints``."""
    q = np.clip(np.asarray(q, dtype=np.float64), Q_MIN, Q_MAX)
    std = np.sqrt(q)
    nodes, weights = _gauss_pieces(tuple(breakpoints), std)
    density = np.exp(-0.5 * nodes**2) / np.sqrt(2.0 * np.pi)
    return np.sum(weights * density * g(std[..., None] * nodes), axis=-1)


def _gauss_pieces(breakpoints: tuple[float, ...], std: Array) -> tuple[Array, Array]:
    """Legendre nodes and weights on [-cutoff, cutoff] in standard units, split at b/std."""
    points = np.array(sorted(set(breakpoints) | set(_FEATURE_CUTS)))
    scaled = np.clip(points / std[..., None], -_CUTOFF, _CUTOFF)
    fixed = np.broadcast_to(np.array(_GAUSS_CUTS), (*std.shape, len(_GAUSS_CUTS)))
    bounds = np.full((*std.shape, 1), _CUTOFF)
    edges = np.sort(np.concatenate([-bounds, scaled, fixed, bounds], axis=-1), axis=-1)
    half = 0.5 * np.diff(edges, axis=-1)[..., None]
    mid = 0.5 * (edges[..., 1:] + edges[..., :-1])[..., None]
    nodes = (mid + half * _LEGENDRE_X).reshape(*std.shape, -1)
    weights = (half * _LEGENDRE_W).reshape(*std.shape, -1)
    return nodes, weights
