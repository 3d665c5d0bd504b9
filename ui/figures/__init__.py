"""Plotly figure builders, a module per page: pure functions from arrays to plain-dict figures.

Plain dicts cost nothing to build and are testable without Streamlit. Curves carry the core's
exact values; only animation frames are rounded, to keep their JSON small.
"""

from ui.explorer_view import ExplorerView, SweepFrame
from ui.figures.common import break_at_jumps, runs
from ui.figures.compare import overlay_figure
from ui.figures.explorer import explorer_figure
from ui.figures.gradients import (
    chain_figure,
    distribution_figure,
    fractions_figure,
    layer_figure,
    phase_figure,
)
from ui.figures.overview import collapse_figure
from ui.figures.softmax import entropy_figure, jacobian_heatmap, softmax_bars
from ui.figures.training import boundary_figure, curves_figure, layers_figure

__all__ = [
    "ExplorerView",
    "SweepFrame",
    "boundary_figure",
    "break_at_jumps",
    "chain_figure",
    "collapse_figure",
    "curves_figure",
    "distribution_figure",
    "entropy_figure",
    "explorer_figure",
    "fractions_figure",
    "jacobian_heatmap",
    "layer_figure",
    "layers_figure",
    "overlay_figure",
    "phase_figure",
    "runs",
    "softmax_bars",
]
