"""The public API of the registry: names, lookup errors, parameter checking."""

from __future__ import annotations

import numpy as np
import pytest

import activations

EXPECTED_KEYS = {
    "identity", "binary_step", "sigmoid", "hard_sigmoid", "tanh", "hardtanh", "softsign",
    "arctan", "relu", "relu6", "leaky_relu", "prelu", "elu", "celu", "selu", "gelu",
    "gelu_tanh", "swish", "mish", "softplus", "logsigmoid", "hardswish", "tanhshrink", "gaussian",
}  # fmt: skip


def test_all_24_keys_are_registered() -> None:
    assert set(activations.REGISTRY) == EXPECTED_KEYS
    assert len(activations.REGISTRY) == 24


def test_registry_is_read_only_and_ordered_by_family() -> None:
    with pytest.raises(TypeError):
        activations.REGISTRY["new"] = activations.get("relu")  # type: ignore[index]
    families = [spec.family for spec in activations.REGISTRY.values()]
    order = list(activations.FAMILIES)
    assert families == sorted(families, key=order.index)


def test_a_typed_formula_belongs_to_a_family_of_its_own() -> None:
    typed = activations.custom("x * tanh(x)")
    assert activations.FAMILIES[typed.family] == "Your formula"
    assert all(spec.family != typed.family for spec in activations.REGISTRY.values())


def test_unknown_key_names_the_closest_matches() -> None:
    with pytest.raises(KeyError, match="'relu'"):
        activations.get("rellu")
    with pytest.raises(KeyError, match="'gelu'"):
        activations.get("gelu_exact")


@pytest.mark.parametrize("spec", activations.REGISTRY.values(), ids=lambda s: s.key)
def test_spec_is_complete(spec: activations.Activation) -> None:
    assert spec.key and spec.name and spec.family in activations.FAMILIES
    assert spec.formula and spec.derivative_formula
    assert spec.use_case and spec.limitation
    lo, hi = spec.default_range
    assert -50 <= lo < 0 < hi <= 50


@pytest.mark.parametrize(
    "param",
    [p for spec in activations.REGISTRY.values() for p in spec.params],
    ids=lambda p: p.name,
)
def test_param_default_within_range(param: activations.Param) -> None:
    assert param.min <= param.default <= param.max
    assert 0 < param.step <= param.max - param.min


@pytest.mark.parametrize(
    ("key", "param"),
    [(spec.key, p) for spec in activations.REGISTRY.values() for p in spec.params],
    ids=lambda v: getattr(v, "name", v),
)
def test_finite_over_whole_parameter_range(key: str, param: activations.Param) -> None:
    spec = activations.get(key)
    x = np.linspace(-50, 50, 2001)
    for value in np.linspace(param.min, param.max, 21):
        with np.errstate(all="raise", under="ignore"):
            assert np.all(np.isfinite(spec.value(x, **{param.name: value})))
            assert np.all(np.isfinite(spec.derivative(x, **{param.name: value})))


def test_parameters_by_name_with_defaults() -> None:
    elu = activations.get("elu")
    assert elu.value(-1.0) == pytest.approx(np.expm1(-1.0))
    assert elu.value(-1.0, alpha=0.5) == pytest.approx(0.5 * np.expm1(-1.0))


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        ("elu", {"beta": 1.0}, "no parameter beta"),
        ("relu", {"alpha": 0.1}, "accepted: none"),
        ("elu", {"alpha": 99.0}, r"alpha must lie in \[0.0, 3.0\]"),
        ("elu", {"alpha": float("nan")}, "alpha must lie"),
        ("leaky_relu", {"alpha": "abc"}, "alpha must be a number"),
        ("celu", {"alpha": 0.0}, "alpha must lie"),
    ],
)
def test_bad_parameters_raise_value_error(key: str, params: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        activations.get(key).value(1.0, **params)
    with pytest.raises(ValueError, match=message):
        activations.get(key).derivative(1.0, **params)


def test_importing_the_library_does_not_import_streamlit_or_plotly() -> None:
    import subprocess
    import sys

    code = "import sys, activations; print('streamlit' in sys.modules, 'plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


@pytest.mark.parametrize("key", list(activations.REGISTRY))
def test_since_is_the_first_known_use(key: str) -> None:
    """The overview's "Since" is the first step of the history (the first known use), not the
    first step that happens to carry a year (tanh once showed 1998, its LeCun credit)."""
    spec = activations.get(key)
    assert spec.year == (spec.history[0].year if spec.history else None)
    if spec.history and spec.history[0].year is None:
        pytest.fail(f"{key}: the first known use needs a year, or the overview shows none")


def test_known_first_uses() -> None:
    assert activations.get("tanh").year == 1757  # Riccati's hyperbolic functions
    assert activations.get("softsign").year == 1993  # Elliott, before Bergstra et al. named it
    assert "Named softsign" in [c.role for c in activations.get("softsign").history]
