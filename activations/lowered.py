r"""A typed formula's expression, lowered into operations that evaluate and print themselves.

:mod:`activations.symbolic` (in a worker process, with SymPy) lowers f and f′ into a tree of
:class:`Op`; everything after that is plain NumPy. Each operation's evaluation and its printed
NumPy code sit side by side in one table, so "the code shown is the code that runs" holds by
construction: the printed text performs the same NumPy calls in the same order. A lowered tree is
small, frozen and picklable, so it crosses process boundaries (the worker that built it, the
training pool) without SymPy.

>>> square_plus_one = Op("add", (Op("square", (Op("var", value="x"),)), Op("num", value=1.0)))
>>> square_plus_one.code()
'(np.square(x) + 1.0)'
>>> square_plus_one.evaluate({"x": np.array([2.0])}).tolist()
[5.0]
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from activations.language import PRIMITIVES

Array = NDArray[np.float64]


CONSTANT_NAMES = {"pi": ("np.pi", math.pi), "e": ("np.e", math.e)}
STRUCTURE = ("var", "num", "const", "add", "mul", "pow", "recip", "square", "call")


@dataclass(frozen=True)
class Op:
    """One operation: ``kind`` is one of :data:`STRUCTURE`; ``value`` is a variable's name, a
    number, a constant's name (pi, e) or a primitive's name (for "call")."""

    kind: str
    args: tuple[Op, ...] = ()
    value: float | str = 0.0

    def evaluate(self, env: dict[str, Array]) -> Array:
        """The value with NumPy: ``env`` maps "x", "alpha" and "beta" to arrays or numbers."""
        parts = [arg.evaluate(env) for arg in self.args]
        kind = self.kind
        if kind == "var":
            return env[str(self.value)]
        if kind == "num":
            return self.value  # type: ignore[return-value]
        if kind == "const":
            return CONSTANT_NAMES[str(self.value)][1]  # type: ignore[return-value]
        if kind == "add":
            return functools.reduce(np.add, parts)
        if kind == "mul":
            return functools.reduce(np.multiply, parts)
        if kind == "pow":
            return np.power(*parts)
        if kind == "recip":
            return 1.0 / parts[0]
        if kind == "square":
            return np.square(parts[0])
        return PRIMITIVES[str(self.value)].numpy(*parts)

    def code(self) -> str:
        """The NumPy expression :meth:`evaluate` computes, as text to read (never executed): the
        same calls in the same order, so it gives the same numbers to the last bit."""
        kind = self.kind
        if kind == "var":
            return str(self.value)
        if kind == "num":
            number = float(self.value)
            return repr(number) if math.isfinite(number) else ("-" if number < 0 else "") + "np.inf"
        if kind == "const":
            return CONSTANT_NAMES[str(self.value)][0]
        if kind == "add":
            text = self.args[0].code()
            for term in self.args[1:]:
                code = term.code()
                text += f" - {code[1:]}" if code.startswith("-") else f" + {code}"
            return f"({text})"
        if kind == "mul":
            if self.args[0] == MINUS_ONE and len(self.args) > 1:  # −u: the same number as −1 · u
                return "-" + " * ".join(arg.code() for arg in self.args[1:])
            return " * ".join(arg.code() for arg in self.args)
        if kind == "pow":
            return f"np.power({self.args[0].code()}, {self.args[1].code()})"
        if kind == "recip":
            return f"(1 / {self.args[0].code()})"
        if kind == "square":
            return f"np.square({self.args[0].code()})"
        inner = [a.code()[1:-1] if a.kind == "add" else a.code() for a in self.args]
        return PRIMITIVES[str(self.value)].code.format(*inner)

    @property
    def size(self) -> int:
        """How many operations the tree holds: what one evaluation costs, in NumPy calls."""
        return 1 + sum(arg.size for arg in self.args)

    def uses(self, name: str) -> bool:
        """Whether the variable ``name`` appears."""
        return (self.kind == "var" and self.value == name) or any(a.uses(name) for a in self.args)


MINUS_ONE = Op("num", value=-1.0)


def literal(node) -> Op:
    """The formula exactly as typed (an :class:`activations.formula.Node` tree), with none of
    SymPy's simplifications: where it is undefined (NaN), so is the function, even where SymPy
    cancelled the reason away (``log(x) - log(x)`` is 0 only for x > 0; ``x/x`` is not 1 at 0)."""
    parts = tuple(literal(arg) for arg in node.args)
    kind = node.kind
    if kind == "num":
        return Op("num", value=float(node.value))
    if kind in ("var", "const"):
        return Op(kind, value=str(node.value))
    if kind == "neg":
        return Op("mul", (MINUS_ONE, parts[0]))
    if kind == "+":
        return Op("add", parts)
    if kind == "-":
        return Op("add", (parts[0], Op("mul", (MINUS_ONE, parts[1]))))
    if kind == "*":
        return Op("mul", parts)
    if kind == "/":
        return Op("mul", (parts[0], Op("recip", parts[1:])))
    if kind == "^":
        return Op("pow", parts)
    return Op("call", parts, str(node.value))


WINDOW = (-50.0, 50.0)  # the widest x range a page draws (ui.controls.X_LIMITS)


@dataclass(frozen=True)
class Loss:
    """A stretch of sample points where float64 keeps fewer than six digits of ``curve`` ("f" or
    "f′"), and its worst point: what NumPy computes there and the exact value."""

    curve: str
    lo: float
    hi: float
    x: float
    computed: float
    exact: float


@dataclass(frozen=True)
class Lowered:
    """A typed formula, worked out: what :mod:`activations.typed` needs to make an activation,
    with no SymPy. ``gaps`` are the expressions whose zeros are kinks (an abs's argument, the
    difference of a max's or min's arguments)."""

    text: str
    f: Op
    df: Op
    formula: str  # LaTeX of f
    derivative_formula: str  # LaTeX of f′
    gaps: tuple[Op, ...]
    parameters: tuple[str, ...]  # "alpha", "beta": those the formula uses
    domain: Op | None = None  # the formula as typed: NaN where it is undefined (see literal)
    # Where float64 keeps fewer than six digits of f or f′ as written, found against mpmath over
    # WINDOW when the formula is built (activations.accuracy)
    losses: tuple[Loss, ...] = ()
