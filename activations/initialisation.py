"""Initial weight variances: one rule per scheme, for the lab's small networks and the gradient
page's deep stacks alike.

>>> variance("he", fan_in=8, fan_out=4)
0.25
>>> [sigma_w2(name) for name in ("xavier", "he", "lecun")]  # at equal widths, per fan in
[1.0, 2.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable

# weight variance of a layer from its fan in, its fan out and the custom σ_w² (None otherwise)
_RULES: dict[str, Callable[[int, int, float | None], float]] = {
    "xavier": lambda fan_in, fan_out, _: 2.0 / (fan_in + fan_out),  # Glorot & Bengio (2010)
    "he": lambda fan_in, fan_out, _: 2.0 / fan_in,  # He et al. (2015), for ReLU
    "lecun": lambda fan_in, fan_out, _: 1.0 / fan_in,  # LeCun et al. (1998)
    "custom": lambda fan_in, fan_out, custom: (custom or 0.0) / fan_in,
}
INITS = tuple(_RULES)


def variance(init: str, fan_in: int, fan_out: int, custom: float | None = None) -> float:
    """The initial weights' variance in a layer of ``fan_in`` inputs and ``fan_out`` units."""
    return _RULES[init](fan_in, fan_out, custom)


def sigma_w2(init: str, custom: float | None = None) -> float:
    """σ_w², the weight variance times the fan in, in a stack of equally wide layers: what the
    mean-field theory and the gradient page's simulation take."""
    width = 1024  # any width: at equal widths the rules give the same σ_w²
    return variance(init, width, width, custom) * width
