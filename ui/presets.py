"""One-click selections for classic comparisons on the Compare page."""

from __future__ import annotations

PRESETS: dict[str, tuple[str, ...]] = {
    "Sigmoid vs Tanh": ("sigmoid", "tanh"),
    "The ReLU family": ("relu", "leaky_relu", "prelu", "elu", "selu"),
    "Smooth modern": ("gelu", "swish", "mish"),
    "Hard approximations": ("hard_sigmoid", "sigmoid", "hardswish", "swish"),
}
