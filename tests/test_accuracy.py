"""Where a typed formula loses its digits in float64, and what the page says about it, against
references written independently for mpmath (never the evaluator's own tree)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

import activations
from activations import accuracy
from tests.test_custom import CASES
from ui.explorer_view import accuracy_notes


def tanh_slope(x):
    return mpmath.sech(x) ** 2


def sigmoid_slope(x):
    return mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2


# Written-out forms that lose a tail (issue #21, item 13), f′'s independent reference, and a point
# the loss must cover.
LOSSY = [
    ("sinh(x)/cosh(x)", tanh_slope, -30.0),
    ("sinh(x)/cosh(x)", tanh_slope, 30.0),
    ("exp(x)/(1+exp(x))", sigmoid_slope, 30.0),
]


@pytest.mark.parametrize(("text", "slope", "x"), LOSSY)
def test_a_written_out_form_that_loses_its_tail_is_found(text: str, slope, x: float) -> None:
    """sinh/cosh gives f′(−30) = 1.1e−16 where it is 3.5e−26; exp/(1+exp) is off at 30."""
    spec = activations.custom(text)
    with mpmath.workdps(80):
        exact = slope(mpmath.mpf(x))
    drawn = float(spec.derivative(x))
    assert abs(drawn - float(exact)) > 1e-3 * float(exact)  # the page really draws it wrong...
    spans = [loss for loss in spec.lowered.losses if loss.curve == "f′"]
    assert any(loss.lo <= x <= loss.hi for loss in spans)  # ...and the loss covers it
    for loss in spans:  # each reported worst point is what the page draws, and truly off
        assert loss.computed == float(spec.derivative(loss.x))
        with mpmath.workdps(80):
            assert loss.exact == pytest.approx(float(slope(mpmath.mpf(loss.x))), rel=1e-12)
        assert abs(loss.computed - loss.exact) > accuracy.TOLERANCE * abs(loss.exact)
    assert not [loss for loss in spec.lowered.losses if loss.curve == "f"]  # f itself is fine


def test_every_point_inside_a_reported_stretch_is_lost_or_nearly() -> None:
    """The stretch is no wider than the losses: at most a few points inside keep six digits by
    luck of rounding (accuracy.JOIN), and its ends are points that lose them."""
    spec = activations.custom("sinh(x)/cosh(x)")
    for loss in spec.lowered.losses:
        x = np.arange(loss.lo, loss.hi + 0.25, 0.5)
        drawn = spec.derivative(x)
        with mpmath.workdps(80):
            exact = np.array([float(tanh_slope(mpmath.mpf(v))) for v in x])
        lost = np.abs(drawn - exact) > accuracy.TOLERANCE * np.abs(exact)
        assert lost[0] and lost[-1] and lost.mean() > 0.9


@pytest.mark.parametrize("text", [case[0] for case in CASES] + ["tanh(x)", "1/(1+exp(-x))"])
def test_stable_forms_get_no_note(text: str) -> None:
    """The formulas test_custom checks digit by digit against mpmath: no loss, no note."""
    spec = activations.custom(text)
    assert spec.lowered.losses == ()
    assert accuracy_notes(spec) == []


def test_the_note_says_where_and_how_much_in_the_pages_words() -> None:
    spec = activations.custom("exp(x)/(1+exp(x))")
    (note, hint) = accuracy_notes(spec)
    (loss,) = spec.lowered.losses
    assert note.startswith("Written this way, float64 keeps fewer than six correct digits of f′")
    assert f"for x ≥ {loss.lo:.3g}" in note and "-" not in note
    assert f"at x = {loss.x:.4g} it computes" in note
    assert "tanh, sigmoid, softplus, log1p and expm1" in hint
    # A parameter is checked at its default, and the note says so.
    with_alpha = accuracy_notes(activations.custom("alpha * sinh(x)/cosh(x)"))
    assert "(at α = 1)" in with_alpha[0]


def test_a_formula_too_large_to_check_is_not_checked() -> None:
    """The check's work is bounded ahead: past MAX_EVALUATIONS it claims nothing."""
    from activations.lowered import Op

    x = Op("var", value="x")
    big = Op("add", tuple(Op("call", (x,), "sinh") for _ in range(300)))
    assert accuracy.MAX_EVALUATIONS // (2 * big.size) < accuracy.MIN_POINTS
    assert accuracy.losses(big, big) == ()
