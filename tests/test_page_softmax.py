"""The softmax page: logits and temperature drive the bars and the Jacobian to the core's values."""

from __future__ import annotations

import numpy as np
import pytest

from activations.softmax import softmax, softmax_jacobian
from tests.apptest import charts, named, open_page, read_number, warnings_text


def bars_and_jacobian(at) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    bars, heatmap, _ = charts(at)
    logits = np.array(named(bars, "logits")["y"])
    probabilities = np.array(named(bars, "probabilities")["y"])
    return logits, probabilities, np.array(named(heatmap, "Jacobian")["z"])


def test_default_view() -> None:
    at = open_page("softmax")
    logits, p, jac = bars_and_jacobian(at)
    np.testing.assert_array_equal(logits, [2.0, 1.0, 0.1, -1.0])
    np.testing.assert_array_equal(p, softmax(logits))
    np.testing.assert_array_equal(jac, softmax_jacobian(logits))
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)


def test_changing_a_logit_changes_bars_and_jacobian() -> None:
    at = open_page("softmax")
    at.number_input(key="softmax.logits.2").set_value(3.5).run()
    logits, p, jac = bars_and_jacobian(at)
    np.testing.assert_array_equal(logits, [2.0, 1.0, 3.5, -1.0])
    np.testing.assert_array_equal(p, softmax([2.0, 1.0, 3.5, -1.0]))
    np.testing.assert_array_equal(jac, softmax_jacobian([2.0, 1.0, 3.5, -1.0]))
    assert at.query_params["logits"] == ["2", "1", "3.5", "-1"]


def test_changing_temperature_changes_bars_and_jacobian() -> None:
    at = open_page("softmax")
    at.select_slider(key="softmax.temp").set_value(0.2).run()
    logits, p, jac = bars_and_jacobian(at)
    np.testing.assert_array_equal(p, softmax(logits, 0.2))
    np.testing.assert_array_equal(jac, softmax_jacobian(logits, 0.2))
    assert p.max() > 0.99  # cold: nearly one-hot
    assert at.query_params["temp"] == "0.2"


def test_link_reproduces_view_and_overflow_lesson() -> None:
    at = open_page("softmax", {"logits": ["1000", "1001", "1002"], "temp": "0.5"})
    logits, p, _ = bars_and_jacobian(at)
    np.testing.assert_array_equal(logits, [1000.0, 1001.0, 1002.0])
    np.testing.assert_array_equal(p, softmax([0.0, 1.0, 2.0], 0.5))
    table = at.table[0].value
    assert list(table["naive"]) == ["NaN", "NaN", "NaN"]
    assert [float(v) for v in table["stable"]] == pytest.approx(list(p), rel=1e-3)
    assert at.error, "the overflow is explained"


def test_overflow_button_loads_large_logits() -> None:
    at = open_page("softmax")
    next(b for b in at.button if "1000" in b.label).click().run()
    logits, _, _ = bars_and_jacobian(at)
    np.testing.assert_array_equal(logits, [1000.0, 1001.0, 1002.0])


def test_adding_a_class() -> None:
    at = open_page("softmax")
    at.number_input(key="softmax.logits.count").set_value(5).run()
    logits, p, jac = bars_and_jacobian(at)
    assert len(logits) == 5 and jac.shape == (5, 5)
    np.testing.assert_array_equal(p, softmax(logits))


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"logits": ["1", "abc"]}, "logits=abc"),
        ({"logits": ["1", "nan"]}, "not a finite number"),
        ({"logits": ["5"]}, "2 to 10"),
        ({"logits": [str(i) for i in range(11)]}, "2 to 10"),
        ({"temp": "0"}, "outside"),
        ({"temp": "-1"}, "outside"),
        ({"temp": "inf"}, "not a finite number"),
        ({"temp": "0.33"}, "rounded to 0.3"),
    ],
)
def test_bad_values_fall_back_to_defaults(query: dict, note: str) -> None:
    at = open_page("softmax", query)
    assert note in warnings_text(at)
    logits, p, jac = bars_and_jacobian(at)
    assert len(logits) >= 2
    temperature = at.select_slider(key="softmax.temp").value
    np.testing.assert_array_equal(p, softmax(logits, temperature))
    np.testing.assert_array_equal(jac, softmax_jacobian(logits, temperature))


@pytest.mark.parametrize(
    ("logits", "temp", "kind", "words"),
    [
        (["1000", "1001", "1002"], None, "overflow", "inf/inf is NaN"),
        (["-1000", "-1001"], None, "underflow", "0/0 is NaN"),
        (["709.5", "709.5"], None, "sum overflow", "their sum does not"),
        (["102", "101", "100.1", "99"], "0.05", "overflow", "inf/inf is NaN"),
    ],
)
def test_the_naive_failure_message_names_what_happened(logits, temp, kind, words) -> None:
    """Overflow and underflow fail differently, and the page says which one happened; the
    naive column shows what the message says it shows."""
    from activations.softmax import naive_failure, softmax_naive

    query = {"logits": logits, **({"temp": temp} if temp else {})}
    at = open_page("softmax", query)
    values = [float(v) for v in logits]
    temperature = float(temp or 1.0)
    assert naive_failure(values, temperature) == kind
    assert words in at.error[0].value
    naive = softmax_naive(values, temperature)
    table = at.table[0].value
    shown = [read_number(text) for text in table["naive"]]
    np.testing.assert_allclose(shown, naive, rtol=5e-4)  # four significant digits (NaN = NaN)
    if kind == "sum overflow":
        assert np.all(naive == 0.0)
    else:
        assert np.any(np.isnan(naive))


def test_default_logits_agree_and_say_so() -> None:
    at = open_page("softmax")
    assert not at.error
    assert "nothing overflows or underflows" in at.success[0].value


def test_the_gradient_sentence_states_this_temperature() -> None:
    """The cross-entropy gradient is (p − onehot)/T, checked against a central difference."""
    from activations.softmax import log_softmax

    at = open_page("softmax", {"temp": "2"})
    text = " ".join(m.value for m in at.markdown)
    assert "(p − onehot(y))/T, here with T = 2." in text
    z, t, y = np.array([2.0, 1.0, 0.1, -1.0]), 2.0, 1
    h = 1e-6
    numeric = [
        (-log_softmax(z + h * e, t)[y] + log_softmax(z - h * e, t)[y]) / (2 * h) for e in np.eye(4)
    ]
    np.testing.assert_allclose(numeric, (softmax(z, t) - np.eye(4)[y]) / t, atol=1e-8)


def test_jacobian_rows_and_columns_sum_to_zero_as_the_prompt_says() -> None:
    at = open_page("softmax", {"logits": ["3", "-1", "0.5"], "temp": "0.5"})
    text = " ".join(m.value for m in at.markdown)
    assert "changes no probability" in text and "always sum to 1" in text
    _, _, jac = bars_and_jacobian(at)
    np.testing.assert_allclose(jac.sum(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)
    # Shift invariance: adding 100 to every logit changes no stable probability.
    np.testing.assert_allclose(softmax([103, 99, 100.5], 0.5), softmax([3, -1, 0.5], 0.5))
