"""Activation functions and their exact derivatives, in pure NumPy.

>>> import activations
>>> relu = activations.get("relu")
>>> relu.value([-1.0, 0.0, 2.0]).tolist(), relu.derivative([-1.0, 0.0, 2.0]).tolist()
([0.0, 0.0, 2.0], [0.0, 0.0, 1.0])
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

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "ZERO_CENTRED_DEFINITION",
    "Activation",
    "Credit",
    "Interval",
    "Param",
    "Properties",
    "dead_zones",
    "get",
    "properties",
    "resolve",
    "softmax",
]
