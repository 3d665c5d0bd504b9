"""The longer formula fuzz: many random formulas through everything a page computes from them.

The test suite runs 2,000 (tests/test_formula_fuzz.py); this runs as many as asked, from another
seed, and reports what was refused, what was drawn, any exception other than the documented
refusal (a failure: each is printed with its formula), and the slowest formulas end to end.

    PYTHONPATH=. python bench/formula_fuzz.py [count] [heavy count] [seed]
"""

from __future__ import annotations

import collections
import sys
import time
import traceback
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import activations
from activations import propagation, training
from devtools.formulas import draw_everything_cheap, formulas


def main(count: int = 20_000, heavy: int = 1_000, seed: int = 1) -> int:
    texts = formulas(count, seed=seed)
    outcome: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, str]] = []
    data, test = training.make_dataset("circle", 40, 0.1, 0).split(0.25, 0)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy warning is a failure too
        _run(texts, heavy, outcome, slowest, data, test)
    total = time.perf_counter() - started
    print(f"{count} formulas (seed {seed}, the first {heavy} through the heavy computations) "
          f"in {total:.0f} s: {dict(outcome)}")  # fmt: skip
    print("slowest, end to end:")
    for seconds, text in sorted(slowest, reverse=True)[:8]:
        print(f"  {seconds * 1e3:7.0f} ms  {text}")
    return 1 if outcome["failed"] else 0


def _run(texts, heavy, outcome, slowest, data, test) -> None:
    for index, text in enumerate(texts):
        start = time.perf_counter()
        try:
            spec = activations.custom(text)
        except ValueError:
            outcome["refused"] += 1
            continue
        try:
            draw_everything_cheap(spec)
            if index < heavy:
                propagation.simulate_many([spec], 4, 16, 8, 1.0, 0.1, 0)
                propagation.mean_field(spec, 8, 1.5, 0.1)
                propagation.chain(spec, 8, 0.5, 1.0)
                training.train(spec, data, network=training.NetworkSettings((4,)),
                               schedule=training.Schedule(steps=5), test=test, snapshots=3, grid=6)  # fmt: skip
            outcome["drawn"] += 1
        except Exception:
            outcome["failed"] += 1
            print(f"FAILED: {text!r}")
            traceback.print_exc(limit=3)
        slowest.append((time.perf_counter() - start, text))


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
