"""The overview page: gallery, the collapse demonstration, and the computed properties table."""

from __future__ import annotations

import numpy as np
import pytest

import activations
from activations.composition import collapsed_map, random_layers
from tests.apptest import charts, open_page, trace
from ui.cards import line_equation


@pytest.fixture(scope="module")
def overview():
    return open_page("overview")


def test_gallery_shows_every_registered_function(overview) -> None:
    html = "\n".join(m.value for m in overview.markdown)
    for key, spec in activations.REGISTRY.items():
        assert f'href="explorer?fn={key}"' in html
        assert spec.name.replace("&", "&amp;") in html


def test_table_values_equal_the_core_properties(overview) -> None:
    table = overview.dataframe[0].value
    assert list(table["key"]) == list(activations.REGISTRY)
    for _, row in table.iterrows():
        props = activations.properties(row["key"])
        assert row["Output range"] == str(props.output_range)
        assert row["Derivative range"] == str(props.derivative_range)
        assert row["f′(0)"] == props.df0
        assert row["Max slope"] == props.max_slope
        assert row["Zero-centred"] == props.zero_centred
        assert row["Mean f(z)"] == props.mean_output
        year = activations.get(row["key"]).year
        assert row["Since"] == ("—" if year is None else str(year))
        assert row["Monotonic"] == props.monotonic
        assert row["Smoothness"] == props.smoothness_label
        assert row["Saturating"] == props.saturation
        assert row["Dead zone"] == props.dead_zone_label
        assert row["Cost (ns/element)"] > 0


def test_two_linear_layers_are_one_line(overview) -> None:
    figure = charts(overview)[0]
    x, two_layers = trace(figure, "two linear layers")
    _, one_map = trace(figure, "one linear map W₁W₂")
    np.testing.assert_allclose(two_layers, one_map, rtol=1e-12, atol=1e-12)
    slope, intercept = collapsed_map(random_layers(7))
    np.testing.assert_allclose(one_map, slope * x + intercept)
    _, bent = trace(figure, "same layers with ReLU between")
    assert np.max(np.abs(np.diff(bent, 2))) > 1e-3  # no longer a straight line
    # The caption states that line, with its sign written out (seed 7's intercept is negative).
    assert intercept < 0
    captions = " ".join(c.value for c in overview.caption)
    assert f"single line y = {slope:.3g}·x − {-intercept:.3g}." in captions


@pytest.mark.parametrize(
    ("slope", "intercept", "expected"),
    [
        (1.44, -0.0195, "y = 1.44·x − 0.0195"),
        (-1.5, 2.0, "y = −1.5·x + 2"),
        (0.5, 0.0, "y = 0.5·x + 0"),
        (2e-5, -3e-7, "y = 2·10⁻⁵·x − 3·10⁻⁷"),
        (0.5, -0.0, "y = 0.5·x + 0"),  # no "− 0"
    ],
)
def test_line_equation_writes_signs_as_a_reader_would(
    slope: float, intercept: float, expected: str
) -> None:
    assert line_equation(slope, intercept) == expected


def test_seed_and_activation_change_the_demo() -> None:
    at = open_page("overview", {"seed": "11", "between": "tanh"})
    figure = charts(at)[0]
    _, one_map = trace(figure, "one linear map W₁W₂")
    slope, intercept = collapsed_map(random_layers(11))
    x, _ = trace(figure, "two linear layers")
    np.testing.assert_allclose(one_map, slope * x + intercept)
    assert "same layers with Tanh between" in [t["name"] for t in figure["data"]]
    at.toggle(key="overview.insert").set_value(False).run()
    assert len(charts(at)[0]["data"]) == 2
    assert at.query_params["insert"] == "0"
