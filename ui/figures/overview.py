"""The overview's chart: two linear layers collapse into one line, unless φ sits between."""

from __future__ import annotations

from numpy.typing import NDArray

from ui import theme
from ui.figures.common import exact


def collapse_figure(
    x: NDArray,
    linear: NDArray,
    collapsed: NDArray,
    with_activation: NDArray | None,
    activation_name: str,
    style: theme.Style = theme.NORMAL,
) -> dict:
    """Two linear layers vs the single line they collapse into, and the same net with φ."""
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "two linear layers",
            "x": exact(x),
            "y": exact(linear),
            "line": {"color": theme.BLUE, "width": style.line * 2.2},
            "opacity": 0.45,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "one linear map W₁W₂",
            "x": exact(x),
            "y": exact(collapsed),
            "line": {"color": theme.BLUE, "width": style.line, "dash": "dash"},
        },
    ]
    if with_activation is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"same layers with {activation_name} between",
                "x": exact(x),
                "y": exact(with_activation),
                "line": {"color": theme.VERMILLION, "width": style.line},
            }
        )
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    layout["yaxis"] = {**layout["yaxis"], "title": theme.title("network output", style)}
    return theme.finish({"data": data, "layout": layout}, style)
