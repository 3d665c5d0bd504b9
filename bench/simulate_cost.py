"""Cost of activations.propagation.simulate against the floor of its own work, in one run.

The floor per layer is what any implementation must do: draw the weights and run three float64
matrix products (forward, backward, weight gradient). Target: simulate ≤ 1.3× the floor at
depth 100 × width 512 × batch 256.

Measured on one BLAS thread, as the app runs (ui/compute.py), so the ratio compares work: with
more threads the floor's products run in parallel while NumPy's element-wise work does not, and
the ratio would measure parallelism instead. The all-threads ratio is reported alongside.

Usage: python bench/simulate_cost.py [repeats]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from activations.propagation import mean_field, simulate

DEPTH, WIDTH, BATCH = 100, 512, 256


def floor(depth: int, width: int, batch: int, seed: int) -> float:
    """Weights drawn plus forward, backward and weight-gradient products: nothing else."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    weights = []
    for _ in range(depth):
        w = rng.standard_normal((width, width))
        w *= np.sqrt(1.0 / width)
        weights.append(w)
        x = x @ w
    grad = rng.standard_normal((batch, width))
    total = 0.0
    for w in reversed(weights):
        total += float((x.T @ grad)[0, 0])
        grad = grad @ w.T
    return total


def best_of(repeats: int, function, *args) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


KEYS = ("relu", "tanh", "sigmoid", "gelu")


def ratios(repeats: int) -> dict:
    """Each activation's best simulate and floor times, runs of the two interleaved so both see
    the same machine, and the median ratio of the pairs (steadier than best over best)."""
    results = {}
    for key in KEYS:
        pairs = []
        for _ in range(repeats):
            pairs.append(
                (
                    best_of(1, simulate, key, DEPTH, WIDTH, BATCH, 2.0, 0.0, 0),
                    best_of(1, floor, DEPTH, WIDTH, BATCH, 0),
                )
            )
        sim_times, floor_times = zip(*pairs, strict=True)
        results[key] = {
            "simulate_s": min(sim_times),
            "floor_s": min(floor_times),
            "ratio": float(np.median([s / f for s, f in pairs])),
        }
    return results


def main(repeats: int = 5) -> dict:
    with threadpool_limits(1):
        results = {"one_thread": ratios(repeats)}
        results["mean_field_depth_100_ms"] = (
            best_of(repeats, mean_field, "gelu", 100, 2.0, 0.1) * 1e3
        )
    results["all_threads"] = ratios(repeats)
    print(f"depth {DEPTH} × width {WIDTH} × batch {BATCH}, float64, {repeats} interleaved runs")
    for threads in ("one_thread", "all_threads"):
        print(f"\n{threads.replace('_', ' ')}")
        print(f"{'activation':10} {'simulate s':>11} {'floor s':>9} {'ratio':>7}")
        for key, r in results[threads].items():
            print(f"{key:10} {r['simulate_s']:11.3f} {r['floor_s']:9.3f} {r['ratio']:7.2f}")
    print(f"\nmean_field (GELU, depth 100): {results['mean_field_depth_100_ms']:.1f} ms")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "simulate_cost.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
