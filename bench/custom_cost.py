"""What a typed formula costs: building it, evaluating it, and SymPy's import.

1. Build: parse, differentiate (SymPy), find the kinks and compile, for typical formulas, each
   from a cold cache (median of repeats, SymPy already imported).
2. Evaluate: f and f′ on the explorer's grid (401 points), the typed formula against the registry
   entry it writes out.
3. Import: a fresh interpreter importing what every page imports, then SymPy on top (what the
   first typed formula pays once per server process).

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
from activations import symbolic  # noqa: E402

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


def build_ms(text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        symbolic.custom.cache_clear()
        clear_cache()  # SymPy's own memo of derivatives too: a formula nobody typed yet
        start = time.perf_counter()
        activations.custom(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


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
    activations.custom("x")  # SymPy imported and warm
    print(f"Build (parse, differentiate, kinks, compile), cold cache, median of {repeats}:")
    for text in TYPICAL:
        print(f"  {text:32} {build_ms(text, repeats):7.1f} ms")
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
    print("(pages that never see a formula never import SymPy: tests/test_custom.py checks it)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
