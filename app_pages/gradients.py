"""Gradient flow: stack layers and watch gradients vanish, explode, or flow."""

import numpy as np
import streamlit as st

import activations
from activations import budget, initialisation, propagation
from activations.numbers import number
from ui import chrome, compute, controls, custom_formula, heavy
from ui.charts import plot
from ui.figures import (
    chain_figure,
    distribution_figure,
    fractions_figure,
    layer_figure,
    phase_figure,
)
from ui.figures.gradients import coincident, shared_range
from ui.lessons import GRADIENT_PROMPTS
from ui.theme import EDGE, HIGH, LOW, series_colour

PAGE = "gradients"
# The variances in Streamlit's text, typeset by its KaTeX: not the ASCII "σ_w²".
SW2, SB2 = r"$\sigma_w^2$", r"$\sigma_b^2$"
MAX_FUNCTIONS = 4
DEFAULT_FNS = ["sigmoid", "tanh", "relu"]
WIDTHS = (16, 32, 64, 128, 256, 512, 1024)
CHAIN_X0, CHAIN_W = 0.5, 1.0
url, present = chrome.start(PAGE)
style = chrome.style(present)

st.title("Gradient flow")
chrome.purpose(
    "Why did deep sigmoid networks not train, and what changed with ReLU and good initialisation? "
    "A random network is simulated live; dashed lines are mean-field theory.",
    present,
)

# On a projector a typed formula's box joins the first row: a row more would push the first
# chart off a 1280×720 screen.
beside = present and custom_formula.CUSTOM in url.peek("fns")
row = st.columns([3, 3.2, 1.5, 1.5] if beside else [3, 2, 2], gap="medium")
fns = controls.functions_picker(
    url, DEFAULT_FNS, MAX_FUNCTIONS, title="Activations", container=row[0]
)
depth = url.slider("depth", "Depth (layers)", 1, compute.MAX_DEPTH, default=30, container=row[-2])
width = url.select_slider(
    "width",
    "Width (units)" if beside else "Width (units per layer)",
    WIDTHS,
    default=256,
    container=row[-1],
)
typed = (
    custom_formula.formula_box(url, compact=present, container=row[1] if beside else st)
    if custom_formula.CUSTOM in fns
    else None
)

row = st.columns([3, 2, 2], gap="medium")
init = controls.initialisation_picker(
    url,
    help=r"Xavier and LeCun: $\sigma_w^2 = 1$. He: $\sigma_w^2 = 2$. Custom: the slider.",
    container=row[0],
)
custom_init_sigma_w2 = url.slider(  # what init=custom uses
    "sw2",
    r"Weight variance $\sigma_w^2$",
    0.1,
    4.0,
    default=1.5,
    step=0.05,
    disabled=init != "custom",
    help="Used by the Custom initialisation.",
    container=row[1],
)
sigma_w2 = initialisation.sigma_w2(init, custom_init_sigma_w2)
sigma_b2 = url.slider(
    "sb2", r"Bias variance $\sigma_b^2$", 0.0, 1.0, default=0.0, step=0.01, container=row[2]
)
seed = url.number("seed", "Random seed", 0, 9999, default=0, step=1, container=st.sidebar)

if not fns:
    st.info("Pick at least one activation.")
    chrome.finish(url)
    st.stop()

specs = custom_formula.specs(fns, typed)  # registry keys, and the typed formula if picked
names = [activations.resolve(spec).name for spec in specs]
asked = depth
depth = compute.simulated_depth(tuple(specs), depth, width)  # within a page's work budget
if depth < asked:
    st.info(
        f"Simulating {depth} of the {asked} layers asked for: {len(specs)} "
        f"{'activation' if len(specs) == 1 else 'activations'} at width {width} would be more "
        f"work than the server gives one page (about {budget.PAGE_BUDGET / 1e9:g} s of a core). Fewer layers, a smaller "
        "width or fewer activations simulate in full.",
        icon=":material/speed:",
    )
try:
    simulations = compute.simulations(tuple(specs), depth, width, sigma_w2, sigma_b2, seed)
except heavy.ServerBusyError as busy:
    heavy.busy_note(busy)
    chrome.finish(url)
    st.stop()
theories = [compute.mean_field(spec, depth, sigma_w2, sigma_b2) for spec in specs]
chains = [compute.chain(spec, depth, CHAIN_X0, CHAIN_W) for spec in specs]


def plot_saying_what_hides(figure: dict, **options: object) -> None:
    """Draw a chart, and say under it which of its lines lie on each other (computed from its
    data by :func:`coincident`): a line hidden under another is not a line the class can see."""
    plot(figure, **options)  # type: ignore[arg-type]
    for sentence in coincident(figure):
        st.caption(sentence)


st.subheader("1 · The chain rule in one line")
plot_saying_what_hides(
    chain_figure(
        [(name, c.product) for name, c in zip(names, chains, strict=True)],
        propagation.sigmoid_chain_bound(depth, CHAIN_W) if "sigmoid" in fns else None,
        style,
    ),
    key=url.key("chain"),
    filename="gradient-chain",
    alt="Product of local derivatives along a chain of single units, on a log axis.",
    fill=present,
)
with chrome.explanation(present):
    sigmoid_slope = compute.properties("sigmoid", ()).max_slope
    bound_sentence = (
        f" Sigmoid's slope is at most {sigmoid_slope:g}, so with w = {CHAIN_W:g} its product can "
        f"never beat {sigmoid_slope * abs(CHAIN_W):g}ᴸ (the dotted line)."
        if "sigmoid" in fns
        else ""
    )
    st.caption(
        f"A chain of single units aₗ = φ(w·aₗ₋₁) from a₀ = {CHAIN_X0:g}, w = {CHAIN_W:g}. "
        "Backpropagation multiplies one local factor w·φ′ per unit." + bound_sentence
    )

st.subheader("2 · Gradient size per layer")
headline = st.columns(len(fns))
for column, name, sim in zip(headline, names, simulations, strict=True):
    ratio = float(sim.grad_rms[0] / sim.grad_rms[-1]) if sim.grad_rms[-1] else float("nan")
    if not np.isfinite(ratio):  # a typed formula undefined or overflowing on what a layer gets
        column.metric(name, "—", help="The gradient is not a finite number in some layer.")
        column.caption("the gradient is undefined or overflows in some layer")
        continue
    shown = number(ratio, 2)
    column.metric(
        name,
        f"{shown}×",
        help=f"Layer 1 receives {shown} times the gradient at layer {depth} (RMS of ∂L/∂h).",
    )
    column.caption(f"layer 1 gets {shown} of layer {depth}'s gradient")
plot_saying_what_hides(
    layer_figure(
        [(n, s.grad_rms, t.grad_rms) for n, s, t in zip(names, simulations, theories, strict=True)],
        style,
    ),
    key=url.key("layers"),
    filename="gradient-per-layer",
    alt="RMS gradient per layer for each activation: simulation solid, theory dashed.",
)
with chrome.explanation(present):
    st.caption(
        f"The simulation: a batch of {compute.simulation_batch(width)} random inputs through "
        f"{depth} layers of {width} units, one random draw (seed {seed}) shared by every "
        "activation; the gradient at the top is random too. Theory assumes infinitely wide layers."
    )

st.subheader("3 · What the units are doing")
columns = st.columns(min(len(fns), 2))
activation_range = shared_range([sim.percentiles for sim in simulations])
for index, (key, name, sim) in enumerate(zip(fns, names, simulations, strict=True)):
    plot(
        distribution_figure(
            name, sim.percentiles, series_colour(name, names, style), style, activation_range
        ),
        key=url.key(key, "dist"),
        filename=f"activations-{key}",
        alt=f"Percentile bands of {name}'s activations in each layer.",
        container=columns[index % len(columns)],
    )
plot_saying_what_hides(
    fractions_figure(
        [
            (n, s.saturated_fraction, s.dead_fraction)
            for n, s in zip(names, simulations, strict=True)
        ],
        style,
    ),
    key=url.key("fractions"),
    filename="saturated-and-dead",
    alt="Fraction of saturated and of dead units in each layer.",
)
with chrome.explanation(present):
    st.caption(
        f"Saturated: |φ′(h)| < {propagation.SATURATION_THRESHOLD:g}, so almost no gradient "
        "passes. Dead here: φ′(h) = 0 exactly on that input, as for ReLU on a negative one (the "
        "training lab calls a unit dead only when that holds on every point). Sigmoid saturates "
        "when its inputs drift away from 0; on each input ReLU switches off about half its units "
        "in every layer, and He initialisation doubles "
        f"{SW2} to make up for it."
    )

first = fns[0]
st.subheader(f"4 · Order to chaos: {names[0]}")
try:
    phase = compute.phase_diagram(specs[0])
except heavy.ServerBusyError as busy:
    phase = None
    heavy.busy_note(busy)
if phase is not None:
    plot(
        phase_figure(
            names[0], phase.sigma_w2, phase.sigma_b2, phase.chi, (sigma_w2, sigma_b2), style
        ),
        key=url.key("phase"),
        filename=f"phase-{first}",
        alt=f"Heat map of log chi_1 for {names[0]} over weight and bias variance, with the "
        "chi_1 = 1 line.",
    )
    if not np.isfinite(phase.chi).all():
        st.info(
            f"χ₁ is not a finite number for {names[0]} at some {SW2} and {SB2} (blank cells): the "
            "function or its slope is undefined, or overflows, for some inputs a layer receives.",
            icon=":material/info:",
        )
    elif not (phase.chi > 1).any():
        st.info(
            f"χ₁ < 1 everywhere in this window: {names[0]} stays in the ordered phase, where "
            f"gradients shrink with depth, for every {SW2} up to {phase.sigma_w2.max():g} and {SB2} "
            f"up to {phase.sigma_b2.max():g}.",
            icon=":material/info:",
        )
elif compute.phase_grid(specs[0]) is None:
    st.info(
        f"The phase diagram of {names[0]} is left out: this formula is costly enough to evaluate "
        "that mapping it would be more work than the server gives one page.",
        icon=":material/speed:",
    )
with chrome.explanation(present):
    st.caption(
        f"χ₁ = {SW2} E[φ′(h)²] at the variance fixed point q*. Below 1 ({LOW.word}) gradients "
        f"shrink every layer, above 1 ({HIGH.word}) they grow: deep networks train near the "
        f"{EDGE.word} line χ₁ = 1."
    )
    st.subheader("Try this")
    st.markdown("\n".join(f"- {prompt}" for prompt in GRADIENT_PROMPTS.values()))

chrome.finish(url)
