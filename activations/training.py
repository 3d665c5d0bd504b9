r"""Small networks learning 2-D data, trained with the registry's own exact derivatives.

A network has 2 inputs, hidden layers $h = a W + b$, $a = \varphi(h)$, and one linear output logit;
the loss is the mean binary cross-entropy on that logit, computed stably as
$\operatorname{softplus}(z) - y z$. The backward pass uses ``Activation.grad``: the same $f'$ the
explorer draws, with its PyTorch conventions at kinks. For PReLU each hidden layer learns its own
$\alpha$ ($\partial f / \partial \alpha = \min(h, 0)$, 0 at the kink as in PyTorch); every other
parameter is fixed.

>>> data = make_dataset("circle", n=200, noise=0.05, seed=0)
>>> run = train("tanh", data, hidden=(8, 8), optimizer="adam", learning_rate=0.05, steps=200)
>>> bool(run.loss[-1] < run.loss[0]), run.blowup is None
(True, True)
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from activations import budget
from activations.registry import Activation, resolve

Array = NDArray[np.float64]
DATASETS = ("circle", "xor", "gauss", "spiral", "moons")
INITS = ("xavier", "he", "lecun", "custom")
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


# --- the network --------------------------------------------------------------------------------


@dataclass
class Network:
    """Weights ``weights[l]`` (sizes[l], sizes[l+1]), biases ``biases[l]``, and for PReLU one
    learned ``alphas[l]`` per hidden layer; ``params`` fixes any other parameter."""

    key: str | Activation
    weights: list[Array]
    biases: list[Array]
    alphas: list[float] = field(default_factory=list)
    params: dict[str, float] = field(default_factory=dict)

    @classmethod
    def init(
        cls,
        key: str | Activation,
        sizes: Sequence[int],
        init: str = "xavier",
        seed: int = 0,
        params: dict[str, float] | None = None,
        sigma_w2: float | None = None,
    ) -> Network:
        """Random weights: ``xavier`` (variance 2/(fan in + fan out)), ``he`` (2/fan in),
        ``lecun`` (1/fan in) or ``custom`` (``sigma_w2``/fan in); zero biases."""
        _check("initialisation", init, INITS)
        if len(sizes) < 2 or sizes[0] != 2 or sizes[-1] != 1:
            raise ValueError("sizes run from 2 inputs to 1 output, e.g. (2, 8, 8, 1)")
        if init == "custom" and (sigma_w2 is None or not sigma_w2 > 0):
            raise ValueError("a custom initialisation needs sigma_w2 > 0")
        spec = resolve(key)
        resolved = spec.resolve_params(**(params or {}))
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for fan_in, fan_out in itertools.pairwise(sizes):
            variance = {
                "xavier": 2.0 / (fan_in + fan_out),
                "he": 2.0 / fan_in,
                "lecun": 1.0 / fan_in,
                "custom": (sigma_w2 or 0.0) / fan_in,
            }[init]
            weights.append(math.sqrt(variance) * rng.standard_normal((fan_in, fan_out)))
            biases.append(np.zeros(fan_out))
        learned = _learns_alpha(spec)
        alphas = [resolved["alpha"]] * (len(sizes) - 2) if learned else []
        fixed = {k: v for k, v in resolved.items() if not (learned and k == "alpha")}
        return cls(key, weights, biases, alphas, fixed)

    @property
    def spec(self) -> Activation:
        return resolve(self.key)


def _learns_alpha(spec: Activation) -> bool:
    return spec.key == "prelu"


def _layer_params(net: Network, layer: int) -> dict[str, float]:
    # A learned α may leave the slider's range, so it goes to the function directly.
    return {**net.params, "alpha": net.alphas[layer]} if net.alphas else net.params


@dataclass(frozen=True)
class _Pass:
    inputs: list[Array]  # the input of each layer (x first)
    preacts: list[Array]  # h of each hidden layer
    logit: Array  # (n,)


def _forward(net: Network, x: Array) -> _Pass:
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


def _sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True)
class Gradients:
    """d loss / d each parameter, shaped as the network's; ``loss`` is the mean cross-entropy."""

    loss: float
    weights: list[Array]
    biases: list[Array]
    alphas: list[float]
    preacts: list[Array] = field(repr=False, default_factory=list)  # each hidden layer's h
    logit: Array = field(repr=False, default_factory=lambda: np.empty(0))  # the output logit


def gradients(net: Network, x: Array, y: NDArray) -> Gradients:
    """The loss on (x, y) and its gradient, by backpropagation with the registry's f′."""
    return _backprop(net, x, y)


def _backprop(net: Network, x: Array, y: NDArray) -> Gradients:
    """:func:`gradients` on the first ``len(y)`` rows of ``x``; further rows (a test set) are only
    carried forward, so one pass gives their logits too (in ``logit``, after the trained rows')."""
    spec, run, n = net.spec, _forward(net, x), len(y)
    y = np.asarray(y, dtype=np.float64)
    logit = run.logit[:n]
    delta = ((_sigmoid(logit) - y) / n)[:, None]  # d loss / d logit
    preacts = [h[:n] for h in run.preacts]
    grad_w, grad_b, grad_alpha = [], [], []
    for layer in range(len(net.weights) - 1, -1, -1):
        grad_w.append(run.inputs[layer][:n].T @ delta)
        grad_b.append(delta.sum(axis=0))
        if layer == 0:
            break
        upstream = delta @ net.weights[layer].T  # d loss / d a of the hidden layer below
        h, hidden = preacts[layer - 1], layer - 1
        if net.alphas:
            grad_alpha.append(float(np.sum(upstream * np.minimum(h, 0.0))))
        delta = upstream * spec.grad(h, **_layer_params(net, hidden))
    return Gradients(
        _loss(logit, y), grad_w[::-1], grad_b[::-1], grad_alpha[::-1], preacts, run.logit
    )


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

    def __str__(self) -> str:
        if self.factor == "loss":
            where = (
                f"At step {self.step}, the loss overflowed (every weight and activation was still "
                "finite, but their sum over the points was not); the curves stop there."
            )
        else:
            where = (
                f"At step {self.step}, the {self.factor} of layer {self.layer + 1} became infinite "
                "or NaN; the curves stop there."
            )
        if self.grew_most is None:
            return where
        weights, activations, gradients = (_ratio_text(self.growth[f]) for f in FACTORS)
        # Growth figures only: which factor grew most is nearly automatic in a deep network and
        # names no cause (the step size, say), so the sentence does not pretend to.
        return (
            f"{where} From step 0 to step {self.step - 1}, the largest weight grew ×{weights}, "
            f"the largest activation ×{activations} and the largest gradient ×{gradients}."
        )


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _ratio_text(ratio: float) -> str:
    """A growth ratio for a reader: 3.2, 450 or 1.2·10⁸."""
    if not math.isfinite(ratio):
        return "∞" if ratio > 0 else "?"
    if ratio < 1000:
        return f"{ratio:.2g}" if ratio < 10 else f"{ratio:.0f}"
    mantissa, exponent = f"{ratio:.1e}".split("e")
    return f"{mantissa}·10{str(int(exponent)).translate(_SUPERSCRIPT)}"


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
    network: Network  # the trained network: after the last step, or the last finite one

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
        self.kind, self.rate, self.t = _check("optimizer", kind, OPTIMIZERS), rate, 0
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


def _flatten(net: Network) -> tuple[Array, Array]:
    """One vector holding every weight, bias and learned α, with the network's arrays rebound to
    views of it; and the mask of its weight entries (where L2 applies)."""
    arrays = [*net.weights, *net.biases, np.array(net.alphas, dtype=np.float64)]
    theta = np.concatenate([a.ravel() for a in arrays])
    is_weight = np.zeros(theta.size, dtype=bool)
    views, start = [], 0
    for index, array in enumerate(arrays):
        views.append(theta[start : start + array.size].reshape(array.shape))
        is_weight[start : start + array.size] = index < len(net.weights)
        start += array.size
    layers = len(net.weights)
    net.weights, net.biases = views[:layers], views[layers : 2 * layers]
    return theta, is_weight


def _flat_gradient(grads: Gradients) -> Array:
    """The gradient in the order :func:`_flatten` lays the parameters out."""
    parts = [g.ravel() for g in grads.weights] + [g.ravel() for g in grads.biases]
    return np.concatenate([*parts, np.asarray(grads.alphas, dtype=np.float64)])


def train(
    key: str | Activation,
    data: Dataset,
    *,
    hidden: Sequence[int] = (8, 8),
    init: str = "xavier",
    sigma_w2: float | None = None,
    optimizer: str = "adam",
    learning_rate: float = 0.03,
    steps: int = 500,
    batch: int | None = None,
    l2: float = 0.0,
    seed: int = 0,
    params: dict[str, float] | None = None,
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
) -> Run:
    """Train a fresh network (seeded) on ``data``; full batch unless ``batch`` is given.

    Deterministic: the same arguments give the same numbers bit for bit on one machine. A run
    whose weights, activations or gradients stop being finite stops there; :class:`BlowUp` says
    where, and the curves keep their finite part (NaN after it), with no NumPy warning.

    What a run costs is known before it starts (:func:`work`): a shared server bounds it there,
    by the number of steps, never by a clock (the same arguments give the same run anywhere).
    """
    if not math.isfinite(learning_rate) or learning_rate <= 0 or steps < 1:
        raise ValueError("learning_rate must be > 0 and steps at least 1")
    net = Network.init(key, (2, *hidden, 1), init, seed, params, sigma_w2)
    theta, is_weight = _flatten(net)
    start, previous = theta.copy(), theta.copy()  # step 0's state, and the last step's
    alphas = theta[theta.size - len(net.alphas) :]  # a view: the optimiser moves it too
    decay = l2 * is_weight if l2 else None
    opt = _Optimizer(optimizer, learning_rate, theta.size)
    rng = np.random.default_rng(seed + 1)
    axis = np.linspace(-1.5, 1.5, grid)
    plane = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    snap_at = set(np.unique(np.linspace(0, steps, min(snapshots, steps + 1)).round().astype(int)))
    curves = {name: np.full(steps + 1, np.nan) for name in ("loss", "acc", "tloss", "tacc")}
    n_train, positive = len(data.y), data.y == 1
    # The test points ride along in the training set's forward pass: one pass gives both curves.
    rows = data.x if test is None else np.concatenate([data.x, test.x])
    taken: list[Snapshot] = []
    blowup = None
    order, cursor = rng.permutation(len(data.y)), 0
    with np.errstate(all="ignore"):  # a blow-up is found and reported below, not warned about
        for step in range(steps + 1):
            net.alphas = alphas.tolist()
            full = _backprop(net, rows, data.y)
            flat = _flat_gradient(full)
            blowup = _first_non_finite(net, full, flat, step)
            if blowup is not None:
                if step > 0:
                    blowup = replace(
                        blowup, growth=_growth(net, theta, start, previous, data.x, data.y)
                    )
                    theta[:] = previous  # the network returned is the last finite one
                break
            curves["loss"][step] = full.loss
            train_logit, test_logit = full.logit[:n_train], full.logit[n_train:]
            curves["acc"][step] = np.count_nonzero((train_logit > 0) == positive) / n_train
            if test is not None:
                curves["tloss"][step] = _loss(test_logit, test.y)
                hits = np.count_nonzero((test_logit > 0) == (test.y == 1))
                curves["tacc"][step] = hits / len(test_logit)
            if step in snap_at:
                taken.append(_snapshot(net, full, step, plane, grid))
            if step == steps:
                break
            if batch is not None and batch < len(data.y):
                if cursor + batch > len(order):
                    order, cursor = rng.permutation(len(data.y)), 0
                picked = order[cursor : cursor + batch]
                cursor += batch
                flat = _flat_gradient(gradients(net, data.x[picked], data.y[picked]))
            if decay is not None:
                flat += decay * theta
            np.copyto(previous, theta)
            opt.step(theta, flat)
    return Run(
        curves["loss"],
        curves["acc"],
        curves["tloss"],
        curves["tacc"],
        tuple(taken),
        axis,
        blowup,
        Network(
            net.key,
            [w.copy() for w in net.weights],
            [b.copy() for b in net.biases],
            alphas.tolist(),
            dict(net.params),
        ),
    )


def work(
    key: str | Activation,
    data: Dataset,
    *,
    hidden: Sequence[int] = (8, 8),
    steps: int = 500,
    batch: int | None = None,
    test: Dataset | None = None,
    snapshots: int = 50,
    grid: int = 60,
) -> float:
    """The work units (:mod:`activations.budget`) of :func:`train` with these arguments, known
    before it runs."""
    rows = len(data.y) + (0 if test is None else len(test.y))
    return budget.training_work(
        (2, *hidden, 1),
        rows=rows,
        steps=steps,
        cost=resolve(key).cost,
        batch=batch,
        snapshots=min(snapshots, steps + 1),
        grid_points=grid * grid,
    )


def _snapshot(net: Network, full: Gradients, step: int, plane: Array, grid: int) -> Snapshot:
    spec = net.spec
    dead = [
        float(np.mean(np.all(spec.grad(h, **_layer_params(net, i)) == 0.0, axis=0)))
        for i, h in enumerate(full.preacts)
    ]
    inactive = [float(np.mean(np.all(h <= 0.0, axis=0))) for h in full.preacts]
    rms = [float(np.sqrt(np.mean(g * g))) for g in full.weights]
    boundary = _sigmoid(_forward(net, plane).logit).reshape(grid, grid)
    return Snapshot(
        step, np.array(dead), np.array(inactive), np.array(rms), np.array(net.alphas), boundary
    )


def _first_non_finite(net: Network, full: Gradients, flat: Array, step: int) -> BlowUp | None:
    """The first factor, in the order the network computes them, that is not finite."""
    # Fast path, every step: a finite loss needs finite weights and activations, and a finite
    # sum of the flat gradient finite gradients (an inf or NaN anywhere would carry into it).
    if math.isfinite(full.loss) and math.isfinite(flat.sum()):
        return None
    for layer, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            return BlowUp(step, layer, "weights")
    for layer, h in enumerate(full.preacts):
        if not np.isfinite(h).all():
            return BlowUp(step, layer, "activations")
    if not np.isfinite(full.logit).all():
        return BlowUp(step, len(net.weights) - 1, "activations")
    if not math.isfinite(full.loss):
        return BlowUp(step, len(net.weights) - 1, "loss")
    for layer in range(len(net.weights) - 1, -1, -1):
        if not np.isfinite(full.weights[layer]).all():
            return BlowUp(step, layer, "gradients")
    return None


def _growth(
    net: Network, theta: Array, start: Array, last: Array, x: Array, y: NDArray
) -> dict[str, float]:
    """How much each factor's largest magnitude grew from ``start`` to ``last``, two states of the
    flat parameters ``theta`` (which ends holding ``last``), on the training rows (x, y)."""
    n_alphas, scales = len(net.alphas), []
    for state in (start, last):
        theta[:] = state
        net.alphas = theta[theta.size - n_alphas :].tolist()
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
