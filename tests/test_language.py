"""The formula language's one table (activations.language): each row's forms agree with one
another and with mpmath's independent numbers, and everything that lists the language reads it."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from activations import formula, language, symbolic
from tests.apptest import ROOT

# Points inside every unary function's domain (log and sqrt need u > 0; tan avoids its poles).
POINTS = [0.05, 0.3, 0.9, 1.4, 2.5]
PAIRS = [(0.3, 0.9), (0.9, 0.3), (-1.2, 2.0)]


def _points(primitive: language.Primitive) -> list[tuple[float, ...]]:
    return PAIRS if primitive.arity == 2 else [(u,) for u in POINTS]


@pytest.mark.parametrize("name", language.PRIMITIVES)
def test_numpy_mpmath_and_folding_forms_give_the_same_numbers(name: str) -> None:
    primitive = language.PRIMITIVES[name]
    for args in _points(primitive):
        with mpmath.workdps(50):
            exact = primitive.exact(mpmath, *(mpmath.mpf(a) for a in args))
        computed = float(primitive.numpy(*(np.float64(a) for a in args)))
        assert computed == pytest.approx(float(exact), rel=1e-14, abs=1e-300), (name, args)
        if primitive.fold is not None:
            assert primitive.fold(*args) == pytest.approx(float(exact), rel=1e-14), (name, args)


@pytest.mark.parametrize("name", language.PRIMITIVES)
def test_each_symbolic_derivative_matches_mpmaths_numerical_one(name: str) -> None:
    """The derivative each row writes, lowered and evaluated as a page evaluates it, against
    mpmath's numerical differentiation of the row's exact form (away from kinks)."""
    primitive = language.PRIMITIVES[name]
    form = getattr(symbolic.FORMS, name)
    other = sp.Symbol("alpha", real=True)
    arguments = (symbolic.X, other)[: primitive.arity]
    derivative = symbolic._lower(sp.diff(form(*arguments), symbolic.X))
    for args in _points(primitive):
        env = {"x": np.float64(args[0]), "alpha": np.float64(args[-1]), "beta": np.float64(1)}
        got = float(np.asarray(derivative.evaluate(env), dtype=float))
        with mpmath.workdps(60):
            rest = [mpmath.mpf(a) for a in args[1:]]
            want = mpmath.diff(
                lambda u, rest=rest: primitive.exact(mpmath, u, *rest), mpmath.mpf(args[0])
            )
        assert got == pytest.approx(float(want), rel=1e-12, abs=1e-14), (name, args)


def test_the_language_is_the_rows_with_a_fold_and_everything_lists_it() -> None:
    assert set(formula.FUNCTIONS) == set(language.LANGUAGE)
    assert set(symbolic._CALLS) == set(language.LANGUAGE)
    assert {"sech", "sign", "step"} == set(language.PRIMITIVES) - set(language.LANGUAGE)
    help_text = formula.describe_language()
    unary = [n for n, p in language.LANGUAGE.items() if p.arity == 1]
    binary = [n for n, p in language.LANGUAGE.items() if p.arity == 2]
    assert ", ".join(unary) in help_text
    assert all(f"{name}(a, b)" in help_text for name in binary)
    readme = (ROOT / "README.md").read_text()
    assert "`" + " ".join(unary) + "`" in readme
    assert all(f"`{name}(a, b)`" in readme for name in binary)


def test_a_name_typed_is_parsed_lowered_and_evaluated_from_the_same_row() -> None:
    """Every function a user may type goes through the parser and the worker's SymPy form and
    comes back as a call of its own row's NumPy primitive (log as log, log1p or softplus)."""
    for name, primitive in language.LANGUAGE.items():
        text = f"{name}(x)" if primitive.arity == 1 else f"{name}(x, 0.5)"
        code = symbolic.lower(text).f.code()
        if name != "log":
            assert primitive.code.split("(")[0] in code, (name, code)
