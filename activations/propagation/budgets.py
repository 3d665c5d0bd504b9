"""Memory budgets for the simulations, in one place: what one call of the core holds at most,
and what the app keeps between reruns (:mod:`ui.compute` reads them).
"""

from __future__ import annotations

from activations.propagation.grams import gram_form

# simulate keeps every layer's weights for the backward pass up to this many bytes; a deeper or
# wider network draws them again instead (same numbers), so one call never holds gigabytes.
WEIGHT_MEMORY_BUDGET = 256 * 2**20
# The app keeps draws (4 at most) only for networks up to this many bytes of weights: 64 layers at
# the default width 256, 16 at width 512, 4 at 1024. Bigger networks draw afresh each time.
KEPT_DRAWS_BYTES = 32 * 2**20
# The app keeps networks (8 at most) while their layers' inputs and slopes fit this: 130 layers of
# three activations at the default width. The worst case for both caches is about 450 MB per
# process.
KEPT_NETWORK_BYTES = 24 * 2**20


def weight_bytes(depth: int, width: int) -> int:
    """Memory for a network's weights: what kept :class:`Draws` hold at this depth."""
    return depth * width * width * 8


def forward_bytes(networks: int, depth: int, width: int, batch: int) -> int:
    """Memory a :class:`Network` holds for its backward pass: each layer's slopes, and its inputs
    or, for a batch well under the width, their batch × batch Gram matrix; and one layer's
    pre-activations, the buffer every layer's product goes to."""
    kept_inputs = batch * batch if gram_form(batch, width) else batch * width
    return networks * (depth * (batch * width + kept_inputs) + batch * width) * 8
