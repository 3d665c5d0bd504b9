"""The compare page: one trace per function in each chart, with the core's values."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from tests.apptest import charts, open_page, trace, trace_names, warnings_text
from ui.presets import PRESETS


def test_selected_functions_draw_one_trace_each_with_core_values() -> None:
    at = open_page("compare", {"fns": ["sigmoid", "tanh", "elu"], "elu.alpha": "0.5"})
    f_chart, df_chart = charts(at)
    assert trace_names(f_chart) == ["Sigmoid", "Tanh", "ELU"]
    assert trace_names(df_chart) == ["Sigmoid", "Tanh", "ELU", "vanishing: |f′| < 0.05"]
    for key, name in (("sigmoid", "Sigmoid"), ("tanh", "Tanh"), ("elu", "ELU")):
        params = {"alpha": 0.5} if key == "elu" else {}
        x, y = trace(f_chart, name)
        np.testing.assert_array_equal(y, activations.get(key).value(x, **params))
        x, dy = trace(df_chart, name)
        np.testing.assert_array_equal(dy, activations.get(key).derivative(x, **params))
    band = df_chart["layout"]["shapes"][0]
    assert (band["y0"], band["y1"]) == (-0.05, 0.05)


def test_changing_selection_and_parameter_updates_charts_and_url() -> None:
    at = open_page("compare", {"fns": ["relu"]})
    at.multiselect(key="compare.fns").set_value(["relu", "leaky_relu"]).run()
    at.slider(key="compare.leaky_relu.alpha").set_value(0.2).run()
    x, dy = trace(charts(at)[1], "Leaky ReLU")
    np.testing.assert_array_equal(dy, activations.get("leaky_relu").derivative(x, alpha=0.2))
    assert at.query_params["fns"] == ["relu", "leaky_relu"]
    assert at.query_params["leaky_relu.alpha"] == "0.2"


@pytest.mark.parametrize(("title", "selection"), list(PRESETS.items()))
def test_presets_set_the_selection(title: str, selection: tuple[str, ...]) -> None:
    at = open_page("compare")
    at.button(key=f"compare.preset.{title}").click().run()
    assert at.multiselect(key="compare.fns").value == list(selection)
    names = [activations.get(key).name for key in selection]
    assert trace_names(charts(at)[0]) == names


def test_table_is_filtered_to_the_selection_at_its_parameters() -> None:
    at = open_page("compare", {"fns": ["elu", "gaussian"], "elu.alpha": "2"})
    (table,) = [m.value for m in at.markdown if m.value.startswith("| Property |")]
    lines = table.splitlines()
    assert lines[0] == "| Property | ELU | Gaussian |"
    elu, gaussian = activations.properties("elu", alpha=2.0), activations.properties("gaussian")
    assert f"| Output range | {elu.output_range} | {gaussian.output_range} |" in lines
    assert f"| Derivative range | {elu.derivative_range} | {gaussian.derivative_range} |" in lines
    assert str(elu.output_range) == "(−2, ∞)"


def test_bad_values_fall_back_with_a_note() -> None:
    at = open_page("compare", {"fns": ["zzz", "relu", "relu"], "range": ["3", "nan"]})
    assert at.multiselect(key="compare.fns").value == ["relu"]
    notes = warnings_text(at)
    assert "fns=zzz" in notes and "range=nan" in notes
    x, _ = trace(charts(at)[0], "ReLU")
    assert (x.min(), x.max()) == (-6.0, 6.0)


def test_too_many_functions_are_cut_with_a_note() -> None:
    at = open_page("compare", {"fns": list(activations.REGISTRY)})
    assert len(at.multiselect(key="compare.fns").value) == 8
    assert "first 8" in warnings_text(at)


@pytest.mark.parametrize("present", ["0", "1"])
def test_eight_functions_are_named_once_across_the_two_legends(present: str) -> None:
    """Eight names in one legend take four rows over a narrow chart (nine, stacked, beside the
    f′ chart): the two charts share them, each function named once, half on each."""
    keys = ["relu", "tanh", "sigmoid", "gelu", "elu", "softplus", "swish", "mish"]
    at = open_page("compare", {"fns": keys, "present": present})
    f_chart, df_chart = charts(at)
    names = [activations.get(key).name for key in keys]
    listed = [
        [t["name"] for t in chart["data"] if t.get("showlegend", True) and t["name"] in names]
        for chart in (f_chart, df_chart)
    ]
    assert sorted(listed[0] + listed[1]) == sorted(names)
    assert len(listed[0]) == len(listed[1]) == 4
