"""Showing a figure: one call for every chart, and the cheap path into st.plotly_chart.

``st.plotly_chart`` re-validates a plain dict by building a ``plotly.graph_objects.Figure`` from
it: 130 ms per rerun for the explorer's animated chart, against 2 ms to build the dict. Given a
``Figure``, it only calls ``to_dict()``. ``Prebuilt`` is a Figure that returns our dict as is. The
dicts come from the pure builders in :mod:`ui.figures`, and the tests validate every one of them
with a real ``go.Figure``, so nothing unchecked reaches the browser.
"""

from __future__ import annotations

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


def plot(figure: dict, *, key: str, filename: str, alt: str, container: Any = st) -> None:
    """Draw ``figure`` with the shared mode bar, a PNG export named ``filename``, and alt text."""
    container.plotly_chart(Prebuilt(figure), key=key, config=chart_config(filename), alt=alt)
