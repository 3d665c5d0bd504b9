"""The compare page's charts: several functions, or their derivatives, on one chart."""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import NDArray

from ui import theme
from ui.figures.common import break_at_jumps


def overlay_figure(
    curves: Sequence[tuple[str, NDArray, NDArray, Sequence[float]]],
    *,
    derivative: bool,
    style: theme.Style = theme.NORMAL,
    band: float | None = None,
) -> dict:
    """Several functions (or their derivatives) on one chart, one colour each; each curve is
    ``(name, x, y, kinks)`` and its line breaks where it jumps at a kink."""
    broken = [(name, *break_at_jumps(x, y, kinks)) for name, x, y, kinks in curves]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": xs,
            "y": ys,
            # The function's own colour and dash on f and f′ alike: the axis says which is shown.
            "line": {**theme.series_line(name, [c[0] for c in curves], style), "width": style.line},
            # On a projector the f chart's legend names the same colours: the f′ chart's own
            # would take the room of its plot (eight functions are eight rows on a narrow chart).
            "showlegend": style.full_legend or not derivative,
        }
        for name, xs, ys in broken
    ]
    layout = theme.base_layout(style)
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": theme.title("f′(x)" if derivative else "f(x)", style),
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
        # Named in the legend, not by a label inside the plot, where curves pass under it.
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [None],
                "y": [None],
                "fill": "toself",
                "fillcolor": theme.VANISH_FILL,
                "line": {"color": theme.ORANGE, "width": 1},
                "name": f"vanishing: |f′| < {band:g}",
                "hoverinfo": "skip",
            }
        )
    return theme.finish({"data": data, "layout": layout}, style)
