"""The training lab's data: seeded 2-D binary problems, and the settings that name one."""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
DATASETS = ("circle", "xor", "gauss", "spiral", "moons")


def check_choice(kind: str, value: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``; otherwise a ``ValueError`` naming the close ones."""
    if value in choices:
        return value
    close = difflib.get_close_matches(str(value), choices, n=2, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"Unknown {kind} {value!r}.{hint} Known: {', '.join(choices)}.")


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
    check_choice("dataset", name, DATASETS)
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
