"""Activation functions and their exact derivatives, in pure NumPy.

>>> import activations
>>> relu = activations.get("relu")
>>> relu.value([-1.0, 0.0, 2.0]).tolist(), relu.derivative([-1.0, 0.0, 2.0]).tolist()
([0.0, 0.0, 2.0], [0.0, 0.0, 1.0])
>>> str(activations.properties("elu", alpha=0.5).derivative_range)
'(0, 0.5] ∪ {1}'
>>> round(activations.properties("leaky_relu").mean_output, 3)  # E[f(z)] for z ~ N(0, 1)
0.395
>>> activations.softmax.naive_failure([-1000.0, -1001.0])
'underflow'
"""

from activations import softmax
from activations.properties import (
    ZERO_CENTRED_DEFINITION,
    Interval,
    Properties,
    dead_zones,
    properties,
)
from activations.registry import FAMILIES, REGISTRY, Activation, Credit, Param, get, resolve


def custom(text: str) -> Activation:
    """The activation a typed formula writes (see :mod:`activations.typed`): its exact derivative
    by SymPy in a sandboxed worker process, stable NumPy evaluation here, key ``"custom"``. This
    process never imports SymPy."""
    from activations.typed import custom as build

    return build(text)


__all__ = [
    "FAMILIES",
    "REGISTRY",
    "ZERO_CENTRED_DEFINITION",
    "Activation",
    "Credit",
    "Interval",
    "Param",
    "Properties",
    "custom",
    "dead_zones",
    "get",
    "properties",
    "resolve",
    "softmax",
]
