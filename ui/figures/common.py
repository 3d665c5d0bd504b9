"""Helpers every figure shares: exact data lists, lines broken at jumps, runs, bands."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ui import theme


def exact(values: NDArray) -> list[float]:
    """Exact values, so the chart's data is the core's data."""
    return np.asarray(values, dtype=float).tolist()


def short(values: NDArray) -> list[float]:
    """Values rounded for animation frames only: 4 decimals is finer than any screen pixel."""
    values = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):  # NaN compares false: kept as it is
        small = np.abs(values) < 1e12  # beyond, 4 decimals are below float64's resolution anyway
    return np.where(small, np.round(np.where(small, values, 0.0), 4), values).tolist()


def jump_cuts(x: NDArray, y: NDArray, positions: Sequence[float]) -> list[int]:
    """Where a gap goes in (x, y): before each index at which y jumps at one of ``positions``.
    The point at the position stays attached to the side it agrees with."""
    y = np.asarray(y, dtype=float)
    if len(y) < 3 or not len(positions):
        return []
    with np.errstate(invalid="ignore"):  # inf − inf where a typed formula overflows: NaN, a gap
        steps = np.abs(np.diff(y))
    finite = steps[np.isfinite(steps)]
    typical = float(np.median(finite)) if finite.size else 0.0
    cuts = []
    for position in positions:
        hits = np.nonzero(np.asarray(x) == position)[0]
        if len(hits) == 0 or not 0 < hits[0] < len(y) - 1:
            continue
        i = int(hits[0])
        # As Python floats: inf − inf beside an overflow is NaN, which is no jump, not a warning.
        before, at, after = float(y[i - 1]), float(y[i]), float(y[i + 1])
        left, right = abs(at - before), abs(after - at)
        jump = 10 * typical + 1e-9 * max(1.0, abs(at))
        if right > jump and right >= left:
            cuts.append(i + 1)
        elif left > jump:
            cuts.append(i)
    return sorted(cuts)


def with_gaps(
    xs: list[float], ys: list[float], cuts: Sequence[int]
) -> tuple[list[float | None], list[float | None]]:
    """The lists with a gap (None) inserted before each index in ``cuts`` (in place)."""
    for cut in sorted(cuts, reverse=True):
        xs.insert(cut, None)  # type: ignore[arg-type]
        ys.insert(cut, None)  # type: ignore[arg-type]
    return xs, ys  # type: ignore[return-value]


def break_at_jumps(
    x: NDArray, y: NDArray, positions: Sequence[float]
) -> tuple[list[float | None], list[float | None]]:
    """x and y with a gap (None) at each listed position where y jumps, so Plotly draws no
    vertical connector; the point at the position stays attached to the side it agrees with."""
    return with_gaps(exact(x), exact(y), jump_cuts(x, y, positions))


def runs(mask: NDArray[np.bool_], x: NDArray) -> list[tuple[float, float]]:
    """The x-intervals where ``mask`` holds on consecutive grid points."""
    if not np.any(mask):
        return []
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, stops = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    return [(float(x[a]), float(x[b])) for a, b in zip(starts, stops, strict=True) if b > a]


def band(lo: float, hi: float, fill: str) -> dict:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": lo,
        "x1": hi,
        "y0": 0,
        "y1": 1,
        "fillcolor": fill,
        "line": {"width": 0},
        "layer": "below",
    }


def band_label(
    lo: float,
    hi: float,
    text: str,
    size: int,
    x_lo: float = -np.inf,
    x_hi: float = np.inf,
    colour: str | None = None,
) -> dict:
    """A band's label, inside the plot under its top edge, in ``colour`` (the theme's ink: the
    chart theme's grey is under 3:1 on a tinted band). A band that reaches an end of the
    plotted range [``x_lo``, ``x_hi``] has its label start (or end) at that end, so that a label
    wider than its band runs into the plot, never out over the tick labels beside it."""
    anchor = "left" if lo <= x_lo else "right" if hi >= x_hi else "center"
    return {
        "x": {"left": lo, "right": hi, "center": 0.5 * (lo + hi)}[anchor],
        "xref": "x",
        "xanchor": anchor,
        "y": 1.0,
        "yref": "paper",
        "yanchor": "top",
        "text": text,
        "showarrow": False,
        "font": {"size": size, **({"color": colour} if colour else {})},
    }


HIDDEN_BAND = {**band(0.0, 0.0, "rgba(0, 0, 0, 0)"), "visible": False}


HIDDEN_LABEL = {**band_label(0.0, 0.0, "", 11), "visible": False}


def gaps(values: NDArray) -> list[float | None]:
    """Exact values, with None (a gap in the line) wherever a value is not finite: a run that
    blew up keeps the finite part of its curve."""
    return [float(v) if np.isfinite(v) else None for v in np.asarray(values, dtype=float)]


def line(
    name: str,
    x: NDArray | Sequence[float],
    y: NDArray | Sequence[float],
    colour: str,
    width: float,
    *,
    dash: str | None = None,
    **extra: object,
) -> dict:
    """A line trace with the core's exact values (a gap wherever one is not finite: a run that
    blew up keeps its finite part); ``extra`` holds any other trace setting."""
    style = {"color": colour, "width": width, **({"dash": dash} if dash else {})}
    y = np.asarray(y, dtype=float)
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": exact(np.asarray(x)),
        "y": exact(y) if np.isfinite(y).all() else gaps(y),
        "line": style,
        **extra,
    }


def member_line(
    group: str, label: str, *line_args: object, marker_size: float | None = None, **extra: object
) -> dict:
    """One of a function's lines (its train loss, its layer 3): :func:`line`'s arguments after
    the name, named "group: label", in the function's legend group. With ``marker_size``, a
    line of one or two points (a run that blew up early) also shows its points, which a line
    alone would not."""
    trace = line(f"{group}: {label}", *line_args, legendgroup=group, **extra)  # type: ignore[arg-type]
    if marker_size is not None and len(trace["x"]) <= 2:
        trace["mode"] = "lines+markers"
        trace["marker"] = {"size": marker_size, "color": trace["line"]["color"]}
    return trace


def axis(layout: dict, name: str, title: str, style: theme.Style, **extra: object) -> None:
    """Title ``layout``'s axis ``name`` ("xaxis" or "yaxis") at the style's size, with any other
    settings, keeping what ``theme.base_layout`` set (in place)."""
    layout[name] = {**layout.get(name, {}), "title": theme.title(title, style), **extra}
