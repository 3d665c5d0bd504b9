"""Activation functions and their exact derivatives, in pure NumPy.

>>> import activations
>>> relu = activations.get("relu")
>>> relu.value([-1.0, 0.0, 2.0]).tolist(), relu.derivative([-1.0, 0.0, 2.0]).tolist()
([0.0, 0.0, 2.0], [0.0, 0.0, 1.0])
"""

from activations import softmax
from activations.properties import Interval, Properties, properties
from activations.registry import FAMILIES, REGISTRY, Activation, Param, get

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "Activation",
    "Interval",
    "Param",
    "Properties",
    "get",
    "properties",
    "softmax",
]
