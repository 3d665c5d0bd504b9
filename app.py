"""Activation Explorer: the router. Pages live in app_pages/, the maths in activations/."""

import streamlit as st

st.set_page_config(
    page_title="Activation Explorer",
    page_icon=":material/ssid_chart:",
    layout="wide",
    # A projector needs every pixel: a presentation link opens with the sidebar folded away.
    initial_sidebar_state="collapsed" if st.query_params.get("present") == "1" else "auto",
)
pages = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/grid_view:", default=True),
    st.Page("app_pages/explorer.py", title="Explorer", icon=":material/show_chart:"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/stacked_line_chart:"),
    st.Page("app_pages/gradients.py", title="Gradient flow", icon=":material/layers:"),
    st.Page("app_pages/softmax.py", title="Softmax", icon=":material/bar_chart:"),
]
st.navigation(pages).run()
