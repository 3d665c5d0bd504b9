"""Formulas that break things, shared by the tests and by bench/formula_fuzz.py (the longer run)
and bench/storm.py: random formulas from the typed-formula grammar, biased to the values and
shapes that break things (0, ±1, 1e±9, x − x, x / x, poles, overflow, kinks); the security
review's findings; and what the explorer and compare draw from a formula."""

from __future__ import annotations

import random

import activations
from activations.formula import FUNCTIONS
from ui import explorer_view, theme
from ui.figures import explorer_figure, overlay_figure

LEAVES = ["x", "x", "x", "0", "1", "-1", "1e9", "1e-9", "2", "0.5", "alpha", "beta", "pi", "e"]
SHAPES = ["x-x", "x/x", "(x-x)", "x^0", "0*x", "1/x", "x^-2", "exp(x)", "log(x)", "sqrt(x)"]
OPERATORS = ["+", "-", "*", "/", "^", "**"]
ONE_ARGUMENT = [name for name, f in FUNCTIONS.items() if f.arity == 1]
TWO_ARGUMENTS = [name for name, f in FUNCTIONS.items() if f.arity == 2]


def expression(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth <= 0 or roll < 0.25:
        return rng.choice(SHAPES) if rng.random() < 0.25 else rng.choice(LEAVES)
    if roll < 0.55:
        left, right = expression(rng, depth - 1), expression(rng, depth - 1)
        return f"({left}){rng.choice(OPERATORS)}({right})"
    if roll < 0.85:
        return f"{rng.choice(ONE_ARGUMENT)}({expression(rng, depth - 1)})"
    if roll < 0.95:
        first, second = expression(rng, depth - 1), expression(rng, depth - 1)
        return f"{rng.choice(TWO_ARGUMENTS)}({first}, {second})"
    return f"-({expression(rng, depth - 1)})"


def formulas(count: int, seed: int = 0, depth: int = 4) -> list[str]:
    """``count`` formulas, the same for the same seed; at most 200 characters (longer ones are
    refused at once by the parser, which the hostile corpus already tests)."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        text = expression(rng, rng.randint(1, depth))
        if len(text) <= 200:
            found.append(text)
    return found


# The security review's findings (issue #20), by what they did to a server before: each is a
# test of the formula suites and an attack of bench/storm.py.
FORMULA_FREEZES = [
    "((((3*x)^100)^100)^100)^100",  # SymPy multiplied the power out: minutes, then hours
    "((3*x)^100)^100",
    "3^(999999999+x-x)",  # x − x cancelled, then 3^999999999 computed exactly
    "2^(999999999*999999999+x-x)",  # 1.75 GB, then MemoryError
    "1e-999999*x",  # the literal's exact fraction: 40 s
    "1e-9999999999999999",
]
FORMULA_CRASHES = [  # an exception box instead of a chart, on the explorer and compare
    "1/x^2",
    "x^-2",
    "exp(min(x,100))",
    "log1p(cos(x))",
    "expm1(alpha/x)",
    "alpha*sqrt(-1-x^2)",
    "alpha*exp(exp(exp(x+10)))",
]
FORMULA_MISREAD = [  # Unicode digits and separators read as digits and spaces; 0/0 "too large"
    "x*１２",
    "٣*x",
    "x\x1c+1",
    "x\x1f+1",
    "x\u2028+1",
    "0/0*x",
    "x/0",
    "x/(x-x)",
]
FORMULA_FINDINGS = [*FORMULA_FREEZES, *FORMULA_CRASHES, *FORMULA_MISREAD]


def draw_everything_cheap(spec: activations.Activation) -> None:
    """What the explorer and compare draw: curve, properties, tangent, Play's frames, figures;
    at the parameters' defaults and at their lowest values (once, for a formula without any)."""
    lowest = {p.name: p.min for p in spec.params}
    for params in (spec.defaults(), lowest) if lowest != spec.defaults() else (lowest,):
        view, _ = explorer_view.build_view(spec, params, -6.0, 6.0, 1.0)
        explorer_figure(view, theme.NORMAL)
        explorer_figure(view, theme.PRESENT)
        x, y, dy = explorer_view.curve(spec, -6.0, 6.0, explorer_view.freeze(params))
        explorer_view.undefined_notes(x, y, dy)
        overlay_figure([("Custom", x, y, spec.breakpoints)], derivative=False)
        overlay_figure([("Custom", x, dy, spec.breakpoints)], derivative=True)
