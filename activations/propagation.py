"""Signal and gradient propagation through deep stacks: simulation and mean-field theory.

- :func:`simulate` runs a real random network forward and backward and measures per-layer sizes.
- :func:`mean_field` predicts the same sizes from Gaussian expectations (Poole et al. 2016;
  Schoenholz et al. 2017).
- :func:`chain` is the scalar story: a chain of single units and its product of local slopes.
- :func:`phase_diagram` maps χ₁ at the fixed point over (σ_w², σ_b²): the order-to-chaos picture.

Everything runs in float64: sigmoid gradients reach 1e-40 and below at depth, where float32 ends.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations import gaussian
from activations.registry import Activation, resolve

Array = NDArray[np.float64]
PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
SATURATION_THRESHOLD = 0.05
# Percentile bands come from the first PERCENTILE_SAMPLE activations of each layer (units and
# batch rows are exchangeable, so these are a fair sample): exact percentiles of every value
# cost as much as a matrix product at width 512, for no visible difference in a band.
PERCENTILE_SAMPLE = 8_192
# simulate keeps every layer's weights for the backward pass up to this many bytes; a deeper or
# wider network draws them again instead (same numbers), so one call never holds gigabytes.
WEIGHT_MEMORY_BUDGET = 256 * 2**20


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
    slope_mean_square: Array  # E[φ'(h_l)²]


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


def _resolved(
    key: str | Activation, params: Mapping[str, float] | None
) -> tuple[Activation, dict[str, float]]:
    spec = resolve(key)
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
    params_by_key = None if params is None else {key: params}
    return simulate_many(
        (key,), depth, width, batch, sigma_w2, sigma_b2, seed, params_by_key=params_by_key
    )[0]


def simulate_many(
    keys: Sequence[str],
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
    """
    if depth < 1 or width < 1 or batch < 1:
        raise ValueError("depth, width and batch must be at least 1")
    if draws is None:
        keep_weights = weight_bytes(depth, width) <= WEIGHT_MEMORY_BUDGET
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
        keys: Sequence[str],
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
        resolved = [_resolved(key, (params_by_key or {}).get(key)) for key in keys]
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
        with self._lock:
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


def weight_bytes(depth: int, width: int) -> int:
    """Memory for a network's weights: what kept :class:`Draws` hold at this depth."""
    return depth * width * width * 8


def forward_bytes(networks: int, depth: int, width: int, batch: int) -> int:
    """Memory a :class:`Network` holds for its backward pass: each layer's slopes, and its inputs
    or, for a batch well under the width, their batch × batch Gram matrix; and one layer's
    pre-activations, the buffer every layer's product goes to."""
    kept_inputs = batch * batch if _gram_form(batch, width) else batch * width
    return networks * (depth * (batch * width + kept_inputs) + batch * width) * 8


class Draws:
    """The random numbers one seed gives a network: the inputs, each layer's standard-normal
    weights and biases, and the upstream gradient for any depth, drawn as the network asks.

    The order is the one :func:`simulate` documents (inputs; then weights and biases layer by
    layer; then the upstream gradient), so a kept ``Draws`` gives exactly the numbers a fresh run
    would. With ``keep_weights=False`` only the generator's state before each layer's weights is
    kept, and asking for them again draws them again: same numbers, a few hundred bytes a layer.
    Safe to share between threads.
    """

    def __init__(self, seed: int, width: int, batch: int, *, keep_weights: bool = True) -> None:
        self.seed, self.width, self.batch, self.keep_weights = seed, width, batch, keep_weights
        self._rng = np.random.default_rng(seed)
        self.inputs: Array = self._rng.standard_normal((batch, width))
        self._weights: list = []  # per layer: the weights, or the generator state before them
        self._biases: list[Array] = []
        self._states_after: list[dict] = []  # the generator after each layer's biases
        self._lock = threading.Lock()

    @property
    def depth(self) -> int:
        """How many layers have been drawn so far."""
        return len(self._biases)

    def layer(self, index: int) -> tuple[Array, Array]:
        """Layer ``index``'s standard-normal weights (width × width) and biases (width)."""
        with self._lock:
            while self.depth <= index:
                state = self._rng.bit_generator.state
                weights = self._rng.standard_normal((self.width, self.width))
                self._weights.append(weights if self.keep_weights else state)
                self._biases.append(self._rng.standard_normal(self.width))
                self._states_after.append(self._rng.bit_generator.state)
                if self.depth == index + 1:
                    return weights, self._biases[index]
            kept = self._weights[index]
        if isinstance(kept, np.ndarray):
            return kept, self._biases[index]
        return _generator_at(kept).standard_normal((self.width, self.width)), self._biases[index]

    def upstream(self, depth: int) -> Array:
        """∂L/∂x_L ~ N(0, 1) for a network ``depth`` layers deep: the draw after its last layer."""
        self.layer(depth - 1)
        return _generator_at(self._states_after[depth - 1]).standard_normal(
            (self.batch, self.width)
        )


def _generator_at(state: dict) -> np.random.Generator:
    generator = np.random.Generator(np.random.PCG64())
    generator.bit_generator.state = state
    return generator


class _Forward:
    """Every activation's copy of the network as one (networks, batch, width) array, so each
    layer is one matrix product and one call per statistic for all of them together."""

    def __init__(self, resolved: list[tuple[Activation, dict[str, float]]], x0: Array) -> None:
        self.resolved = resolved
        self.x = np.broadcast_to(x0, (len(resolved), *x0.shape))
        self.gram_form = _gram_form(*x0.shape)
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


def _gram_form(batch: int, width: int) -> bool:
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


def expected_square(
    key: str | Activation,
    q: ArrayLike,
    *,
    derivative: bool = False,
    params: Mapping[str, float] | None = None,
) -> Array:
    r"""$E[\varphi(h)^2]$ (or $E[\varphi'(h)^2]$) for $h \sim N(0, q)$, for each q
    (see :func:`activations.gaussian.expectation`)."""
    spec, p = _resolved(key, params)
    g = spec.grad if derivative else spec.fn
    return gaussian.expectation(lambda h: g(h, **p) ** 2, spec.breakpoints, q)


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
