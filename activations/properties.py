"""Facts about an activation computed from its f and f', never typed by hand.

The analysis splits the real line at the spec's breakpoints (where the formula changes piece) and
gathers candidate extreme values of f and f': critical points (found where the next derivative
changes sign, then refined by bisection), values at and beside the breakpoints, values on pieces
where the function is constant, and limits at ±∞. A sup or inf is *attained* (a closed end) only if
a point with a finite x reaches it; values that merely round to an asymptote do not count.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from activations import gaussian
from activations.numbers import number
from activations.registry import Activation, resolve

RealFunction = Callable[[NDArray[np.float64]], NDArray[np.float64]]

_FAR = 1.0e300  # stands in for ±∞ when taking limits
_HALF_FAR = 1.0e150
_GRID = np.unique(
    np.concatenate(
        [
            -np.logspace(-4, 3, 1500),
            np.linspace(-12.0, 12.0, 2401),
            np.logspace(-4, 3, 1500),
        ]
    )
)


@dataclass(frozen=True)
class Interval:
    """A set of values: ``lo`` and ``hi`` bound it (ends open or closed, possibly infinite).

    ``values`` lists a finite set; ``parts`` lists the pieces of a set with gaps, such as ELU's
    derivative range (0, α] ∪ {1} for α < 1, each as an Interval of its own (a point is a closed
    interval of length 0). Both are None for one connected interval.
    """

    lo: float
    hi: float
    lo_closed: bool
    hi_closed: bool
    values: tuple[float, ...] | None = None
    parts: tuple[Interval, ...] | None = None

    def __str__(self) -> str:
        if self.values is not None:
            return "{" + ", ".join(_fmt(v) for v in self.values) + "}"
        if self.parts is not None:
            return " ∪ ".join(str(part) for part in self.parts)
        if self.lo == self.hi and self.lo_closed and self.hi_closed:
            return "{" + _fmt(self.lo) + "}"
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{left}{_fmt(self.lo)}, {_fmt(self.hi)}{right}"

    def __contains__(self, value: float) -> bool:
        if self.values is not None:
            return any(_close(value, v) for v in self.values)
        if self.parts is not None:
            return any(value in part for part in self.parts)
        above = self.lo < value or (self.lo_closed and value == self.lo)
        below = value < self.hi or (self.hi_closed and value == self.hi)
        return above and below


@dataclass(frozen=True)
class Properties:
    """What :func:`properties` computes for one function at one set of parameter values."""

    key: str
    params: dict[str, float]
    output_range: Interval
    derivative_range: Interval
    f0: float
    df0: float
    max_slope: float  # sup |f'|
    max_slope_x: float  # where it occurs (±inf for a limit)
    max_slope_where: str  # the same, for people: "x = 0", "x > 0", "x → 3⁻", "x → ±∞"
    max_slope_attained: bool
    minimum: tuple[float, float] | None  # (x, f(x)) of the global minimum, if not monotonic
    maximum: tuple[float, float] | None  # (x, f(x)) of the global maximum, if not monotonic
    monotonic: bool
    mean_output: float  # E[f(z)] for z ~ N(0, 1)
    rms_output: float  # √E[f(z)²] for z ~ N(0, 1)
    zero_centred: bool  # |E[f(z)]| ≤ ZERO_CENTRED_TOLERANCE · √E[f(z)²], z ~ N(0, 1)
    smoothness: str  # "discontinuous", "C0", "C1" or "Cinf"
    kinks: tuple[float, ...]  # where f or f' jumps
    saturates_left: bool  # f' → 0 as x → −∞
    saturates_right: bool  # f' → 0 as x → +∞
    dead_zones: tuple[tuple[float, float], ...]  # intervals where f' = 0 exactly
    jumps: tuple[float, ...] = ()  # where f itself jumps (a kink that is a step)

    @property
    def smoothness_label(self) -> str:
        return {"discontinuous": "discontinuous", "C0": "C⁰", "C1": "C¹", "Cinf": "C∞"}[
            self.smoothness
        ]

    @property
    def saturation(self) -> str:
        sides = {
            (True, True): "both sides",
            (True, False): "x → −∞",
            (False, True): "x → +∞",
            (False, False): "none",
        }
        return sides[(self.saturates_left, self.saturates_right)]

    @property
    def dead_zone_label(self) -> str:
        return " ∪ ".join(_piece_label(lo, hi) for lo, hi in self.dead_zones) or "none"


# Zero-centred, in the usual sense: for zero-mean inputs the mean output is near zero. Measured for
# z ~ N(0, 1) against the output's own size, so the verdict does not depend on the function's scale.
ZERO_CENTRED_TOLERANCE = 0.05
ZERO_CENTRED_DEFINITION = (
    "Zero-centred: for a standard-normal input z, the mean output E[f(z)] is within "
    f"{ZERO_CENTRED_TOLERANCE:.0%} of the output's RMS √E[f(z)²]."
)


@dataclass(frozen=True)
class _Candidate:
    value: float
    x: float
    where: str
    attained: bool
    piece: int | None = None  # the open piece between breakpoints; None for a breakpoint's value
    sampled: bool = False  # only a grid point's value: no place in words until it is placed


def properties(key: str | Activation, **params: float) -> Properties:
    """Compute the facts about activation ``key`` (a registry key or an :class:`Activation`) at
    ``params`` (defaults where missing).

    A function that is undefined somewhere (a typed ``log(x)`` at x ≤ 0) has no such facts:
    ``ValueError`` says where. One that overflows (``exp(x)`` far out) has infinite ones."""
    spec = resolve(key)
    resolved = spec.resolve_params(**params)
    with np.errstate(all="ignore"):  # a typed function may overflow far out; that is a fact
        undefined = np.isnan(spec.fn(_GRID, **resolved)) | np.isnan(spec.grad(_GRID, **resolved))
        if undefined.any():
            raise ValueError(
                f"{spec.name} is undefined at some x (for example x = "
                f"{_GRID[undefined][0]:.6g}), so its properties over every x cannot be computed"
            )
        return _properties(spec, resolved)


def _properties(spec: Activation, resolved: dict[str, float]) -> Properties:
    def f(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return spec.fn(np.asarray(x, dtype=np.float64), **resolved)

    def df(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return spec.grad(np.asarray(x, dtype=np.float64), **resolved)

    def d2f(x: NDArray[np.float64]) -> NDArray[np.float64]:
        x = np.asarray(x, dtype=np.float64)
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        return (df(x + h) - df(x - h)) / (2.0 * h)

    breakpoints = tuple(sorted(spec.breakpoints))
    pieces = _pieces(breakpoints)

    f_candidates = _candidates(f, df, breakpoints, pieces, _GRID, noise=0.0)
    df_candidates = _candidates(df, d2f, breakpoints, pieces, _GRID, noise=1e-8)
    undefined = [c for c in (*f_candidates, *df_candidates) if math.isnan(c.value)]
    if undefined:  # far out, beyond the grid: say sqrt(x + 1e9) as x → −∞
        raise ValueError(
            f"{spec.name} is undefined at some x ({undefined[0].where}), so its properties over "
            "every x cannot be computed"
        )
    output_range = _interval(f_candidates, pieces)
    derivative_range = _interval(df_candidates, pieces)

    slope = _max_slope(df_candidates, derivative_range)

    signs = np.sign(df(_GRID))
    jumps = [float(f(np.array(b + 1e-9)) - f(np.array(b - 1e-9))) for b in breakpoints]
    signs = np.concatenate([signs, np.sign([j for j in jumps if abs(j) > 1e-6])])
    monotonic = not (np.any(signs > 0) and np.any(signs < 0))

    f0 = float(f(np.array(0.0)))
    smoothness, kinks, jumps = _smoothness(f, df, breakpoints)
    mean = float(gaussian.expectation(f, breakpoints))
    rms = float(np.sqrt(gaussian.expectation(lambda x: f(x) ** 2, breakpoints)))
    return Properties(
        key=spec.key,
        params=resolved,
        output_range=output_range,
        derivative_range=derivative_range,
        f0=f0 + 0.0,
        df0=float(df(np.array(0.0))) + 0.0,
        max_slope=abs(slope.value),
        max_slope_x=slope.x,
        max_slope_where=slope.where,
        max_slope_attained=slope.attained,
        minimum=None if monotonic else _attained_extreme(f_candidates, output_range.lo, min),
        maximum=None if monotonic else _attained_extreme(f_candidates, output_range.hi, max),
        monotonic=monotonic,
        mean_output=mean + 0.0,
        rms_output=rms,
        zero_centred=rms > 0.0 and abs(mean) <= ZERO_CENTRED_TOLERANCE * rms,
        smoothness=smoothness,
        kinks=kinks,
        jumps=jumps,
        saturates_left=float(abs(df(np.array(-_FAR)))) < 1e-12,
        saturates_right=float(abs(df(np.array(_FAR)))) < 1e-12,
        dead_zones=_dead_zones(df, pieces),
    )


def dead_zones(key: str | Activation, **params: float) -> tuple[tuple[float, float], ...]:
    """The intervals where f' is exactly 0 (merged, ends at breakpoints or ±∞): cheap, for
    drawing one set per animation frame without computing every other property."""
    spec = resolve(key)
    resolved = spec.resolve_params(**params)

    def df(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return spec.grad(np.asarray(x, dtype=np.float64), **resolved)

    with np.errstate(all="ignore"):  # a typed function may overflow far out
        return _dead_zones(df, _pieces(tuple(sorted(spec.breakpoints))))


# --- the analysis -------------------------------------------------------------------------------


def _dead_zones(
    df: RealFunction, pieces: list[tuple[float, float]]
) -> tuple[tuple[float, float], ...]:
    return tuple(_merge(p for p in pieces if _constant_on(df, p, value=0.0)))


def _pieces(breakpoints: tuple[float, ...]) -> list[tuple[float, float]]:
    edges = (-math.inf, *breakpoints, math.inf)
    return list(itertools.pairwise(edges))


def _piece_samples(piece: tuple[float, float]) -> NDArray[np.float64]:
    lo, hi = piece
    offsets = np.array([1e-6, 1e-3, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0, 1e4, 1e8])
    if math.isinf(lo) and math.isinf(hi):
        return np.concatenate([-offsets, [0.0], offsets])
    if math.isinf(lo):
        return hi - offsets
    if math.isinf(hi):
        return lo + offsets
    return np.linspace(lo, hi, 11)[1:-1]


def _constant_on(g: RealFunction, piece: tuple[float, float], value: float | None = None) -> bool:
    samples = g(_piece_samples(piece))
    target = samples[0] if value is None else value
    return bool(np.all(samples == target))


def _boundary(piece: tuple[float, float]) -> float:
    """The finite end of a piece nearest 0 (0 for the whole line), to say where it starts."""
    finite = [end for end in piece if math.isfinite(end)]
    return min(finite, key=abs) if finite else 0.0


def _one_sided(g: RealFunction, b: float, side: int) -> float:
    """lim g(x) as x → b from one side, by linear extrapolation from two nearby points."""
    delta = 1e-6 * max(1.0, abs(b))
    near = float(g(np.array(b + side * delta)))
    nearer = float(g(np.array(b + 2 * side * delta)))
    return 2.0 * near - nearer


def _limit(g: RealFunction, side: int) -> float:
    """lim g(x) as x → side·∞: ±inf when g keeps growing, else its value far out."""
    far = float(g(np.array(side * _FAR)))
    half = float(g(np.array(side * _HALF_FAR)))
    if abs(far) > 1e100 or (far != 0.0 and abs(far) > 1e10 * abs(half)):
        return math.copysign(math.inf, far)
    return far


def _bisect(
    g: RealFunction, lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Roots of g in brackets [lo, hi] with a sign change, refined to float64 resolution."""
    lo, hi = lo.copy(), hi.copy()
    sign_lo = np.sign(g(lo))
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        sign_mid = np.sign(g(mid))
        exact = sign_mid == 0
        right = sign_mid == sign_lo
        lo = np.where(right | exact, mid, lo)
        hi = np.where(~right | exact, mid, hi)
        if np.all(hi - lo <= 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(lo))):
            break
    return 0.5 * (lo + hi)


def _critical_points(
    dg: RealFunction, breakpoints: tuple[float, ...], grid: NDArray[np.float64], noise: float
) -> NDArray[np.float64]:
    """Points where dg changes sign strictly, away from the breakpoints."""
    slopes = dg(grid)
    keep = np.abs(slopes) > noise * np.maximum(1.0, np.abs(slopes).max())
    xs, signs = grid[keep], np.sign(slopes[keep])
    flips = np.nonzero(signs[:-1] * signs[1:] < 0)[0]
    lo, hi = xs[flips], xs[flips + 1]
    margin = 1e-5
    clear = np.array(
        [
            not any(a - margin <= b <= c + margin for b in breakpoints)
            for a, c in zip(lo, hi, strict=True)
        ],
        dtype=bool,
    )
    if not np.any(clear):
        return np.empty(0)
    return _bisect(dg, lo[clear], hi[clear])


def _candidates(
    g: RealFunction,
    dg: RealFunction,
    breakpoints: tuple[float, ...],
    pieces: list[tuple[float, float]],
    grid: NDArray[np.float64],
    noise: float,
) -> list[_Candidate]:
    """Where g can reach its sup or inf, best-described first for ties; each tagged with the
    piece it belongs to, so that ranges are unions of the pieces' ranges."""
    found = []
    for x in _critical_points(dg, breakpoints, grid, noise):
        piece = int(np.searchsorted(breakpoints, x))
        found.append(_Candidate(float(g(np.array(x))), float(x), f"x = {_fmt(x)}", True, piece))
    for index, piece in enumerate(pieces):
        if _constant_on(g, piece):
            inside = float(g(_piece_samples(piece)[0]))
            found.append(_Candidate(inside, _boundary(piece), _piece_label(*piece), True, index))
    for b in breakpoints:
        found.append(_Candidate(float(g(np.array(b))), b, f"x = {_fmt(b)}", True))
    for index, b in enumerate(breakpoints):  # b ends piece ``index`` and starts the next
        found.append(_Candidate(_one_sided(g, b, -1), b, f"x → {_fmt(b)}⁻", False, index))
        found.append(_Candidate(_one_sided(g, b, +1), b, f"x → {_fmt(b)}⁺", False, index + 1))
    found.append(_Candidate(_limit(g, -1), -math.inf, "x → −∞", False, 0))
    found.append(_Candidate(_limit(g, +1), math.inf, "x → +∞", False, len(pieces) - 1))
    values = g(grid)
    owner = np.searchsorted(breakpoints, grid)
    inside = ~np.isin(grid, breakpoints)
    for index in range(len(pieces)):
        mask = inside & (owner == index)
        if not np.any(mask):
            continue
        xs, ys = grid[mask], values[mask]
        for at in (int(np.argmin(ys)), int(np.argmax(ys))):
            found.append(_Candidate(float(ys[at]), float(xs[at]), "grid", False, index, True))
    return found


def _interval(candidates: list[_Candidate], pieces: list[tuple[float, float]]) -> Interval:
    """The union of each piece's range and the values at the breakpoints."""
    spans = [_span([c for c in candidates if c.piece == index]) for index in range(len(pieces))]
    # A breakpoint's value is a point of the range.
    spans += [Interval(c.value, c.value, True, True) for c in candidates if c.piece is None]
    merged = _union(spans)
    lo_part, hi_part = merged[0], merged[-1]
    hull = Interval(lo_part.lo, hi_part.hi, lo_part.lo_closed, hi_part.hi_closed)
    if all(part.lo == part.hi for part in merged):
        return Interval(hull.lo, hull.hi, True, True, values=tuple(part.lo for part in merged))
    if len(merged) > 1:
        return Interval(hull.lo, hull.hi, hull.lo_closed, hull.hi_closed, parts=tuple(merged))
    return hull


def _span(candidates: list[_Candidate]) -> Interval:
    """One piece's range from its candidates: an end is closed if a finite x attains it."""
    lo = min(c.value for c in candidates)
    hi = max(c.value for c in candidates)
    lo_closed = any(c.attained and _close(c.value, lo) for c in candidates)
    hi_closed = any(c.attained and _close(c.value, hi) for c in candidates)
    if lo_closed and hi_closed and _close(lo, hi):  # constant on the piece
        return Interval(lo, lo, True, True)
    return Interval(lo, hi, lo_closed and math.isfinite(lo), hi_closed and math.isfinite(hi))


# Ends of two pieces closer than this (relative) meet: one-sided limits are extrapolated, so an
# open end and the breakpoint value that closes it agree only to about 1e-12.
_MEET = 1e-9


def _union(spans: list[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same set."""
    ordered = sorted(spans, key=lambda i: (i.lo, not i.lo_closed))
    merged = [ordered[0]]
    for span in ordered[1:]:
        last = merged[-1]
        meets = _close(span.lo, last.hi, _MEET)
        overlaps = span.lo < last.hi and not meets
        touches = meets and (last.hi_closed or span.lo_closed)  # (0, α) and {α} make (0, α]
        if overlaps or touches:
            if _close(span.hi, last.hi, _MEET):
                # The same end, reached (exactly) by one and approached (extrapolated) by the
                # other: keep the value that is attained.
                if span.hi_closed != last.hi_closed:
                    hi = span.hi if span.hi_closed else last.hi
                else:
                    hi = max(span.hi, last.hi)
                hi_closed = last.hi_closed or span.hi_closed
            elif span.hi > last.hi:
                hi, hi_closed = span.hi, span.hi_closed
            else:
                hi, hi_closed = last.hi, last.hi_closed
            lo = last.lo
            if _close(span.lo, last.lo, _MEET) and span.lo_closed and not last.lo_closed:
                lo = span.lo  # as for hi: the attained value of the same end
            lo_closed = last.lo_closed or (_close(span.lo, last.lo, _MEET) and span.lo_closed)
            merged[-1] = Interval(lo, hi, lo_closed, hi_closed)
        else:
            merged.append(span)
    return merged


def _max_slope(candidates: list[_Candidate], derivative_range: Interval) -> _Candidate:
    """The candidate with the largest |f'|, preferring one that is attained."""
    top = max(abs(c.value) for c in candidates)
    ties = [c for c in candidates if _close(abs(c.value), top)]
    if derivative_range.values is not None and len(derivative_range.values) == 1:
        return _Candidate(ties[0].value, 0.0, "all x", True)
    attained = [c for c in ties if c.attained]
    if attained:
        return attained[0]
    if {-math.inf, math.inf} <= {c.x for c in ties if not c.attained}:  # both limits
        return _Candidate(ties[0].value, math.inf, "x → ±∞", False)
    described = [c for c in ties if not c.sampled]
    if described:
        return described[0]
    # Only a grid point: the slope grows without bound near it (a pole, as 1/x² has at 0).
    return replace(ties[0], where=f"near x = {_fmt(ties[0].x)}")


def _attained_extreme(
    candidates: list[_Candidate], target: float, pick: Callable[..., _Candidate]
) -> tuple[float, float] | None:
    hits = [c for c in candidates if c.attained and _close(c.value, target)]
    if not hits or not math.isfinite(target):
        return None
    best = pick(hits, key=lambda c: c.value)
    return (best.x, best.value)


def _smoothness(
    f: RealFunction, df: RealFunction, breakpoints: tuple[float, ...]
) -> tuple[str, tuple[float, ...], tuple[float, ...]]:
    """The smoothness class, where f or f′ jumps, and where f itself jumps."""
    level, kinks, jumps = 3, [], []
    for b in breakpoints:
        if not _close(_one_sided(f, b, -1), _one_sided(f, b, +1), tol=1e-7):
            level = min(level, 0)
            kinks.append(b)
            jumps.append(b)
        elif not _close(_one_sided(df, b, -1), _one_sided(df, b, +1), tol=1e-7):
            level = min(level, 1)
            kinks.append(b)
        else:
            delta = 1e-4 * max(1.0, abs(b))
            left = float(df(np.array(b - delta)) - df(np.array(b - 2 * delta))) / delta
            right = float(df(np.array(b + 2 * delta)) - df(np.array(b + delta))) / delta
            if not _close(left, right, tol=1e-2):
                level = min(level, 2)
    return ("discontinuous", "C0", "C1", "Cinf")[level], tuple(kinks), tuple(jumps)


def _merge(pieces: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for lo, hi in pieces:
        if merged and merged[-1][1] == lo:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _close(a: float, b: float, tol: float = 1e-12) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _fmt(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return number(value)


def _piece_label(lo: float, hi: float) -> str:
    if math.isinf(lo) and math.isinf(hi):
        return "all x"
    if math.isinf(lo):
        return f"x < {_fmt(hi)}"
    if math.isinf(hi):
        return f"x > {_fmt(lo)}"
    return f"{_fmt(lo)} < x < {_fmt(hi)}"
