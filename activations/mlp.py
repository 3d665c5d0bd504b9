r"""The training lab's network: 2 inputs, hidden layers $h = a W + b$, $a = \varphi(h)$, and one
linear output logit, with the loss and its gradient by backpropagation.

The backward pass uses ``Activation.grad``: the same $f'$ the explorer draws, with its PyTorch
conventions at kinks. For PReLU each hidden layer learns its own $\alpha$
($\partial f / \partial \alpha = \min(h, 0)$, 0 at the kink as in PyTorch); every other parameter
is fixed.

Every array may carry leading axes: a stack of K networks of one shape (K seeds, say) is one
:class:`Mlp` whose ``theta`` is (K, P), and one forward or backward pass is a few batched NumPy
calls for all of them, each member computed as it would be alone.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from activations import initialisation
from activations.datasets import check_choice
from activations.registry import Activation, resolve

Array = NDArray[np.float64]


@dataclass(frozen=True)
class NetworkSettings:
    """The network's shape and initial weights: ``hidden`` units per hidden layer (2 inputs and 1
    output logit around them); ``init`` is ``xavier`` (weight variance 2/(fan in + fan out)),
    ``he`` (2/fan in), ``lecun`` (1/fan in) or ``custom`` (``sigma_w2``/fan in); zero biases."""

    hidden: tuple[int, ...] = (8, 8)
    init: str = "xavier"
    sigma_w2: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(self.hidden))  # a list would not hash
        check_choice("initialisation", self.init, initialisation.INITS)
        if self.init == "custom" and (self.sigma_w2 is None or not self.sigma_w2 > 0):
            raise ValueError("a custom initialisation needs sigma_w2 > 0")

    @property
    def sizes(self) -> tuple[int, ...]:
        return (2, *self.hidden, 1)

    def variance(self, fan_in: int, fan_out: int) -> float:
        """The initial weights' variance in a layer of ``fan_in`` inputs and ``fan_out`` units."""
        return initialisation.variance(self.init, fan_in, fan_out, self.sigma_w2)


Buffer = tuple[Array, list[Array], list[Array], Array]  # a flat vector, and Layout.views of it


@dataclass(frozen=True)
class Layout:
    """Where each weight matrix, bias and learned α sits in one flat parameter vector: every
    weight matrix (sizes[l], sizes[l+1]) in order, then every bias, then the α of each hidden
    layer (PReLU only). A network's parameters and their gradient share it.

    Views index the last axis only, so a stack of vectors (seeds, say) along leading axes gets
    stacked views: weights (..., sizes[l], sizes[l+1])."""

    sizes: tuple[int, ...]
    alphas: int  # learned α: one per hidden layer, or none

    @cached_property
    def _spans(self) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, stop, shape) of each array in the vector: computed once, as views are taken
        every step."""
        pairs = list(itertools.pairwise(self.sizes))
        shapes = [*pairs, *[(fan_out,) for _, fan_out in pairs], (self.alphas,)]
        stops = list(itertools.accumulate(math.prod(shape) for shape in shapes))
        return list(zip([0, *stops[:-1]], stops, shapes, strict=True))

    @property
    def size(self) -> int:
        return self._spans[-1][1]

    def views(self, flat: Array) -> tuple[list[Array], list[Array], Array]:
        """The weights, biases and α of ``flat``: views, so writing one writes ``flat``."""
        lead = flat.shape[:-1]
        views = [flat[..., start:stop].reshape(*lead, *shape) for start, stop, shape in self._spans]
        layers = len(self.sizes) - 1
        return views[:layers], views[layers:-1], views[-1]

    def buffer(self, lead: tuple[int, ...] = ()) -> Buffer:
        """A new flat vector (with leading axes ``lead``) and its views."""
        flat = np.empty((*lead, self.size))
        return (flat, *self.views(flat))

    @property
    def is_weight(self) -> NDArray[np.bool_]:
        """The entries of a flat vector that are weights (where L2 applies)."""
        mask = np.zeros(self.size, dtype=bool)
        for weights in self.views(mask)[0]:
            weights[...] = True
        return mask


class Mlp:
    """A network of ``key``'s activations, the one owner of its parameters: ``theta``, one flat
    vector (:class:`Layout`), of which ``weights[l]``, ``biases[l]`` and, for PReLU, ``alphas``
    (one learned α per hidden layer) are views. ``params`` fixes every other parameter.

    ``theta`` of shape (K, P) is K networks of one shape side by side (``members``)."""

    def __init__(
        self, key: str | Activation, layout: Layout, theta: Array, params: dict[str, float]
    ) -> None:
        self.key, self.layout, self.theta, self.params = key, layout, theta, params
        self.weights, self.biases, self.alphas = layout.views(theta)

    @classmethod
    def init(
        cls,
        key: str | Activation,
        network: NetworkSettings = NetworkSettings(),
        seed: int | Sequence[int] = 0,
        params: dict[str, float] | None = None,
    ) -> Mlp:
        """Fresh random weights as ``network`` says, zero biases, α at its default. One seed makes
        one network; a sequence of seeds a stack, whose k-th member is the network ``seeds[k]``
        makes alone (the activation plays no part: every activation starts from the same
        weights)."""
        spec = resolve(key)
        resolved = spec.resolve_params(**(params or {}))
        learned = learns_alpha(spec)
        fixed = {k: v for k, v in resolved.items() if not (learned and k == "alpha")}
        layout = Layout(network.sizes, len(network.hidden) if learned else 0)
        seeds = [seed] if isinstance(seed, int) else list(seed)
        theta = np.zeros((len(seeds), layout.size))
        for row, member_seed in zip(theta, seeds, strict=True):
            rng = np.random.default_rng(member_seed)
            for weights in layout.views(row)[0]:
                scale = math.sqrt(network.variance(*weights.shape))
                weights[...] = scale * rng.standard_normal(weights.shape)
        if learned:
            layout.views(theta)[2][...] = resolved["alpha"]
        return cls(key, layout, theta[0] if isinstance(seed, int) else theta, fixed)

    def __reduce__(self) -> tuple:
        # Pickled (to and from a worker process) as its owner vector, so the views are rebuilt
        # as views rather than arriving as copies.
        return (Mlp, (self.key, self.layout, self.theta, self.params))

    @property
    def members(self) -> int | None:
        """How many networks are stacked in this one; None for a single network."""
        return self.theta.shape[0] if self.theta.ndim == 2 else None

    def member(self, k: int) -> Mlp:
        """The k-th network of a stack, as a view of its parameters."""
        return Mlp(self.key, self.layout, self.theta[k], self.params)

    def with_theta(self, theta: Array) -> Mlp:
        """The same network holding a copy of ``theta``."""
        return Mlp(self.key, self.layout, theta.copy(), dict(self.params))

    @property
    def spec(self) -> Activation:
        return resolve(self.key)


def learns_alpha(spec: Activation) -> bool:
    """Whether training learns the activation's α (PReLU) rather than holding it fixed."""
    return spec.key == "prelu"


def layer_params(net: Mlp, layer: int) -> dict[str, float]:
    """The activation's parameters in hidden layer ``layer``: the fixed ones, and a learned α (a
    (K, 1, 1) array for a stack, so that each member's α meets its own pre-activations)."""
    if not net.alphas.size:
        return net.params
    alpha = net.alphas[..., layer]
    # A learned α may leave the slider's range, so it goes to the function directly.
    return {**net.params, "alpha": alpha[..., None, None] if alpha.ndim else float(alpha)}


@dataclass(frozen=True)
class Pass:
    """A forward pass: the input of each layer (x first), each hidden layer's h, and the logit
    (..., n)."""

    inputs: list[Array]
    preacts: list[Array]
    logit: Array


def forward(net: Mlp, x: Array) -> Pass:
    """The network on points ``x`` ((n, 2), or (K, n, 2): each member its own points)."""
    spec, a = net.spec, np.asarray(x, dtype=np.float64)
    inputs, preacts = [], []
    for layer, (w, b) in enumerate(zip(net.weights[:-1], net.biases[:-1], strict=True)):
        inputs.append(a)
        h = a @ w + b[..., None, :]
        preacts.append(h)
        a = spec.fn(h, **layer_params(net, layer))
    inputs.append(a)
    return Pass(inputs, preacts, (a @ net.weights[-1] + net.biases[-1][..., None, :])[..., 0])


def loss(logit: Array, y: NDArray) -> Array:
    """Mean binary cross-entropy on the logit over the last axis: softplus(z) − y z, finite for
    any finite z."""
    return (np.logaddexp(0.0, logit) - y * logit).sum(axis=-1) / logit.shape[-1]


def accuracy(logit: Array, y: NDArray) -> Array:
    """The share of points on their label's side of the boundary (logit 0), over the last axis."""
    right = (logit > 0) == (y == 1)
    if right.size == right.shape[-1]:  # one network (or a stack of one)
        return np.full(right.shape[:-1], np.count_nonzero(right) / right.shape[-1])
    # A row at a time: count_nonzero over one axis, or a sum of booleans, is several times
    # slower than this loop over a handful of members.
    counts = [np.count_nonzero(row) for row in right.reshape(-1, right.shape[-1])]
    return np.array(counts).reshape(right.shape[:-1]) / right.shape[-1]


def sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True)
class Gradients:
    """d loss / d each parameter, in the network's :class:`Layout` (``flat``) and as views of it
    shaped as the network's; ``loss`` is the mean cross-entropy (one per member of a stack)."""

    loss: float | Array
    flat: Array = field(repr=False)
    weights: list[Array] = field(repr=False)
    biases: list[Array] = field(repr=False)
    alphas: Array = field(repr=False)
    preacts: list[Array] = field(repr=False)  # each hidden layer's h
    logit: Array = field(repr=False)  # the output logit

    def member(self, k: int) -> Gradients:
        """The k-th member's gradient, of a stack's."""
        return Gradients(
            float(self.loss[k]),
            self.flat[k],
            [w[k] for w in self.weights],
            [b[k] for b in self.biases],
            self.alphas[k],
            [h[k] for h in self.preacts],
            self.logit[k],
        )


def gradients(net: Mlp, x: Array, y: NDArray) -> Gradients:
    """The loss on (x, y) and its gradient, by backpropagation with the registry's f′."""
    return backprop(net, x, y)


def backprop(net: Mlp, x: Array, y: NDArray, into: Buffer | None = None) -> Gradients:
    """:func:`gradients` on the first ``n`` rows of ``x``, n the number of labels; further rows (a
    test set) are only carried forward, so one pass gives their logits too (in ``logit``, after
    the trained rows'). The gradient is written ``into`` a buffer if given: a training loop reuses
    one rather than taking its views every step (a tenth of a small network's step)."""
    spec, run = net.spec, forward(net, x)
    y = np.asarray(y, dtype=np.float64)
    n = y.shape[-1]
    logit = run.logit[..., :n]
    delta = ((sigmoid(logit) - y) / n)[..., None]  # d loss / d logit
    preacts = [h[..., :n, :] for h in run.preacts]
    flat, grad_w, grad_b, grad_alpha = into or net.layout.buffer(net.theta.shape[:-1])
    for layer in range(len(net.weights) - 1, -1, -1):
        below = run.inputs[layer][..., :n, :]
        np.matmul(below.mT, delta, out=grad_w[layer])
        grad_b[layer][...] = delta.sum(axis=-2)  # (np.sum with out= is twice as slow)
        if layer == 0:
            break
        upstream = delta @ net.weights[layer].mT  # d loss / d a of the layer below
        h, hidden = preacts[layer - 1], layer - 1
        if grad_alpha.size:
            grad_alpha[..., hidden] = np.sum(upstream * np.minimum(h, 0.0), axis=(-2, -1))
        delta = upstream * spec.grad(h, **layer_params(net, hidden))
    total = loss(logit, y)
    total = float(total) if total.ndim == 0 else total
    return Gradients(total, flat, grad_w, grad_b, grad_alpha, preacts, run.logit)
