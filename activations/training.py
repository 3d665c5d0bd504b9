r"""Small networks learning 2-D data (:mod:`activations.datasets`), trained with the registry's
own exact derivatives (:mod:`activations.mlp`): one seed with :func:`train`, many side by side
with :func:`train_many`.

The loss is the mean binary cross-entropy on the network's one output logit.

>>> data = make_dataset("circle", n=200, noise=0.05, seed=0)
>>> schedule = Schedule(optimizer="adam", learning_rate=0.05, steps=200)
>>> run = train("tanh", data, network=NetworkSettings(hidden=(8, 8)), schedule=schedule)
>>> bool(run.loss[-1] < run.loss[0]), run.blowup is None
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
from numpy.typing import NDArray

from activations import budget
from activations.datasets import DATASETS, Dataset, DataSettings, check_choice, make_dataset
from activations.mlp import (
    Gradients,
    Layout,
    Mlp,
    NetworkSettings,
    accuracy,
    backprop,
    forward,
    gradients,
    layer_params,
    loss,
    sigmoid,
)
from activations.registry import Activation, resolve

__all__ = [
    "DATASETS",
    "BlowUp",
    "DataSettings",
    "Dataset",
    "Gradients",
    "Layout",
    "Mlp",
    "NetworkSettings",
    "Run",
    "Schedule",
    "Snapshot",
    "gradients",
    "make_dataset",
    "train",
    "train_many",
    "work",
]

Array = NDArray[np.float64]
OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8


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
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        if not math.isfinite(self.learning_rate) or self.learning_rate <= 0 or self.steps < 1:
            raise ValueError("learning_rate must be > 0 and steps at least 1")


# --- what a run records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The network at one step: what the page draws and plays back."""

    step: int
    dead_fraction: Array  # per hidden layer: units whose φ′ is 0 on every training point
    inactive_fraction: Array  # per hidden layer: units whose h ≤ 0 on every training point
    grad_rms: Array  # per layer (the output's last): RMS of d loss / d W
    alphas: Array  # PReLU's learned α per hidden layer (empty otherwise)
    boundary: Array  # (grid, grid): the predicted probability of class 1 over the grid

    def member(self, k: int) -> Snapshot:
        """The k-th member's snapshot, of a stack's (every array with a leading member axis)."""
        return Snapshot(self.step, *(getattr(self, f.name)[k] for f in fields(self)[1:]))


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


# --- the loop --------------------------------------------------------------------------------------


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
    ``batch`` rows at a time for each member, from a shuffle seeded by its own seed, reshuffled
    when too few are left (at the same steps for every member: the counts are the same)."""

    def __init__(self, n: int, batch: int | None, seeds: Sequence[int]) -> None:
        self.n, self.batch = n, batch
        self.rngs = [np.random.default_rng(seed) for seed in seeds]
        self.order, self.cursor = self._shuffle(), 0

    def _shuffle(self) -> NDArray[np.int64]:
        return np.stack([rng.permutation(self.n) for rng in self.rngs])

    def next(self) -> NDArray[np.int64] | None:
        """The rows of the next step, (members, batch); None for all of them."""
        if self.batch is None or self.batch >= self.n:
            return None
        if self.cursor + self.batch > self.n:
            self.order, self.cursor = self._shuffle(), 0
        self.cursor += self.batch
        return self.order[:, self.cursor - self.batch : self.cursor]


_CURVES = ("loss", "accuracy", "test_loss", "test_accuracy")  # as Run names them


class _Recorder:
    """The curves, a value per step and member, and the snapshots, at ``snapshots`` evenly
    spread steps. Every member is recorded every step (one batched write); a member that stopped
    (blew up) at step s keeps only what it recorded before s (:meth:`run`)."""

    def __init__(
        self,
        data: Dataset,
        test: Dataset | None,
        steps: int,
        members: int,
        snapshots: int,
        grid: int,
    ) -> None:
        self.data, self.test, self.grid = data, test, grid
        self.axis = np.linspace(-1.5, 1.5, grid)
        self.plane = np.stack(np.meshgrid(self.axis, self.axis), axis=-1).reshape(-1, 2)
        spread = np.linspace(0, steps, min(snapshots, steps + 1)).round().astype(int)
        self.snap_at = set(np.unique(spread).tolist())
        self.curves = {name: np.full((members, steps + 1), np.nan) for name in _CURVES}
        self.snapshots: list[Snapshot] = []

    def record(self, step: int, net: Mlp, all_rows: Gradients) -> None:
        """Step ``step``'s curves from its forward pass on the training rows, then the test's."""
        n_train, curves = len(self.data.y), self.curves
        train_logit, test_logit = all_rows.logit[:, :n_train], all_rows.logit[:, n_train:]
        curves["loss"][:, step] = all_rows.loss
        curves["accuracy"][:, step] = accuracy(train_logit, self.data.y)
        if self.test is not None:
            curves["test_loss"][:, step] = loss(test_logit, self.test.y)
            curves["test_accuracy"][:, step] = accuracy(test_logit, self.test.y)
        if step in self.snap_at:
            self.snapshots.append(_snapshot(net, all_rows, step, self.plane, self.grid))

    def run(self, k: int, blowup: BlowUp | None, net: Mlp) -> Run:
        """Member k's run: its curves up to where it stopped (NaN after), and its snapshots."""
        end = blowup.step if blowup is not None else len(self.curves["loss"][k])
        curves = [self.curves[name][k].copy() for name in _CURVES]
        for curve in curves:
            curve[end:] = np.nan
        snapshots = tuple(snap.member(k) for snap in self.snapshots if snap.step < end)
        return Run(*curves, snapshots, self.axis, blowup, net)


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
    return train_many(
        key,
        data,
        network=network,
        schedule=schedule,
        seeds=(seed,),
        params=params,
        test=test,
        snapshots=snapshots,
        grid=grid,
    )[0]


def train_many(
    key: str | Activation,
    data: Dataset,
    *,
    network: NetworkSettings = NetworkSettings(),
    schedule: Schedule = Schedule(),
    seeds: Sequence[int] = (0,),
    params: dict[str, float] | None = None,
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
) -> list[Run]:
    """:func:`train` for each of ``seeds`` (a sequence of integers, at least one) in one batched
    pass: the networks are stacked along a leading axis (:class:`Mlp`), and each step is a few
    batched NumPy calls for all of them rather than one loop per seed. The other parameters are
    :func:`train`'s.

    Seed k's run is the run ``train(..., seed=seeds[k])`` gives, to rounding: a batched product
    may take another BLAS kernel than a single one, so the last bits can differ (and a chaotic
    run, one near a blow-up, can amplify them). The seeds vary the initial weights and the
    batches' order, never the data. A member that blows up stops as :func:`train` would, while
    the others go on."""
    seeds = [int(seed) for seed in seeds]
    if not seeds:
        raise ValueError("train_many needs at least one seed")
    net = Mlp.init(key, network, seeds, params)
    start, previous = net.theta.copy(), net.theta.copy()  # step 0's state, and the last step's
    decay = schedule.l2 * net.layout.is_weight if schedule.l2 else None
    opt = _Optimizer(schedule.optimizer, schedule.learning_rate, net.theta.shape)
    batches = _Batches(len(data.y), schedule.batch, [seed + 1 for seed in seeds])
    recorder = _Recorder(data, test, schedule.steps, len(seeds), snapshots, grid)
    # The test points ride along in the training set's forward pass: one pass gives both curves.
    rows = data.x if test is None else np.concatenate([data.x, test.x])
    buffer = net.layout.buffer((len(seeds),))  # each step's gradient, overwritten by the next
    running = np.ones(len(seeds), dtype=bool)
    stopped: dict[int, tuple[BlowUp, Mlp]] = {}
    with np.errstate(all="ignore"):  # a blow-up is found and reported below, not warned about
        for step in range(schedule.steps + 1):
            all_rows = backprop(net, rows, data.y, buffer)
            for k in _suspects(all_rows, running) if _may_have_stopped(all_rows) else ():
                blowup = _first_non_finite(net.member(k), all_rows.member(k), step)
                if blowup is not None:
                    stopped[k] = _stopped(blowup, net.member(k), start[k], previous[k], data)
                    running[k] = False
            if not running.any():
                break
            recorder.record(step, net, all_rows)
            if step == schedule.steps:
                break
            picked = batches.next()
            learned = all_rows  # the full batch learns from the pass just made...
            if picked is not None:  # ...a mini-batch from its own pass, on its rows only
                learned = backprop(net, data.x[picked], data.y[picked], buffer)
            grad = learned.flat
            if decay is not None:
                grad += decay * net.theta
            np.copyto(previous, net.theta)
            opt.step(net.theta, grad)
            if not running.all():  # a stopped member keeps its last finite weights
                net.theta[~running] = previous[~running]
    return [
        recorder.run(k, *stopped.get(k, (None, net.with_theta(net.theta[k]))))
        for k in range(len(seeds))
    ]


def work(
    key: str | Activation,
    data: Dataset,
    *,
    network: NetworkSettings = NetworkSettings(),
    schedule: Schedule = Schedule(),
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
    seeds: int = 1,
) -> float:
    """The work units (:mod:`activations.budget`) of :func:`train` with these arguments, known
    before it runs: every one of ``seeds`` seeds is a run."""
    rows = len(data.y) + (0 if test is None else len(test.y))
    return seeds * budget.training_work(
        network.sizes,
        rows=rows,
        steps=schedule.steps,
        cost=resolve(key).cost,
        batch=schedule.batch,
        snapshots=min(snapshots, schedule.steps + 1),
        grid_points=grid * grid,
    )


def _snapshot(net: Mlp, all_rows: Gradients, step: int, plane: Array, grid: int) -> Snapshot:
    """The network's snapshot; a stack's has a leading member axis on every array."""
    spec, lead = net.spec, net.theta.shape[:-1]

    def per_layer(values: list[Array]) -> Array:  # (*lead, layers), even for no layer
        return np.stack(values, axis=-1) if values else np.zeros((*lead, 0))

    dead = [
        np.mean(np.all(spec.grad(h, **layer_params(net, i)) == 0.0, axis=-2), axis=-1)
        for i, h in enumerate(all_rows.preacts)
    ]
    inactive = [np.mean(np.all(h <= 0.0, axis=-2), axis=-1) for h in all_rows.preacts]
    rms = [np.sqrt(np.mean(g * g, axis=(-2, -1))) for g in all_rows.weights]
    boundary = sigmoid(forward(net, plane).logit).reshape(*lead, grid, grid)
    return Snapshot(
        step,
        per_layer(dead),
        per_layer(inactive),
        per_layer(rms),
        np.array(net.alphas),
        boundary,
    )


def _may_have_stopped(all_rows: Gradients) -> bool:
    """A fast test, every step, for all members at once: a finite loss needs finite weights and
    activations, and a finite sum of the flat gradient finite gradients (an inf or NaN anywhere
    would carry into it)."""
    losses = all_rows.loss.tolist()  # a few members: checked in Python, no NumPy reduction
    return not (all(map(math.isfinite, losses)) and math.isfinite(all_rows.flat.sum()))


def _suspects(all_rows: Gradients, running: NDArray[np.bool_]) -> list[int]:
    """The running members whose loss or gradient is not finite."""
    finite = np.isfinite(all_rows.loss) & np.isfinite(all_rows.flat.sum(axis=-1))
    return np.flatnonzero(running & ~finite).tolist()


def _first_non_finite(net: Mlp, all_rows: Gradients, step: int) -> BlowUp | None:
    """The first factor, in the order the network computes them, that is not finite."""
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
