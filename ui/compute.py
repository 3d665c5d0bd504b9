"""Cached calls into the core. Everything here is pure: same arguments, same result.

Parameters travel as sorted ``(name, value)`` tuples so they hash for ``st.cache_data``. A function
is a registry key or an :class:`activations.Activation` (one a user typed, say): caches know an
Activation by what defines it (``cache_identity``), never by the object, so two sessions that build the
same function share the entry and different functions never do.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray

import activations
from activations import budget, propagation, training
from ui import cards, explorer_view, heavy
from ui.explorer_view import freeze
from ui.gallery import gallery_html

# The gradient page measures at least this many values per layer (batch × width): enough for a
# per-layer RMS to about ±3 % (0.013 decades, on a log axis spanning many) and percentile bands to
# about 0.05 standard deviations. The batch is 8 at the default width 256 and grows for narrow
# networks. Cost grows with the batch, and a class moving sliders pays it once a second each.
VALUES_PER_LAYER = 2048
MIN_BATCH = 8


# An activation as the pages pass it: a registry key, or a typed formula's Activation.
ActivationRef = str | activations.Activation


def cache_identity(spec: activations.Activation) -> tuple:
    """What defines an activation for the caches: its key, its formulas (a typed formula's text
    is in them), its breakpoints and its parameters' names and ranges."""
    return (
        spec.key,
        spec.formula,
        spec.derivative_formula,
        spec.breakpoints,
        tuple((p.name, p.min, p.max, p.default) for p in spec.params),
    )


# A typed formula's class is named, not imported: importing it would import SymPy on every page.
BY_IDENTITY = {
    activations.Activation: cache_identity,
    "activations.typed.CustomActivation": cache_identity,
}


def simulation_batch(width: int) -> int:
    """The batch the gradient page simulates at this width."""
    return max(MIN_BATCH, VALUES_PER_LAYER // width)


MAX_DEPTH = 200


# The gradient page's budget is shared: its phase diagram may take this part, the simulation the
# rest (a registry function's full phase diagram takes about a sixth of a page's budget).
PHASE_SHARE = 0.25


def simulated_depth(keys: tuple[ActivationRef, ...], depth: int, width: int) -> int:
    """How many of ``depth`` layers the gradient page simulates: all, unless that is more work
    than its share of a page's budget (:mod:`activations.budget`); decided before anything runs."""
    costs = [activations.resolve(key).cost for key in keys]
    share = budget.PAGE_BUDGET * (1 - PHASE_SHARE)
    return budget.affordable_depth(depth, width, simulation_batch(width), costs, share)


# The explorer's pure builders, cached: a class on the same view shares one computation.
curve = st.cache_data(max_entries=2048, show_spinner=False, hash_funcs=BY_IDENTITY)(
    explorer_view.curve
)
properties = st.cache_data(max_entries=2048, show_spinner=False, hash_funcs=BY_IDENTITY)(
    explorer_view.properties
)
# Why a typed formula has no property card: found again by the core, so cached as the card is.
undefined_note = st.cache_data(max_entries=256, show_spinner=False, hash_funcs=BY_IDENTITY)(
    explorer_view.undefined_note
)
sweep = st.cache_data(max_entries=256, show_spinner=False, hash_funcs=BY_IDENTITY)(
    explorer_view.sweep
)
MATHS = explorer_view.Maths(curve=curve, properties=properties, sweep=sweep)


@st.cache_resource(show_spinner="Timing every function once on a million inputs…")
def cost_ns_per_element(n: int = 1_000_000, repeats: int = 3) -> dict[str, float]:
    """Measured nanoseconds per element for value plus derivative, once per server process.

    The best of ``repeats`` runs, on standard-normal inputs, so the figure reflects the
    function's own cost rather than whatever else the machine was doing at that moment.
    """
    x = np.random.default_rng(0).standard_normal(n)
    costs = {}
    for key, spec in activations.REGISTRY.items():
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            spec.value(x)
            spec.derivative(x)
            best = min(best, time.perf_counter() - start)
        costs[key] = best / n * 1e9
    return costs


@st.cache_data(show_spinner=False)
def properties_table(keys: tuple[str, ...]) -> pd.DataFrame:
    """The sortable properties table for ``keys`` at their default parameters."""
    costs = cost_ns_per_element()
    rows = []
    for key in keys:
        spec = activations.get(key)
        props = properties(key, freeze(spec.defaults()))
        rows.append(cards.table_row(cards.TableRow(spec, props, costs[key], costs["relu"])))
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False)
def gallery(dark: bool = False) -> str:
    """The overview's gallery HTML, built once per theme: it depends on nothing but the registry."""
    return gallery_html(dark)


@st.cache_data(max_entries=512, show_spinner=False)
def entropy_curve(logits: tuple[float, ...], lo: float, hi: float) -> tuple[NDArray, NDArray]:
    """H(softmax(z/T)) for T on a log grid from ``lo`` to ``hi``."""
    temperatures = np.geomspace(lo, hi, 121)
    probabilities = np.stack([activations.softmax.softmax(logits, t) for t in temperatures])
    return temperatures, activations.softmax.entropy(probabilities)


@st.cache_data(max_entries=128, show_spinner="Simulating the network…", hash_funcs=BY_IDENTITY)
def simulations(
    keys: tuple[ActivationRef, ...],
    depth: int,
    width: int,
    sigma_w2: float,
    sigma_b2: float,
    seed: int,
) -> list[propagation.Simulation]:
    """One simulated network per activation, all on the same random draw (one seed)."""
    batch = simulation_batch(width)
    if depth > simulated_depth(keys, depth, width):
        raise ValueError("over the work budget: ask for simulated_depth() layers")
    # A slot per core: a class asking for deep, wide networks at once is told the server is busy
    # instead of thrashing the CPU and holding many networks' memory together.
    with heavy.slot():
        if not keeps_network(len(keys), depth, width):
            return heavy.in_worker(
                "simulate_many", keys, depth, width, batch, sigma_w2, sigma_b2, seed
            )
        network = _network(keys, width, sigma_w2, sigma_b2, seed, _draws(seed, width))
        return heavy.in_background(network.run, depth)


def keeps_network(networks: int, depth: int, width: int) -> bool:
    """Whether the app keeps this simulation's network and random draws between reruns: only
    while both fit their budgets (propagation.budgets). A larger one is simulated afresh and
    nothing of it is kept, so a class asking for big networks never piles them up in memory."""
    batch = simulation_batch(width)
    return (
        propagation.forward_bytes(networks, depth, width, batch) <= propagation.KEPT_NETWORK_BYTES
        and propagation.weight_bytes(depth, width) <= propagation.KEPT_DRAWS_BYTES
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _draws(seed: int, width: int) -> propagation.Draws:
    """One seed's random numbers, kept between reruns and sessions: drawing the weights is the
    largest part of a simulation at this batch, and a class moving depth, σ_w² or σ_b² (or picking
    other activations) at the same seed and width reuses them."""
    return propagation.Draws(seed, width, simulation_batch(width))


@st.cache_resource(
    max_entries=8, show_spinner=False, hash_funcs={propagation.Draws: id, **BY_IDENTITY}
)
def _network(
    keys: tuple[ActivationRef, ...],
    width: int,
    sigma_w2: float,
    sigma_b2: float,
    seed: int,
    draws: propagation.Draws,
) -> propagation.Network:
    """A network kept between reruns and sessions: moving the depth slider then costs only a
    backward pass (and a forward one through any new layers)."""
    batch = simulation_batch(width)
    return propagation.Network(keys, width, batch, sigma_w2, sigma_b2, seed, draws=draws)


def mean_field(
    key: ActivationRef, depth: int, sigma_w2: float, sigma_b2: float
) -> propagation.MeanField:
    """Mean-field theory for ``depth`` layers, cut from a cached run a little deeper.

    The variance recursion does not depend on the depth, so one run to the next power of two
    serves every depth below it: moving the depth slider rarely computes anything.
    """
    reach = min(MAX_DEPTH, 1 << max(depth - 1, 1).bit_length())
    return propagation.truncate(_mean_field_to(key, reach, sigma_w2, sigma_b2), depth)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=BY_IDENTITY)
def _mean_field_to(
    key: ActivationRef, depth: int, sigma_w2: float, sigma_b2: float
) -> propagation.MeanField:
    return propagation.mean_field(key, depth, sigma_w2, sigma_b2)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=BY_IDENTITY)
def chain(key: ActivationRef, depth: int, x0: float, w: float) -> propagation.Chain:
    return propagation.chain(key, depth, x0, w)


# The phase diagram's window: σ_w² from 0.1 to 4 and σ_b² from 0 to 1.
PHASE_SIGMA_W2 = np.linspace(0.1, 4.0, 40)
PHASE_SIGMA_B2 = np.linspace(0.0, 1.0, 21)


# What one cell of the phase diagram costs for a registry function, in work units (about 1 ms:
# its fixed-point iteration on a few hundred quadrature nodes, bench/budget_calibration.py).
PHASE_CELL_WORK = 1e6
MIN_PHASE_CELLS = (8, 5)


def phase_grid(key: ActivationRef) -> tuple[np.ndarray, np.ndarray] | None:
    """The (σ_w², σ_b²) grid the phase diagram of ``key`` is mapped on: the full window, coarser
    for a costly typed formula so that it stays within its share of the page's work budget, or
    None where even the coarsest grid would not."""
    cost = activations.resolve(key).cost
    share = budget.PAGE_BUDGET * PHASE_SHARE
    full = PHASE_SIGMA_W2.size * PHASE_SIGMA_B2.size
    shrink = min(1.0, math.sqrt(share / (PHASE_CELL_WORK * cost * full)))
    columns = max(MIN_PHASE_CELLS[0], math.floor(PHASE_SIGMA_W2.size * shrink))
    rows = max(MIN_PHASE_CELLS[1], math.floor(PHASE_SIGMA_B2.size * shrink))
    if columns * rows * PHASE_CELL_WORK * cost > share:
        return None
    return (
        np.linspace(PHASE_SIGMA_W2[0], PHASE_SIGMA_W2[-1], columns),
        np.linspace(PHASE_SIGMA_B2[0], PHASE_SIGMA_B2[-1], rows),
    )


@st.cache_data(max_entries=64, show_spinner="Mapping the phase diagram…", hash_funcs=BY_IDENTITY)
def phase_diagram(key: ActivationRef) -> propagation.PhaseDiagram | None:
    """χ₁ over the window (:func:`phase_grid`), or None where it is over the work budget."""
    grid = phase_grid(key)
    if grid is None:
        return None
    with heavy.slot():
        return heavy.in_worker("phase_diagram", key, *grid)


def training_runs(
    keys: tuple[ActivationRef, ...],
    data: training.DataSettings,
    network: training.NetworkSettings,
    schedule: training.Schedule,
    typed_params: tuple[tuple[str, float], ...] = (),
) -> tuple[training.Dataset, training.Dataset, list[training.Run], int]:
    """Every activation trained on one data set from one seed (``data.seed``); ``typed_params``
    the α and β of a typed formula among ``keys``. Each run is cached on its own: adding a
    function to the picker trains only that one, and a class on the same link shares them all.
    The last item is the number of steps each trained: all that were asked for, unless that is
    more work than a page may ask for (then fewer, the same for every activation, decided before
    anything runs)."""
    train_set, test_set = training_data(data)
    schedule = replace(schedule, steps=trained_steps(keys, data, network, schedule))
    with heavy.page_run():  # the activations not cached train in one slot, or none do
        runs = [
            training_run(key, data, network, schedule, () if isinstance(key, str) else typed_params)
            for key in keys
        ]
    return train_set, test_set, runs, schedule.steps


def trained_steps(
    keys: tuple[ActivationRef, ...],
    data: training.DataSettings,
    network: training.NetworkSettings,
    schedule: training.Schedule,
) -> int:
    """The steps every run on the page takes within the page's work budget."""
    train_set, test_set = training_data(data)
    works = [
        training.work(
            key, train_set, network=network, schedule=schedule, test=test_set,
            snapshots=TRAINING_SNAPSHOTS, grid=BOUNDARY_GRID,
        )
        for key in keys
    ]  # fmt: skip
    return budget.affordable_steps(works, schedule.steps)


# The settings are frozen dataclasses, which st.cache_data hashes by their fields.
@st.cache_data(max_entries=64, show_spinner=False)
def training_data(data: training.DataSettings) -> tuple[training.Dataset, training.Dataset]:
    """The data set ``data``, split (by its seed) into training and test points."""
    return data.make().split(TEST_FRACTION, data.seed)


@st.cache_data(max_entries=256, show_spinner="Training…", hash_funcs=BY_IDENTITY)
def training_run(
    key: ActivationRef,
    data: training.DataSettings,
    network: training.NetworkSettings,
    schedule: training.Schedule,
    params: tuple[tuple[str, float], ...] = (),
) -> training.Run:
    """One activation's run (at its parameters ``params``), as :func:`training_runs` describes
    the arguments; in a worker process, holding a heavy slot (:mod:`ui.heavy`)."""
    train_set, test_set = training_data(data)
    return heavy.train(
        key,
        train_set,
        network=network,
        schedule=schedule,
        seed=data.seed,
        params=dict(params),
        test=test_set,
        snapshots=TRAINING_SNAPSHOTS,
        grid=BOUNDARY_GRID,
    )


TEST_FRACTION = 0.25
# The figure's size: snapshots × grid² probabilities per activation (see ui/figures/training.py).
TRAINING_SNAPSHOTS = 25
BOUNDARY_GRID = 32
