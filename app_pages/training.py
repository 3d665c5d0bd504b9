"""Training lab: the same data, the same initial weights, a different activation in each run."""

import numpy as np
import streamlit as st

import activations
from activations import budget, training
from ui import cards, chrome, compute, controls, custom_formula, heavy, theme
from ui.charts import plot
from ui.figures import boundary_figure, curves_figure, layers_figure
from ui.lessons import TRAINING_PROMPTS
from ui.pages import BY_NAME

PAGE = "training"
MAX_FUNCTIONS = 4
DEFAULT_FNS = ["identity", "tanh", "relu"]
WIDTHS = (2, 4, 8, 16, 32, 64)
RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
STEPS = (50, 100, 200, 300, 500, 1000, 2000)
BATCHES = ("full", "8", "16", "32", "64", "128")
L2 = (0.0, 1e-4, 1e-3, 1e-2, 1e-1)
OPT_LABELS = {"sgd": "SGD", "momentum": "Momentum", "adam": "Adam"}
url, present = chrome.start(PAGE)
style = chrome.style(present)

# On a projector the boundaries need the height: the title shares its row with the activations,
# and the data and the network fold into one popover beside them.
if present:
    head = st.columns([3, 5, 2], gap="medium", vertical_alignment="bottom")
    head[0].title("Training lab")
    settings = head[2].popover("Data and network", icon=":material/tune:", width="stretch")
    row = [head[1], *settings.columns(3, gap="medium")]
else:
    st.title("Training lab")
    row = st.columns([4, 2, 2, 2], gap="medium")
chrome.purpose(
    "Each activation trains the same network on the same data from the same initial weights: "
    "the activation is the only difference. Press Play to watch the boundaries form.",
    present,
)

fns = controls.functions_picker(
    url, DEFAULT_FNS, MAX_FUNCTIONS, title="Activations", container=row[0]
)
data_name = url.choice("data", "Data", training.DATASETS, default="circle", container=row[1])
n = url.slider("n", "Points", 50, 1000, default=400, step=50, container=row[2])
noise = url.slider("noise", "Noise", 0.0, 0.5, default=0.1, step=0.05, container=row[3])
typed = custom_formula.formula_box(url, compact=present) if custom_formula.CUSTOM in fns else None
# A typed formula's α and β, as on Compare (custom.alpha=…): without them α would silently be 1.
typed_params = (
    {
        p.name: controls.param_slider(url, typed, p, url_key=f"custom.{p.name}", container=c)
        for p, c in zip(typed.params, st.columns(4)[: len(typed.params)], strict=True)
    }
    if typed is not None and typed.params
    else {}
)

# The boundaries are the first screen's: the network and the schedule make way for them. On a
# projector they fold away with the data; otherwise they stand in the sidebar, beside the chart
# they change, as the advanced settings do.
row = settings.columns([2, 2, 4, 2], gap="medium") if present else [st.sidebar] * 4
depth = url.slider("depth", "Hidden layers", 1, 8, default=2, container=row[0])
width = url.select_slider("width", "Units per layer", WIDTHS, default=8, container=row[1])
init = controls.initialisation_picker(url, container=row[2])
sigma_w2 = url.slider(
    "sw2", r"Weight variance $\sigma_w^2$", 0.1, 4.0, default=1.0, step=0.1,
    disabled=init != "custom",
    container=row[3],
)  # fmt: skip

row = settings.columns([4, 4, 3], gap="medium") if present else [st.sidebar] * 3
optimizer = url.choice(
    "opt",
    "Optimiser",
    list(OPT_LABELS),
    default="adam",
    widget="segmented_control",
    format_func=OPT_LABELS.get,
    container=row[0],
)
rate = url.select_slider(
    "lr", "Learning rate (log scale)", RATES, default=0.03, format_func=lambda r: f"{r:g}",
    container=row[1],
)  # fmt: skip
steps = url.select_slider("steps", "Steps", STEPS, default=500, container=row[2])
# The advanced settings sit in the sidebar, beside the seed.
batch = url.choice("batch", "Batch size", BATCHES, default="full", container=st.sidebar)
l2 = url.select_slider(
    "l2", "L2 weight decay", L2, default=0.0, format_func=lambda v: f"{v:g}", container=st.sidebar
)
seed = url.number("seed", "Random seed", 0, 9999, default=0, step=1, container=st.sidebar)

if not fns:
    st.info("Pick at least one activation.")
    chrome.finish(url)
    st.stop()

specs = custom_formula.specs(fns, typed)  # registry keys, and the typed formula if picked
names = [activations.resolve(spec).name for spec in specs]
try:
    train_set, test_set, runs, trained = compute.training_runs(
        tuple(specs),
        training.DataSettings(data_name, n, noise, seed),
        training.NetworkSettings((width,) * depth, init, sigma_w2 if init == "custom" else None),
        training.Schedule(optimizer, rate, steps, None if batch == "full" else int(batch), l2),
        tuple(sorted(typed_params.items())),
    )
except heavy.ServerBusyError as busy:
    heavy.busy_note(busy)
    chrome.finish(url)
    st.stop()
if trained < steps:
    st.info(
        f"Each activation trains {trained} of the {steps} steps asked for: {len(specs)} "
        f"{'network' if len(specs) == 1 else 'networks'} of {depth} × {width} units on {n} "
        "points for every step would be more work than the server gives one page (about "
        f"{budget.PAGE_BUDGET / 1e9:g} s of a core). Fewer steps, layers, units, points or "
        "activations train in full.",
        icon=":material/speed:",
    )

# A note on a run (it blew up, a layer died) stands above the chart, which it explains.
for name, run in zip(names, runs, strict=True):
    if run.blowup is not None:
        st.warning(f"{name}: {cards.blowup_sentence(run.blowup)}", icon=":material/warning:")
    dead = [i + 1 for i, share in enumerate(run.dead_fraction[-1]) if share == 1.0]
    if dead:  # nothing learns at or below this layer any more: say so, and why the chart is empty
        st.warning(
            f"{name}: every unit of hidden layer {dead[-1]} is dead at the last step (φ′ = 0 on "
            f"every training point), so no gradient reaches the weights of layer {dead[-1]} or "
            "any layer below it: they can no longer learn. A gradient of exactly 0 has no place "
            "on the log axis of the gradient chart.",
            icon=":material/heart_broken:",
        )

if not present:  # the chart fills the first screen in this mode too (theme's rule is a projector's)
    st.html(f"<style>{theme.FILL_CSS}</style>")
plot(
    # A projector is short of height: there the loss strip goes beside the panels, as it does
    # for one panel alone; in a page narrowed by the sidebar, under two or more.
    boundary_figure(names, runs, train_set, style, strip_beside=present or len(names) == 1),
    key=url.key("boundary"),
    filename="training-boundaries",
    alt="Decision boundaries of each activation's network, playable over the training steps.",
    fill=True,
)
# The test accuracy after the last step, also each panel's title at the last frame: on a
# projector the panels' titles say it.
if not present:
    for column, name, run in zip(st.columns(len(fns)), names, runs, strict=True):
        last = run.test_accuracy[np.isfinite(run.test_accuracy)]
        column.metric(
            name,
            f"{last[-1]:.0%}" if len(last) else "—",
            help="Accuracy on the held-out test points after the last step.",
        )
with chrome.explanation(present):
    st.caption(
        f"Colour: the network's probability of class 1 ({theme.CLASS_1.word}) against class 0 "
        f"({theme.CLASS_0.word}); the line through each panel: P = 50 %, where its decision "
        f"changes; dots: the {len(train_set.y)} training points. "
        f"{len(test_set.y)} more points are held out for the test curves."
    )

left, right = st.columns(2, gap="medium")
plot(
    curves_figure(
        names,
        [(run.loss, run.test_loss) for run in runs],
        ("train", "test"),
        "loss",
        style,
        log=True,
    ),
    key=url.key("loss"),
    filename="training-loss",
    alt="Training and test loss per step for each activation.",
    container=left,
)
plot(
    curves_figure(
        names,
        [(run.accuracy, run.test_accuracy) for run in runs],
        ("train", "test"),
        "accuracy",
        style,
    ),
    key=url.key("accuracy"),
    filename="training-accuracy",
    alt="Training and test accuracy per step for each activation.",
    container=right,
)

left, right = st.columns(2, gap="medium")
snapshot_steps = [run.snapshot_steps for run in runs]  # each run's own (one may have blown up)
plot(
    layers_figure(
        names,
        snapshot_steps,
        [run.dead_fraction for run in runs],
        "fraction of dead units",
        style,
        last_step=trained,
    ),
    key=url.key("dead"),
    filename="training-dead-units",
    alt="Fraction of dead units in each hidden layer over training.",
    container=left,
)
plot(
    layers_figure(
        names,
        snapshot_steps,
        [run.inactive_fraction for run in runs],
        "fraction of inactive units",
        style,
        last_step=trained,
    ),
    key=url.key("inactive"),
    filename="training-inactive-units",
    alt="Fraction of inactive units (pre-activation at most 0 on every point) in each layer.",
    container=right,
)
left, right = st.columns(2, gap="medium")
plot(
    layers_figure(
        names,
        snapshot_steps,
        [run.grad_rms for run in runs],
        "RMS of ∂L/∂W",
        style,
        log=True,
        layer_names=[*(f"layer {i + 1}" for i in range(depth)), "output"],
        last_step=trained,
    ),
    key=url.key("grads"),
    filename="training-gradients",
    alt="RMS of the loss gradient with respect to each layer's weights over training.",
    container=left,
)
# The runs that learned an α (the core decides which activations do: PReLU's).
learned = [i for i, run in enumerate(runs) if run.alphas.ndim == 2 and run.alphas.shape[1]]
if learned:
    index = learned[0]
    plot(
        layers_figure(
            [names[index]],
            [snapshot_steps[index]],
            [runs[index].alphas],
            "learned α",
            style,
            last_step=trained,
        ),
        key=url.key("alphas"),
        filename="training-prelu-alpha",
        alt=f"{names[index]}'s learned slope α in each hidden layer over training.",
        container=right,
    )

with chrome.explanation(present):
    st.caption(
        "Dead: a unit whose φ′ is 0 on every training point, so no gradient reaches its weights. "
        "Inactive: a unit whose pre-activation is at most 0 on every training point; for ReLU "
        "that is the same as dead, while Leaky ReLU's inactive units still pass a gradient, "
        "scaled by its α. "
        "Gradients are the RMS of ∂L/∂W for each layer's weights, the output layer last. Loss: "
        "the mean binary cross-entropy of the output logit, on every training point. A step is "
        "one mini-batch (the whole training set at the full batch; otherwise batches from a "
        "fresh shuffle each epoch, a last short one dropped). The seed draws the data, the "
        "train/test split, the initial weights and the batch order."
    )
    st.subheader("Try this")
    st.caption(
        "Each button sets every control its sentence relies on; what it says holds on at least "
        "9 of seeds 0–9 at those settings."
    )
    for prompt in TRAINING_PROMPTS:
        text, go = st.columns([6, 1], vertical_alignment="center")
        text.markdown(prompt.text)
        go.page_link(
            BY_NAME[PAGE].script,
            label="Set it up",
            icon=":material/tune:",
            query_params=prompt.settings,
        )

chrome.finish(url)
