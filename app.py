"""Activation Explorer: the router. Pages live in app_pages/, the maths in activations/."""

import streamlit as st
from threadpoolctl import threadpool_limits

from ui.pages import PAGES

# A server's parallelism is its many sessions, not one rerun's matrix products: the small products
# here gain little from a second BLAS thread, whose spin-waiting cost 40 % more CPU per gradient
# page rerun (bench/classroom.py). Once per process: the router runs before every page.
threadpool_limits(limits=1, user_api="blas")

st.set_page_config(
    page_title="Activation Explorer",
    page_icon=":material/ssid_chart:",
    layout="wide",
    # A projector needs every pixel: a presentation or stage link opens with the sidebar folded.
    initial_sidebar_state="collapsed"
    if "1" in (st.query_params.get("present"), st.query_params.get("stage"))
    else "auto",
)
pages = [st.Page(p.script, title=p.title, icon=p.icon, default=p.default) for p in PAGES]
st.navigation(pages).run()
