"""The overview's chart: two linear layers collapse into one line, unless φ sits between."""

from __future__ import annotations

from numpy.typing import NDArray

from ui import theme
from ui.figures.common import axis, line


def collapse_figure(
    x: NDArray,
    linear: NDArray,
    collapsed: NDArray,
    with_activation: NDArray | None,
    activation_name: str,
    style: theme.Style = theme.NORMAL,
) -> dict:
    """Two linear layers vs the single line they collapse into, and the same net with φ. The
    linear layers are drawn in Identity's colour (they are the identity activation), the network
    with φ in φ's own."""
    shown = ["Identity", activation_name]
    linear_colour = theme.series_colour("Identity", shown, style)
    data = [
        line("two linear layers", x, linear, linear_colour, style.line * 2.2, opacity=0.45),
        line("one linear map W₁W₂", x, collapsed, linear_colour, style.line, dash="dash"),
    ]
    if with_activation is not None:
        name = f"same layers with {activation_name} between"
        colour = theme.series_colour(activation_name, shown, style)
        data.append(line(name, x, with_activation, colour, style.line))
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    axis(layout, "yaxis", "network output", style)
    return theme.finish({"data": data, "layout": layout}, style)
