"""Short "Try this" prompts for students, keyed by registry key. Text only: no maths here."""

from __future__ import annotations

import activations

_PROMPTS: dict[str, tuple[str, ...]] = {
    "identity": (
        "Turn on the vanishing-gradient band. Why is there none?",
        "Open the overview: what do two linear layers without an activation collapse into?",
    ),
    "binary_step": (
        "Look at f′: it is 0 everywhere. What would backpropagation learn through this unit?",
        "Compare with Sigmoid: which one could a perceptron learning rule train, and which gradient descent?",
    ),
    "sigmoid": (
        "Move x₀ to 0. What is f′(0)? Why does that cap how fast gradients can flow?",
        "Widen the range to ±20 and read off where the vanishing-gradient band starts.",
        "Multiply 0.25 by itself ten times: with unit weights, no chain of ten sigmoids passes "
        "back more gradient.",
    ),
    "hard_sigmoid": (
        "Where does f′ jump? Compare its slope 1/6 with Sigmoid's 1/4 at 0.",
        "Move x₀ past 3: what happens to the gradient?",
    ),
    "tanh": (
        "Compare f′(0) here with Sigmoid's. Why do people say tanh trains faster?",
        "Find the x where f′ drops below 0.05.",
    ),
    "hardtanh": ("Put x₀ at exactly 1. Autograd says f′(1) = 0: is that the left or right slope?",),
    "softsign": ("Widen the range to ±50 and compare how slowly f′ decays with Tanh.",),
    "arctan": ("What values does f approach far left and far right?",),
    "relu": (
        "Put x₀ at exactly 0. Which slope does autograd use there?",
        "Where is the dead zone? What happens to a unit whose input always lands there?",
    ),
    "relu6": ("Where are the two kinks? Why might a bounded output help 8-bit hardware?",),
    "leaky_relu": (
        "Set α = 0: which function do you get?",
        "Set α = 1: which function is that?",
        "Set α to 0 and press Play: the dead zone is gone as soon as α > 0, and the "
        "vanishing-gradient band once α reaches the threshold.",
    ),
    "prelu": (
        "Set α = 0.25 and then 0.01: which matches Leaky ReLU's default?",
        "In training α is learned. What would a learned α near 1 say about the layer?",
    ),
    "elu": (
        "Set α = 1 and look at x = 0: is there a kink in f? In f′?",
        "Press Play: how does α change the value f approaches on the left?",
    ),
    "celu": ("Sweep α: does f′ ever jump at 0? Compare with ELU at α = 2.",),
    "selu": ("Read f′ just left and just right of 0. Why is SELU's slope at 0 bigger than 1?",),
    "gelu": (
        "Find the minimum of f. Why can GELU output negative values at all?",
        "Compare with ReLU at x = 2 and at x = −2.",
    ),
    "gelu_tanh": ("Open Compare with GELU: can you see any difference at this scale?",),
    "swish": (
        "Set β = 0: what straight line do you get?",
        "Push β to 10: which function does Swish approach?",
        "Find the minimum, then halve β. Where does the minimum move?",
    ),
    "mish": ("Put x₀ at 0 and read f′(0). Compare with Swish's 0.5.",),
    "softplus": (
        "Raise β: which function does Softplus approach?",
        "Why does f′ look exactly like a sigmoid?",
    ),
    "logsigmoid": ("Why is this the building block of the logistic loss?",),
    "hardswish": (
        "Read f′ just below 3 and at 3. Why is the slope above 1 on (1.5, 3)?",
        "Compare with Swish: where do they differ most?",
    ),
    "tanhshrink": ("Put x₀ at 0: how much gradient passes through small inputs?",),
    "gaussian": ("Is this function monotonic? Where is f′ largest?",),
}


CUSTOM_PROMPTS = (
    "Press Mish: the formula written from its definition draws the same curves as the "
    "registry's Mish. Now replace tanh with arctan.",
    "Swish is x * sigmoid(beta * x): move β up and watch it turn into ReLU.",
    "Type max(x, 0) and put x₀ on 0: the slope there is ½, PyTorch's rule for a tie in max.",
    "Type log(x): where is it undefined? Then try exp(exp(x)) and find where it overflows.",
)


def prompts(key: str) -> tuple[str, ...]:
    """Two or three prompts for ``key``; every registered function has at least one."""
    if key == "custom":
        return CUSTOM_PROMPTS
    activations.get(key)  # an unknown key is a bug in the caller: raise the registry's error
    return _PROMPTS.get(key, ("Move x₀ and read the slope of the tangent.",))


GRADIENT_PROMPTS = (
    "Sigmoid at depth 30 with Xavier: how small is the first layer's gradient? Now ReLU with He.",
    "ReLU with Xavier (σ_w² = 1): by what factor does the gradient's RMS shrink per layer? "
    "(About 1/√2 ≈ 0.71: each layer halves its mean square, because ReLU passes half its units.)",
    "Tanh with a custom σ_w²: move it from 0.5 to 1.5 and watch the phase diagram's marker cross "
    "the line χ₁ = 1 into chaos.",
    "Raise σ_b² for tanh: where does the edge of chaos move?",
)


# Each is a scenario a test runs with the page's own settings (tests/test_training.py).
TRAINING_PROMPTS = (
    "With the defaults, compare Identity with Tanh on the circle: without a non-linearity the "
    "boundary is a straight line, and the test accuracy stays near chance.",
    "Set 6 hidden layers and compare Sigmoid with ReLU: after 500 steps the deep sigmoid network "
    "has barely begun to learn.",
    "Pick ReLU and Leaky ReLU, 16 units, SGD at a learning rate of 3: ReLU ends with dead units "
    "(φ′ = 0 on every point), Leaky ReLU with none.",
    "Add PReLU and watch its learned α change in each layer.",
    "Push the learning rate to 10 with SGD and 6 Identity layers at a custom σ_w² of 4: the run "
    "blows up, and the page says where.",
)
