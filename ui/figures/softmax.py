"""The softmax page's charts: logits and probabilities, the Jacobian, the entropy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ui import theme
from ui.figures.common import exact, line


def softmax_bars(
    logits: Sequence[float], probs: NDArray, style: theme.Style = theme.NORMAL
) -> dict:
    """The logits and the probabilities they become, side by side, one bar per class."""
    classes = [str(i + 1) for i in range(len(logits))]
    # Every class labelled (Plotly would skip some of ten); values on the bars while they fit.
    on_bars = len(classes) <= 6
    labelled = {
        "tickmode": "array",
        "tickvals": classes,
        "ticktext": classes,
        "tickangle": 0,  # upright, a size smaller when there are many
        "tickfont": {"size": style.font if on_bars else style.font - 3},
    }
    layout = theme.base_layout(style, height=int(style.height * 0.8))
    layout.update(
        {
            "xaxis": {
                "domain": [0.0, 0.4],
                "title": theme.title("class i", style),
                "type": "category",
                **labelled,
            },
            "xaxis2": {
                "domain": [0.6, 1.0],
                "anchor": "y2",
                "title": theme.title("class i", style),
                "type": "category",
                **labelled,
            },
            "yaxis": {
                "title": theme.title("logit z", style),
                "zeroline": True,
                "tickfont": {"size": style.font},
            },
            "yaxis2": {
                "title": theme.title("probability p", style),
                "anchor": "x2",
                "range": [0, 1.05],
                "tickfont": {"size": style.font},
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
                "texttemplate": "%{y:.4~g}" if on_bars else "",
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": style.font},
            },
            {
                "type": "bar",
                "name": "probabilities",
                "x": classes,
                "y": exact(probs),
                "xaxis": "x2",
                "yaxis": "y2",
                "marker": {"color": theme.BLUE},
                "texttemplate": "%{y:.3f}" if on_bars else "",
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": style.font},
            },
        ],
        "layout": layout,
    }
    return theme.finish(figure, style)


ROW_EMS = 1.7  # the least height of a Jacobian row, in type sizes


def jacobian_heatmap(jacobian: NDArray, style: theme.Style = theme.NORMAL) -> dict:
    """∂pᵢ/∂zⱼ as a heat map, diverging colours centred at 0, every class labelled; each cell
    shows its value while the cells are large enough to read it (up to 6 classes), and its hover
    always does."""
    k = jacobian.shape[0]
    labels = [str(i + 1) for i in range(k)]
    limit = float(np.max(np.abs(jacobian))) or 1.0
    labelled = {"tickmode": "array", "tickvals": labels, "ticktext": labels}
    # Square cells, each row at least ROW_EMS type sizes tall: ten classes' labels do not touch.
    top, bottom = style.margins[2], style.colorbar_bottom
    layout = theme.base_layout(
        style, height=max(int(style.height * 0.9), top + bottom + round(k * ROW_EMS * style.font))
    )
    layout.update(
        {
            "xaxis": {"title": theme.title("with respect to logit zⱼ", style), "side": "bottom",
                      "tickfont": {"size": style.font}, "type": "category", **labelled,
                      "constrain": "domain"},
            "yaxis": {"title": theme.title("probability pᵢ", style), "autorange": "reversed",
                      "tickfont": {"size": style.font}, "type": "category", **labelled,
                      "scaleanchor": "x", "constrain": "domain"},
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
                "texttemplate": "%{z:.3f}" if k <= 6 else "",
                "textfont": {"size": max(10, style.font - 2)},
                "hovertemplate": "∂p<sub>%{y}</sub>/∂z<sub>%{x}</sub> = %{z:.5f}<extra></extra>",
                "colorbar": {"tickfont": {"size": style.font}},
            }
        ],
        "layout": layout,
    }
    return theme.finish(figure, style)


def entropy_figure(
    temperatures: NDArray, entropies: NDArray, current: tuple[float, float], k: int,
    style: theme.Style = theme.NORMAL,
) -> dict:  # fmt: skip
    """Entropy of the softmax against temperature (log axis), the current point, and log K."""
    max_entropy = float(np.log(k))
    layout = theme.base_layout(style, height=int(style.height * 0.75))
    ticks = [
        t
        for t in (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20)
        if temperatures[0] <= t <= temperatures[-1]
    ]
    layout["xaxis"] = {
        **layout["xaxis"],
        "type": "log",
        "title": theme.title("temperature T", style),
        "tickvals": ticks,
        "ticktext": [f"{t:g}" for t in ticks],
    }
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("entropy H(p), nats", style),
                       "range": [0, max_entropy * 1.12]}  # fmt: skip
    layout["hovermode"] = "closest"
    figure = {
        "data": [
            line("H(p) as T varies", temperatures, entropies, theme.BLUE, style.line),
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"maximum log K = {max_entropy:.3f}",
                "x": [float(temperatures[0]), float(temperatures[-1])],
                "y": [max_entropy, max_entropy],
                "line": {"color": theme.VERMILLION, "width": style.line * 0.8, "dash": "dash"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"now: T = {current[0]:g}",
                "x": [current[0]],
                "y": [current[1]],
                "marker": {"color": theme.GREEN, "size": style.marker + 4},
            },
        ],
        "layout": layout,
    }
    return theme.finish(figure, style)
