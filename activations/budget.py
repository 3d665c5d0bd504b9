"""Work budgets: what heavy work costs, counted before it starts, in one unit.

A class shares one server, so a page may ask for at most :data:`PAGE_BUDGET` of work per draw,
whatever the link says. The cost is a count, not a clock: the same link gives the same run on any
machine under any load, and a link over the budget is cut down before anything runs (fewer
training steps, fewer simulated layers), with the page saying so.

The unit is a *work unit*: about one nanosecond of one core of this project's reference machine
(2 cores, float64, one BLAS thread). A run's units are a weighted count of what it does, each
weight measured once by ``bench/budget_calibration.py`` (least squares over runs of many shapes;
the bench prints the predicted against the measured time of each):

- multiply-adds in matrix products (forward and backward);
- elements an activation's f and f′ are evaluated on, times the activation's cost (1 for a
  registry function; a typed formula's grows with the operations in its f and f′,
  :attr:`activations.Activation.cost`);
- NumPy calls, which dominate small networks: a fixed number per layer and step, plus the
  activation's cost per layer and step.

>>> default = training_work((2, 8, 8, 1), rows=400, steps=500)
>>> default < PAGE_BUDGET / 10  # the lab's default link: a small part of a page's budget
True
>>> training_work((2, *[64] * 8, 1), rows=1000, steps=2000) * 4 > PAGE_BUDGET
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

# ≈ 5 s of one core of the reference machine: what one page's draw may ask for, all its runs
# (activations, seeds, sweep points, continued steps) together.
PAGE_BUDGET = 5e9

# Nanoseconds per count, fitted by bench/budget_calibration.py on the reference machine (non-
# negative least squares on relative error over 16 runs of many shapes; README, Performance).
WEIGHTS = {
    "multiply_adds": 0.18,  # in matrix products
    "elements": 4.8,  # f and f′ of a registry function on one element, times the cost
    "layer_calls": 60_000.0,  # the NumPy calls of one layer's forward and backward pass
    "activation_calls": 32_000.0,  # one layer's calls of f and f′, times the cost
    "steps": 0.0,  # the optimiser step and each step's bookkeeping (below the fit's resolution)
    "normals": 20.0,  # drawing one standard-normal weight
}


def _layer_sizes(sizes: Sequence[int]) -> tuple[int, int, int]:
    """Multiply-adds per point, hidden units, layers."""
    products = sum(a * b for a, b in itertools.pairwise(sizes))
    return products, sum(sizes[1:-1]), len(sizes) - 1


def _pass(sizes: Sequence[int], points: int, cost: float, backward: bool) -> dict[str, float]:
    products, hidden, layers = _layer_sizes(sizes)
    return {
        "multiply_adds": points * products * (3 if backward else 1),
        "elements": points * hidden * (2 if backward else 1) * cost,
        "layer_calls": layers * (1 if backward else 1 / 3),
        "activation_calls": (layers - 1) * cost,
    }


def _add(*counts: dict[str, float], times: float = 1.0) -> dict[str, float]:
    total: dict[str, float] = {}
    for count in counts:
        for name, value in count.items():
            total[name] = total.get(name, 0.0) + value * times
    return total


def work(counts: dict[str, float]) -> float:
    """Work units for what ``counts`` counts (names as in :data:`WEIGHTS`)."""
    return sum(WEIGHTS[name] * value for name, value in counts.items())


def training_counts(
    sizes: Sequence[int],
    *,
    rows: int,
    steps: int,
    cost: float = 1.0,
    batch: int | None = None,
    snapshots: int = 0,
    grid_points: int = 0,
) -> dict[str, float]:
    """What training a network of ``sizes`` (inputs first) for ``steps`` steps does: each step
    passes ``rows`` points forward (training and test) and back through the training part, plus
    a mini-batch of ``batch`` if given; and ``snapshots`` drawings of ``grid_points`` points."""
    step = _add({"steps": 1.0}, _pass(sizes, rows, cost, backward=True))
    if batch is not None and batch < rows:
        step = _add(step, _pass(sizes, batch, cost, backward=True))
    drawings = _pass(sizes, grid_points, cost, backward=False)
    return _add(_add(step, times=steps + 1), _add(drawings, times=snapshots))


def training_work(sizes: Sequence[int], **counts: float | int | None) -> float:
    """Work units of :func:`training_counts` (the same arguments)."""
    return work(training_counts(sizes, **counts))  # type: ignore[arg-type]


def affordable_steps(work_per_run: Sequence[float], steps: int, budget: float | None = None) -> int:
    """The most steps (at most ``steps``, at least 1) that runs costing ``work_per_run`` for
    ``steps`` steps each can all take within ``budget`` (:data:`PAGE_BUDGET` unless given):
    their work grows with the steps."""
    budget = PAGE_BUDGET if budget is None else budget
    total = sum(work_per_run)
    if total <= budget:
        return steps
    return max(1, math.floor(steps * budget / total))


def simulation_counts(
    depth: int, width: int, batch: int, costs: Sequence[float]
) -> dict[str, float]:
    """What the gradient page's simulation does: ``depth`` layers of ``width`` units on ``batch``
    inputs, one random draw of weights shared by the activations of ``costs``."""
    per_activation = {
        "multiply_adds": depth * 3 * batch * width * width,
        "layer_calls": depth,
    }
    activations = _add(per_activation, times=len(costs))
    elements = {"elements": depth * batch * width * 2 * sum(costs)}
    return _add({"normals": depth * width * width}, activations, elements)


def simulation_work(depth: int, width: int, batch: int, costs: Sequence[float]) -> float:
    """Work units of :func:`simulation_counts`."""
    return work(simulation_counts(depth, width, batch, costs))


def affordable_depth(
    depth: int, width: int, batch: int, costs: Sequence[float], budget: float | None = None
) -> int:
    """The most layers (at most ``depth``, at least 1) the simulation can run within ``budget``
    (:data:`PAGE_BUDGET` unless given)."""
    budget = PAGE_BUDGET if budget is None else budget
    per_layer = simulation_work(1, width, batch, costs)
    return max(1, min(depth, math.floor(budget / per_layer)))
