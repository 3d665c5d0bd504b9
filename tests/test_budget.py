"""Work budgets and the heavy slots: what a page may ask of a shared server, decided by counting
before anything runs, and a busy server saying so instead of queueing without end."""

from __future__ import annotations

import threading
import time

import pytest

import activations
from activations import budget, training
from ui import compute, heavy


def lab_work(keys, n: int, hidden: tuple[int, ...], steps: int, batch: int | None = None) -> float:
    train_set, test_set = training.make_dataset("circle", n, 0.1, 0).split(0.25, 0)
    return sum(
        training.work(key, train_set, network=training.NetworkSettings(hidden),
                      schedule=training.Schedule(steps=steps, batch=batch), test=test_set,
                      snapshots=compute.TRAINING_SNAPSHOTS, grid=compute.BOUNDARY_GRID)
        for key in keys
    )  # fmt: skip


def test_todays_default_lab_fits_well_inside_a_page_budget() -> None:
    """About a tenth of it (the README says so)."""
    share = lab_work(["identity", "tanh", "relu"], 400, (8, 8), 500) / budget.PAGE_BUDGET
    assert 0.05 < share < 0.15


def test_four_wide_deep_long_runs_do_not_fit() -> None:
    """4 activations of 8 × 64 units for 2000 steps on 1000 points: the issue's example."""
    keys = ["tanh", "relu", "gelu", "sigmoid"]
    total = lab_work(keys, 1000, (64,) * 8, 2000)
    assert total > 4 * budget.PAGE_BUDGET
    per_run = [total / 4] * 4
    steps = budget.affordable_steps(per_run, 2000)
    assert 1 <= steps < 2000
    # The steps it grants fit, and one more step per run would not.
    assert sum(w * steps / 2000 for w in per_run) <= budget.PAGE_BUDGET
    assert sum(w * (steps + 1) / 2000 for w in per_run) > budget.PAGE_BUDGET


def test_a_typed_formula_costs_more_the_larger_it_is() -> None:
    small = activations.custom("x * sigmoid(x)")
    large = activations.custom("x*tanh(softplus(x)) + sin(x)*exp(-x^2/2) + arctan(x)/(1+x^2)")
    assert activations.get("tanh").cost == 1.0
    assert 1.0 <= small.cost < large.cost
    assert lab_work([large], 400, (8, 8), 500) > lab_work(["tanh"], 400, (8, 8), 500)


def test_work_is_counted_not_timed() -> None:
    """The same arguments give the same work and the same cut, however busy the machine is."""
    keys = ["tanh", "relu"]
    first = lab_work(keys, 1000, (64,) * 8, 2000)
    spin = time.perf_counter() + 0.2
    while time.perf_counter() < spin:  # a busy machine
        pass
    assert lab_work(keys, 1000, (64,) * 8, 2000) == first


def test_work_grows_with_each_thing_a_run_does() -> None:
    base = budget.training_work((2, 8, 8, 1), rows=400, steps=500)
    assert budget.training_work((2, 8, 8, 1), rows=800, steps=500) > base
    assert budget.training_work((2, 8, 8, 1), rows=400, steps=1000) > base
    assert budget.training_work((2, 16, 16, 1), rows=400, steps=500) > base
    assert budget.training_work((2, 8, 8, 1), rows=400, steps=500, batch=32) > base
    assert budget.training_work((2, 8, 8, 1), rows=400, steps=500, cost=3.0) > base


def test_a_deep_wide_simulation_is_cut_to_what_fits() -> None:
    keys = ("sigmoid", "tanh", "relu", "gelu")
    assert compute.simulated_depth(keys[:3], 30, 256) == 30  # the page's default, in full
    depth = compute.simulated_depth(keys, 200, 1024)
    assert 1 <= depth < 200
    batch, share = compute.simulation_batch(1024), budget.PAGE_BUDGET * (1 - compute.PHASE_SHARE)
    assert budget.simulation_work(depth, 1024, batch, [1.0] * 4) <= share
    assert budget.simulation_work(depth + 1, 1024, batch, [1.0] * 4) > share
    with pytest.raises(ValueError, match="budget"):
        compute.simulations(keys, 200, 1024, 1.0, 0.0, 0)


def test_the_phase_diagram_grid_shrinks_with_a_formulas_cost() -> None:
    full = compute.phase_grid("tanh")
    assert full is not None and full[0].size == compute.PHASE_SIGMA_W2.size
    costly = activations.custom("x*tanh(softplus(x)) + sin(x)*exp(-x^2/2) + arctan(x)/(1+x^2)")
    grid = compute.phase_grid(costly)
    cells = grid[0].size * grid[1].size
    assert cells < full[0].size * full[1].size
    # Its share, and with the simulation's, no more than the page's budget.
    assert cells * compute.PHASE_CELL_WORK * costly.cost <= budget.PAGE_BUDGET * compute.PHASE_SHARE


def test_a_busy_server_answers_within_the_wait(monkeypatch) -> None:
    monkeypatch.setattr(heavy, "_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(heavy, "WAIT_SECONDS", 0.2)
    held, release = threading.Event(), threading.Event()

    def other_student() -> None:
        monkeypatch.setattr(heavy, "_session", lambda: "other")
        with heavy.slot():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_student)
    thread.start()
    held.wait(10)
    monkeypatch.setattr(heavy, "_session", lambda: "me")
    start = time.perf_counter()
    with pytest.raises(heavy.ServerBusyError, match="busy"), heavy.slot():
        pass
    assert time.perf_counter() - start < 1.0
    release.set()
    thread.join()
    with heavy.slot():  # free again
        pass


def test_one_heavy_computation_per_session(monkeypatch) -> None:
    monkeypatch.setattr(heavy, "_session", lambda: "me")
    with heavy.slot(), pytest.raises(heavy.ServerBusyError, match="previous"), heavy.slot():
        pass
    with heavy.slot():  # released when the first ended
        pass


def test_the_waiting_line_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(heavy, "_waiting", heavy.MAX_WAITING)
    monkeypatch.setattr(heavy, "_session", lambda: "me")
    start = time.perf_counter()
    with pytest.raises(heavy.ServerBusyError, match="busy"), heavy.slot():
        pass
    assert time.perf_counter() - start < 0.1  # told at once, not after the wait


def test_a_page_run_keeps_its_first_slot_for_the_rest(monkeypatch) -> None:
    """Four activations to train: the first uncached one takes a slot, the others reuse it,
    and it is freed when the page's work ends."""
    monkeypatch.setattr(heavy, "_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(heavy, "WAIT_SECONDS", 0.05)
    monkeypatch.setattr(heavy, "_session", lambda: "me")
    with heavy.page_run():
        for _ in range(4):
            with heavy.slot():
                pass
        assert not heavy._slots.acquire(blocking=False)  # still held by this page
    assert heavy._slots.acquire(blocking=False)  # freed at the end
    heavy._slots.release()
