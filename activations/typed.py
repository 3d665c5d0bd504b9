r"""Activations a user types: worked out in a sandboxed worker, evaluated here with NumPy.

``custom(text)`` parses ``text`` at once (a whitelisting grammar: refused text is refused
without waiting), then has a worker process (:mod:`activations.sandbox`) run
:func:`activations.symbolic.lower`: SymPy builds f, differentiates it exactly and lowers both
into operations that NumPy evaluates and that print their own code (:mod:`activations.lowered`).
The worker has a hard time and memory limit, and builds of different formulas run in parallel on
a small pool of them; this process never imports SymPy. The result is an
:class:`~activations.registry.Activation` under the key ``"custom"`` that every page and core
function takes, picklable as its lowered form.

Breakpoints are where the argument of an ``abs``, or the two arguments of a ``max`` or ``min``,
meet: at the parameters' defaults, and at any α and β through :meth:`CustomActivation.at`.

>>> mish = custom("x * tanh(log(1 + exp(x)))")
>>> float(mish.value(-30.0))  # every digit survives in the tail (mpmath agrees)
-2.807286890651921e-12
>>> custom("max(x, 0)").derivative([-1.0, 0.0, 1.0]).tolist()
[0.0, 0.5, 1.0]
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from activations import sandbox
from activations.formula import parse
from activations.lowered import Lowered, Op
from activations.registry import REGISTRY, Activation, Param

Array = NDArray[np.float64]
MAX_BREAKPOINTS = 64  # kinks in [−50, 50]: each is a piece the properties and the chart handle
BUILD_SECONDS = 3.0  # a formula SymPy has not worked out by then is refused (its worker killed)
BUILD_WAIT = 2.0  # how long a build waits for a free worker before the server says it is busy
BUILD_MEMORY = 768 * 2**20
BUILD_NICE = 5  # below the server's own priority: a hostile formula's build yields the CPU
PARAM_RANGE = (0.0, 10.0)  # as Swish's β in the registry: far enough to turn it into ReLU
PARAM_STEP = 0.05
PARAM_DEFAULT = 1.0
BREAKPOINT_SCAN = np.linspace(-50.0, 50.0, 20001)
# A registry function's f and f′ together cost about this many NumPy operations; a typed formula
# costs its own count over this (at least 1) in a work budget (activations.budget).
REGISTRY_OPERATIONS = 4


@dataclass(frozen=True)
class CustomActivation(Activation):
    """An :class:`Activation` from a typed formula, with its text and the NumPy code it runs."""

    text: str = ""
    lowered: Lowered | None = None

    @property
    def code(self) -> str:
        """NumPy for f, as the evaluator computes it."""
        return self.lowered.f.code() if self.lowered else ""

    @property
    def derivative_code(self) -> str:
        """NumPy for f′, as the evaluator computes it."""
        return self.lowered.df.code() if self.lowered else ""

    @property
    def cost(self) -> float:
        lowered = self.lowered
        domain = lowered.domain.size if lowered and lowered.domain else 0
        operations = (
            lowered.f.size + lowered.df.size + 2 * domain if lowered else REGISTRY_OPERATIONS
        )
        return max(1.0, operations / REGISTRY_OPERATIONS)

    def at(self, **params: float) -> CustomActivation:
        """This formula with its kinks found at ``params`` (α, β) instead of the defaults:
        ``max(x, alpha)`` has its kink at x = α. Where they are more than the kink limit at
        these α and β (and were not at the defaults), the defaults' kinks are kept."""
        resolved = self.resolve_params(**params)
        try:
            points = _breakpoints_at(self.lowered, tuple(sorted(resolved.items())))
        except ValueError:
            return self
        return self if points == self.breakpoints else replace(self, breakpoints=points)

    def __reduce__(self) -> tuple:
        # Pickled as its lowered form and its kinks: a worker rebuilds it with no SymPy.
        return (_rebuild, (self.lowered, self.breakpoints))


def _evaluator(op: Op, domain: Op | None = None) -> Callable[..., Array]:
    """``op`` evaluated with NumPy; NaN wherever ``domain`` (the formula as typed) is NaN, so
    neither f nor f′ is drawn where the formula is undefined as written."""

    def evaluate(x: Array, alpha: float = PARAM_DEFAULT, beta: float = PARAM_DEFAULT) -> Array:
        x = np.asarray(x, dtype=np.float64)
        env = {"x": x, "alpha": np.float64(alpha), "beta": np.float64(beta)}
        with np.errstate(all="ignore"):  # overflow and domain errors become gaps, not warnings
            values = np.broadcast_to(np.asarray(op.evaluate(env), dtype=np.float64), x.shape)
            if domain is not None:
                undefined = np.isnan(np.asarray(domain.evaluate(env), dtype=np.float64))
                values = np.where(np.broadcast_to(undefined, x.shape), np.nan, values)
        return np.array(values, dtype=np.float64)

    return evaluate


def breakpoints(gaps: tuple[Op, ...], params: dict[str, float]) -> tuple[float, ...]:
    """Where any of ``gaps`` (an abs's argument, a max's or min's difference) is 0 in [−50, 50]
    at ``params``; ``ValueError`` beyond :data:`MAX_BREAKPOINTS` of them."""
    found: set[float] = set()
    for gap in gaps:
        evaluate = _evaluator(gap)
        values = evaluate(BREAKPOINT_SCAN, **params)
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
                lambda t, f=evaluate: float(f(np.array(t), **params)), a, b,
                xtol=1e-15, rtol=4 * np.finfo(float).eps,
            )  # fmt: skip
            found.add(float(np.round(root, 12)) + 0.0)
    return tuple(sorted(found))


def _params(lowered: Lowered, fn: Callable[..., Array]) -> tuple[Param, ...]:
    """A slider for α and β where the formula uses them: 0 to 10, from a step above 0 where the
    formula is undefined at 0 (say ``log(alpha)``)."""
    params = []
    probe = np.linspace(-6.0, 6.0, 241)
    for name, symbol in (("alpha", r"\alpha"), ("beta", r"\beta")):
        if name not in lowered.parameters:
            continue
        at_default = np.isfinite(fn(probe)).sum()
        at_zero = np.isfinite(fn(probe, **{name: 0.0})).sum()
        low = PARAM_RANGE[0] if at_zero >= at_default else PARAM_STEP
        params.append(Param(name, symbol, PARAM_DEFAULT, low, PARAM_RANGE[1], PARAM_STEP,
                            f"{symbol.strip(chr(92))} in your formula"))  # fmt: skip
    return tuple(params)


@functools.lru_cache(maxsize=256)
def _from_lowered(lowered: Lowered) -> CustomActivation:
    fn, grad = _evaluator(lowered.f, lowered.domain), _evaluator(lowered.df, lowered.domain)
    defaults = dict.fromkeys(lowered.parameters, PARAM_DEFAULT)
    return CustomActivation(
        key="custom",
        name="Custom",
        family="typed",
        fn=fn,
        grad=grad,
        formula=lowered.formula,
        derivative_formula=lowered.derivative_formula,
        params=_params(lowered, fn),
        breakpoints=breakpoints(lowered.gaps, defaults),
        notes=f"Your formula: {lowered.text}",
        text=lowered.text,
        lowered=lowered,
    )


def from_lowered(lowered: Lowered) -> CustomActivation:
    """The activation a worked-out formula makes (cached: unpickling one is a lookup)."""
    return _from_lowered(lowered)


@functools.lru_cache(maxsize=1024)
def _breakpoints_at(lowered: Lowered, params: tuple[tuple[str, float], ...]) -> tuple[float, ...]:
    return breakpoints(lowered.gaps, dict(params))


def _rebuild(lowered: Lowered, points: tuple[float, ...]) -> CustomActivation:
    spec = from_lowered(lowered)
    return spec if points == spec.breakpoints else replace(spec, breakpoints=points)


_SANDBOX: sandbox.Sandbox | None = None
_SANDBOX_LOCK = threading.Lock()
# Formulas refused after the worker's work (too large, too slow): asked again, refused at once.
_REFUSED: OrderedDict[str, str] = OrderedDict()
MAX_REFUSED = 1024


def _workers() -> sandbox.Sandbox:
    global _SANDBOX
    with _SANDBOX_LOCK:
        if _SANDBOX is None:
            _SANDBOX = sandbox.Sandbox(
                "activations.symbolic:lower",
                workers=os.cpu_count() or 1,
                seconds=BUILD_SECONDS,
                memory=BUILD_MEMORY,
                nice=BUILD_NICE,
            )
        return _SANDBOX


@functools.lru_cache(maxsize=256)
def custom(text: str) -> CustomActivation:
    """The activation ``text`` writes, under the key ``"custom"``; ``ValueError`` saying what and
    where for anything outside the language, too large, or too slow to work out. Cached by text,
    and so are refusals."""
    tree = parse(text)  # refused text is refused at once, without a worker
    if text in _REFUSED:
        raise ValueError(_REFUSED[text])
    try:
        lowered = _workers().run((text, tree), wait=BUILD_WAIT)  # parsed once, here
    except sandbox.BusyError:
        raise ValueError(
            "the server is busy working out other formulas; try again in a moment"
        ) from None
    except ValueError as refused:
        _remember(text, str(refused))
        raise
    except sandbox.OverrunError:
        _remember(text, f"the formula took too long to work out (over {BUILD_SECONDS:g} s)")
        raise ValueError(_REFUSED[text]) from None
    except sandbox.FailedError as failed:
        _remember(text, f"the formula could not be worked out: it {failed}")
        raise ValueError(_REFUSED[text]) from None
    spec = from_lowered(lowered)
    return spec


def _remember(text: str, reason: str) -> None:
    _REFUSED[text] = reason
    while len(_REFUSED) > MAX_REFUSED:
        _REFUSED.popitem(last=False)


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
            if not (np.isfinite(ours[0]).all() and np.isfinite(ours[1]).all()):
                return None  # undefined somewhere in [−20, 20]: no registry entry is
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
