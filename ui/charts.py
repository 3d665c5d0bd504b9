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
