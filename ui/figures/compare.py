"""The compare page's charts: several functions, or their derivatives, on one chart."""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import NDArray

from ui import theme
from ui.figures.common import break_at_jumps

# Up to this many functions are named in each chart's legend (on a projector, in the f chart's
# alone: the f′ chart has the same colours); more are shared between the two charts' legends,
# side by side, so that eight take two rows, not four (or nine) rows over two narrow charts.
ONE_LEGEND = 4


def _listed(names: list[str], *, derivative: bool, style: theme.Style) -> set[str]:
    """The functions this chart's legend names: up to ``ONE_LEGEND``, every one (on a projector,
    on the f chart only); more, the first half on the f chart and the rest on the f′ chart beside
    it, which reads on as one legend."""
    if len(names) > ONE_LEGEND:
        half = -(-len(names) // 2)
        return set(names[half:] if derivative else names[:half])
    if style.full_legend:
        return set(names)
    return set() if derivative else set(names)


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
    listed = _listed([name for name, *_ in curves], derivative=derivative, style=style)
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": xs,
            "y": ys,
            # The function's own colour and dash on f and f′ alike: the axis says which is shown.
            "line": {**theme.series_line(name, [c[0] for c in curves], style), "width": style.line},
            "showlegend": name in listed,
        }
        for name, xs, ys in broken
    ]
    layout = theme.base_layout(style)
    shared = len(curves) > ONE_LEGEND
    if shared:  # two entries a row, each half the plot's width, whatever their names' lengths
        layout["legend"] = {**layout["legend"], "entrywidthmode": "fraction", "entrywidth": 0.5}
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": theme.title("f′(x)" if derivative else "f(x)", style),
    }
    if band is not None and shared:  # the legend's rows are the functions': the x-axis names it
        title = f"x   (shaded: |f′| < {band:g})"
        layout["xaxis"] = {**layout["xaxis"], "title": theme.title(title, style)}
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
                "showlegend": not shared,
            }
        )
    return theme.finish({"data": data, "layout": layout}, style)
