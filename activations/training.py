r"""Small networks learning 2-D data, trained with the registry's own exact derivatives.

A network has 2 inputs, hidden layers $h = a W + b$, $a = \varphi(h)$, and one linear output logit;
the loss is the mean binary cross-entropy on that logit, computed stably as
$\operatorname{softplus}(z) - y z$. The backward pass uses ``Activation.grad``: the same $f'$ the
explorer draws, with its PyTorch conventions at kinks. For PReLU each hidden layer learns its own
$\alpha$ ($\partial f / \partial \alpha = \min(h, 0)$, 0 at the kink as in PyTorch); every other
parameter is fixed.

>>> data = make_dataset("circle", n=200, noise=0.05, seed=0)
>>> schedule = Schedule(optimizer="adam", learning_rate=0.05, steps=200)
>>> run = train("tanh", data, network=NetworkSettings(hidden=(8, 8)), schedule=schedule)
>>> bool(run.loss[-1] < run.loss[0]), run.blowup is None
(True, True)
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from activations import budget, initialisation
from activations.registry import Activation, resolve

Array = NDArray[np.float64]
DATASETS = ("circle", "xor", "gauss", "spiral", "moons")
OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8


def _check(kind: str, value: str, choices: Sequence[str]) -> str:
    if value in choices:
        return value
    close = difflib.get_close_matches(str(value), choices, n=2, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"Unknown {kind} {value!r}.{hint} Known: {', '.join(choices)}.")


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Points ``x`` (n, 2) in about [−1, 1]², and labels ``y`` (n,) of 0 and 1."""

    x: Array
    y: NDArray[np.int64]

    def split(self, test_fraction: float = 0.25, seed: int = 0) -> tuple[Dataset, Dataset]:
        """A seeded train/test split (the test set gets ``test_fraction`` of the points)."""
        order = np.random.default_rng(seed).permutation(len(self.y))
        cut = len(order) - round(test_fraction * len(order))
        train, test = order[:cut], order[cut:]
        return Dataset(self.x[train], self.y[train]), Dataset(self.x[test], self.y[test])


def make_dataset(name: str, n: int = 400, noise: float = 0.1, seed: int = 0) -> Dataset:
    """``n`` seeded points of a 2-D binary problem: ``circle`` (a disc inside a ring), ``xor``
    (the quadrants), ``gauss`` (two blobs), ``spiral`` (two arms) or ``moons``; ``noise`` is the
    standard deviation of the Gaussian jitter added to every point."""
    _check("dataset", name, DATASETS)
    if n < 2 or not math.isfinite(noise) or noise < 0:
        raise ValueError("n must be at least 2 and noise a finite number ≥ 0")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2  # balanced classes, then shuffled with the points
    if name == "circle":
        radius = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
        angle = rng.uniform(0.0, 2 * np.pi, n)
        x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    elif name == "xor":
        x = rng.uniform(-1.0, 1.0, (n, 2))
        x += np.sign(x) * 0.05  # a small margin off the axes, where the label flips
        y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    elif name == "gauss":
        centre = np.where(y[:, None] == 1, 0.5, -0.5)
        x = centre + 0.25 * rng.standard_normal((n, 2))
    elif name == "spiral":
        t = rng.uniform(0.05, 1.0, n)
        angle = 3.5 * np.pi * t + np.pi * y
        x = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    else:  # moons
        t = rng.uniform(0.0, np.pi, n)
        upper = np.stack([np.cos(t), np.sin(t)], axis=1)
        lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1)
        x = (np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25]) / 1.25
    x = x + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return Dataset(x[order].astype(np.float64), y[order].astype(np.int64))


# --- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSettings:
    """A seeded data set (:func:`make_dataset`); ``seed`` also seeds the train/test split and the
    network's initial weights on the training lab, so one number reproduces a run."""

    name: str = "circle"
    n: int = 400
    noise: float = 0.1
    seed: int = 0

    def make(self) -> Dataset:
        return make_dataset(self.name, self.n, self.noise, self.seed)


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
        _check("initialisation", self.init, initialisation.INITS)
        if self.init == "custom" and (self.sigma_w2 is None or not self.sigma_w2 > 0):
            raise ValueError("a custom initialisation needs sigma_w2 > 0")

    @property
    def sizes(self) -> tuple[int, ...]:
        return (2, *self.hidden, 1)

    def variance(self, fan_in: int, fan_out: int) -> float:
        """The initial weights' variance in a layer of ``fan_in`` inputs and ``fan_out`` units."""
        return initialisation.variance(self.init, fan_in, fan_out, self.sigma_w2)


@dataclass(frozen=True)
class Schedule:
    """How the weights move: ``optimizer`` (``sgd``, ``momentum`` or ``adam``) at
    ``learning_rate`` for ``steps`` steps, each on a mini-batch of ``batch`` points (the whole
    training set when None), with L2 weight decay ``l2`` (on weights, not biases or α)."""

    optimizer: str = "adam"
    learning_rate: float = 0.03
    steps: int = 500
    batch: int | None = None
    l2: float = 0.0

    def __post_init__(self) -> None:
        _check("optimizer", self.optimizer, OPTIMIZERS)
        if not math.isfinite(self.learning_rate) or self.learning_rate <= 0 or self.steps < 1:
            raise ValueError("learning_rate must be > 0 and steps at least 1")


# --- the network --------------------------------------------------------------------------------


_Buffer = tuple[Array, list[Array], list[Array], Array]  # a flat vector, and Layout.views of it


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

    def buffer(self) -> _Buffer:
        """A new flat vector with its views."""
        flat = np.empty(self.size)
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
    (one learned α per hidden layer) are views. ``params`` fixes every other parameter."""

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
        seed: int = 0,
        params: dict[str, float] | None = None,
    ) -> Mlp:
        """Fresh random weights as ``network`` says (seeded), zero biases, α at its default."""
        spec = resolve(key)
        resolved = spec.resolve_params(**(params or {}))
        learned = _learns_alpha(spec)
        fixed = {k: v for k, v in resolved.items() if not (learned and k == "alpha")}
        layout = Layout(network.sizes, len(network.hidden) if learned else 0)
        net = cls(key, layout, np.zeros(layout.size), fixed)
        rng = np.random.default_rng(seed)
        for weights in net.weights:
            scale = math.sqrt(network.variance(*weights.shape))
            weights[...] = scale * rng.standard_normal(weights.shape)
        if learned:
            net.alphas[...] = resolved["alpha"]
        return net

    def __reduce__(self) -> tuple:
        # Pickled (to and from a worker process) as its owner vector, so the views are rebuilt
        # as views rather than arriving as copies.
        return (Mlp, (self.key, self.layout, self.theta, self.params))

    def with_theta(self, theta: Array) -> Mlp:
        """The same network holding a copy of ``theta``."""
        return Mlp(self.key, self.layout, theta.copy(), dict(self.params))

    @property
    def spec(self) -> Activation:
        return resolve(self.key)


def _learns_alpha(spec: Activation) -> bool:
    return spec.key == "prelu"


def _layer_params(net: Mlp, layer: int) -> dict[str, float]:
    # A learned α may leave the slider's range, so it goes to the function directly.
    return {**net.params, "alpha": float(net.alphas[layer])} if net.alphas.size else net.params


@dataclass(frozen=True)
class _Pass:
    inputs: list[Array]  # the input of each layer (x first)
    preacts: list[Array]  # h of each hidden layer
    logit: Array  # (n,)


def _forward(net: Mlp, x: Array) -> _Pass:
    spec, a = net.spec, np.asarray(x, dtype=np.float64)
    inputs, preacts = [], []
    for layer, (w, b) in enumerate(zip(net.weights[:-1], net.biases[:-1], strict=True)):
        inputs.append(a)
        h = a @ w + b
        preacts.append(h)
        a = spec.fn(h, **_layer_params(net, layer))
    inputs.append(a)
    return _Pass(inputs, preacts, (a @ net.weights[-1] + net.biases[-1])[:, 0])


def _loss(logit: Array, y: NDArray) -> float:
    """Mean binary cross-entropy on the logit: softplus(z) − y z, finite for any finite z."""
    return float(np.sum(np.logaddexp(0.0, logit) - y * logit) / len(logit))


def _accuracy(logit: Array, y: NDArray) -> float:
    """The share of points on their label's side of the boundary (logit 0)."""
    return np.count_nonzero((logit > 0) == (y == 1)) / len(logit)


def _sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True)
class Gradients:
    """d loss / d each parameter, in the network's :class:`Layout` (``flat``) and as views of it
    shaped as the network's; ``loss`` is the mean cross-entropy."""

    loss: float
    flat: Array = field(repr=False)
    weights: list[Array] = field(repr=False)
    biases: list[Array] = field(repr=False)
    alphas: Array = field(repr=False)
    preacts: list[Array] = field(repr=False)  # each hidden layer's h
    logit: Array = field(repr=False)  # the output logit


def gradients(net: Mlp, x: Array, y: NDArray) -> Gradients:
    """The loss on (x, y) and its gradient, by backpropagation with the registry's f′."""
    return _backprop(net, x, y)


def _backprop(net: Mlp, x: Array, y: NDArray, into: _Buffer | None = None) -> Gradients:
    """:func:`gradients` on the first ``len(y)`` rows of ``x``; further rows (a test set) are only
    carried forward, so one pass gives their logits too (in ``logit``, after the trained rows').
    The gradient is written ``into`` a buffer if given: a training loop reuses one rather than
    taking its views every step (a tenth of a small network's step)."""
    spec, run, n = net.spec, _forward(net, x), len(y)
    y = np.asarray(y, dtype=np.float64)
    logit = run.logit[:n]
    delta = ((_sigmoid(logit) - y) / n)[:, None]  # d loss / d logit
    preacts = [h[:n] for h in run.preacts]
    flat, grad_w, grad_b, grad_alpha = into or net.layout.buffer()
    for layer in range(len(net.weights) - 1, -1, -1):
        np.matmul(run.inputs[layer][:n].T, delta, out=grad_w[layer])
        grad_b[layer][...] = delta.sum(axis=0)  # (np.sum with out= is twice as slow)
        if layer == 0:
            break
        upstream = delta @ net.weights[layer].T  # d loss / d a of the hidden layer below
        h, hidden = preacts[layer - 1], layer - 1
        if grad_alpha.size:
            grad_alpha[hidden] = np.sum(upstream * np.minimum(h, 0.0))
        delta = upstream * spec.grad(h, **_layer_params(net, hidden))
    return Gradients(_loss(logit, y), flat, grad_w, grad_b, grad_alpha, preacts, run.logit)


# --- training -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The network at one step: what the page draws and plays back."""

    step: int
    dead_fraction: Array  # per hidden layer: units whose φ′ is 0 on every training point
    inactive_fraction: Array  # per hidden layer: units whose h ≤ 0 on every training point
    grad_rms: Array  # per layer (the output's last): RMS of d loss / d W
    alphas: Array  # PReLU's learned α per hidden layer (empty otherwise)
    boundary: Array  # (grid, grid): the predicted probability of class 1 over the grid


FACTORS = ("weights", "activations", "gradients")
# Where a run can stop being finite, in the order the network computes them: the factors, or only
# the loss summed over the points (each logit finite, their softplus sum not).
PLACES = (*FACTORS, "loss")


@dataclass(frozen=True)
class BlowUp:
    """Where a run stopped being finite, and how much each factor had grown by then.

    ``factor`` is the first non-finite one, in the order the network computes them (weights, then
    each layer's pre-activations, then the gradients), or "loss" when every one of those is finite
    and only the summed loss overflowed. ``growth`` maps each factor to the ratio
    of its largest magnitude at the last finite step to its largest at step 0: the largest weight,
    the largest pre-activation or logit on the training points, the largest ∂L/∂W. It is empty
    when step 0 itself is not finite."""

    step: int
    layer: int  # 0 is the first hidden layer; the output layer is len(hidden)
    factor: str  # one of FACTORS
    growth: dict[str, float] = field(default_factory=dict)

    @property
    def grew_most(self) -> str | None:
        """The factor whose largest magnitude grew by the largest ratio, if any grew."""
        if not self.growth:
            return None
        factor = max(self.growth, key=lambda f: np.nan_to_num(self.growth[f], nan=0.0))
        return factor if self.growth[factor] > 1 else None


@dataclass(frozen=True)
class Run:
    """A training run: per step (before each step and after the last), and per snapshot."""

    loss: Array  # (steps + 1,) on the training set
    accuracy: Array
    test_loss: Array  # NaN where there is no test set
    test_accuracy: Array
    snapshots: tuple[Snapshot, ...]
    grid: Array  # the boundary grid's coordinates along each axis
    blowup: BlowUp | None
    network: Mlp  # the trained network: after the last step, or the last finite one

    @property
    def dead_fraction(self) -> Array:
        return np.array([s.dead_fraction for s in self.snapshots])

    @property
    def inactive_fraction(self) -> Array:
        return np.array([s.inactive_fraction for s in self.snapshots])

    @property
    def snapshot_steps(self) -> Array:
        return np.array([s.step for s in self.snapshots])

    @property
    def grad_rms(self) -> Array:
        return np.array([s.grad_rms for s in self.snapshots])

    @property
    def alphas(self) -> Array:
        return np.array([s.alphas for s in self.snapshots])


class _Optimizer:
    """SGD, SGD with momentum or Adam on one flat parameter vector (updated in place).

    One vector rather than a list of arrays: a step is a handful of NumPy calls whatever the
    depth, which matters when the arrays are this small."""

    def __init__(self, kind: str, rate: float, size: int) -> None:
        self.kind, self.rate, self.t = kind, rate, 0
        self.m, self.v = np.zeros(size), np.zeros(size)

    def step(self, theta: Array, grad: Array) -> None:
        self.t += 1
        if self.kind == "sgd":
            theta -= self.rate * grad
        elif self.kind == "momentum":
            self.m *= MOMENTUM
            self.m += grad
            theta -= self.rate * self.m
        else:
            (b1, b2), t, m, v = ADAM_BETAS, self.t, self.m, self.v
            m *= b1
            m += (1 - b1) * grad
            v *= b2
            v += (1 - b2) * grad * grad
            theta -= self.rate * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + ADAM_EPS)


class _Batches:
    """Which training rows each step learns from: all of them (None) at the full batch, otherwise
    ``batch`` rows at a time from a seeded shuffle, reshuffled when too few are left."""

    def __init__(self, n: int, batch: int | None, seed: int) -> None:
        self.n, self.batch, self.rng = n, batch, np.random.default_rng(seed)
        self.order, self.cursor = self.rng.permutation(n), 0

    def next(self) -> NDArray[np.int64] | None:
        if self.batch is None or self.batch >= self.n:
            return None
        if self.cursor + self.batch > self.n:
            self.order, self.cursor = self.rng.permutation(self.n), 0
        self.cursor += self.batch
        return self.order[self.cursor - self.batch : self.cursor]


_CURVES = ("loss", "accuracy", "test_loss", "test_accuracy")  # as Run names them


class _Recorder:
    """The curves, a value per step, and the snapshots, at ``snapshots`` evenly spread steps."""

    def __init__(
        self, data: Dataset, test: Dataset | None, steps: int, snapshots: int, grid: int
    ) -> None:
        self.data, self.test, self.grid = data, test, grid
        self.axis = np.linspace(-1.5, 1.5, grid)
        self.plane = np.stack(np.meshgrid(self.axis, self.axis), axis=-1).reshape(-1, 2)
        spread = np.linspace(0, steps, min(snapshots, steps + 1)).round().astype(int)
        self.snap_at = set(np.unique(spread).tolist())
        self.curves = {name: np.full(steps + 1, np.nan) for name in _CURVES}
        self.snapshots: list[Snapshot] = []

    def record(self, step: int, net: Mlp, all_rows: Gradients) -> None:
        """Step ``step``'s curves from its forward pass on the training rows, then the test's."""
        n_train, curves = len(self.data.y), self.curves
        train_logit, test_logit = all_rows.logit[:n_train], all_rows.logit[n_train:]
        curves["loss"][step] = all_rows.loss
        curves["accuracy"][step] = _accuracy(train_logit, self.data.y)
        if self.test is not None:
            curves["test_loss"][step] = _loss(test_logit, self.test.y)
            curves["test_accuracy"][step] = _accuracy(test_logit, self.test.y)
        if step in self.snap_at:
            self.snapshots.append(_snapshot(net, all_rows, step, self.plane, self.grid))

    def run(self, blowup: BlowUp | None, net: Mlp) -> Run:
        curves = (self.curves[name] for name in _CURVES)
        return Run(*curves, tuple(self.snapshots), self.axis, blowup, net)


def train(
    key: str | Activation,
    data: Dataset,
    *,
    network: NetworkSettings = NetworkSettings(),
    schedule: Schedule = Schedule(),
    seed: int = 0,
    params: dict[str, float] | None = None,
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
) -> Run:
    """Train a fresh network of ``key``'s activations on ``data``; the :class:`Run` it returns
    holds the curves, the snapshots and the trained network.

    Parameters (unit; default):

    - ``key``: a registry key or an :class:`Activation`, a typed formula say (required).
    - ``data``: the training points, x in about [−1, 1]² and labels 0 or 1 (required).
    - ``network``: :class:`NetworkSettings`; default 2 → 8 → 8 → 1, Xavier:
      - ``hidden``: units per hidden layer (units; (8, 8));
      - ``init``: ``xavier``, ``he``, ``lecun`` or ``custom`` (a name; ``xavier``);
      - ``sigma_w2``: weight variance × fan in, ``custom`` only (dimensionless; None).
    - ``schedule``: :class:`Schedule`; default 500 steps of Adam at 0.03, full batch:
      - ``optimizer``: ``sgd``, ``momentum`` (0.9) or ``adam`` (β 0.9, 0.999) (a name; ``adam``);
      - ``learning_rate``: the step size (parameter units per gradient unit; 0.03);
      - ``steps``: optimiser steps, each one batch (steps; 500);
      - ``batch``: points per step, None for the whole training set (points; None);
      - ``l2``: λ, adding λ·w to each weight's gradient (per step; 0.0, off).
    - ``seed``: seeds the initial weights, and ``seed`` + 1 the batches' order (an integer; 0).
    - ``params``: the activation's other parameters by name; PReLU's α is only where its learned
      α starts (the parameters' own units; the registry's defaults).
    - ``test``: held-out points, whose loss and accuracy are recorded each step too (None: NaN).
    - ``snapshots``: steps snapshotted, spread evenly from 0 to the last (snapshots; 50).
    - ``grid``: points along each axis of a snapshot's boundary over [−1.5, 1.5]² (points; 60).

    Deterministic: the same arguments give the same numbers bit for bit on one machine. A run
    whose weights, activations or gradients stop being finite stops there; :class:`BlowUp` says
    where, and the curves keep their finite part (NaN after it), with no NumPy warning.

    What a run costs is known before it starts (:func:`work`): a shared server bounds it there,
    by the number of steps, never by a clock (the same arguments give the same run anywhere).
    """
    net = Mlp.init(key, network, seed, params)
    start, previous = net.theta.copy(), net.theta.copy()  # step 0's state, and the last step's
    decay = schedule.l2 * net.layout.is_weight if schedule.l2 else None
    opt = _Optimizer(schedule.optimizer, schedule.learning_rate, net.theta.size)
    batches = _Batches(len(data.y), schedule.batch, seed + 1)
    recorder = _Recorder(data, test, schedule.steps, snapshots, grid)
    # The test points ride along in the training set's forward pass: one pass gives both curves.
    rows = data.x if test is None else np.concatenate([data.x, test.x])
    buffer = net.layout.buffer()  # each step's gradient, overwritten by the next
    with np.errstate(all="ignore"):  # a blow-up is found and reported below, not warned about
        for step in range(schedule.steps + 1):
            all_rows = _backprop(net, rows, data.y, buffer)
            blowup = _first_non_finite(net, all_rows, step)
            if blowup is not None:
                return recorder.run(*_stopped(blowup, net, start, previous, data))
            recorder.record(step, net, all_rows)
            if step == schedule.steps:
                break
            picked = batches.next()
            learned = all_rows  # the full batch learns from the pass just made...
            if picked is not None:  # ...a mini-batch from its own pass, on its rows only
                learned = _backprop(net, data.x[picked], data.y[picked], buffer)
            grad = learned.flat
            if decay is not None:
                grad += decay * net.theta
            np.copyto(previous, net.theta)
            opt.step(net.theta, grad)
    return recorder.run(None, net.with_theta(net.theta))


def work(
    key: str | Activation,
    data: Dataset,
    *,
    network: NetworkSettings = NetworkSettings(),
    schedule: Schedule = Schedule(),
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
) -> float:
    """The work units (:mod:`activations.budget`) of :func:`train` with these arguments, known
    before it runs."""
    rows = len(data.y) + (0 if test is None else len(test.y))
    return budget.training_work(
        network.sizes,
        rows=rows,
        steps=schedule.steps,
        cost=resolve(key).cost,
        batch=schedule.batch,
        snapshots=min(snapshots, schedule.steps + 1),
        grid_points=grid * grid,
    )


def _snapshot(net: Mlp, all_rows: Gradients, step: int, plane: Array, grid: int) -> Snapshot:
    spec = net.spec
    dead = [
        float(np.mean(np.all(spec.grad(h, **_layer_params(net, i)) == 0.0, axis=0)))
        for i, h in enumerate(all_rows.preacts)
    ]
    inactive = [float(np.mean(np.all(h <= 0.0, axis=0))) for h in all_rows.preacts]
    rms = [float(np.sqrt(np.mean(g * g))) for g in all_rows.weights]
    boundary = _sigmoid(_forward(net, plane).logit).reshape(grid, grid)
    return Snapshot(
        step, np.array(dead), np.array(inactive), np.array(rms), np.array(net.alphas), boundary
    )


def _first_non_finite(net: Mlp, all_rows: Gradients, step: int) -> BlowUp | None:
    """The first factor, in the order the network computes them, that is not finite."""
    # Fast path, every step: a finite loss needs finite weights and activations, and a finite
    # sum of the flat gradient finite gradients (an inf or NaN anywhere would carry into it).
    if math.isfinite(all_rows.loss) and math.isfinite(all_rows.flat.sum()):
        return None
    for layer, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            return BlowUp(step, layer, "weights")
    for layer, h in enumerate(all_rows.preacts):
        if not np.isfinite(h).all():
            return BlowUp(step, layer, "activations")
    if not np.isfinite(all_rows.logit).all():
        return BlowUp(step, len(net.weights) - 1, "activations")
    if not math.isfinite(all_rows.loss):
        return BlowUp(step, len(net.weights) - 1, "loss")
    for layer in range(len(net.weights) - 1, -1, -1):
        if not np.isfinite(all_rows.weights[layer]).all():
            return BlowUp(step, layer, "gradients")
    return None


def _stopped(
    blowup: BlowUp, net: Mlp, start: Array, previous: Array, data: Dataset
) -> tuple[BlowUp, Mlp]:
    """A run that blew up: its :class:`BlowUp` with the growth from step 0 to the last finite
    step, and the network it hands back, the last finite one (step 0's if it never was)."""
    if blowup.step == 0:
        return blowup, net.with_theta(net.theta)
    first, last = net.with_theta(start), net.with_theta(previous)
    return replace(blowup, growth=_growth(first, last, data.x, data.y)), last


def _growth(first: Mlp, last: Mlp, x: Array, y: NDArray) -> dict[str, float]:
    """How much each factor's largest magnitude grew from network ``first`` to ``last``, on the
    training rows (x, y)."""
    scales = []
    for net in (first, last):
        grads = gradients(net, x, y)
        scales.append(
            {
                "weights": max(float(np.abs(w).max()) for w in net.weights),
                "activations": max(float(np.abs(h).max()) for h in [*grads.preacts, grads.logit]),
                "gradients": max(float(np.abs(g).max()) for g in grads.weights),
            }
        )
    before, after = scales
    return {f: after[f] / before[f] if before[f] > 0 else math.inf for f in FACTORS}
