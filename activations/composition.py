"""Why a network needs a non-linearity: stacked linear layers collapse into one linear map.

``two_layer_network`` runs a 1 → width → 1 network on scalar inputs. Without an activation its
output equals ``collapsed_map``: one slope and one intercept, whatever the width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations.registry import Activation, resolve


@dataclass(frozen=True)
class TwoLayers:
    """Weights of a 1 → width → 1 network: h = x·W1 + b1, y = φ(h)·W2 + b2."""

    w1: NDArray[np.float64]  # (1, width)
    b1: NDArray[np.float64]  # (width,)
    w2: NDArray[np.float64]  # (width, 1)
    b2: NDArray[np.float64]  # (1,)


def random_layers(seed: int, width: int = 8) -> TwoLayers:
    """He-style random weights, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    return TwoLayers(
        w1=rng.normal(0.0, 1.0, (1, width)),
        b1=rng.normal(0.0, 1.0, width),
        w2=rng.normal(0.0, np.sqrt(2.0 / width), (width, 1)),
        b2=rng.normal(0.0, 0.5, 1),
    )


def two_layer_network(
    x: ArrayLike, layers: TwoLayers, activation: str | Activation | None = None
) -> NDArray[np.float64]:
    """The network's output for each scalar in ``x``; ``activation=None`` means no φ at all."""
    inputs = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    hidden = inputs @ layers.w1 + layers.b1
    if activation is not None:
        hidden = resolve(activation).value(hidden)
    return (hidden @ layers.w2 + layers.b2).ravel()


def collapsed_map(layers: TwoLayers) -> tuple[float, float]:
    r"""Slope and intercept of the single linear map the linear network equals:
    $W_1 W_2$ and $b_1 W_2 + b_2$."""
    slope = float((layers.w1 @ layers.w2)[0, 0])
    intercept = float((layers.b1 @ layers.w2 + layers.b2)[0])
    return slope, intercept
