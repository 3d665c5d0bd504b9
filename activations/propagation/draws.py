"""The random numbers one seed gives a network, drawn as the network asks and replayable."""

from __future__ import annotations

import threading

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


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


def _generator_at(state: dict) -> np.random.Generator:
    generator = np.random.Generator(np.random.PCG64())
    generator.bit_generator.state = state
    return generator
