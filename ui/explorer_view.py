"""What the explorer shows, built from the spec, the parameters and the range: pure, no Streamlit.

:func:`build_view` gathers the curve, the properties, the probe, the kinks, the default-parameter
curve and the Play button's frames into an :class:`~ui.figures.ExplorerView`. The page passes the
cached versions of :func:`curve`, :func:`sweep` and the properties (``ui.compute``); tests call it
as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

import activations
from ui.figures import ExplorerView, SweepFrame

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
    key: str | activations.Activation, lo: float, hi: float, name: str, params: Params
) -> tuple[NDArray, list[SweepFrame]]:
    """Frames for the Play button: f, f' and the dead zones as parameter ``name`` runs through
    its range."""
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
        frames.append(
            SweepFrame(
                value,
                spec.value(x, **kwargs),
                spec.derivative(x, **kwargs),
                activations.dead_zones(spec.at(**kwargs), **kwargs),
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


UNDEFINED_NOTE = (
    "Properties need f and f′ to be defined for every x; this formula is not (see the note "
    "under the chart)."
)


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


def _num(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")


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
        sweep=None if swept is None else (swept, *maths.sweep(spec, lo, hi, swept, frozen)),
        sweep_value=params[swept] if swept else None,
    )
    return view, props
