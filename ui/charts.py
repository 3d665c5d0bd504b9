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
    fill_below: int | None = None,
) -> None:
    """Draw ``figure`` with the shared mode bar, a PNG export named ``filename``, and alt text.

    ``fill_below``: in presentation mode, the page's height above the chart, in pixels. The chart
    then takes the rest of the first screen (and at least ``MIN_FILL`` pixels), whatever the
    projector's resolution, instead of its figure's fixed height: a figure cannot know the
    viewport, but CSS can size the chart's container and Streamlit stretches the chart to it.
    """
    config = chart_config(filename)
    if fill_below is None:
        container.plotly_chart(Prebuilt(figure), key=key, config=config, alt=alt)
        return
    frame = "fill-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    # Our own constant CSS with a sanitised key: no user text reaches it.
    container.html(
        f"<style>[data-testid='stLayoutWrapper']:has(> .st-key-{frame}) {{ flex: 0 0 auto; "
        f"height: max({MIN_FILL}px, calc(100vh - {fill_below}px)); }} "
        f".st-key-{frame}, .st-key-{frame} > [data-testid='stElementContainer'] "
        "{ height: 100%; }</style>"
    )
    with container.container(key=frame):
        st.plotly_chart(Prebuilt(figure), key=key, config=config, alt=alt, height="stretch")


MIN_FILL = 300
