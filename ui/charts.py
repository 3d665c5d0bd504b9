"""Showing a figure: one call for every chart, and the cheap path into st.plotly_chart.

``st.plotly_chart`` re-validates a plain dict by building a ``plotly.graph_objects.Figure`` from
it: 130 ms per rerun for the explorer's animated chart, against 2 ms to build the dict. Given a
``Figure``, it only calls ``to_dict()``. ``Prebuilt`` is a Figure that returns our dict as is. The
dicts come from the pure builders in :mod:`ui.figures`, and the tests validate every one of them
with a real ``go.Figure``, so nothing unchecked reaches the browser.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui.theme import chart_config


class Prebuilt(go.Figure):
    """A Plotly figure whose spec our own builders made (and the tests validate)."""

    def __init__(self, spec: dict) -> None:  # deliberately skips Figure's validating constructor
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def plot(
    figure: dict,
    *,
    key: str,
    filename: str,
    alt: str,
    container: Any = st,
    fill: bool = False,
) -> None:
    """Draw ``figure`` with the shared mode bar, a PNG export named ``filename``, and alt text.

    ``fill`` (presentation mode): the chart takes the rest of the first screen below its top, and
    at least ``theme.FILL_FLOOR`` pixels, instead of its figure's fixed height. A figure cannot
    know what is above it, nor the window: the browser measures the top of the chart's frame
    (``theme.FIT_SCRIPT``, again whenever a note, a second row of chips, a formula box or the
    sidebar moves it), CSS sizes the frame (``theme.PRESENTATION_CSS``), and Streamlit
    stretches the chart to it.
    """
    config = chart_config(filename)
    if not fill:
        container.plotly_chart(Prebuilt(figure), key=key, config=config, alt=alt)
        return
    frame = "ae-fill-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    with container.container(key=frame):
        st.plotly_chart(Prebuilt(figure), key=key, config=config, alt=alt, height="stretch")


# The plot area's height over its width that true_slopes allows: a curve flatter than the first
# (sigmoid over ±6) is stretched upwards to it, a steeper one (x³) squeezed down to the second.
FLATTEST, STEEPEST = 0.3, 1.2


def true_slopes(figure: dict, x_span: float, *curves: Any) -> dict:
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
