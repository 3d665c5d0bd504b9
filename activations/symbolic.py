r"""A typed formula's exact derivative, by SymPy, lowered for NumPy: the worker's side.

:func:`lower` parses ``text`` with :mod:`activations.formula` (a whitelisting grammar, never
``eval`` or ``sympify``), builds a SymPy expression from the tree, differentiates it symbolically
and lowers f and f′ into :class:`~activations.lowered.Op` trees that NumPy evaluates: no
generated source is ever executed. It runs in a worker process with a hard time and memory limit
(:mod:`activations.typed` owns those), since SymPy's work on a 200-character text cannot be
bounded ahead; the exact numbers it would make are bounded here as well (:data:`MAX_EXACT_BITS`).

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

>>> lower("x * tanh(log(1 + exp(x)))").f.code()
'x * np.tanh(np.logaddexp(0, x))'
>>> lower("max(x, 0)").df.code()
'np.heaviside(x, 0.5)'
>>> lower("((3*x)^100)^100")
Traceback (most recent call last):
...
ValueError: the power at position 12 makes a number too large to work with
"""

from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

from activations import accuracy
from activations.formula import Node, parse
from activations.language import LANGUAGE, PRIMITIVES, Primitive
from activations.lowered import MINUS_ONE, Lowered, Op, literal

X, ALPHA, BETA = sp.symbols("x alpha beta", real=True)
SYMBOLS = {"x": X, "alpha": ALPHA, "beta": BETA}
MAX_DERIVATIVE_NODES = 4000  # the derivative's expression tree, before it is refused
# The largest exact number SymPy may be asked to make, in bits: a power's coefficients are
# checked before SymPy multiplies them out ((3x)^100 is 3^100 x^100, and 3^(10^9) would take an
# hour), and nothing larger than a float64 survives evaluation anyway.
MAX_EXACT_BITS = 4096


# --- our own functions: exact derivatives, no automatic rewriting ---------------------------------


class _Function(sp.Function):
    """A function of the language: its primitive (the NumPy form it lowers to) and its LaTeX."""

    primitive: str
    tex: str  # LaTeX, "{0}" standing for the argument

    def _latex(self, printer, exp: str | None = None) -> str:
        tex = self.tex.format(*(printer._print(a) for a in self.args))
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


def _function(name: str, primitive: Primitive) -> type[_Function]:
    def fdiff(self, argindex=1):
        return primitive.derivative(FORMS, *self.args, argindex)

    return type(
        name.capitalize(),
        (_Function,),
        {"primitive": name, "tex": primitive.tex, "fdiff": fdiff, "nargs": primitive.arity},
    )


# Every primitive's symbolic form, from the one table (activations.language); the derivatives
# refer to one another through this namespace, and each is taken once here, so that a derivative
# naming a function the table lacks fails at import, not on a student's formula.
FORMS = SimpleNamespace(
    sympy=sp, **{name: _function(name, primitive) for name, primitive in PRIMITIVES.items()}
)
for _name in PRIMITIVES:
    _arguments = (X, ALPHA)[: PRIMITIVES[_name].arity]
    sp.diff(getattr(FORMS, _name)(*_arguments), X)
Exp, Log, Log1p, Expm1, Sqrt = FORMS.exp, FORMS.log, FORMS.log1p, FORMS.expm1, FORMS.sqrt
Abs = FORMS.abs
Sigmoid, Softplus, Max, Min = FORMS.sigmoid, FORMS.softplus, FORMS.max, FORMS.min
_CALLS: dict[str, type[_Function]] = {name: getattr(FORMS, name) for name in LANGUAGE}


# --- from the parsed tree to SymPy, choosing stable forms on the way -------------------------------


def _number(text: str) -> sp.Expr:
    """A literal, exactly: integers as integers, decimals as the fraction they write (the parser
    keeps literals between 1e−300 and 1e9, so the fraction is small)."""
    return sp.Integer(text) if text.isdigit() else sp.Rational(text)


def _bits(expr: sp.Expr) -> int:
    """The most bits any exact number in ``expr`` takes (numerator or denominator)."""
    numbers = [expr] if expr.is_Rational else expr.atoms(sp.Rational)
    return max((max(int(r.p).bit_length(), int(r.q).bit_length()) for r in numbers), default=0)


def _power(base: sp.Expr, exponent: sp.Expr, position: int) -> sp.Expr:
    """base^exponent, refused where SymPy would make a huge exact number: it multiplies a
    power out over the coefficients (``(3x)^100`` is 3^100 x^100) and computes a number to a
    number exactly, holding the interpreter while it does."""
    if exponent.is_Rational and abs(exponent) > 1:
        grows_to = _bits(base) * abs(float(exponent))
        if grows_to > MAX_EXACT_BITS:
            raise ValueError(
                f"the power at position {position} makes a number too large to work with"
            )
    return base**exponent


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
        return _power(base, exponent, node.position)
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
    """1/(1 + exp(w)) → sigmoid(−w); otherwise 1/arg (refused where arg is 0: x/(x − x))."""
    if arg == 0:
        raise ValueError("the formula divides by zero for every x")
    w = _exp_term(arg)
    return Sigmoid(-w) if w is not None else 1 / arg


def _expm1_form(expr: sp.Expr) -> sp.Expr:
    """exp(u) − 1 (within a sum) → expm1(u)."""
    if isinstance(expr, sp.Add) and sp.S.NegativeOne in expr.args:
        for term in expr.args:
            if isinstance(term, Exp):
                return expr - term + 1 + Expm1(term.args[0])
    return expr


# --- lowering: SymPy to operations that evaluate and print themselves ------------------------------


def _lower(expr: sp.Expr) -> Op:
    if expr.is_Symbol:
        return Op("var", value=str(expr))
    if expr in (sp.pi, sp.E):
        return Op("const", value="pi" if expr == sp.pi else "e")
    if expr.is_Number:
        if not expr.is_finite or not expr.is_real:
            raise ValueError("the formula is infinite or undefined for every x")
        return MINUS_ONE if expr == -1 else Op("num", value=float(expr))
    parts = tuple(_lower(arg) for arg in expr.args)
    if isinstance(expr, sp.Add):
        return Op("add", parts)
    if isinstance(expr, sp.Mul):
        return Op("mul", parts)
    if isinstance(expr, sp.Pow):
        if expr.exp == -1:
            return Op("recip", parts[:1])
        if expr.exp == 2:
            return Op("square", parts[:1])
        return Op("pow", parts)
    if isinstance(expr, _Function):
        return Op("call", parts, expr.primitive)
    if isinstance(expr, sp.log):  # from the derivative of u^v
        return Op("call", parts, "log")
    if isinstance(expr, sp.exp):
        return Op("call", parts, "exp")
    raise ValueError("the formula could not be evaluated; try writing it another way")


def _nodes_within(expr: sp.Expr, limit: int) -> bool:
    return all(count <= limit for count, _ in enumerate(sp.preorder_traversal(expr), start=1))


def lower(formula: str | tuple[str, Node]) -> Lowered:
    """Build f with SymPy from a formula's text (parsed here) or its text and its parsed tree
    (as :mod:`activations.typed` sends it, having parsed it already to refuse bad text at once),
    differentiate it, and lower both; ``ValueError`` says what and where for anything refused.
    Runs in a worker process: SymPy's work cannot be bounded ahead, so that process has a hard
    time and memory limit."""
    text, tree = (formula, parse(formula)) if isinstance(formula, str) else formula
    expr = _build(tree)
    derivative = sp.diff(expr, X)
    if not _nodes_within(derivative, MAX_DERIVATIVE_NODES):
        raise ValueError("the derivative is too large to show; try a simpler formula")
    gaps = [f.args[0] for f in expr.atoms(Abs)]
    gaps += [f.args[0] - f.args[1] for f in expr.atoms(Max) | expr.atoms(Min)]
    f, df, domain = _lower(expr), _lower(derivative), literal(tree)
    return Lowered(
        text=text.strip(),
        f=f,
        df=df,
        formula=sp.latex(expr),
        derivative_formula=sp.latex(derivative),
        gaps=tuple(_lower(gap) for gap in gaps),
        parameters=tuple(name for name in ("alpha", "beta") if tree.uses(name)),
        domain=domain,
        losses=accuracy.losses(f, df, domain),
    )
