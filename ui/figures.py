"""Plotly figure builders: pure functions from arrays to plain-dict figures.

Plain dicts cost nothing to build and are testable without Streamlit. Curves carry the core's
exact values; only animation frames are rounded, to keep their JSON small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ui import theme


def _list(values: NDArray) -> list[float]:
    """Exact values, so the chart's data is the core's data."""
    return np.asarray(values, dtype=float).tolist()


def _short(values: NDArray) -> list[float]:
    """Values rounded for animation frames only: 4 decimals is finer than any screen pixel."""
    return np.round(np.asarray(values, dtype=float), 4).tolist()


def break_at_jumps(
    x: NDArray, y: NDArray, positions: Sequence[float]
) -> tuple[list[float | None], list[float | None]]:
    """x and y with a gap (None) at each listed position where y jumps, so Plotly draws no
    vertical connector; the point at the position stays attached to the side it agrees with."""
    xs, ys = _list(x), _list(y)
    if len(ys) < 3:
        return xs, ys
    steps = np.abs(np.diff(np.asarray(y, dtype=float)))
    typical = float(np.median(steps[np.isfinite(steps)])) if np.any(np.isfinite(steps)) else 0.0
    cuts = []
    for position in positions:
        hits = np.nonzero(np.asarray(x) == position)[0]
        if len(hits) == 0 or not 0 < hits[0] < len(ys) - 1:
            continue
        i = int(hits[0])
        left, right = abs(ys[i] - ys[i - 1]), abs(ys[i + 1] - ys[i])
        jump = 10 * typical + 1e-9 * max(1.0, abs(ys[i]))
        if right > jump and right >= left:
            cuts.append(i + 1)
        elif left > jump:
            cuts.append(i)
    for cut in sorted(cuts, reverse=True):
        xs.insert(cut, None)
        ys.insert(cut, None)
    return xs, ys


def runs(mask: NDArray[np.bool_], x: NDArray) -> list[tuple[float, float]]:
    """The x-intervals where ``mask`` holds on consecutive grid points."""
    if not np.any(mask):
        return []
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, stops = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    return [(float(x[a]), float(x[b])) for a, b in zip(starts, stops, strict=True) if b > a]


def _band(lo: float, hi: float, fill: str) -> dict:
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


_HIDDEN_BAND = {**_band(0.0, 0.0, "rgba(0, 0, 0, 0)"), "visible": False}


def _band_label(lo: float, hi: float, text: str, y: float, size: int) -> dict:
    return {
        "x": 0.5 * (lo + hi),
        "xref": "x",
        "y": y,
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"size": size},
        "opacity": 0.85,
    }


_HIDDEN_LABEL = {**_band_label(0.0, 0.0, "", 0.0, 11), "visible": False}


@dataclass(frozen=True)
class SweepFrame:
    """One frame of the Play button's sweep: the parameter's value, f and f′ on the sweep's grid,
    and the dead zones at that value (from the core)."""

    value: float
    y: NDArray
    dy: NDArray
    dead_zones: Sequence[tuple[float, float]] = ()


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


def explorer_figure(view: ExplorerView, present: bool = False) -> dict:
    """f solid and f' dashed on one chart, with tangent, bands, kinks and an optional sweep."""
    s = theme.style(present)
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
            "line": {"color": theme.F_COLOUR, "width": s.line},
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
                "line": {"color": theme.DF_COLOUR, "width": s.line, "dash": "dash"},
            }
        )
    if view.default_curve is not None:
        dx, dfy, _ = view.default_curve
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "f, default parameters",
                "x": _list(dx),
                "y": _list(dfy),
                "line": {"color": theme.GREY, "width": s.line * 0.6},
                "opacity": 0.55,
            }
        )
    half_span = 0.12 * (hi - lo)
    tangent_x = np.array([max(lo, view.x0 - half_span), view.x0, min(hi, view.x0 + half_span)])
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": f"tangent at x₀, slope {view.dfx0:.4g}",
            "x": _list(tangent_x),
            "y": _list(view.fx0 + view.dfx0 * (tangent_x - view.x0)),
            "line": {"color": theme.GREEN, "width": s.line * 0.8, "dash": "dot"},
            # Only the middle point, (x₀, f(x₀)), shows a marker.
            "marker": {"color": theme.GREEN, "size": [0, s.marker, 0], "line": {"width": 2}},
            "hovertemplate": "x = %{x:.4g}<br>y = %{y:.6g}<extra>tangent</extra>",
        }
    )
    if view.kinks:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "kink",
                # On a projector the legend must fit one row beside the sweep's title; the
                # markers keep their hover text.
                "showlegend": not present,
                "x": [k for k, _ in view.kinks],
                "y": [fk for _, fk in view.kinks],
                "marker": {
                    "symbol": "diamond-open",
                    "size": s.marker + 2,
                    "color": theme.PURPLE,
                    "line": {"width": 3},
                },
                "hovertemplate": "kink at x = %{x:.4g}<extra></extra>",
            }
        )
        if view.show_derivative:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": "f′ at kink (autograd)",
                    "showlegend": not present,
                    "x": kink_xs,
                    "y": [dk for _, dk in view.kink_slopes],
                    "marker": {"color": theme.DF_COLOUR, "size": s.marker},
                    "hovertemplate": "autograd uses f′(%{x:.4g}) = %{y:.4g}<extra></extra>",
                }
            )

    threshold = view.vanishing_threshold if view.show_derivative else None
    shapes, annotations = _bands(view.x, view.dy, threshold, view.dead_zones, s)
    layout = theme.base_layout(present)
    layout["xaxis"] = {**layout["xaxis"], "range": [lo, hi]}
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    figure: dict = {"data": data, "layout": layout}
    if view.sweep is not None:
        _add_sweep(figure, view, threshold, present)
    return theme.finish(figure, present)


def _bands(
    x: NDArray,
    dy: NDArray,
    threshold: float | None,
    dead_zones: Sequence[tuple[float, float]],
    s: theme.Style,
) -> tuple[list[dict], list[dict]]:
    """Shaded, labelled bands: dead zones (f′ = 0 on a whole interval, from the core) and, if a
    threshold is set, where |f′| is below it on the grid (outside the dead zones)."""
    lo, hi = float(x[0]), float(x[-1])
    shapes, annotations = [], []
    label_size = max(11, s.font - 2)
    if threshold is not None:
        for a, b in runs(np.abs(dy) < threshold, x):
            if any(d_lo <= a and b <= d_hi for d_lo, d_hi in dead_zones):
                continue  # already shaded, and labelled, as a dead zone
            shapes.append(_band(a, b, theme.VANISH_FILL))
            annotations.append(_band_label(a, b, "vanishing gradient", 0.97, label_size))
    for a, b in dead_zones:
        a, b = max(a, lo), min(b, hi)
        if b > a:
            shapes.append(_band(a, b, theme.DEAD_FILL))
            annotations.append(_band_label(a, b, "dead zone (f′ = 0)", 0.97, label_size))
    return shapes, annotations


def _add_sweep(figure: dict, view: ExplorerView, threshold: float | None, present: bool) -> None:
    """Plotly frames over the parameter's range, played by a Play button (and paused). Each frame
    carries its own bands, so a dead zone shows only in the frames whose parameters have one."""
    name, x, frames = view.sweep  # type: ignore[misc]
    traces = [0, 1] if view.show_derivative else [0]
    xs = _short(x)
    s = theme.style(present)
    # The frames ride in the Play button's arguments (Plotly.animate takes frame objects as well
    # as names) rather than in figure["frames"]: registered frames are processed on every redraw
    # of the chart, that is on every slider move, and cost a sixth of the explorer's move time.
    sweep = []
    for frame in frames:
        shapes, annotations = _bands(x, frame.dy, threshold, frame.dead_zones, s)
        sweep.append(
            {
                "name": f"{frame.value:g}",
                "traces": traces,
                "data": [{"x": xs, "y": _short(frame.y)}, {"x": xs, "y": _short(frame.dy)}][
                    : len(traces)
                ],
                "layout": {
                    "title": {"text": f"{name} = {frame.value:g}"},
                    "shapes": shapes,
                    "annotations": annotations,
                },
            }
        )
    # Plotly.animate leaves a layout list alone when a frame gives an empty one, so a band would
    # outlive its frame: every frame (and the chart) gets as many bands, padded with hidden ones.
    layouts = [figure["layout"], *(frame["layout"] for frame in sweep)]
    for field, hidden in (("shapes", _HIDDEN_BAND), ("annotations", _HIDDEN_LABEL)):
        most = max(len(layout.get(field, [])) for layout in layouts)
        for layout in layouts:
            items = layout.get(field, [])
            layout[field] = items + [hidden] * (most - len(items))
    # Fix the y-axis over all frames, so the picture does not jump while it plays.
    ys = [view.y] + [frame.y for frame in frames]
    if view.show_derivative:
        ys += [view.dy] + [frame.dy for frame in frames]
    stacked = np.concatenate([np.asarray(v)[np.isfinite(v)] for v in ys])
    bottom, top = float(stacked.min()), float(stacked.max())
    pad = 0.06 * (top - bottom or 1.0)
    figure["layout"]["yaxis"] = {**figure["layout"]["yaxis"], "range": [bottom - pad, top + pad]}
    play = {"frame": {"duration": 160, "redraw": True}, "transition": {"duration": 0}}
    figure["layout"]["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "x": 0.0,
            # Below the plot by a fixed number of pixels (past the tick labels and the axis title),
            # so the buttons never cover them however tall the chart is drawn.
            "y": 0.0,
            "xanchor": "left",
            "yanchor": "top",
            "pad": {"t": s.margins[3] - 8, "r": 10},
            "showactive": False,
            "font": {"size": s.font},
            "buttons": [
                {
                    "label": f"▶ Play {name}",
                    "method": "animate",
                    "args": [sweep, {**play, "mode": "immediate"}],
                },
                {
                    "label": "❚❚ Pause",
                    "method": "animate",
                    "args": [[None], {**play, "mode": "immediate"}],
                },
            ],
        }
    ]
    # The parameter's value is the chart's title, which every frame updates while it plays.
    current = view.sweep_value if view.sweep_value is not None else frames[0].value
    figure["layout"]["title"] = {
        "text": f"{name} = {current:g}",
        "x": 0.99,
        "xanchor": "right",
        "font": {"size": s.title_font},
    }
    # Room for the Play button under the x-axis title (see theme.Style.margins).
    figure["layout"]["margin"] = {**figure["layout"]["margin"], "b": s.margins[3] + 30}
    figure["layout"]["height"] = figure["layout"]["height"] + 40


def collapse_figure(
    x: NDArray,
    linear: NDArray,
    collapsed: NDArray,
    with_activation: NDArray | None,
    activation_name: str,
    present: bool = False,
) -> dict:
    """Two linear layers vs the single line they collapse into, and the same net with φ."""
    s = theme.style(present)
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "two linear layers",
            "x": _list(x),
            "y": _list(linear),
            "line": {"color": theme.BLUE, "width": s.line * 2.2},
            "opacity": 0.45,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "one linear map W₁W₂",
            "x": _list(x),
            "y": _list(collapsed),
            "line": {"color": theme.BLUE, "width": s.line, "dash": "dash"},
        },
    ]
    if with_activation is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"same layers with {activation_name} between",
                "x": _list(x),
                "y": _list(with_activation),
                "line": {"color": theme.VERMILLION, "width": s.line},
            }
        )
    layout = theme.base_layout(present, height=int(s.height * 0.7))
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("network output", present)}
    return theme.finish({"data": data, "layout": layout}, present)


def overlay_figure(
    curves: Sequence[tuple[str, NDArray, NDArray, Sequence[float]]],
    *,
    derivative: bool,
    present: bool = False,
    band: float | None = None,
) -> dict:
    """Several functions (or their derivatives) on one chart, one colour each; each curve is
    ``(name, x, y, kinks)`` and its line breaks where it jumps at a kink."""
    s = theme.style(present)
    broken = [(name, *break_at_jumps(x, y, kinks)) for name, x, y, kinks in curves]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": xs,
            "y": ys,
            "line": {
                "color": theme.SERIES[i % len(theme.SERIES)],
                "width": s.line,
                **({"dash": "dash"} if derivative else {}),
            },
        }
        for i, (name, xs, ys) in enumerate(broken)
    ]
    layout = theme.base_layout(present)
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": theme.title("f′(x)" if derivative else "f(x)", present),
    }
    layout["hovermode"] = "x"
    if band is not None:
        layout["shapes"] = [
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": -band,
                "y1": band,
                "fillcolor": theme.VANISH_FILL,
                "line": {"width": 0},
                "layer": "below",
            }
        ]
        layout["annotations"] = [
            {
                "xref": "paper",
                "yref": "y",
                "x": 0.01,
                "y": band,
                "yanchor": "bottom",
                "xanchor": "left",
                "text": f"vanishing: |f′| < {band:g}",
                "showarrow": False,
                "font": {"size": max(11, s.font - 2)},
            }
        ]
    return theme.finish({"data": data, "layout": layout}, present)


def softmax_bars(logits: Sequence[float], probs: NDArray, present: bool = False) -> dict:
    """The logits and the probabilities they become, side by side, one bar per class."""
    s = theme.style(present)
    classes = [str(i + 1) for i in range(len(logits))]
    layout = theme.base_layout(present, height=int(s.height * 0.8))
    layout.update(
        {
            "xaxis": {
                "domain": [0.0, 0.4],
                "tickfont": {"size": s.font},
                "title": theme.title("class i", present),
                "type": "category",
            },
            "xaxis2": {
                "domain": [0.6, 1.0],
                "anchor": "y2",
                "tickfont": {"size": s.font},
                "title": theme.title("class i", present),
                "type": "category",
            },
            "yaxis": {
                "title": theme.title("logit z", present),
                "zeroline": True,
                "tickfont": {"size": s.font},
            },
            "yaxis2": {
                "title": theme.title("probability p", present),
                "anchor": "x2",
                "range": [0, 1.05],
                "tickfont": {"size": s.font},
            },
            "showlegend": False,
            "hovermode": "closest",
            "bargap": 0.25,
        }
    )
    figure = {
        "data": [
            {
                "type": "bar",
                "name": "logits",
                "x": classes,
                "y": [float(v) for v in logits],
                "marker": {"color": theme.GREY},
                "texttemplate": "%{y:.4~g}",
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": s.font},
            },
            {
                "type": "bar",
                "name": "probabilities",
                "x": classes,
                "y": _list(probs),
                "xaxis": "x2",
                "yaxis": "y2",
                "marker": {"color": theme.BLUE},
                "texttemplate": "%{y:.3f}",
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": s.font},
            },
        ],
        "layout": layout,
    }
    return theme.finish(figure, present)


def jacobian_heatmap(jacobian: NDArray, present: bool = False) -> dict:
    """∂pᵢ/∂zⱼ as an annotated heat map, diverging colours centred at 0."""
    s = theme.style(present)
    k = jacobian.shape[0]
    labels = [str(i + 1) for i in range(k)]
    limit = float(np.max(np.abs(jacobian))) or 1.0
    layout = theme.base_layout(present, height=int(s.height * 0.9))
    layout.update(
        {
            "xaxis": {"title": theme.title("with respect to logit zⱼ", present), "side": "bottom",
                      "tickfont": {"size": s.font}, "type": "category"},
            "yaxis": {"title": theme.title("probability pᵢ", present), "autorange": "reversed",
                      "tickfont": {"size": s.font}, "type": "category"},
            "hovermode": "closest",
        }
    )  # fmt: skip
    figure = {
        "data": [
            {
                "type": "heatmap",
                "name": "Jacobian",
                "z": jacobian.tolist(),
                "x": labels,
                "y": labels,
                "zmid": 0.0,
                "zmin": -limit,
                "zmax": limit,
                "colorscale": theme.DIVERGING,
                "texttemplate": "%{z:.3f}" if k <= 8 else "%{z:.2f}",
                "textfont": {"size": max(10, s.font - (2 if k <= 6 else 5))},
                "hovertemplate": "∂p%{y}/∂z%{x} = %{z:.5f}<extra></extra>",
                "colorbar": {"tickfont": {"size": s.font}},
            }
        ],
        "layout": layout,
    }
    return theme.finish(figure, present)


def entropy_figure(
    temperatures: NDArray, entropies: NDArray, current: tuple[float, float], k: int,
    present: bool = False,
) -> dict:  # fmt: skip
    """Entropy of the softmax against temperature (log axis), the current point, and log K."""
    s = theme.style(present)
    max_entropy = float(np.log(k))
    layout = theme.base_layout(present, height=int(s.height * 0.75))
    ticks = [
        t
        for t in (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20)
        if temperatures[0] <= t <= temperatures[-1]
    ]
    layout["xaxis"] = {
        **layout["xaxis"],
        "type": "log",
        "title": theme.title("temperature T", present),
        "tickvals": ticks,
        "ticktext": [f"{t:g}" for t in ticks],
    }
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("entropy H(p), nats", present),
                       "range": [0, max_entropy * 1.12]}  # fmt: skip
    layout["hovermode"] = "closest"
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "H(p) as T varies",
                "x": _list(temperatures),
                "y": _list(entropies),
                "line": {"color": theme.BLUE, "width": s.line},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"maximum log K = {max_entropy:.3f}",
                "x": [float(temperatures[0]), float(temperatures[-1])],
                "y": [max_entropy, max_entropy],
                "line": {"color": theme.VERMILLION, "width": s.line * 0.8, "dash": "dash"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"now: T = {current[0]:g}",
                "x": [current[0]],
                "y": [current[1]],
                "marker": {"color": theme.GREEN, "size": s.marker + 4},
            },
        ],
        "layout": layout,
    }
    return theme.finish(figure, present)


def _log_axis(layout: dict, title_text: str, present: bool) -> None:
    layout["yaxis"] = {
        **layout["yaxis"],
        "type": "log",
        "exponentformat": "power",
        "title": theme.title(title_text, present),
    }


def chain_figure(
    products: Sequence[tuple[str, NDArray]], bound: NDArray, present: bool = False
) -> dict:
    """|∂a_L/∂a_0| along a scalar chain, per function, on a log axis, with the 0.25ᴸ bound."""
    s = theme.style(present)
    depth = len(bound)
    layers = list(range(1, depth + 1))
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers" if depth <= 40 else "lines",
            "name": name,
            "x": layers,
            "y": _list(np.abs(product)),
            "line": {"color": theme.SERIES[i % len(theme.SERIES)], "width": s.line},
            "marker": {"size": s.marker * 0.6},
        }
        for i, (name, product) in enumerate(products)
    ]
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": "sigmoid's bound 0.25ᴸ",
            "x": layers,
            "y": _list(bound),
            "line": {"color": theme.GREY, "width": s.line * 0.8, "dash": "dot"},
        }
    )
    layout = theme.base_layout(present, height=int(s.height * 0.8))
    layout["xaxis"] = {**layout["xaxis"], "title": theme.title("chain length L", present)}
    _log_axis(layout, "|∂a_L / ∂a_0|", present)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, present)


def _paired_traces(
    series: Sequence[tuple[str, NDArray, NDArray]],
    first: tuple[str, str | None],
    second: tuple[str, str | None],
    present: bool,
) -> list[dict]:
    """Two per-layer lines per function, one colour per function, told apart by dash style."""
    s = theme.style(present)
    data = []
    for i, (name, *values) in enumerate(series):
        colour = theme.SERIES[i % len(theme.SERIES)]
        for (label, dash), y in zip((first, second), values, strict=True):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": f"{name}: {label}",
                    "legendgroup": name,
                    "x": list(range(1, len(y) + 1)),
                    "y": _list(y),
                    "line": {"color": colour, "width": s.line, **({"dash": dash} if dash else {})},
                }
            )
    return data


def layer_figure(series: Sequence[tuple[str, NDArray, NDArray]], present: bool = False) -> dict:
    """Gradient RMS per layer: simulation solid, mean-field theory dashed, one colour each."""
    data = _paired_traces(series, ("simulated", None), ("mean-field theory", "dash"), present)
    layout = theme.base_layout(present)
    layout["xaxis"] = {
        **layout["xaxis"],
        "title": theme.title("layer l (1 = nearest the input)", present),
    }
    _log_axis(layout, "RMS of ∂L/∂h_l", present)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, present)


def distribution_figure(
    name: str, percentiles: NDArray, colour: str, present: bool = False
) -> dict:
    """Percentile bands of the activations x_l per layer: 5–95 faint, 25–75 darker, median line."""
    s = theme.style(present)
    layers = list(range(1, percentiles.shape[0] + 1))
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))

    def band(lo: int, hi: int, alpha: float, label: str) -> list[dict]:
        return [
            {
                "type": "scatter",
                "mode": "lines",
                "x": layers,
                "y": _list(percentiles[:, lo]),
                "line": {"width": 0},
                "showlegend": False,
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": label,
                "x": layers,
                "y": _list(percentiles[:, hi]),
                "fill": "tonexty",
                "fillcolor": f"rgba({r}, {g}, {b}, {alpha})",
                "line": {"width": 0},
            },
        ]

    data = [
        *band(0, 4, 0.18, "5–95 %"),
        *band(1, 3, 0.4, "25–75 %"),
        {
            "type": "scatter",
            "mode": "lines",
            "name": "median",
            "x": layers,
            "y": _list(percentiles[:, 2]),
            "line": {"color": colour, "width": s.line},
        },
    ]
    layout = theme.base_layout(present, height=int(s.height * 0.7))
    layout["title"] = {"text": name, "font": {"size": s.title_font}, "x": 0.02}
    layout["margin"] = {**layout["margin"], "t": 70}
    layout["legend"] = {**layout["legend"], "y": 1.02}
    layout["xaxis"] = {**layout["xaxis"], "title": theme.title("layer", present)}
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("activation x_l", present)}
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, present)


def fractions_figure(series: Sequence[tuple[str, NDArray, NDArray]], present: bool = False) -> dict:
    """Per layer: the fraction of saturated units (solid) and of dead units (dotted)."""
    s = theme.style(present)
    data = _paired_traces(series, ("saturated |φ′| < 0.05", None), ("dead φ′ = 0", "dot"), present)
    layout = theme.base_layout(present, height=int(s.height * 0.8))
    layout["xaxis"] = {**layout["xaxis"], "title": theme.title("layer", present)}
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": theme.title("fraction of units", present),
        "range": [-0.02, 1.02],
        "tickformat": ".0%",
    }
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, present)


def phase_figure(
    name: str,
    sigma_w2: NDArray,
    sigma_b2: NDArray,
    chi: NDArray,
    current: tuple[float, float],
    present: bool = False,
) -> dict:
    """log₁₀ χ₁ over (σ_w², σ_b²), the χ₁ = 1 line, and the current point."""
    s = theme.style(present)
    log_chi = np.clip(np.log10(np.maximum(chi, 1e-300)), -2.0, 2.0)
    # White is χ₁ = 1; each side of it spans that side's extreme, so the most ordered cell is
    # fully blue and the most chaotic fully red even where χ₁ only reaches 1.3 (tanh).
    z_lo = min(float(log_chi.min()), -1e-3)
    z_hi = max(float(log_chi.max()), 1e-3)
    data = [
        {
            "type": "heatmap",
            "name": "log₁₀ χ₁",
            "x": _list(sigma_w2),
            "y": _list(sigma_b2),
            "z": log_chi.tolist(),
            "zmin": z_lo,
            "zmax": z_hi,
            "colorscale": theme.diverging(-z_lo / (z_hi - z_lo)),
            "colorbar": {
                "title": {"text": "log₁₀ χ₁", "font": {"size": s.font}},
                "tickfont": {"size": s.font},
            },
            "hovertemplate": "σ_w² = %{x:.3g}<br>σ_b² = %{y:.3g}<br>log₁₀ χ₁ = %{z:.3f}<extra></extra>",
        },
        {
            "type": "contour",
            "name": "χ₁ = 1 (edge of chaos)",
            "x": _list(sigma_w2),
            "y": _list(sigma_b2),
            "z": log_chi.tolist(),
            "contours": {"start": 0.0, "end": 0.0, "size": 1.0, "coloring": "none"},
            "line": {"color": theme.EDGE.hex, "width": s.line},
            "showscale": False,
            # Listed only when the window has both phases, that is when the line is drawn.
            "showlegend": bool((log_chi > 0).any() and (log_chi < 0).any()),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "current (σ_w², σ_b²)",
            "x": [current[0]],
            "y": [current[1]],
            "marker": {
                "symbol": "x",
                "size": s.marker + 6,
                "color": theme.YELLOW,
                "line": {"width": 2, "color": "#000000"},
            },
        },
    ]
    layout = theme.base_layout(present, height=int(s.height * 0.9))
    layout["title"] = {
        "text": f"{name}: order ({theme.LOW.word}) to chaos ({theme.HIGH.word})",
        "x": 0.02,
        "font": {"size": s.title_font},
    }
    layout["margin"] = {**layout["margin"], "t": 80}
    layout["legend"] = {**layout["legend"], "y": 1.02}
    layout["xaxis"] = {
        **layout["xaxis"],
        "title": theme.title("σ_w² (weight variance × width)", present),
    }
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("σ_b² (bias variance)", present)}
    layout["hovermode"] = "closest"
    return theme.finish({"data": data, "layout": layout}, present)
