"""What a typed formula costs: building it, evaluating it, and SymPy's import.

1. Build: SymPy's part (parse, differentiate, lower) from a cold SymPy cache, and the whole build
   through a warm formula worker (its round trip, the kinks, the evaluators), for typical
   formulas (median of repeats).
2. Evaluate: f and f′ on the explorer's grid (401 points), the typed formula against the registry
   entry it writes out.
3. Import: a fresh interpreter importing what every page imports, then its first formula on top
   (a formula worker starts and imports SymPy; the server's own process never does).

Usage: python bench/custom_cost.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sympy.core.cache import clear_cache

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import activations  # noqa: E402
from activations import symbolic, typed  # noqa: E402

TYPICAL = [
    "x * tanh(log(1 + exp(x)))",
    "x * sigmoid(beta * x)",
    "max(x, alpha * x)",
    "x^3 - x",
    "sin(x) * exp(-x^2 / 2)",
    "log(1 + exp(x)) - log(2)",
]
WRITTEN_OUT = [("x * tanh(log(1 + exp(x)))", "mish"), ("x * sigmoid(beta * x)", "swish"),
               ("max(x, 0)", "relu"), ("log(1 + exp(x))", "softplus")]  # fmt: skip


def build_ms(text: str, repeats: int) -> tuple[float, float]:
    """(SymPy's part, cold, in this process; the whole build through a warm worker)."""
    sympy_times, worker_times = [], []
    for _ in range(repeats):
        clear_cache()  # SymPy's own memo of derivatives too: a formula nobody typed yet
        start = time.perf_counter()
        symbolic.lower(text)
        sympy_times.append(time.perf_counter() - start)
        typed.custom.cache_clear()
        typed._from_lowered.cache_clear()
        start = time.perf_counter()
        activations.custom(text)
        worker_times.append(time.perf_counter() - start)
    return statistics.median(sympy_times) * 1e3, statistics.median(worker_times) * 1e3


def evaluate_us(spec: activations.Activation, repeats: int) -> float:
    x = np.linspace(-6.0, 6.0, 401)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(100):
            spec.value(x)
            spec.derivative(x)
        times.append((time.perf_counter() - start) / 100)
    return statistics.median(times) * 1e6


def import_s(code: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, check=True, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return min(times)


def main(repeats: int = 7) -> None:
    activations.custom("x")  # a worker started, SymPy imported and warm
    symbolic.lower("x")
    print(f"Build, median of {repeats}: SymPy's part (parse, differentiate, lower) from a cold")
    print("SymPy cache in this process; the whole build (its worker's round trip, kinks,")
    print("evaluators) through a warm worker:")
    for text in TYPICAL:
        cold, whole = build_ms(text, repeats)
        print(f"  {text:32} {cold:7.1f} ms {whole:7.1f} ms")
    print("  (a second call with the same text is a cache hit)")
    print("Evaluate f and f′ on the explorer's 401 points, typed vs registry:")
    for text, key in WRITTEN_OUT:
        typed, entry = (
            evaluate_us(activations.custom(text), repeats),
            evaluate_us(activations.get(key), repeats),
        )
        print(f"  {text:28} {typed:6.1f} µs   {key:9} {entry:6.1f} µs   ratio {typed / entry:.2f}")
    pages = "import activations, ui.compute, ui.controls, ui.custom_formula, streamlit, plotly"
    bare = import_s(pages)
    with_sympy = import_s(pages + "; activations.custom('x')")
    print(
        f"Import what every page imports: {bare:.2f} s; with the first formula: {with_sympy:.2f} s"
    )
    print("(the server's process never imports SymPy: its formula workers do)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
