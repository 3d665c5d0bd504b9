"""A random deep network run forward and backward, measured layer by layer: :func:`simulate`,
:func:`simulate_many` and the kept :class:`Network`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from activations.propagation import budgets
from activations.propagation.draws import Draws
from activations.propagation.grams import _gradient_rms, _Gram, _gram, _stack_rms, gram_form
from activations.registry import Activation, resolve_with_params

Array = NDArray[np.float64]


PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
SATURATION_THRESHOLD = 0.05
# Percentile bands come from the first PERCENTILE_SAMPLE activations of each layer (units and
# batch rows are exchangeable, so these are a fair sample): exact percentiles of every value
# cost as much as a matrix product at width 512, for no visible difference in a band.
PERCENTILE_SAMPLE = 8_192


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


def simulate(
    key: str | Activation,
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
    params_by_key = None if params is None else {key: params}
    return simulate_many(
        (key,), depth, width, batch, sigma_w2, sigma_b2, seed, params_by_key=params_by_key
    )[0]


def simulate_many(
    keys: Sequence[str | Activation],
    depth: int,
    width: int,
    batch: int,
    sigma_w2: float,
    sigma_b2: float,
    seed: int,
    params_by_key: Mapping[str, Mapping[str, float]] | None = None,
    draws: Draws | None = None,
) -> list[Simulation]:
    """:func:`simulate` for several activations at once: exactly ``[simulate(k, …) for k in keys]``.

    One seed means one draw of inputs, weights and upstream gradient, and every activation gets the
    same draw, so it is made once and shared: drawing the weights is the largest part of the work
    at small batches. Pass a kept :class:`Draws` for this seed, width and batch to reuse it across
    calls too (another depth, σ_w², σ_b² or activation draws nothing new).

    Parameters (unit; range):

    - ``keys``: registry keys or :class:`Activation` objects, a typed formula say (names; any).
    - ``depth``: hidden layers L, each of ``width`` units (layers; ≥ 1).
    - ``width``: units per layer, also the input's width (units; ≥ 1).
    - ``batch``: input rows pushed through at once (rows; ≥ 1).
    - ``sigma_w2``: σ_w², the weights' variance × width (dimensionless; > 0).
    - ``sigma_b2``: σ_b², the biases' variance (dimensionless; ≥ 0).
    - ``seed``: seeds the inputs, the weights, the biases and the upstream gradient (an integer).
    - ``params_by_key``: each activation's parameters by name, keyed as in ``keys`` (the
      parameters' own units; the registry's defaults where absent).
    - ``draws``: a kept :class:`Draws` of this seed, width and batch to reuse (None: drawn here).

    Returns one :class:`Simulation` per key, in the order of ``keys``. The work is bounded by the
    caller (:mod:`activations.budget`), not here.
    """
    if depth < 1 or width < 1 or batch < 1:
        raise ValueError("depth, width and batch must be at least 1")
    if draws is None:
        keep_weights = budgets.weight_bytes(depth, width) <= budgets.WEIGHT_MEMORY_BUDGET
        draws = Draws(seed, width, batch, keep_weights=keep_weights)
    network = Network(keys, width, batch, sigma_w2, sigma_b2, seed, params_by_key, draws)
    return network.run(depth)


class Network:
    """One random network for several activations on one draw, kept between runs.

    ``run(depth)`` goes forward only through layers not yet computed and keeps each layer's inputs
    and slopes, then backpropagates from layer ``depth``: the same numbers as :func:`simulate_many`,
    but moving the depth (say, a slider) costs a backward pass, not a new network.
    Safe to share between threads.
    """

    def __init__(
        self,
        keys: Sequence[str | Activation],
        width: int,
        batch: int,
        sigma_w2: float,
        sigma_b2: float,
        seed: int,
        params_by_key: Mapping[str, Mapping[str, float]] | None = None,
        draws: Draws | None = None,
    ) -> None:
        if width < 1 or batch < 1:
            raise ValueError("width and batch must be at least 1")
        self.draws = draws if draws is not None else Draws(seed, width, batch)
        if (self.draws.seed, self.draws.width, self.draws.batch) != (seed, width, batch):
            raise ValueError("draws were made for another seed, width or batch")
        resolved = [resolve_with_params(key, (params_by_key or {}).get(key)) for key in keys]
        self.weight_scale = np.sqrt(sigma_w2 / width)
        self.bias_scale = np.sqrt(sigma_b2)
        self._forward = _Forward(resolved, self.draws.inputs)
        self._lock = threading.Lock()

    @property
    def depth(self) -> int:
        """How many layers have been run forward so far."""
        return self._forward.depth

    def run(self, depth: int) -> list[Simulation]:
        """Every activation's measurements for a network ``depth`` layers deep."""
        if depth < 1:
            raise ValueError("depth must be at least 1")
        # A typed formula may overflow or be undefined on what a layer gets: its measurements
        # are then inf or NaN, which the page says; NumPy need not warn about it.
        with self._lock, np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            forward = self._forward
            while forward.depth < depth:
                weights, biases = self.draws.layer(forward.depth)
                # σ_b² = 0 (the default) adds nothing, so no pass over h adds it.
                forward.step(
                    weights,
                    self.weight_scale,
                    biases * self.bias_scale if self.bias_scale else None,
                )
            grad = np.broadcast_to(self.draws.upstream(depth), forward.x.shape)  # ∂L/∂x_L
            n, width = len(forward.resolved), self.draws.width
            grad_rms, weight_grad_rms = np.empty((n, depth)), np.empty((n, depth))
            # Every ∂L/∂x but the upstream one is a product of ours and dead once ∂L/∂h is taken
            # from it, so ∂L/∂h overwrites it; two buffers take turns for the whole pass.
            spare = np.empty(forward.x.shape)
            scratch = (
                np.empty((n, self.draws.batch, self.draws.batch)) if forward.gram_form else None
            )
            for layer in range(depth - 1, -1, -1):
                slopes = forward.slopes[layer]
                delta = grad * slopes if layer == depth - 1 else np.multiply(grad, slopes, out=grad)
                grad_rms[:, layer], weight_grad_rms[:, layer] = _gradient_rms(
                    forward.inputs[layer], delta, width, scratch
                )
                if layer:
                    weights = self.draws.layer(layer)[0]
                    grad, spare = spare, delta
                    np.matmul(_rows(delta), weights.T, out=_rows(grad))
                    grad *= self.weight_scale  # scaling the product, not the larger weights
            return forward.results(depth, grad_rms, weight_grad_rms)


class _Forward:
    """Every activation's copy of the network as one (networks, batch, width) array, so each
    layer is one matrix product and one call per statistic for all of them together."""

    def __init__(self, resolved: list[tuple[Activation, dict[str, float]]], x0: Array) -> None:
        self.resolved = resolved
        self.x = np.broadcast_to(x0, (len(resolved), *x0.shape))
        self.gram_form = gram_form(*x0.shape)
        # h is dead once its layer's activations and statistics are taken, so every layer's
        # product goes to this one buffer rather than to a fresh array.
        self._preact = np.empty(self.x.shape)
        # Per layer, what the weight gradient needs from the layer's input: the input itself, or
        # in the Gram form only its Gram matrix (less memory, and no product left for backward).
        self.inputs: list[Array | _Gram] = []
        self.slopes: list[Array] = []
        # Per layer, one value per network (percentiles: five).
        self.stats: dict[str, list[Array]] = {
            name: [] for name in ("preact_rms", "act_rms", "saturated", "dead", "percentiles")
        }

    @property
    def depth(self) -> int:
        return len(self.inputs)

    def step(self, standard_weights: Array, weight_scale: float, b: Array | None) -> None:
        """One layer: h = x W + b with W = weight_scale · standard_weights."""
        n, batch, width = self.x.shape
        h = self._preact
        np.matmul(_rows(self.x), standard_weights, out=_rows(h))
        h *= weight_scale  # scaling the product, not the larger weights
        if b is not None:
            h += b
        self.inputs.append(_gram(self.x) if self.gram_form else self.x)
        if n == 1:  # no copies into a stack of one
            spec, params = self.resolved[0]
            x, slope = (a[None] for a in spec.value_and_derivative(h[0], **params))
        else:
            x, slope = np.empty_like(h), np.empty_like(h)
            for index, (spec, params) in enumerate(self.resolved):
                x[index], slope[index] = spec.value_and_derivative(h[index], **params)
        if np.may_share_memory(h, x) or np.may_share_memory(h, slope):
            self._preact = np.empty_like(h)  # h lives on in what the activation returned
        self.x = x
        self.slopes.append(slope)
        size = batch * width
        flat_slope = slope.reshape(n, size)
        stats = self.stats
        stats["preact_rms"].append(_stack_rms(h))
        stats["act_rms"].append(_stack_rms(x))
        # Two comparisons on bytes rather than |φ'| on a fresh float array; one count per network,
        # as count_nonzero along an axis sums a converted copy instead of counting (2× slower).
        saturated = [
            np.count_nonzero((row < SATURATION_THRESHOLD) & (row > -SATURATION_THRESHOLD))
            for row in flat_slope
        ]
        stats["saturated"].append(np.array(saturated) / size)
        stats["dead"].append(np.array([np.count_nonzero(row == 0.0) for row in flat_slope]) / size)
        stats["percentiles"].append(_sample_percentiles(x.reshape(n, size)))

    def results(self, depth: int, grad_rms: Array, weight_grad_rms: Array) -> list[Simulation]:
        # Layers first in the lists; networks first in the results.
        stats = {name: np.stack(rows[:depth], axis=1) for name, rows in self.stats.items()}
        return [
            Simulation(
                grad_rms=grad_rms[i],
                weight_grad_rms=weight_grad_rms[i],
                act_rms=stats["act_rms"][i],
                preact_rms=stats["preact_rms"][i],
                saturated_fraction=stats["saturated"][i],
                dead_fraction=stats["dead"][i],
                percentiles=stats["percentiles"][i],
            )
            for i in range(len(self.resolved))
        ]


def _rows(a: Array) -> Array:
    """A (networks, batch, width) stack as one (networks · batch, width) matrix."""
    return a.reshape(-1, a.shape[-1])


def _sample_percentiles(x: Array) -> Array:
    """Percentiles 5…95 of each row's first PERCENTILE_SAMPLE values, linear interpolation (as
    NumPy's default), from one sort: cheaper than np.percentile's selection and bookkeeping."""
    sample = np.sort(x[..., :PERCENTILE_SAMPLE], axis=-1)
    below, above, weight = _interpolation(sample.shape[-1])
    return sample[..., below] * (1.0 - weight) + sample[..., above] * weight


@functools.cache
def _interpolation(count: int) -> tuple[Array, Array, Array]:
    """For each of PERCENTILES among ``count`` sorted values: the ranks either side, and the
    weight of the upper one."""
    positions = np.array(PERCENTILES) / 100.0 * (count - 1)
    below = np.floor(positions).astype(int)
    above = np.minimum(below + 1, count - 1)
    weight = positions - below
    for shared in (below, above, weight):  # cached: every caller gets these very arrays
        shared.flags.writeable = False
    return below, above, weight
