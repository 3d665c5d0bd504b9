"""Short "Try this" prompts for students, keyed by registry key. Text only: no maths here.

Every prompt has an id, a short slug unique across the module, so a test finds the one whose
claim it checks wherever it stands in its list."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import activations

# The explorer's prompts: registry key → {id: text}, in the order the page lists them.
EXPLORER_PROMPTS: dict[str, dict[str, str]] = {
    "identity": {
        "identity-no-band": "Turn on the vanishing-gradient band. Why is there none?",
        "identity-layers-collapse": "Open the overview: what do two linear layers without an "
        "activation collapse into?",
    },
    "binary_step": {
        "binary-step-flat": "Look at f′: it is 0 everywhere. What would backpropagation learn "
        "through this unit?",
        "binary-step-vs-sigmoid": "Compare with Sigmoid: which one could a perceptron learning "
        "rule train, and which gradient descent?",
    },
    "sigmoid": {
        "sigmoid-slope-at-0": "Move x₀ to 0. What is f′(0)? Why does that cap how fast "
        "gradients can flow?",
        "sigmoid-band-edge": "Widen the range to ±20 and read off where the vanishing-gradient "
        "band starts.",
        "sigmoid-ten-layers": "Multiply 0.25 by itself ten times: with unit weights, no chain of "
        "ten sigmoids passes back more gradient.",
    },
    "hard_sigmoid": {
        "hard-sigmoid-jumps": "Where does f′ jump? Compare its slope 1/6 with Sigmoid's 1/4 at 0.",
        "hard-sigmoid-past-3": "Move x₀ past 3: what happens to the gradient?",
    },
    "tanh": {
        "tanh-vs-sigmoid": "Compare f′(0) here with Sigmoid's. Why do people say tanh trains "
        "faster?",
        "tanh-band": "Find the x where f′ drops below 0.05.",
    },
    "hardtanh": {
        "hardtanh-slope-at-1": "Put x₀ at exactly 1. Autograd says f′(1) = 0: is that the left "
        "or right slope?",
    },
    "softsign": {
        "softsign-slow-decay": "Widen the range to ±50 and compare how slowly f′ decays with Tanh.",
    },
    "arctan": {"arctan-limits": "What values does f approach far left and far right?"},
    "relu": {
        "relu-slope-at-0": "Put x₀ at exactly 0. Which slope does autograd use there?",
        "relu-dead-zone": "Where is the dead zone? What happens to a unit whose input always "
        "lands there?",
    },
    "relu6": {
        "relu6-two-kinks": "Where are the two kinks? Why might a bounded output help 8-bit "
        "hardware?",
    },
    "leaky_relu": {
        "leaky-alpha-0": "Set α = 0: which function do you get?",
        "leaky-alpha-1": "Set α = 1: which function is that?",
        "leaky-play": "Set α to 0 and press Play: the dead zone is gone as soon as α > 0. Then set "
        "α to 0.03: the vanishing-gradient band is back on the left until α reaches its "
        "threshold, 0.05.",
    },
    "prelu": {
        "prelu-default": "Set α = 0.25 and then 0.01: which matches Leaky ReLU's default?",
        "prelu-learned-1": "In training α is learned. What would a learned α near 1 say about "
        "the layer?",
    },
    "elu": {
        "elu-kink-at-0": "Set α = 1 and look at x = 0: is there a kink in f? In f′?",
        "elu-left-limit": "Press Play: how does α change the value f approaches on the left?",
    },
    "celu": {"celu-vs-elu": "Sweep α: does f′ ever jump at 0? Compare with ELU at α = 2."},
    "selu": {
        "selu-slope-at-0": "Read f′ just left and just right of 0. Why is SELU's slope at 0 "
        "bigger than 1?",
    },
    "gelu": {
        "gelu-minimum": "Find the minimum of f. Why can GELU output negative values at all?",
        "gelu-vs-relu": "Compare with ReLU at x = 2 and at x = −2.",
    },
    "gelu_tanh": {
        "gelu-tanh-vs-gelu": "Open Compare with GELU: can you see any difference at this scale?",
    },
    "swish": {
        "swish-beta-0": "Set β = 0: what straight line do you get?",
        "swish-beta-10": "Push β to 10: which function does Swish approach?",
        "swish-minimum": "Find the minimum, then halve β. Where does the minimum move?",
    },
    "mish": {"mish-vs-swish": "Put x₀ at 0 and read f′(0). Compare with Swish's 0.5."},
    "softplus": {
        "softplus-large-beta": "Raise β: which function does Softplus approach?",
        "softplus-sigmoid-slope": "Why does f′ look exactly like a sigmoid?",
    },
    "logsigmoid": {"logsigmoid-loss": "Why is this the building block of the logistic loss?"},
    "hardswish": {
        "hardswish-steep": "Read f′ just below 3 and at 3. Why is the slope above 1 on (1.5, 3)?",
        "hardswish-vs-swish": "Compare with Swish: where do they differ most?",
    },
    "tanhshrink": {
        "tanhshrink-small-inputs": "Put x₀ at 0: how much gradient passes through small inputs?",
    },
    "gaussian": {"gaussian-monotonic": "Is this function monotonic? Where is f′ largest?"},
}
# For a registered function with no prompts of its own.
FALLBACK_PROMPTS = {"read-the-tangent": "Move x₀ and read the slope of the tangent."}


CUSTOM_PROMPTS: dict[str, str] = {
    "custom-mish": "Press Mish: the formula written from its definition draws the same curves "
    "as the registry's Mish. Now replace tanh with arctan.",
    "custom-swish-to-relu": "Swish is x * sigmoid(beta * x): move β up to 10 and watch it turn "
    "into ReLU.",
    "custom-max-tie": "Type max(x, 0) and put x₀ on 0: the slope there is ½, PyTorch's rule for "
    "a tie in max.",
    "custom-log-and-overflow": "Type log(x): where is it undefined? Then try exp(exp(x)), widen "
    "the range to 10, and find where it overflows.",
}


def explorer_prompts(key: str) -> dict[str, str]:
    """The explorer's prompts for ``key`` (a registry key or "custom"), by id, in page order."""
    if key == "custom":
        return CUSTOM_PROMPTS
    activations.get(key)  # an unknown key is a bug in the caller: raise the registry's error
    return EXPLORER_PROMPTS.get(key, FALLBACK_PROMPTS)


def prompts(key: str) -> tuple[str, ...]:
    """Two or three prompts for ``key``; every registered function has at least one."""
    return tuple(explorer_prompts(key).values())


# By id, so a test finds the one whose claim it checks wherever it stands in the list.
GRADIENT_PROMPTS: dict[str, str] = {
    "sigmoid-then-relu": "Sigmoid at depth 30 with Xavier: how small is the first layer's "
    "gradient? Now ReLU with He.",
    "relu-xavier-rms": "ReLU with Xavier ($\\sigma_w^2 = 1$): by what factor does the gradient's RMS "
    "shrink per layer? (About 1/√2 ≈ 0.71: each layer halves its mean square, because ReLU "
    "passes half its units.)",
    "tanh-edge-of-chaos": "Tanh with a custom $\\sigma_w^2$: move it from 0.5 to 1.5 and watch the phase "
    "diagram's marker cross the line χ₁ = 1 into chaos.",
    "bias-moves-the-edge": "Raise $\\sigma_b^2$ for tanh: where does the edge of chaos move?",
}


@dataclass(frozen=True)
class TrainingPrompt:
    """A "Try this" for the training lab: what to look at, and the link that sets every setting
    it relies on (so what it says does not depend on where the student's controls were). Its
    claim holds on at least 9 of seeds 0–9 at these settings (tests/test_training.py runs all ten
    and states the count it needs)."""

    id: str
    text: str
    settings: dict[str, str | list[str]]

    @property
    def link(self) -> str:
        return "/training?" + urlencode(self.settings, doseq=True)


_LAB = {"data": "circle", "n": "400", "noise": "0.1", "width": "8", "init": "xavier",
        "opt": "adam", "lr": "0.03", "steps": "500", "batch": "full", "l2": "0"}  # fmt: skip
TRAINING_PROMPTS = (
    TrainingPrompt(
        "linear-boundary",
        "Compare Identity with Tanh on the circle. Without a non-linearity the network is one "
        "linear map, so its boundary is a straight line, and no line separates a disc from the "
        "ring around it: Identity's test accuracy stays below 70 % while Tanh's passes 90 %.",
        {**_LAB, "fns": ["identity", "tanh"], "depth": "2"},
    ),
    TrainingPrompt(
        "deep-sigmoid",
        "Six sigmoid layers against six ReLU layers, plain SGD: the sigmoid network stays at the "
        "loss of a coin toss (log 2 ≈ 0.69) while ReLU's falls below 0.1. Its gradient vanishes on "
        "the way down; switch the optimiser to Adam, which rescales each weight's step, and see "
        "how much of that it undoes.",
        {**_LAB, "fns": ["sigmoid", "relu"], "depth": "6", "opt": "sgd", "lr": "0.3"},
    ),
    TrainingPrompt(
        "dying-relu",
        "ReLU and Leaky ReLU with 16 units at Adam's rate of 1: the steps are so large that most "
        "of a ReLU layer ends dead (φ′ = 0 on every point, so it never learns again). Leaky "
        "ReLU's φ′ is never 0: none of its units can die.",
        {**_LAB, "fns": ["relu", "leaky_relu"], "depth": "2", "width": "16", "lr": "1"},
    ),
    TrainingPrompt(
        "prelu-learns",
        "PReLU learns its α, one per layer: watch it move away from 0.25 in each layer.",
        {**_LAB, "fns": ["prelu"], "depth": "2"},
    ),
    TrainingPrompt(
        "initialisation-blows-up",
        "Six Identity layers, SGD at 0.3, with a custom $\\sigma_w^2$ of 4: each layer multiplies the "
        "activations' variance by 4 at the start, and the run blows up (the page says where). "
        "Switch the initialisation to Xavier: at the same rate it trains.",
        {
            **_LAB,
            **{"fns": ["identity"], "depth": "6", "width": "16", "init": "custom", "sw2": "4"},
            **{"opt": "sgd", "lr": "0.3"},
        },
    ),
)
