"""Signal and gradient propagation through deep stacks: simulation and mean-field theory.

- :func:`simulate` runs a real random network forward and backward and measures per-layer sizes.
- :func:`mean_field` predicts the same sizes from Gaussian expectations (Poole et al. 2016;
  Schoenholz et al. 2017).
- :func:`chain` is the scalar story: a chain of single units and its product of local slopes.
- :func:`phase_diagram` maps χ₁ at the fixed point over (σ_w², σ_b²): the order-to-chaos picture.

Everything runs in float64: sigmoid gradients reach 1e-40 and below at depth, where float32 ends.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations.registry import Activation, get

Array = NDArray[np.float64]
PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
SATURATION_THRESHOLD = 0.05
# Percentile bands come from the first PERCENTILE_SAMPLE activations of each layer (units and
# batch rows are exchangeable, so these are a fair sample): exact percentiles of every value
# cost as much as a matrix product at width 512, for no visible difference in a band.
PERCENTILE_SAMPLE = 8_192
_PERCENTILE_POSITIONS = np.array(PERCENTILES) / 100.0 * (PERCENTILE_SAMPLE - 1)

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
# Variances are kept in [_Q_MIN, _Q_MAX]: q → 0 takes the limit from above (ReLU's χ stays σ_w²/2),
# and an exploding q stops growing long before float64 overflows.
_Q_MIN = 1e-300
_Q_MAX = 1e200


@dataclass(frozen=True)
class Simulation:
    """Per-layer measurements; index 0 is the layer nearest the input."""

    grad_rms: Array  # RMS of ∂L/∂h_l
    weight_grad_rms: Array  # RMS of ∂L/∂W_l
    act_rms: Array  # RMS of x_l
    preact_rms: Array  # RMS of h_l
    saturated_fraction: Array  # fraction of units with |φ'(h)| < 0.05
    dead_fraction: Array  # fraction of units with φ'(h) = 0
    percentiles: Array  # (depth, 5): percentiles 5, 25, 50, 75, 95 of x_l (sampled, see above)


@dataclass(frozen=True)
class MeanField:
    """Mean-field predictions; index 0 is the layer nearest the input."""

    q: Array  # variance of the pre-activations h_l
    chi: Array  # σ_w² E[φ'(h_l)²]
    grad_rms: Array  # predicted RMS of ∂L/∂h_l for a unit-variance upstream gradient


@dataclass(frozen=True)
class Chain:
    """A chain of single units a_l = φ(w a_{l-1}); index 0 is the first unit."""

    values: Array  # a_l
    local: Array  # ∂a_l/∂a_{l-1} = w φ'(w a_{l-1})
    product: Array  # running product of the local derivatives: ∂a_l/∂a_0


@dataclass(frozen=True)
class PhaseDiagram:
    """χ₁ at the fixed point q* over a grid; rows follow σ_b², columns follow σ_w²."""

    sigma_w2: Array
    sigma_b2: Array
    q_star: Array  # (len(sigma_b2), len(sigma_w2))
    chi: Array  # (len(sigma_b2), len(sigma_w2))


def _resolved(key: str, params: Mapping[str, float] | None) -> tuple[Activation, dict[str, float]]:
    spec = get(key)
    return spec, spec.resolve_params(**(params or {}))


def simulate(
    key: str,
    depth: int,
    width: int,
    batch: int,
    sigma_w2: float,
    sigma_b2: float,
    seed: int,
    params: Mapping[str, float] | None = None,
) -> Simulation:
    r"""Run a random deep network forward and backward, and measure every layer.

    $x_0 \sim N(0, 1)$ of shape (batch, width); for $l = 1 \dots L$: $h_l = x_{l-1} W_l + b_l$,
    $x_l = \varphi(h_l)$, with $W_l \sim N(0, \sigma_w^2/\text{width})$ and
    $b_l \sim N(0, \sigma_b^2)$. The upstream gradient $\partial L/\partial x_L \sim N(0, 1)$ is
    backpropagated through the same weights. Deterministic for a given seed.
    """
    spec, p = _resolved(key, params)
    if depth < 1 or width < 1 or batch < 1:
        raise ValueError("depth, width and batch must be at least 1")
    rng = np.random.default_rng(seed)
    weight_scale = np.sqrt(sigma_w2 / width)
    bias_scale = np.sqrt(sigma_b2)

    x = rng.standard_normal((batch, width))
    inputs, slopes, weights = [], [], []
    preact_rms, act_rms = np.empty(depth), np.empty(depth)
    saturated, dead = np.empty(depth), np.empty(depth)
    percentiles = np.empty((depth, len(PERCENTILES)))
    for layer in range(depth):
        w = rng.standard_normal((width, width))
        w *= weight_scale
        b = rng.standard_normal(width) * bias_scale
        h = x @ w
        h += b
        inputs.append(x)
        weights.append(w)
        x, slope = spec.value_and_derivative(h, **p)
        slopes.append(slope)
        preact_rms[layer] = _rms(h)
        act_rms[layer] = _rms(x)
        magnitude = np.abs(slope)
        saturated[layer] = np.count_nonzero(magnitude < SATURATION_THRESHOLD) / magnitude.size
        dead[layer] = np.count_nonzero(slope == 0.0) / slope.size
        percentiles[layer] = _sample_percentiles(x)

    grad = rng.standard_normal((batch, width))  # ∂L/∂x_L
    grad_rms, weight_grad_rms = np.empty(depth), np.empty(depth)
    for layer in range(depth - 1, -1, -1):
        delta = grad * slopes[layer]  # ∂L/∂h_l
        grad_rms[layer] = _rms(delta)
        weight_grad_rms[layer] = _rms(inputs[layer].T @ delta)  # ∂L/∂W_l
        if layer:
            grad = delta @ weights[layer].T  # ∂L/∂x_{l-1}
    return Simulation(
        grad_rms=grad_rms,
        weight_grad_rms=weight_grad_rms,
        act_rms=act_rms,
        preact_rms=preact_rms,
        saturated_fraction=saturated,
        dead_fraction=dead,
        percentiles=percentiles,
    )


def _sample_percentiles(x: Array) -> Array:
    """Percentiles 5…95 of the first PERCENTILE_SAMPLE values, linear interpolation (as NumPy's
    default), from one sort: cheaper than np.percentile's selection and bookkeeping."""
    sample = np.sort(x.ravel()[:PERCENTILE_SAMPLE])
    if sample.size != PERCENTILE_SAMPLE:
        return np.percentile(sample, PERCENTILES)
    below = np.floor(_PERCENTILE_POSITIONS).astype(int)
    above = np.minimum(below + 1, sample.size - 1)
    weight = _PERCENTILE_POSITIONS - below
    return sample[below] * (1.0 - weight) + sample[above] * weight


def _rms(a: Array) -> float:
    # vdot is one pass with no temporary array, unlike np.sqrt(np.mean(a**2)).
    flat = a.ravel()
    return float(np.sqrt(np.vdot(flat, flat) / flat.size))


def expected_square(
    key: str,
    q: ArrayLike,
    *,
    derivative: bool = False,
    params: Mapping[str, float] | None = None,
) -> Array:
    r"""$E[\varphi(h)^2]$ (or $E[\varphi'(h)^2]$) for $h \sim N(0, q)$, for each q.

    The integral over the standard normal is split at the function's breakpoints (scaled by
    $1/\sqrt{q}$) and each smooth piece gets its own Gauss–Legendre rule. A single rule across a
    kink, or a Gauss–Hermite node sitting on it, would be biased for ReLU-like functions.
    """
    spec, p = _resolved(key, params)
    g = spec.grad if derivative else spec.fn
    q = np.clip(np.asarray(q, dtype=np.float64), _Q_MIN, _Q_MAX)
    std = np.sqrt(q)
    nodes, weights = _gauss_pieces(spec.breakpoints, std)
    values = g(std[..., None] * nodes, **p)
    density = np.exp(-0.5 * nodes**2) / np.sqrt(2.0 * np.pi)
    return np.sum(weights * density * values**2, axis=-1)


def _gauss_pieces(breakpoints: tuple[float, ...], std: Array) -> tuple[Array, Array]:
    """Legendre nodes and weights on [-cutoff, cutoff] in standard units, split at b/std."""
    points = sorted(set(breakpoints) | set(_FEATURE_CUTS))
    scaled = np.stack([np.clip(b / std, -_CUTOFF, _CUTOFF) for b in points], axis=-1)
    fixed = np.broadcast_to(np.array(_GAUSS_CUTS), (*std.shape, len(_GAUSS_CUTS)))
    merged = np.sort(np.concatenate([scaled, fixed], axis=-1), axis=-1)
    cuts = [merged[..., i] for i in range(merged.shape[-1])]
    edges = [np.full(std.shape, -_CUTOFF), *cuts, np.full(std.shape, _CUTOFF)]
    nodes, weights = [], []
    for lo, hi in itertools.pairwise(edges):
        half = 0.5 * (hi - lo)[..., None]
        mid = 0.5 * (hi + lo)[..., None]
        nodes.append(mid + half * _LEGENDRE_X)
        weights.append(half * _LEGENDRE_W)
    return np.concatenate(nodes, axis=-1), np.concatenate(weights, axis=-1)


def mean_field(
    key: str,
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
    chi = sigma_w2 * slope_ms
    mean_square = np.empty(depth)
    mean_square[-1] = slope_ms[-1]
    for layer in range(depth - 2, -1, -1):
        mean_square[layer] = mean_square[layer + 1] * chi[layer]
    return MeanField(q=q, chi=chi, grad_rms=np.sqrt(mean_square))


def chain(
    key: str, depth: int, x0: float, w: float, params: Mapping[str, float] | None = None
) -> Chain:
    r"""A chain of single units $a_l = \varphi(w\,a_{l-1})$ from $a_0 = x_0$.

    The running product of local derivatives $w\,\varphi'(w\,a_{l-1})$ is $\partial a_l/\partial a_0$;
    for sigmoid each factor is at most $0.25\,|w|$, hence the $0.25^L$ bound at $w = 1$.
    """
    spec, p = _resolved(key, params)
    values, local = np.empty(depth), np.empty(depth)
    a = float(x0)
    for layer in range(depth):
        h = np.float64(w * a)
        local[layer] = w * float(spec.grad(h, **p))
        a = float(spec.fn(h, **p))
        values[layer] = a
    return Chain(values=values, local=local, product=np.cumprod(local))


def sigmoid_chain_bound(depth: int, w: float = 1.0) -> Array:
    r"""$(|w|/4)^L$ for $L = 1 \dots$ depth: no chain of sigmoid units can pass more gradient,
    because $\sigma' \le 1/4$."""
    return (abs(w) / 4.0) ** np.arange(1, depth + 1)


def phase_diagram(
    key: str,
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
        updated = np.minimum(w * expected_square(key, q[active], params=params) + b, _Q_MAX)
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
