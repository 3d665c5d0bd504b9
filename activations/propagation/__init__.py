"""Signal and gradient propagation through deep stacks: simulation and mean-field theory.

- :func:`simulate` runs a real random network forward and backward and measures per-layer sizes.
- :func:`mean_field` predicts the same sizes from Gaussian expectations (Poole et al. 2016;
  Schoenholz et al. 2017).
- :func:`chain` is the scalar story: a chain of single units and its product of local slopes.
- :func:`phase_diagram` maps χ₁ at the fixed point over (σ_w², σ_b²): the order-to-chaos picture.

Everything runs in float64: sigmoid gradients reach 1e-40 and below at depth, where float32 ends.
"""

from activations.propagation.budgets import (
    KEPT_DRAWS_BYTES,
    KEPT_NETWORK_BYTES,
    WEIGHT_MEMORY_BUDGET,
    forward_bytes,
    weight_bytes,
)
from activations.propagation.chain import Chain, chain, sigmoid_chain_bound
from activations.propagation.draws import Draws
from activations.propagation.simulation import (
    PERCENTILE_SAMPLE,
    PERCENTILES,
    SATURATION_THRESHOLD,
    Network,
    Simulation,
    simulate,
    simulate_many,
)
from activations.propagation.theory import (
    MeanField,
    PhaseDiagram,
    expected_square,
    mean_field,
    phase_diagram,
    truncate,
)

__all__ = [
    "KEPT_DRAWS_BYTES",
    "KEPT_NETWORK_BYTES",
    "PERCENTILES",
    "PERCENTILE_SAMPLE",
    "SATURATION_THRESHOLD",
    "WEIGHT_MEMORY_BUDGET",
    "Chain",
    "Draws",
    "MeanField",
    "Network",
    "PhaseDiagram",
    "Simulation",
    "chain",
    "expected_square",
    "forward_bytes",
    "mean_field",
    "phase_diagram",
    "sigmoid_chain_bound",
    "simulate",
    "simulate_many",
    "truncate",
    "weight_bytes",
]
