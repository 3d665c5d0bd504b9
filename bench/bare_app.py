"""The floor for bench/explorer_latency.py: one bound slider and one two-trace chart."""

import numpy as np
import streamlit as st

st.title("Bare app")
alpha = st.slider("alpha", 0.0, 3.0, 1.0, 0.05, key="alpha", bind="query-params")
x = np.linspace(-6.0, 6.0, 801)
y = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))
dy = np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
st.plotly_chart(
    {
        "data": [
            {"type": "scatter", "x": x.tolist(), "y": y.tolist(), "name": "f"},
            {"type": "scatter", "x": x.tolist(), "y": dy.tolist(), "name": "f'"},
        ]
    }
)
