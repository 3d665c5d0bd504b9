"""Overview: why activations matter, every function at a glance, and their computed properties."""

import numpy as np
import streamlit as st

import activations
from activations.composition import collapsed_map, random_layers, two_layer_network
from ui import cards, chrome, compute, gallery
from ui.charts import plot
from ui.figures import collapse_figure

PAGE = "overview"
url, present = chrome.start(PAGE)
style = chrome.style(present)

st.title("Activation Explorer")
st.markdown(
    "A neural network alternates linear layers with a **non-linear activation function**. Without "
    "one, any stack of layers is a single linear map, however deep. During training, "
    "backpropagation multiplies the **derivatives** of these functions layer by layer, so their "
    "shape decides whether gradients reach the first layers, fade away, or blow up."
)

st.subheader("Stacked linear layers collapse into one")
left, right = st.columns([1, 3], gap="large", vertical_alignment="center")
seed = url.number("seed", "Random weights (seed)", 0, 9999, default=7, step=1, container=left)
between = url.choice(
    "between",
    "Activation to insert",
    list(activations.REGISTRY),
    default="relu",
    format_func=lambda key: activations.get(key).name,
    container=left,
)
insert = url.toggle("insert", "Insert between layers", default=True, container=left)
layers = random_layers(int(seed))
slope, intercept = collapsed_map(layers)
x = np.linspace(-4, 4, 201)
plot(
    collapse_figure(
        x,
        two_layer_network(x, layers),
        slope * x + intercept,
        two_layer_network(x, layers, between) if insert else None,
        activations.get(between).name,
        style,
    ),
    key=url.key("collapse"),
    filename="linear-collapse",
    alt="Output of two random linear layers: a straight line identical to one linear map.",
    container=right,
    fill=present,
)
left.caption(
    f"Two linear layers of width 8 equal the single line {cards.line_equation(slope, intercept)}. "
    "Insert an activation and the output can bend."
)

st.subheader("Every function at a glance")
st.caption("f solid, f′ dashed, over each function's usual range. Click a card to explore it.")
st.html(gallery.CSS)
# Our own SVG built from the registry and the core's numbers; no user text can reach this HTML.
st.markdown(compute.gallery(chrome.dark()), unsafe_allow_html=True)

st.subheader("Properties, computed from the functions")
with chrome.explanation(present):
    st.caption(
        "Every property is computed by `activations.properties` at the default parameters; only "
        "Family and Since (the year of first known use) are written in the registry. Click a "
        "column header to sort. Cost is measured on this server."
    )
table = compute.properties_table(tuple(activations.REGISTRY))
st.dataframe(
    cards.styled(table),
    hide_index=True,
    column_config=cards.table_columns(),
    height=cards.table_height(len(table)),
    key=url.key("table"),
)

chrome.finish(url)
