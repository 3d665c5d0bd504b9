"""Calibrate the work budget (activations/budget.py): fit its weights to measured times.

Trains networks of many shapes (widths, depths, points, mini-batches, registry functions and
typed formulas of several sizes) and simulates deep networks of several widths, each timed on
one BLAS thread (best of 3), then fits the nanoseconds per count by non-negative least squares on
relative error. Prints the fitted weights, to copy into ``budget.WEIGHTS``, and each run's
predicted against measured time with the current weights.

    PYTHONPATH=. python bench/budget_calibration.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy import optimize
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import activations
from activations import budget, propagation, training

BIG_FORMULA = "x*tanh(softplus(x)) + sin(x)*exp(-x^2/2) + arctan(x)/(1+x^2) + erf(x/2)*sigmoid(x)"
TRAINING = [  # (activation, points, hidden, steps, batch)
    ("tanh", 400, (8, 8), 300, None),
    ("relu", 400, (8, 8), 300, None),
    ("tanh", 100, (2,), 400, None),
    ("tanh", 1000, (2,) * 8, 200, None),
    ("relu", 1000, (32, 32, 32), 100, None),
    ("tanh", 1000, (64,) * 8, 20, None),
    ("sigmoid", 400, (16,) * 4, 200, 32),
    ("gelu", 1000, (64, 64), 60, None),
    ("mish", 400, (8, 8), 300, 16),
    ("custom:x * tanh(log(1 + exp(x)))", 400, (8, 8), 300, None),
    ("custom:" + BIG_FORMULA, 400, (8, 8), 100, None),
    ("custom:" + BIG_FORMULA, 1000, (32,) * 4, 30, None),
]
SIMULATION = [  # (depth, width, activations)
    (30, 256, ("sigmoid", "tanh", "relu")),
    (100, 512, ("relu",)),
    (50, 1024, ("tanh", "relu")),
    (200, 64, ("gelu", "tanh", "relu", "sigmoid")),
]


def _spec(name: str) -> str | activations.Activation:
    return activations.custom(name.removeprefix("custom:")) if name.startswith("custom:") else name


def _best(run, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1e9


def measure() -> list[tuple[str, dict[str, float], float]]:
    rows = []
    for name, n, hidden, steps, batch in TRAINING:
        spec = _spec(name)
        data, test = training.make_dataset("circle", n, 0.1, 0).split(0.25, 0)
        network = training.NetworkSettings(hidden)
        schedule = training.Schedule(steps=steps, batch=batch)
        counts = budget.training_counts(
            network.sizes, rows=n, steps=steps, cost=activations.resolve(spec).cost,
            batch=batch, snapshots=2, grid_points=32 * 32,
        )  # fmt: skip
        seconds = _best(lambda spec=spec, data=data, test=test, network=network, schedule=schedule:
                        training.train(spec, data, network=network, schedule=schedule, test=test,
                                       snapshots=2, grid=32))  # fmt: skip
        rows.append((f"train {name[:24]} n={n} {hidden} ×{steps} b={batch}", counts, seconds))
    for depth, width, keys in SIMULATION:
        batch = max(8, 2048 // width)
        counts = budget.simulation_counts(depth, width, batch, [1.0] * len(keys))
        seconds = _best(
            lambda keys=keys, depth=depth, width=width, batch=batch: propagation.simulate_many(
                keys, depth, width, batch, 1.0, 0.0, 0
            ),
            repeats=2,
        )
        rows.append((f"simulate {keys} {depth}×{width} batch {batch}", counts, seconds))
    return rows


def main() -> None:
    with threadpool_limits(1):
        rows = measure()
    names = list(budget.WEIGHTS)
    matrix = np.array(
        [[counts.get(n, 0.0) / seconds for n in names] for _, counts, seconds in rows]
    )
    fitted, _ = optimize.nnls(matrix, np.ones(len(rows)))
    print("fitted weights (ns per count):")
    for name, value in zip(names, fitted, strict=True):
        print(f"    {name!r}: {value:,.3g},")
    print(f"\n{'run':<62} {'measured':>10} {'predicted':>10} {'ratio':>6}")
    for label, counts, seconds in rows:
        predicted = budget.work(counts)
        print(f"{label:<62} {seconds / 1e9:>9.3f}s {predicted / 1e9:>9.3f}s "
              f"{predicted / seconds:>6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
