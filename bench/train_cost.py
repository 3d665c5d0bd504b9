"""Training cost: activations.training.train against the same loop in PyTorch, and against the
floor of the run's own matrix products.

2 → 8 → 8 → 1 tanh network, 400 points, 500 full-batch Adam steps (learning rate 0.03), float64,
one thread. PyTorch is for this benchmark only: `make run` and `make test` never install it. Run
it from an environment that has torch, with the repository on the path:

    PYTHONPATH=. python bench/train_cost.py [repeats]

Without torch, the PyTorch column is left out.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

from activations import training

STEPS, HIDDEN, RATE = 500, (8, 8), 0.03
NETWORK = training.NetworkSettings(HIDDEN)
SCHEDULE = training.Schedule("adam", RATE, STEPS)


def ours(data: training.Dataset) -> float:
    start = time.perf_counter()
    training.train("tanh", data, network=NETWORK, schedule=SCHEDULE, snapshots=1, grid=2)
    return time.perf_counter() - start


def floor(data: training.Dataset) -> float:
    """Only the matrix products one step does: three forward, three weight gradients and two
    products back through the weights, 500 times on the same shapes."""
    rng = np.random.default_rng(0)
    sizes = (2, *HIDDEN, 1)
    weights = [rng.standard_normal((a, b)) for a, b in itertools.pairwise(sizes)]
    start = time.perf_counter()
    for _ in range(STEPS + 1):
        a, inputs = data.x, []
        for w in weights:
            inputs.append(a)
            a = a @ w
        delta = a
        for layer in range(len(weights) - 1, -1, -1):
            inputs[layer].T @ delta
            if layer:
                delta = delta @ weights[layer].T
    return time.perf_counter() - start


def torch_loop(data: training.Dataset) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.tensor(data.x, dtype=torch.float64)
    y = torch.tensor(data.y, dtype=torch.float64)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 1),
    ).double()  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters(), lr=RATE)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(model(x)[:, 0], y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():  # and the loss after the last step, as train reports it
        loss_fn(model(x)[:, 0], y)
    return time.perf_counter() - start


PAGE_FUNCTIONS = ("identity", "tanh", "relu", "sigmoid")


def page_draw() -> float:
    """The training lab's first draw at its defaults with four activations: the server's work
    before the figure is built (data, split, four runs with the test curves and snapshots)."""
    import logging

    import streamlit  # noqa: F401  (its loggers exist once it is imported)

    # No runtime here, and that is fine: the caches are not what this measures.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from ui import compute  # the page's own settings: snapshots, grid, test fraction

    start = time.perf_counter()
    data = training.make_dataset("circle", n=400, noise=0.1, seed=0)
    train_set, test_set = data.split(compute.TEST_FRACTION, 0)
    for key in PAGE_FUNCTIONS:
        training.train(key, train_set, network=NETWORK, schedule=SCHEDULE, test=test_set,
                       snapshots=compute.TRAINING_SNAPSHOTS, grid=compute.BOUNDARY_GRID)  # fmt: skip
    return time.perf_counter() - start


def main(repeats: int = 7) -> None:
    data = training.make_dataset("circle", n=400, noise=0.1, seed=0)
    times: dict[str, list[float]] = {"ours": [], "floor": [], "torch": [], "page": []}
    with threadpool_limits(1):
        for _ in range(repeats):  # interleaved, so a busy moment hits every contender
            times["ours"].append(ours(data))
            times["floor"].append(floor(data))
            times["page"].append(page_draw())
            result = torch_loop(data)
            if result is not None:
                times["torch"].append(result)
    median = {name: statistics.median(values) for name, values in times.items() if values}
    print(f"2→8→8→1 tanh, 400 points, {STEPS} full-batch Adam steps, float64, one thread, "
          f"median of {repeats} interleaved runs")  # fmt: skip
    for name, label in (("ours", "activations.training"), ("torch", "PyTorch"), ("floor", "floor")):
        if name in median:
            print(
                f"{label:22} {median[name] * 1e3:8.1f} ms  ({median[name] / STEPS * 1e6:6.1f} µs/step)"
            )
    if "torch" in median:
        print(f"PyTorch / ours: {median['torch'] / median['ours']:.2f}")
    print(f"ours / floor: {median['ours'] / median['floor']:.2f}")
    print(f"training lab's first draw ({', '.join(PAGE_FUNCTIONS)}): {median['page'] * 1e3:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
