"""What the pages say is true: every number and checkable claim in the registry's text and in the
"Try this" prompts, checked against the core (never against a copy of the sentence's number).

``CLAIMS`` maps each (key, field) whose text states a number to a check. A guard test fails when
text with a number has no check, so a new sentence cannot drift from the maths unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

import activations
from activations import propagation
from tests import reference
from ui import lessons

get = activations.get
props = activations.properties
X = np.linspace(-40.0, 40.0, 160_001)


def slope_everywhere(key: str, where: np.ndarray, value: float, **params: float) -> None:
    """f′ equals ``value`` at every listed x (kinks included, with autograd's conventions)."""
    np.testing.assert_array_equal(get(key).derivative(where, **params), value)


def _binary_step_flat() -> None:
    slope_everywhere("binary_step", np.append(X, 0.0), 0.0)


def _sigmoid_quarter() -> None:
    # f′ ≤ 0.25; and a layer's gradient is multiplied by w·σ′, so 0.25 of what its weights pass.
    assert props("sigmoid").max_slope == pytest.approx(0.25, rel=1e-12)
    assert props("sigmoid").saturation == "both sides"
    chain = propagation.chain("sigmoid", 10, 0.0, 1.0)
    assert np.all(np.abs(chain.product) <= 0.25 ** np.arange(1, 11))


def _hard_sigmoid_form() -> None:
    inside = np.linspace(-2.99, 2.99, 599)
    np.testing.assert_allclose(get("hard_sigmoid").value(inside), inside / 6 + 0.5, rtol=1e-15)


def _hard_sigmoid_flat() -> None:
    outside = np.concatenate([np.linspace(-40, -3, 100), np.linspace(3, 40, 100)])
    slope_everywhere("hard_sigmoid", outside, 0.0)


def _tanh_range() -> None:
    assert str(props("tanh").output_range) == "(−1, 1)"


def _tanh_saturates() -> None:
    assert get("tanh").derivative(3.0) < 0.01 and props("tanh").saturation == "both sides"


def _hardtanh_flat() -> None:
    outside = np.concatenate([np.linspace(-40, -1, 100), np.linspace(1, 40, 100)])
    slope_everywhere("hardtanh", outside, 0.0)


def _arctan_range() -> None:
    rng = props("arctan").output_range
    assert (rng.lo, rng.hi) == (pytest.approx(-np.pi / 2), pytest.approx(np.pi / 2))
    assert not (rng.lo_closed or rng.hi_closed)


def _relu_slopes() -> None:
    slope_everywhere("relu", X[X > 0], 1.0)
    slope_everywhere("relu", np.array([0.0]), 0.0)


def _relu6_flat() -> None:
    slope_everywhere("relu6", np.concatenate([X[X < 0], X[X > 6]]), 0.0)


def _leaky_keeps_gradient() -> None:
    assert np.all(get("leaky_relu").derivative(X[X < 0]) > 0)


def _elu_notes() -> None:
    assert get("elu").derivative(0.0, alpha=0.7) == 0.7
    assert props("elu", alpha=1.0).smoothness == "C1"
    assert props("elu", alpha=0.7).smoothness == "C0" and props("elu", alpha=2).smoothness == "C0"


def _celu_notes() -> None:
    assert get("celu").derivative(0.0, alpha=0.4) == 1.0
    for alpha in (0.1, 0.5, 1.0, 3.0):
        assert props("celu", alpha=alpha).smoothness == "C1"


def _selu_constants() -> None:
    # α ≈ 1.6733 and λ ≈ 1.0507 (to the 4 decimals the note gives), and SELU′(0) = λα.
    lam = float(get("selu").derivative(1.0))
    alpha = -float(get("selu").value(-1e300)) / lam
    assert round(lam, 4) == 1.0507 and round(alpha, 4) == 1.6733
    assert float(get("selu").derivative(0.0)) == pytest.approx(lam * alpha, rel=1e-15)
    assert (lam, alpha) == (
        pytest.approx(float(reference.SELU_SCALE), rel=1e-15),
        pytest.approx(float(reference.SELU_ALPHA), rel=1e-15),
    )


def _selu_self_normalises() -> None:
    # With LeCun init (σ_w² = 1, no bias), mean 0 and variance 1 are kept layer after layer.
    assert props("selu").mean_output == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(propagation.mean_field("selu", 20, 1.0, 0.0).q, 1.0, rtol=1e-5)


def _gelu_minimum() -> None:
    assert round(props("gelu").minimum[1], 2) == -0.17 and not props("gelu").monotonic


def _gelu_tanh_error() -> None:
    gap = np.abs(get("gelu_tanh").value(X) - get("gelu").value(X)).max()
    assert 4e-4 < gap < 5e-4


def _swish_notes() -> None:
    swish = get("swish")
    sigmoid = get("sigmoid").value
    np.testing.assert_allclose(swish.value(X, beta=1.0), X * sigmoid(X), rtol=1e-15)
    np.testing.assert_allclose(swish.value(X, beta=0.0), X / 2, rtol=1e-15)
    # β → ∞ approaches ReLU: at β = 10 (the slider's top) within 0.03 everywhere.
    assert np.abs(swish.value(X, beta=10.0) - get("relu").value(X)).max() < 0.03


def _mish_minimum() -> None:
    assert round(props("mish").minimum[1], 2) == -0.31


def _hardswish_notes() -> None:
    assert props("hardswish").kinks == (-3.0, 3.0)
    assert props("hardswish").dead_zones == ((-np.inf, -3.0),)
    assert get("hardswish").derivative(-3.0) == 0.0 and get("hardswish").derivative(3.0) == 1.0


def _softplus_half() -> None:
    assert props("softplus").df0 == 0.5 and props("softplus").saturation == "x → −∞"


def _tanhshrink_flat_at_zero() -> None:
    assert props("tanhshrink").df0 == 0.0


def _gaussian_bump() -> None:
    assert props("gaussian").maximum == (0.0, 1.0)


# --- the "Try this" prompts ------------------------------------------------------------------


def _sigmoid_best_case() -> None:
    # 0.25¹⁰ bounds a chain of ten sigmoids with unit weights, from any start.
    for x0 in (-2.0, 0.0, 0.5, 3.0):
        product = propagation.chain("sigmoid", 10, x0, 1.0).product
        assert abs(product[-1]) <= 0.25**10
    assert propagation.sigmoid_chain_bound(10, 1.0)[-1] == 0.25**10


def _sigmoid_band() -> None:
    # Widening to ±20 shows where |f′| < 0.05 starts: near ±3, inside the range.
    edge = X[(np.abs(get("sigmoid").derivative(X)) < 0.05) & (X > 0)].min()
    assert 2.5 < edge < 3.5


def _hard_sigmoid_slopes() -> None:
    assert get("hard_sigmoid").derivative(0.0) == pytest.approx(1 / 6)
    assert get("sigmoid").derivative(0.0) == 0.25
    assert get("hard_sigmoid").derivative(3.01) == 0.0


def _tanh_band() -> None:
    assert get("tanh").derivative(0.0) == 1.0 > get("sigmoid").derivative(0.0)
    assert np.any(np.abs(get("tanh").derivative(X)) < 0.05)


def _hardtanh_right_slope() -> None:
    assert get("hardtanh").derivative(1.0) == 0.0  # the right-hand slope; the left one is 1
    assert get("hardtanh").derivative(1.0 - 1e-9) == 1.0


def _softsign_range() -> None:
    # At ±50 (the range slider's end) softsign′ is still 1/51² while tanh′ has underflowed to 0.
    assert get("softsign").derivative(50.0) == pytest.approx(1 / 51**2)
    assert get("tanh").derivative(50.0) < 1e-40


def _relu6_kinks() -> None:
    assert props("relu6").kinks == (0.0, 6.0)


def _leaky_sweep() -> None:
    # α = 0 is ReLU, α = 1 the identity; the dead zone exists only at α = 0, and the vanishing band
    # (|f′| < 0.05, the default threshold) only for α below it.
    np.testing.assert_array_equal(get("leaky_relu").value(X, alpha=0.0), get("relu").value(X))
    np.testing.assert_array_equal(get("leaky_relu").value(X, alpha=1.0), X)
    assert activations.dead_zones("leaky_relu", alpha=0.0) == ((-np.inf, 0.0),)
    for alpha in (0.01, 0.1, 1.0):
        assert activations.dead_zones("leaky_relu", alpha=alpha) == ()
    slope_left = get("leaky_relu").derivative(-1.0, alpha=0.04)
    assert slope_left < 0.05 <= get("leaky_relu").derivative(-1.0, alpha=0.05)


def _prelu_default() -> None:
    leaky = get("leaky_relu").params[0].default
    assert leaky == 0.01 and get("prelu").params[0].default == 0.25


def _elu_left_limit() -> None:
    assert props("elu", alpha=2.0).output_range.lo == pytest.approx(-2.0)


def _celu_vs_elu() -> None:
    assert (
        props("elu", alpha=2.0).smoothness == "C0" and props("celu", alpha=2.0).smoothness == "C1"
    )


def _selu_slope() -> None:
    assert float(get("selu").derivative(0.0)) > 1.0


def _gelu_vs_relu() -> None:
    for x in (2.0, -2.0):
        assert get("gelu").value(x) != get("relu").value(x)


def _swish_prompts() -> None:
    np.testing.assert_allclose(get("swish").value(X, beta=0.0), X / 2)
    x1, _ = props("swish", beta=1.0).minimum
    x_half, _ = props("swish", beta=0.5).minimum
    assert x_half == pytest.approx(2 * x1, rel=1e-9)  # halving β doubles the minimum's x


def _mish_vs_swish() -> None:
    assert props("mish").df0 == pytest.approx(0.6, rel=1e-15)
    assert props("swish").df0 == 0.5


def _hardswish_slope() -> None:
    """f′ > 1 exactly on (1.5, 3): f′ = x/3 + 1/2 there, and 1 from 3 on."""
    slopes = get("hardswish").derivative(X)
    above = X[slopes > 1.0]
    assert above.min() > 1.5 and above.max() < 3.0
    assert np.all(slopes[(X > 1.5 + 1e-9) & (X < 3.0)] > 1.0)


def _prelu_linear() -> None:
    np.testing.assert_array_equal(get("prelu").value(X, alpha=1.0), X)  # α = 1: a linear layer


def _tanhshrink_shrinks() -> None:
    small = X[(X != 0) & (np.abs(X) < 1)]
    assert np.all(np.abs(get("tanhshrink").value(small)) < 0.25 * np.abs(small))


def _identity_no_band() -> None:
    assert props("identity").derivative_range.values == (1.0,)


# Each (key, field) whose text states a number: the check that the number is right.
CLAIMS: dict[tuple[str, str], Callable[[], None]] = {
    ("binary_step", "notes"): _binary_step_flat,
    ("sigmoid", "limitation"): _sigmoid_quarter,
    ("hard_sigmoid", "notes"): _hard_sigmoid_form,
    ("hard_sigmoid", "limitation"): _hard_sigmoid_flat,
    ("tanh", "use_case"): _tanh_range,
    ("tanh", "limitation"): _tanh_saturates,
    ("hardtanh", "limitation"): _hardtanh_flat,
    ("arctan", "use_case"): _arctan_range,
    ("relu", "use_case"): _relu_slopes,
    ("relu", "notes"): _relu_slopes,
    ("relu6", "limitation"): _relu6_flat,
    ("leaky_relu", "use_case"): _leaky_keeps_gradient,
    ("elu", "notes"): _elu_notes,
    ("celu", "notes"): _celu_notes,
    ("selu", "notes"): _selu_constants,
    ("selu", "use_case"): _selu_self_normalises,
    ("gelu", "limitation"): _gelu_minimum,
    ("gelu_tanh", "limitation"): _gelu_tanh_error,
    ("swish", "use_case"): _swish_notes,
    ("swish", "notes"): _swish_notes,
    ("mish", "limitation"): _mish_minimum,
    ("hardswish", "limitation"): _hardswish_notes,
    ("hardswish", "notes"): _hardswish_notes,
    ("softplus", "limitation"): _softplus_half,
    ("tanhshrink", "limitation"): _tanhshrink_flat_at_zero,
    ("gaussian", "use_case"): _gaussian_bump,
    ("tanhshrink", "use_case"): _tanhshrink_shrinks,
}
# Each "Try this" prompt that states a number or a checkable fact, by its id in ui.lessons.
PROMPT_CLAIMS: dict[str, Callable[[], None]] = {
    "identity-no-band": _identity_no_band,
    "binary-step-flat": _binary_step_flat,
    "sigmoid-slope-at-0": _sigmoid_quarter,
    "sigmoid-band-edge": _sigmoid_band,
    "sigmoid-ten-layers": _sigmoid_best_case,
    "hard-sigmoid-jumps": _hard_sigmoid_slopes,
    "hard-sigmoid-past-3": _hard_sigmoid_slopes,
    "tanh-vs-sigmoid": _tanh_band,
    "tanh-band": _tanh_band,
    "hardtanh-slope-at-1": _hardtanh_right_slope,
    "softsign-slow-decay": _softsign_range,
    "relu-slope-at-0": _relu_slopes,
    "relu6-two-kinks": _relu6_kinks,
    "leaky-alpha-0": _leaky_sweep,
    "leaky-alpha-1": _leaky_sweep,
    "leaky-play": _leaky_sweep,
    "prelu-default": _prelu_default,
    "prelu-learned-1": _prelu_linear,
    "elu-kink-at-0": _elu_notes,
    "elu-left-limit": _elu_left_limit,
    "celu-vs-elu": _celu_vs_elu,
    "selu-slope-at-0": _selu_slope,
    "gelu-vs-relu": _gelu_vs_relu,
    "swish-beta-0": _swish_prompts,
    "swish-beta-10": _swish_notes,
    "mish-vs-swish": _mish_vs_swish,
    "hardswish-steep": _hardswish_slope,
    "tanhshrink-small-inputs": _tanhshrink_flat_at_zero,
}
# Text with digits that states no number to check.
NOT_NUMBERS = {
    ("gelu_tanh", "use_case"),  # "after 2019": a date in its history, not a number of the maths
}

# A number in prose: not a part of a name (MobileNetV3, GPT-2, YOLOv4, CIFAR-10, C¹).
_NUMBER = re.compile(r"(?<![A-Za-z\-\d.])\d+(?:\.\d+)?")


def _texts() -> dict[tuple[str, str], str]:
    return {
        (key, field): getattr(spec, field)
        for key, spec in activations.REGISTRY.items()
        for field in ("use_case", "limitation", "notes")
    }


def _prompts() -> dict[str, str]:
    """Every prompt the explorer shows for a registered function, by id."""
    return {
        prompt_id: text
        for key in activations.REGISTRY
        for prompt_id, text in lessons.explorer_prompts(key).items()
    }


def test_every_stated_number_has_a_check() -> None:
    unchecked = [
        (where, text)
        for where, text in _texts().items()
        if _NUMBER.search(text) and where not in CLAIMS and where not in NOT_NUMBERS
    ]
    unchecked += [
        (prompt_id, text)
        for prompt_id, text in _prompts().items()
        if _NUMBER.search(text) and prompt_id not in PROMPT_CLAIMS
    ]
    assert unchecked == []


def test_prompt_ids_are_unique() -> None:
    """An id names one prompt: the same id under two functions would hide one from its check."""
    ids = [prompt_id for key in activations.REGISTRY for prompt_id in lessons.explorer_prompts(key)]
    ids += list(lessons.CUSTOM_PROMPTS)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("where", sorted(CLAIMS), ids=lambda w: f"{w[0]}-{w[1]}")
def test_claim(where: tuple[str, str]) -> None:
    CLAIMS[where]()


@pytest.mark.parametrize("prompt_id", sorted(PROMPT_CLAIMS))
def test_prompt_claim(prompt_id: str) -> None:
    assert prompt_id in _prompts(), "no such prompt: its id changed, or it is gone"
    PROMPT_CLAIMS[prompt_id]()


def test_the_relu_xavier_prompt_states_the_rms_factor() -> None:
    """ReLU at σ_w² = 1 halves the gradient's mean square per layer: its RMS shrinks by 1/√2."""
    assert "1/√2 ≈ 0.71" in lessons.GRADIENT_PROMPTS["relu-xavier-rms"]
    theory = propagation.mean_field("relu", 20, 1.0, 0.0)
    np.testing.assert_allclose(theory.grad_rms[:-1] / theory.grad_rms[1:], 0.5**0.5, rtol=1e-12)
    sim = propagation.simulate("relu", 20, 256, 32, 1.0, 0.0, seed=3)
    per_layer = (sim.grad_rms[0] / sim.grad_rms[-1]) ** (1 / 19)
    assert per_layer == pytest.approx(round(0.5**0.5, 2), abs=0.02)
    assert props("relu").mean_output > 0 and propagation.expected_square(
        "relu", 1.0, derivative=True
    ) == pytest.approx(0.5)


def test_the_tanh_prompt_crosses_the_edge_of_chaos() -> None:
    """Tanh at σ_b² = 0: σ_w² = 0.5 is ordered (χ₁ < 1), 1.5 chaotic (χ₁ > 1)."""
    assert "from 0.5 to 1.5" in lessons.GRADIENT_PROMPTS["tanh-edge-of-chaos"]
    chi = propagation.phase_diagram("tanh", [0.5, 1.5], [0.0]).chi[0]
    assert chi[0] < 1 < chi[1]
