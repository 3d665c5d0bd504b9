"""Typed formulas: exact values and derivatives against mpmath, the registry's own numbers for a
function written out, PyTorch's rules at kinks, and a hostile corpus that never runs anything."""

from __future__ import annotations

import builtins
import functools
import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy

import activations
from activations import formula, symbolic, typed
from tests.apptest import ROOT
from ui.custom_formula import PRESETS

mpmath.mp.dps = 50

# Formula, the same function written independently for mpmath, and the points to check (away
# from kinks and poles). The derivative's reference is mpmath's own numerical differentiation at
# 400 digits: independent of SymPy and of our evaluator.
CASES = [
    ("x * tanh(log(1 + exp(x)))", lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x)))),
    ("x * sigmoid(x)", lambda x: x / (1 + mpmath.exp(-x))),
    ("log(1 + exp(x))", lambda x: mpmath.log1p(mpmath.exp(x))),
    ("x^3 - 2*x", lambda x: x**3 - 2 * x),
    ("sin(x) * exp(-x^2)", lambda x: mpmath.sin(x) * mpmath.exp(-(x**2))),
    ("arctan(x) / (1 + x^2)", lambda x: mpmath.atan(x) / (1 + x**2)),
    ("erf(x / sqrt(2))", lambda x: mpmath.erf(x / mpmath.sqrt(2))),
    ("log1p(x^2) - expm1(-abs(x))", lambda x: mpmath.log1p(x**2) - mpmath.expm1(-abs(x))),
    ("exp(x) - 1", lambda x: mpmath.expm1(x)),
    ("cosh(x) / (1 + sinh(x)^2)", lambda x: mpmath.cosh(x) / (1 + mpmath.sinh(x) ** 2)),
    ("tanh(x)^2 + cos(x/pi)", lambda x: mpmath.tanh(x) ** 2 + mpmath.cos(x / mpmath.pi)),
    ("softplus(2*x) / 2", lambda x: mpmath.log1p(mpmath.exp(2 * x)) / 2),
    ("e^(x/4) * tan(x/10)", lambda x: mpmath.exp(x / 4) * mpmath.tan(x / 10)),
    ("max(x, 0.5*x) + min(x^2, 1)", lambda x: max(x, x / 2) + min(x**2, 1)),
    ("2^3^2 * x / 512", lambda x: x),
]
POINTS = [-30.0, -7.5, -2.0, -0.6, 0.3, 1.7, 4.0, 12.0, 30.0]


@pytest.mark.parametrize(("text", "reference"), CASES, ids=[c[0] for c in CASES])
def test_values_and_derivatives_match_mpmath(text: str, reference) -> None:
    f = activations.custom(text)
    for x in POINTS:
        want = reference(mpmath.mpf(x))
        with mpmath.workdps(400):  # enough digits that a slope of 1e−196 beside f ≈ −1 survives
            slope = mpmath.diff(reference, mpmath.mpf(x))
        got, got_slope = float(f.value(x)), float(f.derivative(x))
        assert got == pytest.approx(float(want), rel=1e-13, abs=1e-300), (x, got, want)
        assert got_slope == pytest.approx(float(slope), rel=1e-12, abs=1e-300), (x, got_slope)


def test_mish_written_out_keeps_its_accuracy_in_the_left_tail() -> None:
    """log(1 + exp(x)) is evaluated as softplus: at x = −30 every digit survives."""
    mish = activations.custom("x*tanh(log(1+exp(x)))")
    for x in (-30.0, -100.0, -700.0):
        exact = mpmath.mpf(x) * mpmath.tanh(mpmath.log1p(mpmath.exp(x)))
        assert float(mish.value(x)) == pytest.approx(float(exact), rel=4e-16)


# Formulas that write out a registry entry, its key and its parameters.
WRITTEN_OUT = [
    ("x * sigmoid(beta * x)", "swish", {"beta": 1.0}),
    ("x / (1 + exp(-beta*x))", "swish", {"beta": 2.5}),
    ("log(1 + exp(x))", "softplus", {}),
    ("max(x, 0)", "relu", {}),
    ("x * tanh(log(1 + exp(x)))", "mish", {}),
    ("x * tanh(softplus(x))", "mish", {}),
]


@pytest.mark.parametrize(("text", "key", "params"), WRITTEN_OUT)
def test_a_formula_that_writes_out_an_entry_gives_its_numbers(text, key, params) -> None:
    """Over [−20, 20], away from kinks (where each follows PyTorch's rule for its own operations:
    see the next test), to about 1e−12."""
    f, entry = activations.custom(text), activations.get(key)
    x = np.linspace(-20.0, 20.0, 4001)
    x = x[~np.isin(x, entry.breakpoints)]
    np.testing.assert_allclose(
        f.value(x, **params), entry.value(x, **params), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        f.derivative(x, **params), entry.derivative(x, **params), rtol=1e-12, atol=1e-300
    )


@pytest.mark.parametrize(("label", "text"), PRESETS.items())
def test_each_preset_agrees_with_what_it_names(label: str, text: str) -> None:
    x = np.linspace(-8.0, 8.0, 1601)
    f = activations.custom(text)
    if label in ("Mish", "Swish"):
        entry = activations.get(label.lower())
        np.testing.assert_allclose(f.value(x), entry.value(x), rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(f.derivative(x), entry.derivative(x), rtol=1e-12, atol=1e-300)
        return
    reference = {"Sine": (np.sin, np.cos), "Cube": (lambda t: t**3, lambda t: 3 * t**2),
                 "|x|": (np.abs, np.sign)}[label]  # fmt: skip
    np.testing.assert_allclose(f.value(x), reference[0](x), rtol=1e-15)
    np.testing.assert_allclose(f.derivative(x), reference[1](x), rtol=1e-15)


@pytest.mark.parametrize(
    ("text", "x", "slope"),
    [
        ("abs(x)", 0.0, 0.0),  # PyTorch: grad * sign(x)
        ("max(x, 0)", 0.0, 0.5),  # torch.maximum splits a tie evenly
        ("min(x, 0)", 0.0, 0.5),
        ("max(x, 2*x)", 0.0, 1.5),  # ½·1 + ½·2
        ("min(max(x, -1), 1)", 1.0, 0.5),
        ("min(max(x, -1), 1)", -1.0, 0.5),
        ("x * abs(x)", 0.0, 0.0),
        ("abs(x - 1)", 1.0, 0.0),
    ],
)
def test_kinks_follow_pytorch_for_the_same_operations(text: str, x: float, slope: float) -> None:
    """Values from PyTorch 2.x autograd (torch.abs, torch.maximum, torch.minimum)."""
    assert float(activations.custom(text).derivative(x)) == slope


@pytest.mark.parametrize(
    ("text", "breakpoints"),
    [
        ("abs(x)", (0.0,)),
        ("abs(x - 1)", (1.0,)),
        ("max(x, 0)", (0.0,)),
        ("min(max(x, -1), 1)", (-1.0, 1.0)),
        ("abs(x^2 - 4)", (-2.0, 2.0)),
        ("max(x, alpha*x/2)", (0.0,)),  # found at the default α = 1
        ("max(x, alpha*x)", ()),  # at α = 1 the two arguments are equal everywhere
        ("x * tanh(softplus(x))", ()),
        ("abs(exp(x))", ()),  # never 0
    ],
)
def test_breakpoints_come_from_abs_max_and_min(text: str, breakpoints: tuple) -> None:
    assert activations.custom(text).breakpoints == pytest.approx(breakpoints, abs=1e-12)


def test_alpha_and_beta_get_sliders_like_a_registry_parameter() -> None:
    f = activations.custom("alpha * x + beta * abs(x)")
    assert [(p.name, p.min, p.max, p.default) for p in f.params] == [
        ("alpha", 0.0, 10.0, 1.0),
        ("beta", 0.0, 10.0, 1.0),
    ]
    assert float(f.value(-2.0, alpha=0.5, beta=2.0)) == -1.0 + 4.0
    with pytest.raises(ValueError, match="alpha must lie in"):
        f.value(1.0, alpha=12.0)
    # The formula's domain needs α > 0: the slider starts a step above 0.
    assert activations.custom("log(alpha) * x").params[0].min == 0.05
    assert activations.custom("x^3").params == ()


def test_undefined_or_overflowing_values_are_gaps_with_no_warning() -> None:
    """pytest turns warnings into errors: none escapes."""
    assert np.isnan(activations.custom("log(x)").value([-1.0])).all()
    assert np.isinf(activations.custom("exp(exp(x))").value([10.0])).all()
    assert np.isinf(activations.custom("1/x").derivative([0.0])).all()
    with pytest.raises(ValueError, match="undefined at some x"):
        activations.properties(activations.custom("sqrt(x)"))


def test_properties_of_a_typed_function_are_computed_like_an_entrys() -> None:
    typed = activations.properties(activations.custom("x * sigmoid(beta * x)"), beta=2.0)
    entry = activations.properties("swish", beta=2.0)
    assert typed.output_range.lo == pytest.approx(entry.output_range.lo, rel=1e-9)
    assert typed.mean_output == pytest.approx(entry.mean_output, rel=1e-9)
    assert typed.smoothness == entry.smoothness and typed.monotonic == entry.monotonic
    relu = activations.properties(activations.custom("max(x, 0)"))
    assert relu.kinks == (0.0,) and relu.dead_zones == ((-math.inf, 0.0),)


def test_latex_numpy_code_and_cache() -> None:
    f = activations.custom("x * tanh(log(1 + exp(x)))")
    assert f.key == "custom" and f.text == "x * tanh(log(1 + exp(x)))"
    assert r"\tanh" in f.formula and r"\operatorname{softplus}" in f.formula
    assert r"\sigma\left(x\right)" in f.derivative_formula
    assert f.code == "x * np.tanh(np.logaddexp(0, x))"
    assert "scipy.special.expit(x)" in f.derivative_code
    assert activations.custom("x * tanh(log(1 + exp(x)))") is f  # cached by its text


# --- the hostile corpus --------------------------------------------------------------------------

HOSTILE = {
    "dunder": "__import__('os').system('ls')",
    "attribute": "x.__class__.__mro__",
    "subclasses": "().__class__.__bases__[0].__subclasses__()",
    "call outside the list": "print(x)",
    "eval": "eval('1')",
    "lambda": "lambda x: x",
    "comprehension": "[x for x in (1, 2)]",
    "power tower of literals": "9**9**9",
    "power of a large constant": "(10^100)^100 * x",
    "large exponent": "x^1000000",
    "large literal": "1e400 * x",
    "long literal": "1234567890123456789012345 * x",
    "deep nesting": "(" * 40 + "x" + ")" * 40,
    "deep calls": "sin(" * 30 + "x" + ")" * 30,
    "10,000 characters": "x+" * 5000,
    "Unicode look-alike x": "ｘ * 2",
    "Unicode minus": "x − 1",
    "Cyrillic a in alpha": "аlpha * x",
    "zero-width space": "x\u200b+1",
    "control character": "x\x00+1",
    "newline injection": "x\n__import__('os')",
    "semicolon": "x; import os",
    "HTML": "<script>alert(1)</script>",
    "Markdown": "`x` ![](http://e)",
    "unknown name": "x + y",
    "string": "'x'",
    "keyword": "x if x else 1",
    "comparison": "x > 0",
    "too many nodes": "+".join(["x"] * 130),
    "derivative explosion": "x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x",
    "too many arguments": "max(x, 1, 2)",
    "empty": "",
}


def _refuse(*args, **kwargs):
    raise AssertionError("user text reached an evaluator")


@functools.cache
def _warm_up() -> None:
    """SymPy imports parts of itself on first use, through exec: once per process, before the
    evaluators are replaced (an import, once made, stays made)."""
    for text, _ in CASES:
        symbolic.lower(text)


def _build_with_no_evaluator(text: str) -> tuple[object, Exception | None]:
    """What ``activations.custom(text)`` has its worker do (:func:`symbolic.lower`), here in this
    process, with eval, exec, compile and SymPy's text parsers replaced by functions that fail
    loudly, restored before anything else runs; then the activation made of it."""
    _warm_up()
    targets = [(builtins, n) for n in ("eval", "exec", "compile")]
    targets += [(sympy, n) for n in ("sympify", "parse_expr", "lambdify")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]
    for owner, name, _ in saved:
        setattr(owner, name, _refuse)
    try:
        return typed.from_lowered(symbolic.lower(text)), None
    except ValueError as error:
        return None, error
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_formulas_are_refused_and_nothing_runs(text: str) -> None:
    """Each is refused with a ValueError that says what and where, before any evaluator could
    have run (they fail loudly if called)."""
    typed.custom.cache_clear()
    built, error = _build_with_no_evaluator(text)
    assert built is None and error is not None
    message = str(error)
    assert any(word in message for word in ("position", "long", "large", "empty")), message
    assert len(message) < 200
    with pytest.raises(ValueError, match=r"\w") as through_the_worker:
        activations.custom(text)
    assert str(through_the_worker.value) == message


def test_valid_formulas_are_built_without_any_evaluator() -> None:
    typed.custom.cache_clear()
    for text, _ in CASES:
        built, error = _build_with_no_evaluator(text)
        assert error is None, (text, error)
        built.value(np.linspace(-3, 3, 7))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x + y", "unknown name 'y' at position 5"),
        ("__import__('os')", "unknown function '__import__' at position 1"),
        ("2x", "missing an operator (such as *) before position 2"),
        ("x − 1", "unexpected minus sign (U+2212; type '-' instead) at position 3"),
        ("sin(x", "expected ')' at position 6, found the end"),
        ("max(x)", "max takes 2 arguments, got 1 at position 1"),
        # Digits and spaces are ASCII: others are named, never read as digits or spaces.
        ("x*１２", "unexpected fullwidth digit one (U+FF11; type '1' instead) at position 3"),
        ("٣*x", "unexpected arabic-indic digit three (U+0663) at position 1"),
        ("x\x1c+1", "unexpected control character U+001C at position 2"),
        ("x\u2028+1", "unexpected line separator (U+2028) at position 2"),
        # Literals outside float64's normal range are refused before anything computes them.
        ("1e-999999*x", "the number at position 1 is too small (at least 1e-300, or 0)"),
        ("1e-9999999999999999", "the number at position 1 is too small (at least 1e-300, or 0)"),
        # 0/0 is no number, not a large one.
        ("0/0*x", "division by zero at position 2"),
        ("x/0", "division by zero at position 2"),
    ],
)
def test_messages_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="position") as refused:
        formula.parse(text)
    assert str(refused.value) == message


def test_importing_the_core_and_the_pages_helpers_does_not_import_sympy() -> None:
    """Pages that never see a formula never pay for SymPy's import, nor mpmath's (the accuracy
    check runs in the formula's worker)."""
    code = (
        "import sys, activations, ui.compute, ui.controls, ui.custom_formula, ui.explorer_view; "
        "activations.properties('relu'); assert 'sympy' not in sys.modules, 'sympy imported'; "
        "assert 'mpmath' not in sys.modules, 'mpmath imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


@pytest.mark.parametrize(("text", "key", "params"), WRITTEN_OUT)
def test_registry_match_names_the_entry_a_formula_writes_out(text, key, params) -> None:
    found = typed.registry_match(activations.custom(text), **params)
    assert found is not None and found[0] == key and found[1] <= 1e-12


@pytest.mark.parametrize("text", ["sin(x)", "x^3", "log(x)", "tanh(x) + 1e-9", "x * sigmoid(2*x)"])
def test_registry_match_finds_nothing_for_a_new_function(text: str) -> None:
    assert typed.registry_match(activations.custom(text)) is None


def test_tanh_typed_out_keeps_its_slope_in_the_tails() -> None:
    """tanh′ = sech², not 1 − tanh² (which is 0 once tanh rounds to 1)."""
    slope = activations.custom("tanh(x)").derivative([20.0, -30.0])
    exact = [float(mpmath.sech(mpmath.mpf(v)) ** 2) for v in (20.0, -30.0)]
    np.testing.assert_allclose(slope, exact, rtol=1e-14)


@pytest.mark.parametrize(("text", "reference"), CASES, ids=[c[0] for c in CASES])
def test_the_numpy_code_shown_computes_what_the_page_draws(text: str, reference) -> None:
    """The code on the page is text to read; here, for our own fixed formulas only, it is run
    to check that it says exactly what the evaluator computes."""
    import scipy.special

    f = activations.custom(text)
    x = np.linspace(-5.0, 5.0, 101)
    names = {"np": np, "scipy": scipy, "x": x, "alpha": 1.0, "beta": 1.0}
    with np.errstate(all="ignore"):
        shown_f = eval(f.code, {"__builtins__": {}}, names)
        shown_df = eval(f.derivative_code, {"__builtins__": {}}, names)
    np.testing.assert_array_equal(np.broadcast_to(shown_f, x.shape), f.value(x))
    np.testing.assert_array_equal(np.broadcast_to(shown_df, x.shape), f.derivative(x))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("((((3*x)^100)^100)^100)^100", "the power at position 14 makes a number too large"),
        ("((3*x)^100)^100", "the power at position 12 makes a number too large"),
        ("3^(999999999+x-x)", "the power at position 2 makes a number too large"),
        ("2^(999999999*999999999+x-x)", "the power at position 2 makes a number too large"),
        ("x/(x-x)", "the formula divides by zero for every x"),
    ],
)
def test_exact_arithmetic_that_would_hold_the_server_is_refused(text: str, message: str) -> None:
    """SymPy multiplies powers out over their coefficients and computes numbers exactly: each of
    these took from minutes to hours, or gigabytes, before it was bounded on the expression."""
    with pytest.raises(ValueError, match=r"position|divides") as refused:
        activations.custom(text)
    assert str(refused.value).startswith(message)


def test_a_formula_the_worker_cannot_finish_is_refused_and_remembered(monkeypatch) -> None:
    """A worker over its time is killed; the formula is refused with a note, and asking again
    is refused at once (no second worker spent on it)."""
    text = "x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x"
    typed.custom.cache_clear()
    typed._REFUSED.pop(text, None)
    monkeypatch.setattr(typed, "_SANDBOX", None)
    monkeypatch.setattr(typed, "BUILD_SECONDS", 0.0)
    with pytest.raises(ValueError, match="took too long to work out"):
        activations.custom(text)
    monkeypatch.setattr(typed, "_workers", lambda: pytest.fail("a worker was asked again"))
    with pytest.raises(ValueError, match="took too long to work out"):
        activations.custom(text)
    typed._REFUSED.pop(text)


@pytest.mark.parametrize("alpha", [0.01, 0.3, 1.0, 2.5])
def test_kinks_and_cards_hold_at_the_current_alpha(alpha: float) -> None:
    """Leaky ReLU written out at α: its card is the registry entry's, whatever α is; and a kink
    whose place depends on α is found where it is (issue #21, finding 12)."""
    leaky = activations.custom("max(x, alpha*x)").at(alpha=alpha)
    card = activations.properties(leaky, alpha=alpha)
    if alpha != 1.0:  # at α = 1 the formula is x: no kink at all
        assert card.kinks == (0.0,) and card.smoothness == "C0"
        # Slopes α and 1 on either side (Leaky ReLU's for α < 1).
        assert card.derivative_range.lo == pytest.approx(min(alpha, 1.0))
        assert card.derivative_range.hi == pytest.approx(max(alpha, 1.0))
    shifted = activations.custom("max(x, alpha)").at(alpha=alpha)
    assert shifted.breakpoints == (alpha,)
    assert activations.properties(shifted, alpha=alpha).output_range.lo == pytest.approx(alpha)
    folded = activations.custom("abs(x - alpha)").at(alpha=alpha)
    assert folded.breakpoints == (alpha,)
    assert activations.properties(folded, alpha=alpha).minimum == pytest.approx((alpha, 0.0))


def test_the_help_lists_the_language_the_parser_takes() -> None:
    """Every operator and function it names parses (no "−", U+2212, which is refused), and
    nothing the parser takes is missing."""
    from ui.custom_formula import HELP

    assert "−" not in HELP and "**" in HELP
    for name, function in formula.FUNCTIONS.items():
        assert name in HELP
        formula.parse(f"{name}({', '.join(['x'] * function.arity)})")
    for operator in formula.OPERATORS:
        assert f" {operator} " in f" {HELP} " or f"{operator} and" in HELP
        formula.parse(f"x {operator} 2")


def test_the_formula_prompts_do_what_they_say() -> None:
    """Swish typed out turns into ReLU by β = 10 (the slider's end); exp(exp(x)) overflows
    inside a range widened to 10, past x ≈ 6.57, and not on the default range."""
    from ui.lessons import CUSTOM_PROMPTS

    assert "β up to 10" in CUSTOM_PROMPTS["custom-swish-to-relu"]
    swish = activations.custom("x * sigmoid(beta * x)")
    assert {p.name: p.max for p in swish.params} == {"beta": 10.0}
    x = np.linspace(-6, 6, 1201)
    gap = np.abs(swish.value(x, beta=10.0) - np.maximum(x, 0.0)).max()
    assert gap < 0.03 < np.abs(swish.value(x, beta=1.0) - np.maximum(x, 0.0)).max()
    assert "widen the range to 10" in CUSTOM_PROMPTS["custom-log-and-overflow"]
    tower = activations.custom("exp(exp(x))")
    assert np.isfinite(tower.value(np.linspace(-6, 6, 401))).all()
    wide = np.linspace(-10, 10, 401)
    first = wide[~np.isfinite(tower.value(wide))][0]
    assert 6.5 < first < 6.7 and np.log(np.log(np.finfo(float).max)) == pytest.approx(6.566, 1e-3)


@pytest.mark.parametrize(
    ("text", "undefined_at"),
    [
        ("log(x) - log(x)", [-2.0, -0.5]),  # SymPy cancels it to 0; log is undefined below 0
        ("x / x", [0.0]),  # 1 everywhere but at 0, where 0/0 is no number
        ("log(x)", [-3.0, -1.0]),  # and f′ = 1/x must not be drawn there either
        ("sqrt(x)^2", [-1.0]),
    ],
)
def test_a_formula_is_undefined_where_it_is_as_typed(text: str, undefined_at: list) -> None:
    """SymPy's simplifications may widen the domain; f and f′ keep the typed formula's (finding
    13), and stay as they were where it is defined."""
    f = activations.custom(text)
    assert np.isnan(f.value(undefined_at)).all() and np.isnan(f.derivative(undefined_at)).all()
    assert np.isfinite(f.value([2.0, 3.0])).all() and np.isfinite(f.derivative([2.0, 3.0])).all()
