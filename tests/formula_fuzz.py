"""Random formulas from the typed-formula grammar, biased to the values and shapes that break
things: 0, ±1, 1e±9, x − x, x / x, poles, overflow, kinks. Shared by the fuzz test and
bench/formula_fuzz.py (the longer run)."""

from __future__ import annotations

import random

from activations.formula import FUNCTIONS

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
