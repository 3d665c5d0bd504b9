"""The explorer's chart: f and f′, the tangent at x₀, kinks, bands and the Play button's frames."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from activations.numbers import number
from ui import player, theme
from ui.explorer_view import ExplorerView
from ui.figures.common import (
    HIDDEN_BAND,
    HIDDEN_LABEL,
    band,
    band_label,
    break_at_jumps,
    exact,
    gaps,
    jump_cuts,
    runs,
    short,
    with_gaps,
)


def explorer_figure(
    view: ExplorerView, style: theme.Style = theme.NORMAL, *, true_slopes: bool = False
) -> dict:
    """f solid and f' dashed on one chart, with tangent, bands, kinks and an optional sweep.

    The function's own colour (its colour on every page) draws f and f′, told apart by dash; the
    tangent and the kinks are in the theme's ink, so no other colour means anything here.
    ``true_slopes`` (a projector, where a slope is read off the chart): x and y at one scale."""
    colour = theme.series_colour(view.name, [view.name], style)
    lo, hi = float(view.x[0]), float(view.x[-1])
    kink_xs = [k for k, _ in view.kinks]
    fx, fy = break_at_jumps(view.x, view.y, kink_xs)
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "f(x)",
            "x": fx,
            "y": fy,
            "line": {"color": colour, "width": style.line},
        }
    ]
    if view.show_derivative:
        dfx, dfy = break_at_jumps(view.x, view.dy, kink_xs)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "f′(x)",
                "x": dfx,
                "y": dfy,
                "line": {"color": colour, "width": style.line, "dash": "dash"},
            }
        )
    if view.default_curve is not None:
        dx, dfy, _ = view.default_curve
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "f, default parameters",
                "x": exact(dx),
                "y": exact(dfy),
                "line": {"color": theme.GREY, "width": style.line * 0.6},
                "opacity": 0.55,
            }
        )
    indices = {"tangent": len(data)}
    data.append(_tangent(view.x0, view.fx0, view.dfx0, lo, hi, style))
    # While a sweep plays, the kinks move with its parameter: their traces exist even when the
    # slider's value has none, so that a frame can fill them.
    if view.kinks or view.sweep is not None:
        indices["kinks"] = len(data)
        kinks = [(k, fk, dk) for (k, fk), (_, dk) in zip(view.kinks, view.kink_slopes, strict=True)]
        data += _kink_traces(kinks, view.show_derivative, colour, style)

    threshold = view.vanishing_threshold if view.show_derivative else None
    shapes, annotations = _bands(view.x, view.dy, threshold, view.dead_zones, style)
    layout = theme.base_layout(style)
    layout["xaxis"] = {**layout["xaxis"], "range": [lo, hi]}
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    figure: dict = {"data": data, "layout": layout}
    if view.sweep is not None:
        _add_sweep(figure, view, threshold, colour, style, indices)
    figure = theme.finish(figure, style)
    if true_slopes:
        figure = _true_slopes(figure, hi - lo, view.y, view.dy if view.show_derivative else None)
    return figure


def _tangent(x0: float, fx0: float, dfx0: float, lo: float, hi: float, style: theme.Style) -> dict:
    """The tangent at x₀ as a short dotted line, with a marker at (x₀, f(x₀)) and its slope in
    the legend."""
    half_span = 0.12 * (hi - lo)
    tangent_x = np.array([max(lo, x0 - half_span), x0, min(hi, x0 + half_span)])
    with np.errstate(invalid="ignore", over="ignore"):  # f or f′ not finite at x₀: no tangent
        tangent_y = fx0 + dfx0 * (tangent_x - x0)
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": f"tangent at x₀, slope {number(dfx0, 4)}",
        "x": exact(tangent_x),
        "y": gaps(tangent_y),
        "line": {"color": theme.ink(style), "width": style.line * 0.8, "dash": "dot"},
        # Only the middle point, (x₀, f(x₀)), shows a marker.
        "marker": {"color": theme.ink(style), "size": [0, style.marker, 0], "line": {"width": 2}},
        "hovertemplate": "x = %{x:.4g}<br>y = %{y:.6g}<extra>tangent</extra>",
    }


def _kink_traces(
    kinks: Sequence[tuple[float, float, float]],
    show_derivative: bool,
    colour: str,
    style: theme.Style,
) -> list[dict]:
    """The kinks of f as open diamonds (in ink) and, with f′ shown, the slope autograd uses there
    (a dot in the function's ``colour``, as f′ is drawn)."""
    xs = [k for k, _, _ in kinks]

    def markers(name: str, ys: list[float], marker: dict, hover: str) -> dict:
        return {
            "type": "scatter",
            "mode": "markers",
            "name": name,
            # On a projector the legend must fit one row beside the sweep's title; the
            # markers keep their hover text.
            "showlegend": style.full_legend and bool(kinks),
            "x": xs,
            "y": gaps(ys),
            "marker": marker,
            "hovertemplate": hover,
        }

    diamond = {"symbol": "diamond-open", "size": style.marker + 2, "color": theme.ink(style)}
    traces = [
        markers(
            "kink",
            [fk for _, fk, _ in kinks],
            {**diamond, "line": {"width": 3}},
            "kink at x = %{x:.4g}<extra></extra>",
        )
    ]
    if show_derivative:
        traces.append(
            markers(
                "f′ at kink (autograd)",
                [dk for _, _, dk in kinks],
                {"color": colour, "size": style.marker},
                "autograd uses f′(%{x:.4g}) = %{y:.4g}<extra></extra>",
            )
        )
    return traces


def _bands(
    x: NDArray,
    dy: NDArray,
    threshold: float | None,
    dead_zones: Sequence[tuple[float, float]],
    style: theme.Style,
) -> tuple[list[dict], list[dict]]:
    """Shaded, labelled bands: dead zones (f′ = 0 on a whole interval, from the core) and, if a
    threshold is set, where |f′| is below it on the grid (outside the dead zones)."""
    lo, hi = float(x[0]), float(x[-1])
    shapes, annotations = [], []
    label_size = max(11, style.font - 2)
    vanishing = []
    if threshold is not None:
        for a, b in runs(np.abs(dy) < threshold, x):
            if any(d_lo <= a and b <= d_hi for d_lo, d_hi in dead_zones):
                continue  # already shaded, and labelled, as a dead zone
            shapes.append(band(a, b, theme.VANISH_FILL))
            vanishing.append((a, b))
    dead = [(max(a, lo), min(b, hi)) for a, b in dead_zones if min(b, hi) > max(a, lo)]
    shapes += [band(a, b, theme.DEAD_FILL) for a, b in dead]
    # One label for each kind of band, on its widest: the bands of a kind share a colour, and
    # two labels on bands close together (GELU's) would run into each other.
    for spans, text in ((vanishing, "vanishing gradient"), (dead, "dead zone (f′ = 0)")):
        if spans:
            a, b = max(spans, key=lambda span: span[1] - span[0])
            annotations.append(band_label(a, b, text, label_size, lo, hi, theme.ink(style)))
    return shapes, annotations


def _add_sweep(
    figure: dict,
    view: ExplorerView,
    threshold: float | None,
    colour: str,
    style: theme.Style,
    indices: dict[str, int],
) -> None:
    """Plotly frames over the parameter's range, played by a Play button (and stopped). Each
    frame carries its own bands, tangent and kinks, so a dead zone shows only in the frames whose
    parameters have one. The sweep ends where it started, at the slider's value, and Stop goes
    back there at once: the chart never rests in a state that the slider, the readout under the
    chart and the link do not describe (it shows that state on the frames' coarser grid)."""
    name, x, frames = view.sweep  # type: ignore[misc]
    symbol = view.sweep_symbol or name  # α in the title, as the formula writes it
    lo, hi = float(view.x[0]), float(view.x[-1])
    curves = [0, 1] if view.show_derivative else [0]
    kinks = list(range(indices["kinks"], indices["kinks"] + len(curves)))
    traces = [*curves, indices["tangent"], *kinks]
    # The frames ride in the Play button's arguments (Plotly.animate takes frame objects as well
    # as names) rather than in figure["frames"]: registered frames are processed on every redraw
    # of the chart, that is on every slider move, and cost a sixth of the explorer's move time.
    sweep = []
    xs = short(x)  # one grid for every frame: shared unless a jump puts a gap into it
    for frame in frames:
        shapes, annotations = _bands(x, frame.dy, threshold, frame.dead_zones, style)
        # A frame's curves break at a jump as the still chart's do: no vertical connector.
        jumps = [k for k, _, _ in frame.kinks]
        moving = [
            _tangent(view.x0, frame.fx0, frame.dfx0, lo, hi, style),
            *_kink_traces(frame.kinks, view.show_derivative, colour, style),
        ]
        sweep.append(
            {
                "name": f"{frame.value:g}",
                "traces": traces,
                "data": [_broken(x, xs, y, jumps) for y in (frame.y, frame.dy)[: len(curves)]]
                + [{key: trace[key] for key in ("x", "y", "name")} for trace in moving],
                "layout": {
                    "title": {"text": f"{symbol} = {number(frame.value, 4)}"},
                    "shapes": shapes,
                    "annotations": annotations,
                },
            }
        )
    # Plotly.animate leaves a layout list alone when a frame gives an empty one, so a band would
    # outlive its frame: every frame (and the chart) gets as many bands, padded with hidden ones.
    layouts = [figure["layout"], *(frame["layout"] for frame in sweep)]
    for field, hidden in (("shapes", HIDDEN_BAND), ("annotations", HIDDEN_LABEL)):
        most = max(len(layout.get(field, [])) for layout in layouts)
        for layout in layouts:
            # Plotly merges a frame's band into the one before it, key by key: a band that
            # says nothing of "visible" would stay hidden after a hidden one.
            items = [{**item, "visible": True} for item in layout.get(field, [])]
            layout[field] = items + [hidden] * (most - len(items))
    # The way back to the slider's value is that value's own frame (the sweep holds it): a copy
    # of the chart's exact data would double what the page sends.
    current = view.sweep_value if view.sweep_value is not None else frames[0].value
    nearest = min(range(len(frames)), key=lambda i: abs(frames[i].value - current))
    back = sweep[nearest]
    # Fix the y-axis over all frames, so the picture does not jump while it plays.
    ys = [view.y] + [frame.y for frame in frames]
    if view.show_derivative:
        ys += [view.dy] + [frame.dy for frame in frames]
    stacked = np.concatenate([np.asarray(v)[np.isfinite(v)] for v in ys])
    # A typed formula may be undefined or overflow over the whole range: then an empty chart.
    bottom, top = (float(stacked.min()), float(stacked.max())) if stacked.size else (-1.0, 1.0)
    pad = 0.06 * (top - bottom or 1.0)
    figure["layout"]["yaxis"] = {**figure["layout"]["yaxis"], "range": [bottom - pad, top + pad]}
    play = {"frame": {"duration": 160, "redraw": True}, "transition": {"duration": 0}}
    stop = {"frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    # Play, Stop, the two steps and the Loop switch under the x-axis title, played in the browser
    # by ui/player.py's script. Play sweeps from the first frame (on from the frame on show after
    # a pause or a step) and ends back at the slider's value, the list's last frame; Stop goes
    # there at once.
    figure["layout"]["updatemenus"] = [
        theme.buttons(
            style,
            [
                player.play_button(f"▶ Play {name}", [*sweep, back], play),
                {
                    "label": "■ Stop",
                    "method": "animate",
                    "args": [[back], {**stop, "mode": "immediate"}],
                },
                *player.step_buttons(),
                player.loop_button(),
            ],
            xanchor="left",
            pad={"t": style.margins[3] - 8, "r": 10},
        )
    ]
    # The parameter's value is the chart's title, which every frame updates while it plays.
    figure["layout"]["title"] = {
        "text": f"{symbol} = {number(current, 4)}",
        # At the plot's right edge: the mode bar has the margin beside it.
        "x": 1,
        "xref": "paper",
        "xanchor": "right",
        "font": {"size": style.title_font},
    }
    # Room for the Play button under the x-axis title (see theme.Style.margins).
    figure["layout"]["margin"] = {**figure["layout"]["margin"], "b": style.margins[3] + 30}
    figure["layout"]["height"] = figure["layout"]["height"] + 40


def _broken(x: NDArray, xs: list[float], y: NDArray, jumps: Sequence[float]) -> dict:
    """A frame's x (``xs``, the grid already rounded) and y, rounded (:func:`short`) and with a
    gap at each jump among ``jumps`` (:func:`jump_cuts`). A sweep builds some 40 of these per
    slider move: without a jump the grid's list is shared, not copied."""
    cuts = jump_cuts(x, y, jumps)
    if not cuts:
        return {"x": xs, "y": short(y)}
    xs, ys = with_gaps(list(xs), short(y), cuts)
    return {"x": xs, "y": ys}


# The plot area's height over its width that true_slopes allows: a curve flatter than the first
# (sigmoid over ±6) is stretched upwards to it, a steeper one (x³) squeezed down to the second.
FLATTEST, STEEPEST = 0.3, 1.2


def _true_slopes(figure: dict, x_span: float, *curves: NDArray | None) -> dict:
    """``figure`` (a copy) with one unit of y as long as one unit of x, so that a slope of 1 is
    drawn at 45°, whatever size the chart is drawn at: Plotly narrows the plot area, or widens
    y's range, to keep the scale. The rule: x and y at one scale when the curves' box, drawn so, is
    between ``FLATTEST`` and ``STEEPEST`` times as tall as wide; outside, y is stretched (or
    squeezed) by the least factor that brings it to that bound, so that a flat or a steep
    function still fills a readable box. ``curves`` are the y values the chart shows (f, and f′
    if it is shown; None for one that is not)."""
    shown = [np.asarray(c, dtype=float) for c in curves if c is not None]
    values = np.concatenate([c[np.isfinite(c)] for c in shown]) if shown else np.array([])
    y_span = float(values.max() - values.min()) * 1.1 if values.size else 0.0  # Plotly's padding
    aspect = y_span / x_span if x_span > 0 and y_span > 0 else 1.0
    ratio = min(max(aspect, FLATTEST), STEEPEST) / aspect
    layout = figure["layout"]
    # Room to spare in height widens y's range (the vanishing bands, drawn on the whole height,
    # stay on the plot); room to spare in width narrows the plot, and x keeps its range.
    yaxis = {**layout["yaxis"], "scaleanchor": "x", "scaleratio": ratio, "constrain": "range"}
    xaxis = {**layout["xaxis"], "constrain": "domain"}
    return {**figure, "layout": {**layout, "xaxis": xaxis, "yaxis": yaxis}}
