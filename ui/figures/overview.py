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
    """Two linear layers vs the single line they collapse into, and the same net with φ."""
    data = [
        line("two linear layers", x, linear, theme.BLUE, style.line * 2.2, opacity=0.45),
        line("one linear map W₁W₂", x, collapsed, theme.BLUE, style.line, dash="dash"),
    ]
    if with_activation is not None:
        name = f"same layers with {activation_name} between"
        data.append(line(name, x, with_activation, theme.VERMILLION, style.line))
    layout = theme.base_layout(style, height=int(style.height * 0.7))
    axis(layout, "yaxis", "network output", style)
    return theme.finish({"data": data, "layout": layout}, style)
