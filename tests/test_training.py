"""activations.training: data, exact gradients for every registry function, stable loss, dead
units, blow-ups, determinism, and the claims a teacher will make with it."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import numpy as np
import pytest

import activations
from activations import propagation, training
from activations.training import (
    Mlp,
    NetworkSettings,
    Schedule,
    gradients,
    make_dataset,
    train,
)
from ui.cards import blowup_sentence, ratio_text

KEYS = list(activations.REGISTRY)


@pytest.mark.parametrize("name", training.DATASETS)
def test_datasets_are_seeded_balanced_and_bounded(name: str) -> None:
    data = make_dataset(name, n=300, noise=0.1, seed=4)
    assert data.x.shape == (300, 2) and data.x.dtype == np.float64
    assert set(np.unique(data.y)) == {0, 1}
    assert 0.3 < data.y.mean() < 0.7
    assert np.abs(data.x).max() < 2.0
    again = make_dataset(name, n=300, noise=0.1, seed=4)
    np.testing.assert_array_equal(data.x, again.x)
    np.testing.assert_array_equal(data.y, again.y)
    assert not np.array_equal(data.x, make_dataset(name, n=300, noise=0.1, seed=5).x)
    train_set, test_set = data.split(0.25, seed=1)
    assert (len(train_set.y), len(test_set.y)) == (225, 75)


def test_unknown_names_are_refused_with_close_matches() -> None:
    with pytest.raises(ValueError, match="'circle'"):
        make_dataset("circel")
    with pytest.raises(ValueError, match="'adam'"):
        train("tanh", make_dataset("xor", 20), schedule=Schedule(optimizer="adma", steps=1))


def _loss(net: Mlp, x, y) -> float:
    return gradients(net, x, y).loss


def _away_from_kinks(key: str, seed: int) -> tuple[Mlp, np.ndarray, np.ndarray]:
    """A small network whose pre-activations all keep 1e-3 from the function's kinks, so that a
    central difference of the loss sees only smooth pieces."""
    spec = activations.get(key)
    data = make_dataset("gauss", n=12, noise=0.2, seed=seed)
    net = Mlp.init(key, NetworkSettings((3, 3), "he"), seed=seed)
    for layer, b in enumerate(net.biases):
        b += 0.1 * np.random.default_rng(seed + layer).standard_normal(b.shape)
    preacts = gradients(net, data.x, data.y).preacts
    gaps = [np.abs(h - k).min() for h in preacts for k in spec.breakpoints]
    return net, data, min(gaps, default=np.inf)


@pytest.mark.parametrize("key", KEYS)
def test_gradients_match_central_differences(key: str) -> None:
    """Every weight, bias (and PReLU's α) against (L(p + ε) − L(p − ε))/2ε."""
    for seed in range(20):
        net, data, gap = _away_from_kinks(key, seed)
        if gap > 1e-3:
            break
    else:  # the last seed's network would straddle a kink: a failure there would mislead
        pytest.fail(f"no seed in 0–19 keeps {key}'s pre-activations 1e-3 from its kinks")
    grads = gradients(net, data.x, data.y)
    eps = 1e-6
    for kind in ("weights", "biases"):
        for tensor, analytic in zip(getattr(net, kind), getattr(grads, kind), strict=True):
            numeric = np.zeros_like(tensor)
            for index in np.ndindex(tensor.shape):
                old = tensor[index]
                tensor[index] = old + eps
                up = _loss(net, data.x, data.y)
                tensor[index] = old - eps
                down = _loss(net, data.x, data.y)
                tensor[index] = old
                numeric[index] = (up - down) / (2 * eps)
            np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)
    for layer in range(len(net.alphas)):
        old = net.alphas[layer]
        net.alphas[layer] = old + eps
        up = _loss(net, data.x, data.y)
        net.alphas[layer] = old - eps
        down = _loss(net, data.x, data.y)
        net.alphas[layer] = old
        assert grads.alphas[layer] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-9)
    assert len(grads.alphas) == (2 if key == "prelu" else 0)


def test_the_loss_is_stable_for_huge_logits() -> None:
    """Logits of ±1000: a finite loss and gradient, with no NumPy warning (warnings are errors)."""
    net = Mlp.init("identity", NetworkSettings(hidden=()), seed=0)
    net.weights[0][:] = [[1000.0], [0.0]]
    x = np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]])
    y = np.array([0, 1, 1])
    grads = gradients(net, x, y)
    assert grads.loss == pytest.approx(2000.0 / 3, rel=1e-12)  # two wrong by 1000, one right
    assert all(np.isfinite(g).all() for g in grads.weights + grads.biases)


def test_settings_are_values_that_hash() -> None:
    """The settings are the training lab's cache keys: equal settings hash equal, a list of
    widths is kept as a tuple, and a bad name is refused where the settings are made."""
    assert NetworkSettings([8, 8]) == NetworkSettings((8, 8))
    assert hash(NetworkSettings([8, 8])) == hash(NetworkSettings((8, 8)))
    assert hash(Schedule()) == hash(Schedule("adam", 0.03, 500, None, 0.0))
    assert training.DataSettings() != training.DataSettings(seed=1)
    with pytest.raises(ValueError, match="sigma_w2"):
        NetworkSettings(init="custom")
    with pytest.raises(ValueError, match="learning_rate"):
        Schedule(learning_rate=0.0)


def test_the_network_owns_one_vector_its_arrays_view() -> None:
    """Weights, biases and PReLU's α are views of ``theta``: a step that moves ``theta`` moves
    them, with nothing to copy back; a pickled network (to a worker and back) stays so."""
    import pickle

    net = Mlp.init("prelu", NetworkSettings((3, 4)), seed=0)
    assert net.theta.size == (2 * 3 + 3 * 4 + 4 * 1) + (3 + 4 + 1) + 2
    for array in (*net.weights, *net.biases, net.alphas):
        assert np.shares_memory(array, net.theta)
    net.theta[-2:] = [0.5, 0.125]
    assert net.alphas.tolist() == [0.5, 0.125]
    again = pickle.loads(pickle.dumps(net))
    np.testing.assert_array_equal(again.theta, net.theta)
    assert all(np.shares_memory(w, again.theta) for w in again.weights)
    # Stacked vectors (one per seed, say) give stacked views of the same layout.
    stacked = np.stack([net.theta, 2 * net.theta])
    weights, _, alphas = net.layout.views(stacked)
    np.testing.assert_array_equal(weights[1][1], 2 * net.weights[1])
    assert alphas.shape == (2, 2)


def test_runs_are_deterministic() -> None:
    data = make_dataset("moons", n=120, seed=2)
    a = train("gelu", data, schedule=Schedule(steps=60, batch=32), seed=3)
    b = train("gelu", data, schedule=Schedule(steps=60, batch=32), seed=3)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.snapshots[-1].boundary, b.snapshots[-1].boundary)


def test_dead_units_are_those_with_zero_slope_on_every_point() -> None:
    data = make_dataset("gauss", n=50, seed=0)
    net = Mlp.init("relu", NetworkSettings((4,), "he"), seed=0)
    net.biases[0][:] = [-100.0, -100.0, 0.0, 0.0]  # two units below zero on every point
    run_like = training._snapshot(net, gradients(net, data.x, data.y), 0, np.zeros((1, 2)), 1)
    assert run_like.dead_fraction.tolist() == [0.5]


def test_a_run_that_blows_up_says_where_and_keeps_its_finite_part() -> None:
    """Six linear layers at σ_w² = 4 and a rate of 10: the weights' product explodes."""
    data = make_dataset("circle", n=200, noise=0.1, seed=0)
    network = NetworkSettings((16,) * 6, "custom", sigma_w2=4.0)
    schedule = Schedule(optimizer="sgd", learning_rate=10.0, steps=200)
    run = train("identity", data, network=network, schedule=schedule, seed=0)
    assert run.blowup is not None
    stop = run.blowup.step
    assert 0 < stop < 200
    assert np.isfinite(run.loss[:stop]).all() and np.isnan(run.loss[stop:]).all()
    assert run.blowup.factor in training.PLACES
    assert f"At step {stop}" in blowup_sentence(run.blowup)

    # The run hands back the last finite network, the one its loss curve ends on.
    last = run.network
    assert gradients(last, data.x, data.y).loss == pytest.approx(run.loss[stop - 1], rel=1e-12)

    # Growth, recomputed here with plain NumPy from the first and the last finite networks.
    first = Mlp.init("identity", network, 0)

    def largest(net: Mlp) -> dict[str, float]:
        a, biggest_h = data.x, 0.0
        for w, b in zip(net.weights, net.biases, strict=True):
            a = a @ w + b  # identity: the pre-activation is the activation
            biggest_h = max(biggest_h, float(np.abs(a).max()))
        return {
            "weights": max(float(np.abs(w).max()) for w in net.weights),
            "activations": biggest_h,
            "gradients": max(
                float(np.abs(g).max()) for g in gradients(net, data.x, data.y).weights
            ),
        }

    before, after = largest(first), largest(last)
    for factor in training.FACTORS:
        assert run.blowup.growth[factor] == pytest.approx(after[factor] / before[factor], rel=1e-9)
    growth = [f"×{ratio_text(after[f] / before[f])}" for f in training.FACTORS]
    assert blowup_sentence(run.blowup).endswith(
        f"the largest weight grew {growth[0]}, the largest activation {growth[1]} and the "
        f"largest gradient {growth[2]}."
    )


@pytest.mark.parametrize(
    ("ratio", "text"),
    [(1.0, "1"), (3.24, "3.2"), (45.6, "46"), (999.0, "999"), (1234.0, "1.2·10³"),
     (2.4e164, "2.4·10¹⁶⁴"), (math.inf, "∞")],
)  # fmt: skip
def test_growth_ratios_read_as_a_student_writes_them(ratio: float, text: str) -> None:
    message = blowup_sentence(
        training.BlowUp(5, 0, "weights", dict.fromkeys(training.FACTORS, ratio))
    )
    if ratio > 1:
        assert f"the largest weight grew ×{text}," in message
    else:
        assert "grew" not in message  # nothing grew: only where it happened


def test_prelu_learns_its_alpha() -> None:
    data = make_dataset("circle", n=200, noise=0.05, seed=0)
    run = train("prelu", data, schedule=Schedule(steps=200, learning_rate=0.05))
    assert run.alphas.shape == (len(run.snapshots), 2)
    np.testing.assert_array_equal(run.alphas[0], [0.25, 0.25])
    assert np.abs(run.alphas[-1] - 0.25).max() > 0.05


# The claims the training lab's prompts will make, each run as a scenario.


def test_without_a_non_linearity_a_circle_cannot_be_learned() -> None:
    data = make_dataset("circle", n=400, noise=0.1, seed=0)
    train_set, test_set = data.split(0.25, seed=0)
    settings = {"network": NetworkSettings((8, 8)), "schedule": Schedule("adam", 0.03, 500)}
    identity = train("identity", train_set, test=test_set, **settings)
    tanh = train("tanh", train_set, test=test_set, **settings)
    assert identity.test_accuracy[-1] < 0.65  # a straight line: near chance
    assert tanh.test_accuracy[-1] > 0.9


def test_a_large_rate_kills_relu_units_but_not_leaky_ones() -> None:
    data = make_dataset("circle", n=400, noise=0.1, seed=0)
    settings = {"network": NetworkSettings((16, 16)), "schedule": Schedule("sgd", 3.0, 300)}
    relu = train("relu", data, **settings)
    leaky = train("leaky_relu", data, **settings)
    assert relu.dead_fraction[-1].max() > 0.25
    assert leaky.dead_fraction[-1].max() == 0.0


# The training lab's prompts, run as the page runs them (ui.compute.training_runs) at the
# settings each prompt's link sets, on every seed of 0–9: a claim must hold on at least 9.

SEEDS = range(10)


def prompt_runs(prompt_id: str, seed: int, **changes: str) -> list:
    """The runs the lab shows for the prompt's link (with ``changes``) at ``seed``."""
    from ui import compute
    from ui.lessons import TRAINING_PROMPTS

    [prompt] = [p for p in TRAINING_PROMPTS if p.id == prompt_id]
    s = {**prompt.settings, **changes}
    data = training.DataSettings(s["data"], int(s["n"]), float(s["noise"]), seed)
    custom = s["init"] == "custom"
    sigma_w2 = float(s["sw2"]) if custom else None
    network = NetworkSettings((int(s["width"]),) * int(s["depth"]), s["init"], sigma_w2)
    batch = None if s["batch"] == "full" else int(s["batch"])
    schedule = Schedule(s["opt"], float(s["lr"]), int(s["steps"]), batch, float(s["l2"]))
    return compute.training_runs(tuple(s["fns"]), data, network, schedule)[2]


def holds_on(claim, prompt_id: str, **changes: str) -> int:
    """On how many of the seeds the claim holds. Two seeds train at once, as two students' pages
    would: each thread is its own session to ui.heavy, with a slot (a worker process) of its own."""

    def holds(seed: int) -> bool:
        return bool(claim(*prompt_runs(prompt_id, seed, **changes)))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return sum(pool.map(holds, SEEDS))


def test_every_prompt_is_a_complete_link() -> None:
    """Each sets every setting its claim relies on, and the page reads each of them."""
    from ui.lessons import TRAINING_PROMPTS

    needed = {"fns", "data", "n", "noise", "depth", "width", "init", "opt", "lr", "steps",
              "batch", "l2"}  # fmt: skip
    for prompt in TRAINING_PROMPTS:
        assert needed <= set(prompt.settings), prompt.id
        path, _, query = prompt.link.partition("?")
        assert path == "/training"
        as_lists = {k: v if isinstance(v, list) else [v] for k, v in prompt.settings.items()}
        assert parse_qs(query) == as_lists


def test_prompt_a_line_cannot_separate_the_circle() -> None:
    """Identity below 70 % on the test set while Tanh passes 90 %."""
    claim = lambda identity, tanh: identity.test_accuracy[-1] < 0.7 < 0.9 < tanh.test_accuracy[-1]  # noqa: E731
    assert holds_on(claim, "linear-boundary") >= 9


def test_prompt_deep_sigmoid_stays_at_a_coin_toss_with_sgd() -> None:
    """Sigmoid's loss within 0.01 of log 2 after 500 steps, ReLU's below 0.1."""

    def claim(sigmoid, relu) -> bool:
        return abs(sigmoid.loss[-1] - np.log(2)) < 0.01 and relu.loss[-1] < 0.1

    assert holds_on(claim, "deep-sigmoid") >= 9


def test_prompt_most_of_a_relu_layer_dies_and_no_leaky_unit_can() -> None:
    def claim(relu, leaky) -> bool:
        return relu.dead_fraction[-1].max() > 0.5 and leaky.dead_fraction.max() == 0.0

    assert holds_on(claim, "dying-relu") >= 9
    # "Never 0" is the function's own fact, at every x.
    assert np.all(activations.get("leaky_relu").derivative(np.linspace(-50, 50, 100_001)) > 0)


def test_prompt_prelu_alpha_moves_from_its_default() -> None:
    def claim(prelu) -> bool:
        start = activations.get("prelu").defaults()["alpha"]
        return (
            prelu.alphas[0].tolist() == [start] * 2
            and np.abs(prelu.alphas[-1] - start).min() > 0.05
        )

    assert holds_on(claim, "prelu-learns") >= 9


def test_prompt_the_initialisation_blows_up_and_xavier_trains() -> None:
    assert holds_on(lambda run: run.blowup is not None, "initialisation-blows-up") >= 9
    xavier = holds_on(lambda run: run.blowup is None, "initialisation-blows-up", init="xavier")
    assert xavier >= 9
    # "Each layer multiplies the activations' variance by 4 at the start": for the identity the
    # variance map is q ↦ σ_w² q (mean-field theory, exact for a linear network in expectation).
    q = propagation.mean_field("identity", 6, 4.0, 0.0).q
    np.testing.assert_allclose(q[1:] / q[:-1], 4.0, rtol=1e-12)


def test_a_loss_that_overflows_alone_is_called_the_loss() -> None:
    """Every weight and logit finite, their softplus summed over the points not: the message
    says the loss overflowed, not that a layer's activations became infinite (finding 5)."""
    net = Mlp.init("identity", NetworkSettings(hidden=()), 0)
    net.weights[0][:] = [[1.5e308], [0.0]]  # each logit finite, four of them sum past 1.8e308
    x = np.array([[1.0, 0.0]] * 4)
    with np.errstate(over="ignore"):  # as train() runs it: the overflow is found, not warned
        full = gradients(net, x, np.zeros(4))
    assert np.isfinite(full.logit).all() and not math.isfinite(full.loss)
    blowup = training._first_non_finite(net, full, 3)
    assert blowup is not None and blowup.factor == "loss"
    assert blowup_sentence(blowup).startswith("At step 3, the loss overflowed")


def test_inactive_and_dead_units() -> None:
    """Inactive: h ≤ 0 on every point. For ReLU that is exactly dead (φ′(0) = 0 as in PyTorch);
    Leaky ReLU's units are never dead, yet can be inactive (they still pass α of the gradient)."""
    data = make_dataset("circle", n=200, seed=1)
    settings = {"network": NetworkSettings((16, 16)), "schedule": Schedule("adam", 1.0, 200)}
    relu = train("relu", data, **settings)
    np.testing.assert_array_equal(relu.inactive_fraction, relu.dead_fraction)
    leaky = train("leaky_relu", data, **settings)
    assert leaky.dead_fraction.max() == 0.0
    # Recomputed from the final network with plain NumPy.
    h = data.x @ leaky.network.weights[0] + leaky.network.biases[0]
    np.testing.assert_allclose(
        leaky.inactive_fraction[-1][0], np.mean(np.all(h <= 0, axis=0)), atol=0
    )
