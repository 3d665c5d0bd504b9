"""Fuzz: random formulas from the grammar through everything a page computes from them. The only
exception allowed anywhere is the documented refusal (``ValueError`` with a message), and no NumPy
warning (pytest runs with warnings as errors)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import activations
from activations import propagation, training
from devtools.formulas import FORMULA_FINDINGS, draw_everything_cheap, formulas
from tests.hostile import HOSTILE as HOSTILE_LINKS
from tests.test_custom import CASES, HOSTILE

CORPUS = [
    *FORMULA_FINDINGS,
    *HOSTILE.values(),
    *(text for text, _ in CASES),
    *(q["f"] for q in HOSTILE_LINKS.values() if isinstance(q.get("f"), str)),
]
CHEAP = formulas(2000, seed=20)
HEAVY = random.Random(20).sample(CHEAP, 100)


def build(text: str) -> activations.Activation | None:
    """The activation, or None for a refusal (a message saying what, never an internal's)."""
    try:
        return activations.custom(text)
    except ValueError as refused:
        message = str(refused)
        assert message and len(message) < 200, message
        for leak in ("ComplexInfinity", "Traceback", "sympy", "Integer string", "4300"):
            assert leak not in message, message
        return None


def built(texts: list[str]) -> Iterator[activations.Activation | None]:
    """:func:`build` of each text, in order. A build is SymPy's work in a formula worker, another
    process, while drawing is this one's: two builds in flight ahead of the drawing keep both
    cores busy (there is a worker per core, so neither waits for one)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield from pool.map(build, texts)


@pytest.mark.parametrize("text", CORPUS)
def test_the_corpus_is_refused_or_drawn(text: str) -> None:
    spec = build(text)
    if spec is not None:
        draw_everything_cheap(spec)


@pytest.mark.parametrize("chunk", range(20))
def test_2000_random_formulas_are_refused_or_drawn(chunk: int) -> None:
    drawn = 0
    for spec in built(CHEAP[chunk * 100 : (chunk + 1) * 100]):
        if spec is not None:
            drawn += 1
            draw_everything_cheap(spec)
    assert drawn > 50  # the grammar makes mostly valid formulas: the pages are exercised


@pytest.mark.parametrize("chunk", range(4))
def test_100_random_formulas_through_the_heavy_computations(chunk: int) -> None:
    """Simulation, mean field, phase diagram, chain and training, at small settings."""
    data, test = training.make_dataset("circle", 40, 0.1, 0).split(0.25, 0)
    for spec in built(HEAVY[chunk * 25 : (chunk + 1) * 25]):
        if spec is None:
            continue
        propagation.simulate_many([spec, "tanh"], 4, 16, 8, 1.0, 0.1, 0)
        propagation.mean_field(spec, 8, 1.5, 0.1)
        propagation.phase_diagram(spec, np.linspace(0.5, 3, 4), np.linspace(0, 1, 3), iterations=40)
        propagation.chain(spec, 8, 0.5, 1.0)
        run = training.train(spec, data, network=training.NetworkSettings((4,)),
                             schedule=training.Schedule(steps=5), test=test, snapshots=3, grid=6)  # fmt: skip
        assert len(run.loss) == 6
