"""What the explorer shows, built from the spec, the parameters and the range: pure, no Streamlit.

:func:`build_view` gathers the curve, the properties, the probe, the kinks, the default-parameter
curve and the Play button's frames into an :class:`ExplorerView` (defined here, drawn by
:func:`ui.figures.explorer_figure`). The page passes the
cached versions of :func:`curve`, :func:`sweep` and the properties (``ui.compute``); tests call it
as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

import activations
from activations.lowered import WINDOW
from activations.numbers import number, typographic_minus


@dataclass(frozen=True)
class SweepFrame:
    """One frame of the Play button's sweep: the parameter's value, f and f′ on the sweep's grid,
    and the dead zones at that value (from the core)."""

    value: float
    y: NDArray
    dy: NDArray
    dead_zones: Sequence[tuple[float, float]] = ()
    # The probe and the kinks at this value, so the tangent, its slope in the legend and the kink
    # markers move with the curves instead of staying at the slider's value.
    fx0: float = np.nan
    dfx0: float = np.nan
    kinks: Sequence[tuple[float, float, float]] = ()  # (x, f, f′) in the range


@dataclass(frozen=True)
class ExplorerView:
    """Everything the explorer chart shows, as plain data."""

    name: str
    x: NDArray
    y: NDArray
    dy: NDArray
    x0: float
    fx0: float
    dfx0: float
    show_derivative: bool = True
    vanishing_threshold: float | None = 0.05
    dead_zones: Sequence[tuple[float, float]] = ()
    kinks: Sequence[tuple[float, float]] = ()  # (x, f(x))
    kink_slopes: Sequence[tuple[float, float]] = ()  # (x, f'(x)) with autograd's convention
    default_curve: tuple[NDArray, NDArray, NDArray] | None = None
    sweep: tuple[str, NDArray, list[SweepFrame]] | None = None
    sweep_value: float | None = None  # the parameter's current value, shown as the title
    # The swept parameter as a textbook writes it (α, not "alpha"), for the chart's title.
    sweep_symbol: str | None = None


Params = tuple[tuple[str, float], ...]
CURVE_POINTS = 401
# Frames are drawn with every point (no line simplification), so they need enough points to look
# smooth on a projector: 121 across the range.
FRAME_POINTS = 121
MAX_FRAMES = 11  # plus the current value


def freeze(params: Mapping[str, float]) -> Params:
    """Parameters as sorted (name, value) pairs: hashable, for caches."""
    return tuple(sorted(params.items()))


def grid(lo: float, hi: float, kinks: tuple[float, ...] = (), n: int = CURVE_POINTS) -> NDArray:
    """An even grid over [lo, hi] that also holds every kink, so corners are drawn sharp."""
    inside = [k for k in kinks if lo < k < hi]
    return np.unique(np.concatenate([np.linspace(lo, hi, n), inside]))


def curve(
    key: str | activations.Activation, lo: float, hi: float, params: Params
) -> tuple[NDArray, NDArray, NDArray]:
    """x, f(x) and f'(x) over [lo, hi]."""
    spec = activations.resolve(key)
    x = grid(lo, hi, spec.breakpoints)
    kwargs = dict(params)
    return x, spec.value(x, **kwargs), spec.derivative(x, **kwargs)


def sweep(
    key: str | activations.Activation,
    lo: float,
    hi: float,
    name: str,
    params: Params,
    x0: float = 1.0,
) -> tuple[NDArray, list[SweepFrame]]:
    """Frames for the Play button: f, f', the dead zones, the probe at ``x0`` and the kinks as
    parameter ``name`` runs through its range."""
    spec = activations.resolve(key)
    param = next(p for p in spec.params if p.name == name)
    x = grid(lo, hi, spec.breakpoints, n=FRAME_POINTS)
    steps = round((param.max - param.min) / param.step)
    stride = max(1, -(-steps // (MAX_FRAMES - 1)))
    values = [param.min + i * param.step for i in range(0, steps + 1, stride)]
    # The current value is a frame of its own, so the sweep passes exactly through the view.
    values = sorted({round(v, 10) for v in [*values, param.max, dict(params)[name]]})
    frames = []
    for value in values:
        kwargs = {**dict(params), name: value}
        at_value = spec.at(**kwargs)  # a typed formula's kinks move with its parameters
        kinks = [k for k in at_value.breakpoints if lo <= k <= hi]
        frames.append(
            SweepFrame(
                value,
                spec.value(x, **kwargs),
                spec.derivative(x, **kwargs),
                activations.dead_zones(at_value, **kwargs),
                fx0=float(spec.value(x0, **kwargs)),
                dfx0=float(spec.derivative(x0, **kwargs)),
                kinks=[
                    (k, float(spec.value(k, **kwargs)), float(spec.derivative(k, **kwargs)))
                    for k in kinks
                ],
            )
        )
    return x, frames


def properties(key: str | activations.Activation, params: Params) -> activations.Properties | None:
    """The property card's facts; None for a typed function that is undefined somewhere (its
    facts over every x do not exist: the page says so)."""
    try:
        return activations.properties(key, **dict(params))
    except ValueError:
        return None


def undefined_note(spec: activations.Activation, params: Mapping[str, float] | Params) -> str:
    """Why a typed formula has no property card, with a place it fails (which may lie beyond the
    drawn range: ``sinh(x)/cosh(x)`` is ∞/∞ in float64 past |x| ≈ 710)."""
    try:
        activations.properties(spec, **dict(params))
    except ValueError as undefined:
        where = f" {undefined}".split(", so ")[0]
        return typographic_minus(
            f"Properties need f and f′ to be a number for every x, not only over the drawn range: "
            f"as float64 computes it,{where.replace(spec.name, 'this formula', 1)}."
        )
    return ""


def undefined_notes(x: NDArray, y: NDArray, dy: NDArray, name: str = "") -> list[str]:
    """Where the drawn f or f′ is not a finite number (a typed formula's gaps), in words."""
    notes = []
    for label, values in ((f"{name} f".strip(), y), (f"{name} f′".strip(), dy)):
        bad = ~np.isfinite(values)
        if not bad.any():
            continue
        edges = np.diff(np.concatenate([[0], bad.astype(np.int8), [0]]))
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
        spans = [(float(x[a]), float(x[b])) for a, b in zip(starts, stops, strict=True)]
        where = ", ".join(
            f"x = {_num(a)}" if a == b else f"{_num(a)} ≤ x ≤ {_num(b)}" for a, b in spans[:3]
        )
        more = f" and {len(spans) - 3} more places" if len(spans) > 3 else ""
        notes.append(
            f"{label} is undefined or too large for a float64 at {where}{more}: "
            "the chart leaves a gap there."
        )
    return notes


def _num(value: float, digits: int = 3) -> str:
    return number(value, digits)


def accuracy_notes(spec: activations.Activation, name: str = "") -> list[str]:
    """Where a typed formula, computed as written, keeps fewer than six digits of f or f′ in
    float64 (found against mpmath when it was built: :mod:`activations.accuracy`), in words."""
    lowered = getattr(spec, "lowered", None)
    if lowered is None or not lowered.losses:
        return []
    window_lo, window_hi = WINDOW
    where = " and ".join(f"{p} = 1" for p in ("α", "β") if _SYMBOLS[p] in lowered.parameters)
    checked = f" (at {where})" if where else ""
    notes = []
    for curve in ("f", "f′"):
        spans = [loss for loss in lowered.losses if loss.curve == curve]
        if not spans:
            continue
        places = " and ".join(
            f"x ≤ {_num(s.hi)}"
            if s.lo == window_lo
            else f"x ≥ {_num(s.lo)}"
            if s.hi == window_hi
            else f"x = {_num(s.lo)}"
            if s.lo == s.hi
            else f"{_num(s.lo)} ≤ x ≤ {_num(s.hi)}"
            for s in spans
        )
        worst = max(spans, key=lambda s: abs(s.computed - s.exact) / max(abs(s.exact), 1e-300))
        notes.append(
            f"{name} Written this way, float64 keeps fewer than six correct digits of {curve} "
            f"for {places}: at x = {_num(worst.x, 4)} it computes {_num(worst.computed)}, where "
            f"the exact value is {_num(worst.exact)}{checked}.".strip()
        )
    if notes:
        notes.append(
            "Forms that never subtract nearly equal numbers keep the digits: the language has "
            "tanh, sigmoid, softplus, log1p and expm1."
        )
    return notes


_SYMBOLS = {"α": "alpha", "β": "beta"}


@dataclass(frozen=True)
class Maths:
    """Where :func:`build_view` gets its curves, properties and frames: the core by default, the
    cached calls on the page."""

    curve: Callable[..., tuple[NDArray, NDArray, NDArray]] = curve
    properties: Callable[..., activations.Properties] = properties
    sweep: Callable[..., tuple[NDArray, list[SweepFrame]]] = sweep


def build_view(
    spec: activations.Activation,
    params: Mapping[str, float],
    lo: float,
    hi: float,
    x0: float,
    *,
    show_derivative: bool = True,
    threshold: float | None = 0.05,
    maths: Maths = Maths(),
) -> tuple[ExplorerView, activations.Properties | None]:
    """The explorer's chart as data, and the properties it shows beside it (None where a typed
    function is undefined somewhere)."""
    spec = spec.at(**params)  # a typed formula's kinks where they are at these α and β
    frozen = freeze(params)
    x, y, dy = maths.curve(spec, lo, hi, frozen)
    props = maths.properties(spec, frozen)
    defaults = spec.defaults()
    kinks = spec.breakpoints if props is None else props.kinks
    visible_kinks = [k for k in kinks if lo <= k <= hi]
    swept = spec.params[0].name if spec.params else None
    view = ExplorerView(
        name=spec.name,
        x=x,
        y=y,
        dy=dy,
        x0=x0,
        fx0=float(spec.value(x0, **params)),
        dfx0=float(spec.derivative(x0, **params)),
        show_derivative=show_derivative,
        vanishing_threshold=threshold,
        dead_zones=() if props is None else props.dead_zones,
        kinks=[(k, float(spec.value(k, **params))) for k in visible_kinks],
        kink_slopes=[(k, float(spec.derivative(k, **params))) for k in visible_kinks],
        default_curve=None
        if dict(params) == defaults
        else maths.curve(spec, lo, hi, freeze(defaults)),
        sweep=None if swept is None else (swept, *maths.sweep(spec, lo, hi, swept, frozen, x0)),
        sweep_value=params[swept] if swept else None,
        sweep_symbol=symbol(spec.params[0]) if spec.params else None,
    )
    return view, props


# The Greek letters a parameter's LaTeX symbol may name, as the letters themselves: a chart's
# title is plain text, where "\alpha" or "alpha" is not how a textbook writes α.
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ",
    "mu": "μ", "sigma": "σ", "tau": "τ", "theta": "θ",
}  # fmt: skip


def symbol(param: activations.Param) -> str:
    """A parameter's symbol as text: ``\\alpha`` is α; a symbol that is not one Greek letter
    stays its name."""
    letter = param.symbol.strip().removeprefix("\\")
    return _GREEK.get(letter, param.symbol if param.symbol.isalpha() else param.name)


def formula_lines(spec: activations.Activation) -> tuple[str, str]:
    """The LaTeX of f and f′, each labelled as a textbook labels it, ``f(x) =`` and
    ``f′(x) =``: a registry entry that starts with its own name (σ(x) = …) and a typed formula
    (which is only its right-hand side) are given the label."""
    lines = []
    for latex, label in ((spec.formula, "f(x)"), (spec.derivative_formula, "f'(x)")):
        text = latex.strip()
        lines.append(text if text.startswith(label) else f"{label} = {text}")
    return lines[0], lines[1]


# Where the explorer's probe starts, in order of preference: a little right of the origin, where
# most functions bend, then further out and to the left.
PROBE_CANDIDATES = (1.0, 0.5, 1.5, -0.5, -1.0, 2.0, -2.0, 0.25, -0.25)
# A tangent shorter than this slope, drawn over a flat stretch of f, lies on the curve and
# cannot be seen; a probe this close (as a fraction of the range) to a kink sits on a corner.
VISIBLE_SLOPE = 0.1
KINK_CLEARANCE = 0.04


def default_probe(
    spec: activations.Activation, params: Mapping[str, float], lo: float, hi: float
) -> float:
    """The probe's starting x: the first of ``PROBE_CANDIDATES`` inside [lo, hi], away from a
    kink, where |f′| is at least ``VISIBLE_SLOPE``, so that the tangent stands out from the
    curve. A function flat everywhere (the binary step) keeps the first candidate in range."""
    inside = [x for x in PROBE_CANDIDATES if lo <= x <= hi] or [min(max(1.0, lo), hi)]
    clearance = KINK_CLEARANCE * (hi - lo)
    for x in inside:
        if any(abs(x - k) < clearance for k in spec.at(**params).breakpoints):
            continue
        with np.errstate(all="ignore"):  # a typed formula may be undefined at x
            slope = float(spec.derivative(x, **params))
        if np.isfinite(slope) and abs(slope) >= VISIBLE_SLOPE:
            return x
    return inside[0]
