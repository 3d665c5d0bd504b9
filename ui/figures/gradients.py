"""The gradient-flow page's charts: the chain, gradients per layer, units, the phase diagram."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ui import theme
from ui.figures.common import axis, exact, line, member_line

# Variances as a textbook sets them (Plotly draws <sub> and <sup>): not the ASCII "σ_w²".
SW2 = "σ<sub>w</sub><sup>2</sup>"
SB2 = "σ<sub>b</sub><sup>2</sup>"


def _log_axis(layout: dict, title_text: str, style: theme.Style) -> None:
    layout["yaxis"] = {
        **layout["yaxis"],
        "type": "log",
        "exponentformat": "power",
        "title": theme.title(title_text, style),
    }


def chain_figure(
    products: Sequence[tuple[str, NDArray]],
    bound: NDArray | None,
    style: theme.Style = theme.NORMAL,
) -> dict:
    """|∂a_L/∂a_0| along a scalar chain, per function, on a log axis, with sigmoid's 0.25ᴸ bound
    when given (the page gives it only where sigmoid is shown)."""
    depth = max(len(product) for _, product in products)
    layers = list(range(1, depth + 1))
    shown = [name for name, _ in products]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers" if depth <= 40 else "lines",
            "name": name,
            "x": layers,
            "y": exact(np.abs(product)),
            "line": {"color": theme.series_colour(name, shown, style), "width": style.line},
            "marker": {"size": style.marker * 0.6},
        }
        for name, product in products
    ]
    if bound is not None:
        data.append(
            line("sigmoid's bound 0.25ᴸ", layers, bound, theme.GREY, style.line * 0.8, dash="dot")
        )
    layout = theme.base_layout(style, height=int(style.height * 0.8))
    axis(layout, "xaxis", "chain length L", style)
    _log_axis(layout, "|∂a<sub>L</sub> / ∂a<sub>0</sub>|", style)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)


def _paired_traces(
    series: Sequence[tuple[str, NDArray, NDArray]],
    first: tuple[str, str | None],
    second: tuple[str, str | None],
    style: theme.Style,
) -> list[dict]:
    """Two per-layer lines per function, one colour per function, told apart by dash style."""
    data = []
    shown = [name for name, *_ in series]
    for name, *values in series:
        colour = theme.series_colour(name, shown, style)
        for (label, dash), y in zip((first, second), values, strict=True):
            data.append(
                member_line(name, label, range(1, len(y) + 1), y, colour, style.line, dash=dash)
            )
    return data


def layer_figure(
    series: Sequence[tuple[str, NDArray, NDArray]], style: theme.Style = theme.NORMAL
) -> dict:
    """Gradient RMS per layer: simulation solid, mean-field theory dashed, one colour each."""
    data = _paired_traces(series, ("simulated", None), ("mean-field theory", "dash"), style)
    layout = theme.base_layout(style)
    layout["xaxis"] = {
        **layout["xaxis"],
        "title": theme.title("layer l (1 = nearest the input)", style),
    }
    _log_axis(layout, "RMS of ∂L/∂h<sub>l</sub>", style)
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)


def shared_range(percentiles: Sequence[NDArray]) -> tuple[float, float]:
    """One y-range for several functions' percentile bands (small multiples read side by side
    only on one scale): every finite 5th to 95th percentile, with a little room."""
    values = np.concatenate([np.asarray(p)[:, [0, 4]].ravel() for p in percentiles])
    values = values[np.isfinite(values)]
    lo, hi = (float(values.min()), float(values.max())) if values.size else (-1.0, 1.0)
    pad = 0.05 * (hi - lo or 1.0)
    return lo - pad, hi + pad


def distribution_figure(
    name: str,
    percentiles: NDArray,
    colour: str,
    style: theme.Style = theme.NORMAL,
    y_range: tuple[float, float] | None = None,
) -> dict:
    """Percentile bands of the activations x_l per layer: 5–95 faint, 25–75 darker, median line;
    on ``y_range`` if given (:func:`shared_range`, so that the small multiples share one)."""
    layers = list(range(1, percentiles.shape[0] + 1))
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))

    def band(lo: int, hi: int, alpha: float, label: str) -> list[dict]:
        return [
            {
                "type": "scatter",
                "mode": "lines",
                "x": layers,
                "y": exact(percentiles[:, lo]),
                "line": {"width": 0},
                "showlegend": False,
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": label,
                "x": layers,
                "y": exact(percentiles[:, hi]),
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
            "y": exact(percentiles[:, 2]),
            "line": {"color": colour, "width": style.line},
        },
    ]
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    theme.title_above_legend(layout, name, style)
    axis(layout, "xaxis", "layer", style)
    axis(
        layout,
        "yaxis",
        "activation x<sub>l</sub>",
        style,
        **({"range": list(y_range)} if y_range else {}),
    )
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)


def fractions_figure(
    series: Sequence[tuple[str, NDArray, NDArray]], style: theme.Style = theme.NORMAL
) -> dict:
    """Per layer: the fraction of saturated units (solid) and of dead units (dotted)."""
    data = _paired_traces(series, ("saturated |φ′| < 0.05", None), ("dead φ′ = 0", "dot"), style)
    layout = theme.base_layout(style, height=int(style.height * 0.8))
    axis(layout, "xaxis", "layer", style)
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": theme.title("fraction of units", style),
        "range": [-0.02, 1.02],
        "tickformat": ".0%",
    }
    layout["hovermode"] = "x"
    return theme.finish({"data": data, "layout": layout}, style)


def phase_figure(
    name: str,
    sigma_w2: NDArray,
    sigma_b2: NDArray,
    chi: NDArray,
    current: tuple[float, float],
    style: theme.Style = theme.NORMAL,
) -> dict:
    """log₁₀ χ₁ over (σ_w², σ_b²), the χ₁ = 1 line, and the current point."""
    log_chi = np.clip(np.log10(np.maximum(chi, 1e-300)), -2.0, 2.0)
    # White is χ₁ = 1; each side of it spans that side's extreme, so the most ordered cell is
    # fully blue and the most chaotic fully red even where χ₁ only reaches 1.3 (tanh).
    finite = log_chi[np.isfinite(log_chi)]  # a typed formula's χ₁ may be undefined somewhere
    z_lo = min(float(finite.min()), -1e-3) if finite.size else -1e-3
    z_hi = max(float(finite.max()), 1e-3) if finite.size else 1e-3
    data = [
        {
            "type": "heatmap",
            "name": "log₁₀ χ₁",
            "x": exact(sigma_w2),
            "y": exact(sigma_b2),
            "z": log_chi.tolist(),
            "zmin": z_lo,
            "zmax": z_hi,
            "colorscale": theme.diverging(-z_lo / (z_hi - z_lo)),
            "colorbar": {
                "title": {"text": "log₁₀ χ₁", "font": {"size": style.font}},
                "tickfont": {"size": style.font},
                # Each label under its tick: the top one stays clear of the title above the bar.
                "ticklabelposition": "outside bottom",
            },
            "hovertemplate": f"{SW2} = %{{x:.3g}}<br>{SB2} = %{{y:.3g}}<br>log₁₀ χ₁ = %{{z:.3f}}"
            "<extra></extra>",
        },
        {
            "type": "contour",
            "name": "χ₁ = 1 (edge of chaos)",
            "x": exact(sigma_w2),
            "y": exact(sigma_b2),
            "z": log_chi.tolist(),
            "contours": {"start": 0.0, "end": 0.0, "size": 1.0, "coloring": "none"},
            "line": {"color": theme.EDGE.hex, "width": style.line},
            "showscale": False,
            # Listed only when the window has both phases, that is when the line is drawn.
            "showlegend": bool((log_chi > 0).any() and (log_chi < 0).any()),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": f"current ({SW2}, {SB2})",
            "x": [current[0]],
            "y": [current[1]],
            "marker": {
                "symbol": "x",
                "size": style.marker + 6,
                "color": theme.YELLOW,
                "line": {"width": 2, "color": "#000000"},
            },
        },
    ]
    layout = theme.base_layout(style, height=int(style.height * 0.9))
    theme.title_above_legend(
        layout, f"{name}: order ({theme.LOW.word}) to chaos ({theme.HIGH.word})", style
    )
    layout["xaxis"] = {
        **layout["xaxis"],
        "title": theme.title(f"{SW2} (weight variance × width)", style),
    }
    axis(layout, "yaxis", f"{SB2} (bias variance)", style)
    layout["hovermode"] = "closest"
    return theme.finish({"data": data, "layout": layout}, style)


def coincident(figure: dict, pixels: float = 1.0) -> list[str]:
    """Sentences naming the lines of ``figure`` that lie on each other's pixels, computed from its
    data: two lines of different functions coincide when they are within ``pixels`` of each other
    at every layer, at the chart's vertical scale (its plot height over its y-range, in log₁₀ on
    a log axis). The later one is drawn over the earlier, which a reader would not know was
    there. Lines that coincide with each other are named together ("A, B and C coincide")."""
    layout = figure["layout"]
    log = layout.get("yaxis", {}).get("type") == "log"
    lines = []
    for trace in figure["data"]:
        y = np.array([np.nan if v is None else v for v in trace.get("y", [])], dtype=float)
        if trace.get("type") != "scatter" or "name" not in trace or not np.isfinite(y).any():
            continue  # a legend-only entry, or a band's unnamed edge
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(y > 0, np.log10(y), np.nan)
        lines.append((trace["name"], trace.get("legendgroup", trace["name"]), y))
    if len(lines) < 2:
        return []
    given = layout.get("yaxis", {}).get("range")
    values = np.concatenate([y[np.isfinite(y)] for _, _, y in lines])
    lo, hi = given if given else (float(values.min()), float(values.max()))
    margin = layout["margin"]
    plot_px = layout["height"] - margin["t"] - margin["b"]
    per_unit = plot_px / ((hi - lo) or 1.0)
    groups: list[list[int]] = []
    for i, (_, group_i, y_i) in enumerate(lines):
        for j in range(i):
            _, group_j, y_j = lines[j]
            if group_i == group_j or len(y_i) != len(y_j):
                continue
            both = np.isfinite(y_i) & np.isfinite(y_j)
            same_gaps = np.array_equal(np.isfinite(y_i), np.isfinite(y_j))
            if not (same_gaps and both.any()):
                continue
            if np.max(np.abs(y_i[both] - y_j[both])) * per_unit < pixels:
                home = next((g for g in groups if j in g), None)
                if home is None:
                    groups.append([j, i])
                elif i not in home:
                    home.append(i)
    sentences = []
    for group in groups:
        names = [lines[k][0] for k in sorted(group)]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        sentences.append(f"{listed} coincide: the line drawn last hides the others.")
    return sentences
