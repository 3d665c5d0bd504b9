"""Overview: every activation at a glance (placeholder table until the gallery lands)."""

import pandas as pd
import streamlit as st

import activations
from ui import chrome

url, present = chrome.start("overview")
st.title("Activation Explorer")
st.write("Every activation function in the library, with its formula.")
table = pd.DataFrame(
    [
        {"Function": spec.name, "Family": activations.FAMILIES[spec.family], "f(x)": spec.formula}
        for spec in activations.REGISTRY.values()
    ]
)
st.dataframe(table, hide_index=True)
chrome.finish(url)
