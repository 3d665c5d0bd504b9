r"""The functions of the formula language, in one table: every form each one takes.

A typed formula meets a function in four places: the parser checks its arity and folds it on
constants (:mod:`activations.formula`), SymPy builds and differentiates it in a worker
(:mod:`activations.symbolic`), NumPy evaluates it and prints its code (:mod:`activations.lowered`)
and mpmath computes it exactly to find lost digits (:mod:`activations.accuracy`). Each row here
holds all four, so a name cannot be added to one of them and missed by another. No module here
imports SymPy or mpmath: the symbolic and exact forms are written as functions of the module
(or the namespace of symbolic functions) that the caller hands them.

Rows with a ``fold`` are the language's own functions, which a user may type, in the order the
help lists them; the rest (sech, sign, step) only appear in derivatives.

>>> [name for name in LANGUAGE][:4]
['exp', 'log', 'log1p', 'expm1']
>>> PRIMITIVES["tanh"].code.format("x")
'np.tanh(x)'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special


@dataclass(frozen=True)
class Primitive:
    """One function, in every form it takes.

    ``derivative(d, *args, argindex)`` is its partial derivative, built from ``d``, the namespace
    of symbolic functions by name (``d.sech``, and ``d.sympy`` for SymPy itself), and SymPy's
    arithmetic on the arguments; ``exact(mp, *args)`` its value with the mpmath module ``mp``;
    ``fold`` its float value on constants, for the parser's size checks (None: not a function a
    user may type)."""

    arity: int
    numpy: Callable[..., np.ndarray]
    code: str  # NumPy text, "{0}" and "{1}" standing for the arguments
    tex: str  # LaTeX, the same placeholders
    derivative: Callable
    exact: Callable
    fold: Callable[..., float] | None = None
    # Grows like an exponential far out: mpmath would make numbers of any size exactly, so the
    # accuracy check does not compute it past a bounded argument (activations.accuracy).
    grows: bool = False


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0


def _softplus(v: float) -> float:
    return max(v, 0.0) + math.log1p(math.exp(-abs(v)))


def _step(mp, u):
    # 1 above 0, ½ at 0, 0 below: the share of a max's or min's slope at a tie (PyTorch's rule).
    return mp.mpf(1) if u > 0 else mp.mpf(0.5) if u == 0 else mp.mpf(0)


def _tex(name: str) -> str:
    return rf"\{name}\left({{0}}\right)"


def _operator(name: str) -> str:
    return rf"\operatorname{{{{{name}}}}}\left({{0}}\right)"


PRIMITIVES: dict[str, Primitive] = {
    "exp": Primitive(
        1, np.exp, "np.exp({0})", r"e^{{{0}}}",
        lambda d, u, i: d.exp(u), lambda mp, u: mp.exp(u), math.exp,
        grows=True,
    ),
    "log": Primitive(
        1, np.log, "np.log({0})", _tex("log"),
        lambda d, u, i: 1 / u, lambda mp, u: mp.log(u), math.log,
    ),
    "log1p": Primitive(
        1, np.log1p, "np.log1p({0})", r"\log\left(1 + {0}\right)",
        lambda d, u, i: 1 / (1 + u), lambda mp, u: mp.log1p(u), math.log1p,
    ),
    "expm1": Primitive(
        1, np.expm1, "np.expm1({0})", r"\left(e^{{{0}}} - 1\right)",
        lambda d, u, i: d.exp(u), lambda mp, u: mp.expm1(u), math.expm1,
        grows=True,
    ),
    "sqrt": Primitive(
        1, np.sqrt, "np.sqrt({0})", r"\sqrt{{{0}}}",
        lambda d, u, i: 1 / (2 * d.sqrt(u)), lambda mp, u: mp.sqrt(u), math.sqrt,
    ),
    # abs′(0) = 0, as PyTorch's grad · sign(x).
    "abs": Primitive(
        1, np.abs, "np.abs({0})", r"\left|{0}\right|",
        lambda d, u, i: d.sign(u), lambda mp, u: abs(u), abs,
    ),
    "sin": Primitive(
        1, np.sin, "np.sin({0})", _tex("sin"),
        lambda d, u, i: d.cos(u), lambda mp, u: mp.sin(u), math.sin,
    ),
    "cos": Primitive(
        1, np.cos, "np.cos({0})", _tex("cos"),
        lambda d, u, i: -d.sin(u), lambda mp, u: mp.cos(u), math.cos,
    ),
    "tan": Primitive(
        1, np.tan, "np.tan({0})", _tex("tan"),
        lambda d, u, i: 1 + d.tan(u) ** 2, lambda mp, u: mp.tan(u), math.tan,
    ),
    "sinh": Primitive(
        1, np.sinh, "np.sinh({0})", _tex("sinh"),
        lambda d, u, i: d.cosh(u), lambda mp, u: mp.sinh(u), math.sinh,
        grows=True,
    ),
    "cosh": Primitive(
        1, np.cosh, "np.cosh({0})", _tex("cosh"),
        lambda d, u, i: d.sinh(u), lambda mp, u: mp.cosh(u), math.cosh,
        grows=True,
    ),
    # tanh′ = sech², not 1 − tanh²: the latter is 0 once tanh rounds to ±1 (|u| > 19), the
    # former keeps its relative accuracy out to where it underflows.
    "tanh": Primitive(
        1, np.tanh, "np.tanh({0})", _tex("tanh"),
        lambda d, u, i: d.sech(u) ** 2, lambda mp, u: mp.tanh(u), math.tanh,
        grows=True,
    ),
    "arctan": Primitive(
        1, np.arctan, "np.arctan({0})", _tex("arctan"),
        lambda d, u, i: 1 / (1 + u**2), lambda mp, u: mp.atan(u), math.atan,
    ),
    "erf": Primitive(
        1, special.erf, "scipy.special.erf({0})", _operator("erf"),
        lambda d, u, i: 2 / d.sympy.sqrt(d.sympy.pi) * d.exp(-(u**2)), lambda mp, u: mp.erf(u),
        math.erf,
        grows=True,
    ),
    # σ′(u) = σ(u) σ(−u): both factors stay accurate in both tails, where σ(1 − σ) would not.
    "sigmoid": Primitive(
        1, special.expit, "scipy.special.expit({0})", r"\sigma\left({0}\right)",
        lambda d, u, i: d.sigmoid(u) * d.sigmoid(-u), lambda mp, u: 1 / (1 + mp.exp(-u)),
        _sigmoid,
        grows=True,
    ),
    "softplus": Primitive(
        1, lambda u: np.logaddexp(0.0, u), "np.logaddexp(0, {0})", _operator("softplus"),
        lambda d, u, i: d.sigmoid(u), lambda mp, u: mp.log1p(mp.exp(u)), _softplus,
        grows=True,
    ),
    # At a tie, max and min pass half of the gradient to each argument (torch.maximum).
    "max": Primitive(
        2, np.maximum, "np.maximum({0}, {1})", r"\max\left({0}, {1}\right)",
        lambda d, a, b, i: d.step(a - b) if i == 1 else d.step(b - a),
        lambda mp, a, b: max(a, b), max,
    ),
    "min": Primitive(
        2, np.minimum, "np.minimum({0}, {1})", r"\min\left({0}, {1}\right)",
        lambda d, a, b, i: d.step(b - a) if i == 1 else d.step(a - b),
        lambda mp, a, b: min(a, b), min,
    ),
    # Only in derivatives:
    "sech": Primitive(
        1, lambda u: 1.0 / np.cosh(u), "1 / np.cosh({0})", _operator("sech"),
        lambda d, u, i: -d.sech(u) * d.tanh(u), lambda mp, u: mp.sech(u),
        grows=True,
    ),
    "sign": Primitive(
        1, np.sign, "np.sign({0})", _operator("sign"),
        lambda d, u, i: d.sympy.S.Zero, lambda mp, u: mp.sign(u),
    ),
    "step": Primitive(
        1, lambda u: np.heaviside(u, 0.5), "np.heaviside({0}, 0.5)", _operator("step"),
        lambda d, u, i: d.sympy.S.Zero, _step,
    ),
}  # fmt: skip

# The functions a user may type, in the order the help lists them.
LANGUAGE: dict[str, Primitive] = {
    name: primitive for name, primitive in PRIMITIVES.items() if primitive.fold is not None
}
