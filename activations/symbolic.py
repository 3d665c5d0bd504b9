r"""Activations a user types: parsed safely, differentiated exactly, evaluated stably.

``custom(text)`` parses ``text`` with :mod:`activations.formula` (a whitelisting grammar, never
``eval`` or ``sympify``), builds a SymPy expression from the tree, differentiates it symbolically,
and evaluates both with NumPy by walking the expression: no generated source is ever executed. The
result is an :class:`~activations.registry.Activation` under the key ``"custom"`` that every page
and core function takes.

Stable forms, as the registry's own: while the expression is built, ``log(1 + exp(u))`` becomes
softplus(u), ``log(1 + u)`` becomes log1p(u), ``exp(u) − 1`` becomes expm1(u) and
``1/(1 + exp(−u))`` becomes sigmoid(u). Every function is our own SymPy class with its own
derivative and no automatic rewriting (SymPy would turn ``tanh(log(v))`` into
``(v² − 1)/(v² + 1)``, which loses every digit of Mish at x = −30).

Kinks follow PyTorch 2.x autograd for the same operations:

- ``abs'(0) = 0`` (PyTorch: ``grad * sign(x)``);
- ``max(a, b)`` and ``min(a, b)`` at a tie pass half of the gradient to each argument (PyTorch's
  ``torch.maximum`` and ``torch.minimum``), so ``max(x, 0)`` has slope ½ at 0, where
  ``torch.relu`` has 0. ``step(u)`` in a derivative is 1 for u > 0, ½ at 0 and 0 below.

Breakpoints are where the argument of an ``abs``, or the two arguments of a ``max`` or ``min``,
meet, found at the parameters' defaults.

>>> mish = custom("x * tanh(log(1 + exp(x)))")
>>> float(mish.value(-30.0))  # every digit survives in the tail (mpmath agrees)
-2.807286890651921e-12
>>> custom("max(x, 0)").derivative([-1.0, 0.0, 1.0]).tolist()
[0.0, 0.5, 1.0]
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from numpy.typing import NDArray
from scipy import optimize, special

from activations.formula import Node, parse
from activations.registry import REGISTRY, Activation, Param

Array = NDArray[np.float64]
X, ALPHA, BETA = sp.symbols("x alpha beta", real=True)
SYMBOLS = {"x": X, "alpha": ALPHA, "beta": BETA}
MAX_DERIVATIVE_NODES = 4000  # the derivative's expression tree, before it is refused
MAX_BREAKPOINTS = 64  # kinks in [−50, 50]: each is a piece the properties and the chart handle
SYMBOLIC_BUDGET_S = 2.0  # a formula whose symbolic steps take longer is refused with a note
PARAM_RANGE = (0.0, 3.0)
PARAM_STEP = 0.05
PARAM_DEFAULT = 1.0
BREAKPOINT_SCAN = np.linspace(-50.0, 50.0, 20001)


# --- our own functions: exact derivatives, no automatic rewriting ---------------------------------


class _Function(sp.Function):
    """A function of one argument with its NumPy evaluation, its NumPy code and its LaTeX."""

    numpy: Callable[..., Array]
    code: str  # the NumPy call, "{0}" standing for the argument
    tex: str  # LaTeX, "{0}" standing for the argument

    def _latex(self, printer, exp: str | None = None) -> str:
        tex = self.tex.format(*(printer._print(a) for a in self.args))
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


def _function(name, numpy, code, tex, derivative, nargs=1) -> type[_Function]:
    def fdiff(self, argindex=1):
        return derivative(*self.args, argindex)

    return type(
        name,
        (_Function,),
        {"numpy": staticmethod(numpy), "code": code, "tex": tex, "fdiff": fdiff, "nargs": nargs},
    )


def _sigmoid(u: Array) -> Array:
    return special.expit(u)


Exp = _function("Exp", np.exp, "np.exp({0})", r"e^{{{0}}}", lambda u, i: Exp(u))
Log = _function("Log", np.log, "np.log({0})", r"\log\left({0}\right)", lambda u, i: 1 / u)
Log1p = _function(
    "Log1p", np.log1p, "np.log1p({0})", r"\log\left(1 + {0}\right)", lambda u, i: 1 / (1 + u)
)
Expm1 = _function(
    "Expm1", np.expm1, "np.expm1({0})", r"\left(e^{{{0}}} - 1\right)", lambda u, i: Exp(u)
)
Sqrt = _function("Sqrt", np.sqrt, "np.sqrt({0})", r"\sqrt{{{0}}}", lambda u, i: 1 / (2 * Sqrt(u)))
Sign = _function("Sign", np.sign, "np.sign({0})", r"\operatorname{{sign}}\left({0}\right)",
                 lambda u, i: sp.S.Zero)  # fmt: skip
Abs = _function("Abs", np.abs, "np.abs({0})", r"\left|{0}\right|", lambda u, i: Sign(u))
Sin = _function("Sin", np.sin, "np.sin({0})", r"\sin\left({0}\right)", lambda u, i: Cos(u))
Cos = _function("Cos", np.cos, "np.cos({0})", r"\cos\left({0}\right)", lambda u, i: -Sin(u))
Tan = _function("Tan", np.tan, "np.tan({0})", r"\tan\left({0}\right)",
                lambda u, i: 1 + Tan(u) ** 2)  # fmt: skip
Sinh = _function("Sinh", np.sinh, "np.sinh({0})", r"\sinh\left({0}\right)", lambda u, i: Cosh(u))
Cosh = _function("Cosh", np.cosh, "np.cosh({0})", r"\cosh\left({0}\right)", lambda u, i: Sinh(u))
# tanh′ = sech², not 1 − tanh²: the latter is 0 once tanh rounds to ±1 (|u| > 19), the former
# keeps its relative accuracy out to where it underflows.
Sech = _function("Sech", lambda u: 1.0 / np.cosh(u), "1 / np.cosh({0})",
                 r"\operatorname{{sech}}\left({0}\right)", lambda u, i: -Sech(u) * Tanh(u))  # fmt: skip
Tanh = _function("Tanh", np.tanh, "np.tanh({0})", r"\tanh\left({0}\right)",
                 lambda u, i: Sech(u) ** 2)  # fmt: skip
Arctan = _function("Arctan", np.arctan, "np.arctan({0})", r"\arctan\left({0}\right)",
                   lambda u, i: 1 / (1 + u**2))  # fmt: skip
Erf = _function("Erf", special.erf, "scipy.special.erf({0})", r"\operatorname{{erf}}\left({0}\right)",
                lambda u, i: 2 / sp.sqrt(sp.pi) * Exp(-(u**2)))  # fmt: skip
# σ′(u) = σ(u) σ(−u): both factors stay accurate in both tails, where σ(1 − σ) would not.
Sigmoid = _function("Sigmoid", _sigmoid, "scipy.special.expit({0})", r"\sigma\left({0}\right)",
                    lambda u, i: Sigmoid(u) * Sigmoid(-u))  # fmt: skip
Softplus = _function("Softplus", lambda u: np.logaddexp(0.0, u), "np.logaddexp(0, {0})",
                     r"\operatorname{{softplus}}\left({0}\right)", lambda u, i: Sigmoid(u))  # fmt: skip
# step(u): 1 above 0, ½ at 0, 0 below; the share of a max's or min's gradient at a tie.
Step = _function("Step", lambda u: np.heaviside(u, 0.5), "np.heaviside({0}, 0.5)",
                 r"\operatorname{{step}}\left({0}\right)", lambda u, i: sp.S.Zero)  # fmt: skip
Max = _function(
    "Max", np.maximum, "np.maximum({0}, {1})", r"\max\left({0}, {1}\right)",
    lambda a, b, i: Step(a - b) if i == 1 else Step(b - a), nargs=2,
)  # fmt: skip
Min = _function(
    "Min", np.minimum, "np.minimum({0}, {1})", r"\min\left({0}, {1}\right)",
    lambda a, b, i: Step(b - a) if i == 1 else Step(a - b), nargs=2,
)  # fmt: skip

_CALLS = {
    "exp": Exp, "log1p": Log1p, "expm1": Expm1, "sqrt": Sqrt, "abs": Abs, "sin": Sin,
    "cos": Cos, "tan": Tan, "sinh": Sinh, "cosh": Cosh, "tanh": Tanh, "arctan": Arctan,
    "erf": Erf, "sigmoid": Sigmoid, "softplus": Softplus, "max": Max, "min": Min,
}  # fmt: skip


# --- from the parsed tree to SymPy, choosing stable forms on the way -------------------------------


def _number(text: str) -> sp.Expr:
    """A literal, exactly: integers as integers, decimals as the fraction they write."""
    return sp.Integer(text) if text.isdigit() else sp.Rational(text)


def _build(node: Node) -> sp.Expr:
    args = [_build(arg) for arg in node.args]
    kind = node.kind
    if kind == "num":
        return _number(str(node.value))
    if kind == "var":
        return SYMBOLS[str(node.value)]
    if kind == "const":
        return sp.pi if node.value == "pi" else sp.E
    if kind == "neg":
        return -args[0]
    if kind == "+":
        return _expm1_form(args[0] + args[1])
    if kind == "-":
        return _expm1_form(args[0] - args[1])
    if kind == "*":
        return args[0] * args[1]
    if kind == "/":
        return args[0] * _reciprocal(args[1])
    if kind == "^":
        base, exponent = args
        if base == sp.E:
            return Exp(exponent)
        if exponent == -1:
            return _reciprocal(base)
        if exponent == sp.Rational(1, 2):
            return Sqrt(base)
        return base**exponent
    if node.value == "log":
        return _log_form(args[0])
    return _CALLS[str(node.value)](*args)


def _exp_term(expr: sp.Expr) -> sp.Expr | None:
    """w if ``expr`` is 1 + exp(w), else None."""
    if isinstance(expr, sp.Add) and len(expr.args) == 2 and sp.S.One in expr.args:
        other = expr.args[0] if expr.args[1] == sp.S.One else expr.args[1]
        if isinstance(other, Exp):
            return other.args[0]
    return None


def _log_form(arg: sp.Expr) -> sp.Expr:
    """log(1 + exp(w)) → softplus(w); log(1 + u) → log1p(u); otherwise log."""
    w = _exp_term(arg)
    if w is not None:
        return Softplus(w)
    if isinstance(arg, sp.Add) and sp.S.One in arg.args:
        return Log1p(arg - 1)
    return Log(arg)


def _reciprocal(arg: sp.Expr) -> sp.Expr:
    """1/(1 + exp(w)) → sigmoid(−w); otherwise 1/arg."""
    w = _exp_term(arg)
    return Sigmoid(-w) if w is not None else 1 / arg


def _expm1_form(expr: sp.Expr) -> sp.Expr:
    """exp(u) − 1 (within a sum) → expm1(u)."""
    if isinstance(expr, sp.Add) and sp.S.NegativeOne in expr.args:
        for term in expr.args:
            if isinstance(term, Exp):
                return expr - term + 1 + Expm1(term.args[0])
    return expr


# --- evaluation: walk the expression with NumPy --------------------------------------------------

Compiled = Callable[[dict[str, Array]], Array]


def _compile(expr: sp.Expr) -> Compiled:
    """A NumPy evaluator for ``expr``: one closure per node, no generated source."""
    if expr.is_Symbol:
        name = str(expr)
        return lambda env: env[name]
    if expr.is_Number or expr.is_NumberSymbol:  # 2, 1/2, π, e (our functions of constants
        value = float(expr)  # are evaluated below, by NumPy, like anything else)
        return lambda env: value
    parts = [_compile(arg) for arg in expr.args]
    if isinstance(expr, sp.Add):
        return lambda env: functools.reduce(np.add, (p(env) for p in parts))
    if isinstance(expr, sp.Mul):
        return lambda env: functools.reduce(np.multiply, (p(env) for p in parts))
    if isinstance(expr, sp.Pow):
        base, exponent = parts
        if expr.exp == -1:
            return lambda env: 1.0 / base(env)
        if expr.exp == 2:
            return lambda env: np.square(base(env))
        return lambda env: np.power(base(env), exponent(env))
    if isinstance(expr, _Function):
        numpy = expr.numpy
        return lambda env: numpy(*(p(env) for p in parts))
    if isinstance(expr, sp.log):  # from the derivative of u^v
        return lambda env: np.log(parts[0](env))
    if isinstance(expr, sp.exp):
        return lambda env: np.exp(parts[0](env))
    raise ValueError(f"cannot evaluate {type(expr).__name__}")


def numpy_code(expr: sp.Expr) -> str:
    """The NumPy expression the evaluator computes, as text to read (never executed): the same
    operations in the same order, so it gives the evaluator's numbers to the last bit."""
    if expr.is_Symbol:
        return str(expr)
    if expr.is_Number or expr.is_NumberSymbol:
        return {sp.pi: "np.pi", sp.E: "np.e"}.get(expr, repr(float(expr)))
    if isinstance(expr, sp.Add):
        text = ""
        for term in expr.args:
            code = numpy_code(term)
            text += (
                f" - {code[1:]}"
                if text and code.startswith("-")
                else f" + {code}"
                if text
                else code
            )
        return f"({text})"
    if isinstance(expr, sp.Mul):
        coefficient, rest = expr.as_coeff_Mul()
        if coefficient == -1:
            return f"-{numpy_code(rest)}"
        return " * ".join(numpy_code(f) for f in expr.args)
    if isinstance(expr, sp.Pow):
        if expr.exp == -1:
            return f"(1 / {numpy_code(expr.base)})"
        if expr.exp == 2:
            return f"np.square({numpy_code(expr.base)})"
        return f"np.power({numpy_code(expr.base)}, {numpy_code(expr.exp)})"
    if isinstance(expr, _Function):
        return expr.code.format(*(numpy_code(a).removeprefix("(").removesuffix(")")
                                  if isinstance(a, sp.Add) else numpy_code(a) for a in expr.args))  # fmt: skip
    if isinstance(expr, sp.log):
        return f"np.log({numpy_code(expr.args[0])})"
    if isinstance(expr, sp.exp):
        return f"np.exp({numpy_code(expr.args[0])})"
    raise ValueError(f"cannot print {type(expr).__name__}")


# --- the activation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomActivation(Activation):
    """An :class:`Activation` from a typed formula, with its text and generated NumPy code."""

    text: str = ""
    code: str = ""  # NumPy for f
    derivative_code: str = ""  # NumPy for f′

    def __reduce__(self) -> tuple:
        # Pickled as its text (a cache stores it that way): rebuilt, or found in the cache.
        return (custom, (self.text,))


def _evaluator(compiled: Compiled) -> Callable[..., Array]:
    def evaluate(x: Array, alpha: float = PARAM_DEFAULT, beta: float = PARAM_DEFAULT) -> Array:
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):  # overflow and domain errors become gaps, not warnings
            values = compiled({"x": x, "alpha": np.float64(alpha), "beta": np.float64(beta)})
        return np.broadcast_to(np.asarray(values, dtype=np.float64), x.shape).copy()

    return evaluate


def _nodes_within(expr: sp.Expr, limit: int) -> bool:
    return all(count <= limit for count, _ in enumerate(sp.preorder_traversal(expr), start=1))


def _breakpoints(expr: sp.Expr, defaults: dict[str, float]) -> tuple[float, ...]:
    """Where an abs's argument is 0 or a max's or min's arguments meet, at the defaults."""
    gaps = [f.args[0] for f in expr.atoms(Abs)]
    gaps += [f.args[0] - f.args[1] for f in expr.atoms(Max) | expr.atoms(Min)]
    found: set[float] = set()
    for gap in gaps:
        evaluate = _evaluator(_compile(gap))
        values = evaluate(BREAKPOINT_SCAN, **defaults)
        exact = BREAKPOINT_SCAN[values == 0.0]
        if len(exact) == len(BREAKPOINT_SCAN):
            continue  # identically 0: no kink in x
        found.update(float(v) for v in exact)
        signs = np.sign(values)
        crossings = np.flatnonzero(signs[:-1] * signs[1:] < 0)
        if len(found) + len(crossings) > MAX_BREAKPOINTS:
            raise ValueError(
                f"the formula has more than {MAX_BREAKPOINTS} kinks between −50 and 50 "
                "(from abs, max or min); try a simpler one"
            )
        for i in crossings:
            a, b = BREAKPOINT_SCAN[i], BREAKPOINT_SCAN[i + 1]
            if not (np.isfinite(values[i]) and np.isfinite(values[i + 1])):
                continue
            root = optimize.brentq(
                lambda t, f=evaluate: float(f(np.array(t), **defaults)), a, b,
                xtol=1e-15, rtol=4 * np.finfo(float).eps,
            )  # fmt: skip
            found.add(float(np.round(root, 12)) + 0.0)
    return tuple(sorted(found))


def _params(tree: Node, fn: Callable[..., Array]) -> tuple[Param, ...]:
    """A slider for α and β where the formula uses them: 0 to 3, from a step above 0 where the
    formula is undefined at 0 (say ``log(alpha)``)."""
    params = []
    probe = np.linspace(-6.0, 6.0, 241)
    for name, symbol in (("alpha", r"\alpha"), ("beta", r"\beta")):
        if not tree.uses(name):
            continue
        at_default = np.isfinite(fn(probe)).sum()
        at_zero = np.isfinite(fn(probe, **{name: 0.0})).sum()
        low = PARAM_RANGE[0] if at_zero >= at_default else PARAM_STEP
        params.append(Param(name, symbol, PARAM_DEFAULT, low, PARAM_RANGE[1], PARAM_STEP,
                            f"{symbol.strip(chr(92))} in your formula"))  # fmt: skip
    return tuple(params)


_BUILDING = threading.Lock()  # one symbolic build at a time: SymPy's caches are process-wide


@functools.lru_cache(maxsize=256)
def custom(text: str) -> CustomActivation:
    """The activation ``text`` writes, under the key ``"custom"``; ``ValueError`` saying what and
    where for anything outside the language, or too large. Cached by text."""
    parse(text)  # refused text is refused at once, without waiting for another build
    with _BUILDING:
        return _build_activation(text)


def _build_activation(text: str) -> CustomActivation:
    started = time.perf_counter()
    tree = parse(text)
    expr = _build(tree)

    def check_time(step: str) -> None:
        if time.perf_counter() - started > SYMBOLIC_BUDGET_S:
            raise ValueError(f"the formula took too long to {step}; try a simpler one")

    check_time("read")
    derivative = sp.diff(expr, X)
    check_time("differentiate")
    if not _nodes_within(derivative, MAX_DERIVATIVE_NODES):
        raise ValueError("the derivative is too large to show; try a simpler formula")
    fn, grad = _evaluator(_compile(expr)), _evaluator(_compile(derivative))
    defaults = {name: PARAM_DEFAULT for name in ("alpha", "beta") if tree.uses(name)}
    breakpoints = _breakpoints(expr, defaults)
    params = _params(tree, fn)
    formula, derivative_formula = sp.latex(expr), sp.latex(derivative)
    check_time("prepare")
    return CustomActivation(
        key="custom",
        name="Custom",
        family="Custom",
        fn=fn,
        grad=grad,
        formula=formula,
        derivative_formula=derivative_formula,
        params=params,
        breakpoints=breakpoints,
        notes=f"Your formula: {text.strip()}",
        text=text.strip(),
        code=numpy_code(expr),
        derivative_code=numpy_code(derivative),
    )


MATCH_TOLERANCE = 1e-12  # relative, values and slopes
_MATCH_GRID = np.linspace(-20.0, 20.0, 801)


def registry_match(spec: Activation, **params: float) -> tuple[str, float] | None:
    """The registry entry ``spec`` writes out, if any, and the largest relative difference of
    their values and slopes over [−20, 20] away from kinks (at most :data:`MATCH_TOLERANCE`).
    A parameter both share (``beta`` for Swish) takes ``params``' value in both."""
    resolved = spec.resolve_params(**params)
    ours = None
    for key, entry in REGISTRY.items():
        names = {p.name for p in entry.params}
        shared = {n: v for n, v in resolved.items() if n in names}
        if set(resolved) - names:
            continue  # a parameter of the formula that the entry does not have
        try:
            entry_params = entry.resolve_params(**shared)
        except ValueError:
            continue  # outside the entry's range
        x = _MATCH_GRID[~np.isin(_MATCH_GRID, (*spec.breakpoints, *entry.breakpoints))]
        if ours is None:
            with np.errstate(all="ignore"):
                ours = spec.fn(_MATCH_GRID, **resolved), spec.grad(_MATCH_GRID, **resolved)
        keep = np.isin(_MATCH_GRID, x)
        worst = 0.0
        for mine, theirs in zip(
            ours, (entry.fn(x, **entry_params), entry.grad(x, **entry_params)), strict=True
        ):
            with np.errstate(all="ignore"):
                gap = np.abs(mine[keep] - theirs) / np.maximum(np.abs(theirs), 1e-300)
            worst = max(worst, float(np.max(np.where(mine[keep] == theirs, 0.0, gap))))
        if worst <= MATCH_TOLERANCE:
            return key, worst
    return None
