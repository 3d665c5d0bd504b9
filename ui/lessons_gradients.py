"""Prompts for the gradient-flow page."""

GRADIENT_PROMPTS = (
    "Sigmoid at depth 30 with Xavier: how small is the first layer's gradient? Now ReLU with He.",
    "ReLU with Xavier (σ_w² = 1): by what factor does the gradient shrink per layer? Why ½?",
    "Tanh with a custom σ_w² of 1.5: watch the phase diagram's marker cross into chaos.",
    "Raise σ_b² for tanh: where does the edge of chaos move?",
)
