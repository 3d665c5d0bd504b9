"""Softmax: a vector of logits becomes a probability vector; its derivative is a matrix."""

import pandas as pd
import streamlit as st

import activations
from activations.numbers import number, subscript
from activations.softmax import (
    entropy,
    log_softmax,
    naive_failure,
    softmax,
    softmax_jacobian,
    softmax_naive,
)
from ui import chrome, compute, theme
from ui.charts import plot
from ui.figures import entropy_figure, jacobian_heatmap, softmax_bars
from ui.urlstate import Numbers

PAGE = "softmax"
DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0)
LOGIT_LIMIT = 10_000.0
TEMPERATURES = (0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0)  # fmt: skip
OVERFLOW_EXAMPLE = (1000.0, 1001.0, 1002.0)
# The logits in the URL (logits=2&logits=1…): a box for how many, and one for each.
LOGITS = Numbers(-LOGIT_LIMIT, LOGIT_LIMIT, DEFAULT_LOGITS, counts=(2, 10))
NAIVE_FAILURES = {
    "overflow": "The naive formula overflows: e^(z/T) is larger than float64 can hold for the "
    "largest logits, so it is inf, and inf/inf is NaN. Subtracting max z first changes nothing "
    "mathematically and keeps every exponent ≤ 0.",
    "sum overflow": "The naive formula overflows in its sum: each e^(z/T) fits in float64 but "
    "their sum does not, so every probability comes out as a number divided by inf, 0. "
    "Subtracting max z first keeps every exponent ≤ 0.",
    "underflow": "The naive formula underflows: e^(z/T) rounds to 0 in float64 for every logit, "
    "so the sum is 0 too, and 0/0 is NaN. Subtracting max z first makes the largest exponent 0, "
    "so at least one term is 1.",
}
url, present = chrome.start(PAGE)
style = chrome.style(present)

st.title("Softmax")
chrome.purpose(
    "Softmax turns a vector of logits z into probabilities p. It is not a curve: "
    "its input is a vector and its derivative is a matrix.",
    present,
)


controls = st.columns([1, 4], gap="medium", vertical_alignment="bottom")


def logit_boxes(key: str) -> list[float]:
    """The number of classes, then a box for each class's logit."""
    count = controls[0].number_input("Classes", *LOGITS.counts, step=1, key=LOGITS.count_key(key))
    boxes = st.columns(int(count))
    return [
        box.number_input(
            f"z{subscript(i + 1)}",
            -LOGIT_LIMIT,
            LOGIT_LIMIT,
            step=0.5,
            key=LOGITS.item_key(key, i),
            format="%g",
        )
        for i, box in enumerate(boxes)
    ]


logits = url.bind("logits", LOGITS, logit_boxes)
temperature = url.select_slider(
    "temp",
    "Temperature T (log scale)",
    TEMPERATURES,
    default=1.0,
    help="Low T sharpens p toward the largest logit; high T flattens it toward uniform.",
    container=controls[1],
)

p = softmax(logits, temperature)
jacobian = softmax_jacobian(logits, temperature)
h = float(entropy(p))

left, right = st.columns(2, gap="large")
left.subheader("Logits → probabilities")
plot(
    softmax_bars(logits, p, style),
    key=url.key("bars"),
    filename="softmax-probabilities",
    alt="Bar charts of the logits and of the softmax probabilities they produce.",
    container=left,
    fill=present,
)
right.subheader("Jacobian ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)/T")
plot(
    jacobian_heatmap(jacobian, style),
    key=url.key("jacobian"),
    filename="softmax-jacobian",
    alt="Heat map of the softmax Jacobian; every row and every column sums to zero.",
    container=right,
    # Its own height, which gives every class a readable row (up to ten), not the screen's rest.
)
right.caption(
    f"Positive entries are {theme.HIGH.word}, negative ones {theme.LOW.word}: the diagonal "
    "pᵢ(1 − pᵢ)/T is never negative (raising zᵢ raises pᵢ), every other entry −pᵢpⱼ/T never "
    "positive (it lowers the other probabilities)."
)

left, right = st.columns(2, gap="large")
left.subheader("Entropy")
temperatures, entropies = compute.entropy_curve(tuple(logits), TEMPERATURES[0], TEMPERATURES[-1])
plot(
    entropy_figure(temperatures, entropies, (temperature, h), len(logits), style),
    key=url.key("entropy"),
    filename="softmax-entropy",
    alt="Entropy of the softmax as temperature varies, with its maximum log K.",
    container=left,
)
with right:
    st.subheader("Overflow: naive vs stable")
    st.button(
        "Load 1000, 1001, 1002",
        on_click=url.preset,
        args=("logits", OVERFLOW_EXAMPLE, LOGITS),
        help="Logits this large overflow exp() in float64.",
    )
    naive = softmax_naive(logits, temperature)
    # A table drawn in HTML, so that its type is the page's (it grows with a projector's
    # screen); ten rows at most need no scrolling or sorting.
    st.table(
        pd.DataFrame(
            {
                "logit": [number(v, 6) for v in logits],
                "naive": [number(v, 4) for v in naive],
                "stable": [number(v, 4) for v in p],
                "log p": [number(v, 4) for v in log_softmax(logits, temperature)],
            },
            index=[f"class {i + 1}" for i in range(len(logits))],
        ),
    )
    st.caption("naive: exp(z/T)/Σ exp(z/T). stable: the same after subtracting max z.")
    failure = naive_failure(logits, temperature)
    if failure is None:
        st.success(
            "Both formulas give finite probabilities here: nothing overflows or underflows yet.",
            icon=":material/check:",
        )
    else:
        st.error(NAIVE_FAILURES[failure], icon=":material/warning:")

with chrome.explanation(present):
    two = st.columns(2, gap="large")
    with two[0]:
        st.subheader("Two classes are a sigmoid")
        z = logits[0]
        pair = float(softmax([z, 0.0])[0])
        sigma = float(activations.get("sigmoid").value(z))
        st.markdown(
            f"softmax over (z₁, 0) gives p₁ = **{number(pair, 10)}**, and σ(z₁) = "
            f"**{number(sigma, 10)}** for z₁ = {number(z)}. The logistic sigmoid is softmax with one logit pinned at 0. "
            "[See sigmoid in the explorer](explorer?fn=sigmoid)."
        )
        st.subheader("Why losses use log-softmax")
        st.markdown(
            "Cross-entropy needs log p. Computing softmax and then its log rounds tiny "
            "probabilities to 0 and returns −∞; log-softmax, (z − max z)/T − log Σ exp(…), stays "
            "exact and finite. The gradient of the cross-entropy −log pᵧ with respect to the "
            f"logits is (p − onehot(y))/T, here with T = {temperature:g}."
        )
    with two[1]:
        st.subheader("Try this")
        st.markdown(
            "- Add 100 to every logit: what changes? (The stable probabilities do not: softmax is "
            "shift-invariant. At a small T, though, the naive column fails: e^(z/T) overflows.)\n"
            "- Drag T to 0.05, then to 20. Where does the entropy go, and why is log K the top?\n"
            "- Why does every row of the Jacobian sum to 0? (Adding the same number to every "
            "logit changes no probability.) And every column? (The probabilities always sum "
            "to 1.)\n"
            "- Press *Load 1000, 1001, 1002* and compare the naive and stable columns.\n"
            "- Now try −1000 and −1001: the naive formula fails again, this time because every "
            "e^(z/T) underflows to 0."
        )

chrome.finish(url)
