"""Heavy computations a shared server runs in worker processes (:mod:`activations.sandbox`).

A job is ``(name, args, kwargs)`` naming one of :data:`JOBS`; the server builds jobs from its own
code (never from user text) and a worker runs them one at a time. Everything a job takes and
returns pickles: an :class:`~activations.Activation` a user typed crosses as its lowered form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from activations import propagation, training

JOBS: dict[str, Callable[..., Any]] = {
    "train": training.train,
    "simulate_many": propagation.simulate_many,
    "phase_diagram": propagation.phase_diagram,
}


def run(job: tuple[str, tuple, dict]) -> Any:
    """Run one job: ``JOBS[name](*args, **kwargs)``."""
    name, args, kwargs = job
    return JOBS[name](*args, **kwargs)
