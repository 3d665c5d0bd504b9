r"""Where float64 loses a typed formula's digits: its lowered f and f′ against mpmath.

A formula can be right and still lose its tails in float64: ``sinh(x)/cosh(x)`` is tanh, but its
derivative ``1 − sinh²/cosh²`` subtracts two numbers that round to 1 once |x| > 19, so f′(−30)
comes out as 1.1e−16 where it is 3.5e−26. The registry's functions are written to keep every
digit; a typed one is computed as written. :func:`losses` finds where, by evaluating the very
operations NumPy runs (the lowered tree, its constants as the float64 numbers NumPy has) in
exact-enough arithmetic with mpmath, so the page can say so instead of drawing it silently.

It runs in the formula's worker (:mod:`activations.symbolic`), under that worker's time limit,
and its own work is bounded ahead: fewer sample points for a large formula, none past
:data:`MAX_EVALUATIONS`. Parameters are at their defaults (α = β = 1).

>>> from activations.symbolic import lower
>>> [(loss.curve, loss.lo) for loss in lower("sinh(x)/cosh(x)").losses]
[('f′', -50.0), ('f′', 12.0)]
"""

from __future__ import annotations

import functools
import operator

import mpmath as mp
import numpy as np

from activations.language import PRIMITIVES
from activations.lowered import WINDOW, Loss, Op

MAX_POINTS = 201  # every 0.5 across the window
MIN_POINTS = 41  # below this the check is skipped: too coarse to say where
MAX_EVALUATIONS = 10_000  # operations × points: about a tenth of a second of mpmath
TOLERANCE = 1e-6  # relative: fewer than six correct digits is a loss worth a note
DIGITS = 60  # working precision of the reference
CONFIRM_DIGITS = 120  # a flagged point is confirmed at twice the precision
REFERENCE_TOLERANCE = 1e-10  # the two precisions agree this well, or no claim is made
MAX_SPANS = 3  # per curve
# Flagged points this close (in sample steps) are one stretch: a point in between that happens
# to round well does not split it.
JOIN = 4
DEFAULT_PARAMETER = 1.0
SMALLEST = float(np.finfo(np.float64).tiny)  # below: float64 cannot hold it, nothing to lose
LARGEST = float(np.finfo(np.float64).max)


class _UndefinedError(Exception):
    """The exact value does not exist (a pole, a complex result) or is too large to work out:
    no claim there."""


# mpmath makes numbers of any size exactly, and exp(exp(exp(60))) would take it forever: values
# beyond 2^±MAX_MAGNITUDE (far past float64's 2^±1024) and growth functions of arguments past
# MAX_GROWTH_ARGUMENT (exp(10⁴) has 4,343 digits) are not computed. No claim is made there.
MAX_MAGNITUDE = 4096
MAX_GROWTH_ARGUMENT = 1e4


def _call(name: str, *args: mp.mpf) -> mp.mpf:
    if PRIMITIVES[name].grows and abs(args[0]) > MAX_GROWTH_ARGUMENT:
        raise _UndefinedError
    return PRIMITIVES[name].exact(mp, *args)


def exact(op: Op, env: dict[str, mp.mpf]) -> mp.mpf:
    """``op``'s value in mpmath at its current precision; :class:`_UndefinedError` where it has
    none."""
    parts = [exact(arg, env) for arg in op.args]
    kind = op.kind
    try:
        if kind == "var":
            value = env[str(op.value)]
        elif kind == "num":
            value = mp.mpf(float(op.value))  # the float64 number NumPy has, exactly
        elif kind == "const":
            value = mp.pi if op.value == "pi" else mp.e
        elif kind == "add":
            value = functools.reduce(operator.add, parts)
        elif kind == "mul":
            value = functools.reduce(operator.mul, parts)
        elif kind == "pow":
            base, exponent = parts
            if abs(exponent) * (abs(mp.mag(base)) + 1) > MAX_GROWTH_ARGUMENT:
                raise _UndefinedError  # |base^exponent| is about 2^(exponent · mag(base))
            value = mp.power(base, exponent)
        elif kind == "recip":
            value = 1 / parts[0]
        elif kind == "square":
            value = parts[0] * parts[0]
        else:
            value = _call(str(op.value), *parts)
    except (ZeroDivisionError, ValueError, OverflowError) as undefined:
        raise _UndefinedError from undefined
    if isinstance(value, mp.mpc) or not mp.isfinite(value):
        raise _UndefinedError
    if value and abs(mp.mag(value)) > MAX_MAGNITUDE:
        raise _UndefinedError
    return value


def _reference(op: Op, x: float, digits: int) -> float | None:
    with mp.workdps(digits):
        env = {
            "x": mp.mpf(x),
            "alpha": mp.mpf(DEFAULT_PARAMETER),
            "beta": mp.mpf(DEFAULT_PARAMETER),
        }
        try:
            return exact(op, env)
        except _UndefinedError:
            return None


def _error(computed: float, truth: mp.mpf) -> float:
    """The relative error of ``computed``; infinite where it is not a number but the truth is."""
    if not np.isfinite(computed):
        return np.inf
    if truth == 0:
        return 0.0 if computed == 0 else np.inf
    return float(abs((mp.mpf(computed) - truth) / truth))


def losses(f: Op, df: Op, domain: Op | None = None) -> tuple[Loss, ...]:
    """Where NumPy's f or f′ (as lowered) is off by more than :data:`TOLERANCE` over the
    window, as at most :data:`MAX_SPANS` stretches per curve; () where the check would cost
    more than :data:`MAX_EVALUATIONS` (a large formula is not checked)."""
    points = min(MAX_POINTS, MAX_EVALUATIONS // (f.size + df.size))
    if points < MIN_POINTS:
        return ()
    x = np.linspace(*WINDOW, points)
    env = {"x": x, "alpha": np.float64(DEFAULT_PARAMETER), "beta": np.float64(DEFAULT_PARAMETER)}
    with np.errstate(all="ignore"):
        defined = np.ones_like(x, dtype=bool)
        if domain is not None:
            defined = ~np.isnan(np.broadcast_to(domain.evaluate(env), x.shape))
        found = []
        for curve, op in (("f", f), ("f′", df)):
            computed = np.broadcast_to(np.asarray(op.evaluate(env), dtype=np.float64), x.shape)
            found += _spans(curve, op, x, computed, defined)
    return tuple(found)


def _spans(curve: str, op: Op, x, computed, defined) -> list[Loss]:
    flagged: dict[int, tuple[float, float]] = {}  # index → (relative error, exact value)
    for i in np.flatnonzero(defined):
        truth = _reference(op, float(x[i]), DIGITS)
        if truth is None or (truth != 0 and not SMALLEST <= abs(truth) <= LARGEST):
            continue  # undefined, or beyond what float64 can hold: nothing to lose
        if _error(float(computed[i]), truth) > TOLERANCE:
            confirmed = _reference(op, float(x[i]), CONFIRM_DIGITS)
            if confirmed is None or abs(truth - confirmed) > REFERENCE_TOLERANCE * abs(confirmed):
                continue  # the reference itself is unsure here: no claim
            flagged[i] = (_error(float(computed[i]), confirmed), confirmed)
    spans: list[list[int]] = []
    for i in sorted(flagged):
        if spans and i - spans[-1][-1] <= JOIN:
            spans[-1].append(i)
        else:
            spans.append([i])
    found = []
    for span in spans[:MAX_SPANS]:
        worst = max(span, key=lambda i: flagged[i][0])  # the most striking point to show
        found.append(
            Loss(
                curve,
                float(x[span[0]]),
                float(x[span[-1]]),
                float(x[worst]),
                float(computed[worst]),
                float(flagged[worst][1]),
            )
        )
    return found
