"""activations.training.train_many: K seeds in one batched pass are the K runs of train, each
member on its own (a blow-up included), from the same initial weights whatever the activation."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from activations import training
from activations.training import Mlp, NetworkSettings, Schedule, make_dataset, train, train_many

# A batched product may take another BLAS kernel than a single one, so the last bits of a step can
# differ; over a hundred steps of a well-conditioned run they stay far below this.
RTOL, ATOL = 1e-9, 1e-12


def _assert_same_run(batched: training.Run, alone: training.Run) -> None:
    for name in ("loss", "accuracy", "test_loss", "test_accuracy"):
        np.testing.assert_allclose(
            getattr(batched, name), getattr(alone, name), rtol=RTOL, atol=ATOL, err_msg=name
        )
    assert [s.step for s in batched.snapshots] == [s.step for s in alone.snapshots]
    for mine, theirs in zip(batched.snapshots, alone.snapshots, strict=True):
        for name in ("dead_fraction", "inactive_fraction", "grad_rms", "alphas", "boundary"):
            np.testing.assert_allclose(
                getattr(mine, name), getattr(theirs, name), rtol=RTOL, atol=ATOL, err_msg=name
            )
    np.testing.assert_allclose(batched.network.theta, alone.network.theta, rtol=RTOL, atol=ATOL)
    assert batched.network.theta.ndim == 1  # a member's network is a network, not a stack


@pytest.mark.parametrize(
    ("key", "schedule"),
    [
        ("tanh", Schedule("adam", 0.05, 60)),
        ("prelu", Schedule("momentum", 0.1, 60, batch=16, l2=1e-3)),  # learned α, mini-batches
        ("relu", Schedule("sgd", 0.5, 60, batch=32)),
    ],
)
def test_each_member_is_the_run_train_gives_alone(key: str, schedule: Schedule) -> None:
    data, test = make_dataset("moons", n=120, seed=3).split(0.25, seed=3)
    settings = {
        "network": NetworkSettings((6, 5)),
        "schedule": schedule,
        "test": test,
        "snapshots": 7,
        "grid": 9,
    }
    seeds = (4, 0, 7)
    runs = train_many(key, data, seeds=seeds, **settings)
    assert len(runs) == len(seeds)
    for seed, run in zip(seeds, runs, strict=True):
        _assert_same_run(run, train(key, data, seed=seed, **settings))
    # The seeds make different runs (else the comparison above proves little).
    assert not np.allclose(runs[0].loss, runs[1].loss)


def test_a_member_that_blows_up_stops_and_the_others_go_on() -> None:
    """Momentum at rate 1 through three linear layers of σ_w² = 2 blows up on some seeds only."""
    data = make_dataset("circle", 100, 0.1, 0)
    settings = {
        "network": NetworkSettings((8, 8, 8), "custom", 2.0),
        "schedule": Schedule("momentum", 1.0, 100),
        "snapshots": 11,
        "grid": 5,
    }
    seeds = range(8)
    runs = train_many("identity", data, seeds=seeds, **settings)
    stopped = [run.blowup is not None for run in runs]
    assert any(stopped) and not all(stopped), "these settings should split the seeds"
    for seed, run in zip(seeds, runs, strict=True):
        alone = train("identity", data, seed=seed, **settings)
        assert run.blowup == alone.blowup
        _assert_same_run(run, alone)
        if run.blowup is not None:
            assert np.isnan(run.loss[run.blowup.step :]).all()
            assert np.isfinite(run.loss[: run.blowup.step]).all()
            assert max(s.step for s in run.snapshots) < run.blowup.step
        else:
            assert np.isfinite(run.loss).all()


def test_every_activation_starts_from_the_seeds_own_weights() -> None:
    network = NetworkSettings((5, 4), "he")
    stacks = [Mlp.init(key, network, seed=[3, 1, 2]) for key in ("relu", "tanh", "prelu")]
    for k, seed in enumerate([3, 1, 2]):
        alone = Mlp.init("relu", network, seed=seed)
        for stack in stacks:
            for mine, theirs in zip(stack.member(k).weights, alone.weights, strict=True):
                np.testing.assert_array_equal(mine, theirs)  # the same draws: no arithmetic
    np.testing.assert_array_equal(stacks[2].alphas, 0.25)  # PReLU's α starts at its default


def test_a_stack_owns_one_array_its_members_view_and_pickles_as_one() -> None:
    stack = Mlp.init("prelu", NetworkSettings((3, 4)), seed=[0, 1])
    assert stack.theta.shape == (2, stack.layout.size) and stack.members == 2
    assert stack.weights[1].shape == (2, 3, 4) and stack.alphas.shape == (2, 2)
    member = stack.member(1)
    member.weights[0][0, 0] = 9.0
    assert stack.theta[1, 0] == 9.0  # a member is a view, not a copy
    again = pickle.loads(pickle.dumps(stack))
    np.testing.assert_array_equal(again.theta, stack.theta)
    assert all(np.shares_memory(w, again.theta) for w in again.weights)


def test_every_seed_counts_against_the_budget() -> None:
    data = make_dataset("xor", 50)
    one = training.work("tanh", data, schedule=Schedule(steps=20))
    assert training.work("tanh", data, schedule=Schedule(steps=20), seeds=7) == pytest.approx(
        7 * one
    )


def test_no_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one seed"):
        train_many("tanh", make_dataset("xor", 20), seeds=())
