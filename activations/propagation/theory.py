"""Mean-field theory of the same networks (Poole et al. 2016; Schoenholz et al. 2017): the
variance map, the gradient's size per layer, and the order-to-chaos phase diagram.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations import gaussian
from activations.registry import Activation, resolve_with_params

Array = NDArray[np.float64]


@dataclass(frozen=True)
class MeanField:
    """Mean-field predictions; index 0 is the layer nearest the input."""

    q: Array  # variance of the pre-activations h_l
    chi: Array  # σ_w² E[φ'(h_l)²]
    grad_rms: Array  # predicted RMS of ∂L/∂h_l for a unit-variance upstream gradient
    slope_mean_square: Array  # E[φ'(h_l)²]


@dataclass(frozen=True)
class PhaseDiagram:
    """χ₁ at the fixed point q* over a grid; rows follow σ_b², columns follow σ_w²."""

    sigma_w2: Array
    sigma_b2: Array
    q_star: Array  # (len(sigma_b2), len(sigma_w2))
    chi: Array  # (len(sigma_b2), len(sigma_w2))


def expected_square(
    key: str | Activation,
    q: ArrayLike,
    *,
    derivative: bool = False,
    params: Mapping[str, float] | None = None,
) -> Array:
    r"""$E[\varphi(h)^2]$ (or $E[\varphi'(h)^2]$) for $h \sim N(0, q)$, for each q
    (see :func:`activations.gaussian.expectation`)."""
    spec, p = resolve_with_params(key, params)
    g = spec.grad if derivative else spec.fn
    with np.errstate(all="ignore"):  # a typed formula may overflow: χ₁ is then inf or NaN, said
        return gaussian.expectation(lambda h: g(h, **p) ** 2, spec.breakpoints, q)


def mean_field(
    key: str | Activation,
    depth: int,
    sigma_w2: float,
    sigma_b2: float,
    params: Mapping[str, float] | None = None,
) -> MeanField:
    r"""Mean-field predictions for the network :func:`simulate` runs.

    $q_1 = \sigma_w^2 + \sigma_b^2$ (the input has unit variance) and
    $q_l = \sigma_w^2 E[\varphi(h)^2] + \sigma_b^2$ with $h \sim N(0, q_{l-1})$;
    $\chi_l = \sigma_w^2 E[\varphi'(h_l)^2]$. The gradient's mean square at the top is
    $E[\varphi'(h_L)^2]$, and each layer below multiplies it by $\sigma_w^2 E[\varphi'(h_l)^2]$.
    """
    q = np.empty(depth)
    q[0] = sigma_w2 + sigma_b2
    for layer in range(1, depth):
        q[layer] = sigma_w2 * float(expected_square(key, q[layer - 1], params=params)) + sigma_b2
    slope_ms = expected_square(key, q, derivative=True, params=params)
    return _with_gradient(q, sigma_w2 * slope_ms, slope_ms)


def truncate(theory: MeanField, depth: int) -> MeanField:
    """The prediction for a shallower network, from a deeper one's: q_l and χ_l do not depend on
    the depth, only where the gradient starts does. Equal to calling :func:`mean_field` again."""
    if not 1 <= depth <= theory.q.size:
        raise ValueError(f"depth must be between 1 and {theory.q.size}")
    return _with_gradient(theory.q[:depth], theory.chi[:depth], theory.slope_mean_square[:depth])


def _with_gradient(q: Array, chi: Array, slope_ms: Array) -> MeanField:
    # Multiplied as root mean squares, not mean squares: a gradient of 1e-200 is a float64, its
    # square is not.
    gain = np.sqrt(chi)
    rms = np.empty(q.size)
    rms[-1] = np.sqrt(slope_ms[-1])
    for layer in range(q.size - 2, -1, -1):
        rms[layer] = rms[layer + 1] * gain[layer]
    return MeanField(q=q, chi=chi, grad_rms=rms, slope_mean_square=slope_ms)


def phase_diagram(
    key: str | Activation,
    sigma_w2_grid: ArrayLike,
    sigma_b2_grid: ArrayLike,
    params: Mapping[str, float] | None = None,
    iterations: int = 400,
) -> PhaseDiagram:
    r"""χ₁ = σ_w² E[φ'(h)²] at the fixed point q* of the variance map, over a grid.

    χ₁ < 1 is the ordered phase (gradients vanish), χ₁ > 1 the chaotic one (they explode); the
    line χ₁ = 1 is where deep networks train. It lies at σ_w² = 2 for ReLU and σ_w² = 1 for tanh
    when σ_b² = 0.
    """
    w2 = np.asarray(sigma_w2_grid, dtype=np.float64)
    b2 = np.asarray(sigma_b2_grid, dtype=np.float64)
    sw, sb = np.meshgrid(w2, b2)
    q = (sw + sb).ravel()
    active = np.arange(q.size)
    # Only the points still moving are updated: most converge in a few dozen steps, and only those
    # near the critical line need the full budget.
    for _ in range(iterations):
        w, b = sw.ravel()[active], sb.ravel()[active]
        updated = np.minimum(w * expected_square(key, q[active], params=params) + b, gaussian.Q_MAX)
        # χ₁ needs q* to about 1e-10; q heading to 0 or to ∞ is stopped where χ₁ has its limit.
        moving = (
            (np.abs(updated - q[active]) > 1e-10 * updated) & (updated > 1e-12) & (updated < 1e12)
        )
        q[active] = updated
        active = active[moving]
        if active.size == 0:
            break
    q = q.reshape(sw.shape)
    chi = sw * expected_square(key, q, derivative=True, params=params)
    return PhaseDiagram(sigma_w2=w2, sigma_b2=b2, q_star=q, chi=chi)
