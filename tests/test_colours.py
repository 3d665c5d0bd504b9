"""The function palette (ui/theme.py): one colour per function, readable in both themes and under
colour-vision deficiencies, and a fixed rule when two functions shown together share a home.

The contrast and the simulations are computed here from their published definitions (WCAG 2's
relative luminance; Machado, Oliveira & Fernandes 2009's severity-1 matrices; CIELAB with D65),
not taken from the code under test."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest

import activations
from ui import lessons, presets, theme

ROOT = Path(__file__).resolve().parents[1]

SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
         [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
         [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
         [0.004733, 0.691367, 0.303900]]
    ),
}  # fmt: skip
# The least CIELAB distance between any two hues of one theme, for every vision above.
LEAST_DISTANCE = 25.0


def _linear(colour: str) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio."""
    la, lb = (float(_linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = xyz @ np.clip(rgb, 0.0, 1.0) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, vision: str) -> float:
    matrix = SIMULATIONS[vision]
    return float(np.linalg.norm(_lab(matrix @ _linear(a)) - _lab(matrix @ _linear(b))))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_hue_is_readable_on_its_theme(dark: bool) -> None:
    background = theme.BACKGROUND[dark]
    for hue, shade in theme.PALETTE.items():
        assert contrast(shade.on(dark), background) >= (5.0 if dark else 3.3), hue


@pytest.mark.parametrize("vision", SIMULATIONS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_hues_stay_apart_for_every_vision(dark: bool, vision: str) -> None:
    shades = {hue: shade.on(dark) for hue, shade in theme.PALETTE.items()}
    for (a, ca), (b, cb) in itertools.combinations(shades.items(), 2):
        assert distance(ca, cb, vision) >= LEAST_DISTANCE, (a, b)


def test_every_function_has_a_home_hue() -> None:
    assert set(theme.HOME) == {*activations.REGISTRY, "custom"}
    assert set(theme.HOME.values()) <= set(theme.PALETTE)
    # Its order is the registry's (then the typed formula): the rule ranks by it.
    assert list(theme.HOME) == [*activations.REGISTRY, "custom"]


def _page_default(page: str, name: str) -> list[str]:
    """A page's default selection, read from its source (importing a page would run it)."""
    tree = ast.parse((ROOT / "app_pages" / f"{page}.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{page}.py has no {name}")


def _shipped_sets() -> dict[str, list[str]]:
    """Every set of functions the app shows together by itself: page defaults, Compare's presets,
    the lessons' links, and each function beside its hard or smooth twin."""
    sets = {
        "compare default": _page_default("compare", "DEFAULT"),
        "gradients default": _page_default("gradients", "DEFAULT_FNS"),
        "lab default": _page_default("training", "DEFAULT_FNS"),
        **{f"preset {title}": list(keys) for title, keys in presets.PRESETS.items()},
        **{f"prompt {p.id}": list(p.settings["fns"]) for p in lessons.TRAINING_PROMPTS},
    }
    twins = [("sigmoid", "hard_sigmoid"), ("tanh", "hardtanh"), ("swish", "hardswish"),
             ("relu", "relu6"), ("relu", "softplus"), ("gelu", "gelu_tanh"), ("elu", "celu"),
             ("elu", "selu"), ("sigmoid", "softplus"), ("relu", "gelu"), ("relu", "swish")]  # fmt: skip
    return sets | {f"twins {a}/{b}": [a, b] for a, b in twins}


@pytest.mark.parametrize("name", list(_shipped_sets()))
def test_functions_shown_together_by_the_app_have_their_home_colours(name: str) -> None:
    keys = _shipped_sets()[name]
    assert len({theme.HOME[key] for key in keys}) == len(keys), "two share a home"
    styles = theme.series_styles(keys)
    assert all(styles[key] == (theme.HOME[key], "solid") for key in keys)


def test_the_rule_does_not_depend_on_the_order_picked() -> None:
    keys = ["swish", "relu", "tanh", "softplus", "custom", "elu", "prelu", "identity"]
    expected = theme.series_styles(keys)
    rng = np.random.default_rng(0)
    for _ in range(20):
        assert theme.series_styles(list(rng.permutation(keys))) == expected


def test_a_collision_is_resolved_by_the_registry_order() -> None:
    # ReLU and GELU (tanh) share blue: ReLU comes first in the registry and keeps it; GELU (tanh)
    # takes the first free hue in the palette's order.
    assert theme.HOME["relu"] == theme.HOME["gelu_tanh"] == "blue"
    styles = theme.series_styles(["gelu_tanh", "relu"])
    assert styles == {"relu": ("blue", "solid"), "gelu_tanh": ("orange", "solid")}


@pytest.mark.parametrize("count", [4, 6, 8])
def test_any_functions_shown_together_differ(count: int) -> None:
    """Any 4 (and 6) differ by colour; any 8 by colour and dash: checked on random draws."""
    keys = list(theme.HOME)
    rng = np.random.default_rng(count)
    for _ in range(300):
        styles = theme.series_styles(list(rng.choice(keys, size=count, replace=False)))
        assert len(set(styles.values())) == count
        if count <= len(theme.PALETTE):
            assert len({hue for hue, _ in styles.values()}) == count


def test_a_chart_asks_by_name_and_gets_the_themes_shade() -> None:
    shown = ["ReLU", "Tanh", "Custom"]
    light = theme.series_line("ReLU", shown, theme.style(False))
    dark = theme.series_line("ReLU", shown, theme.style(True, dark=True))
    assert light == {"color": theme.PALETTE["blue"].light, "dash": "solid"}
    assert dark == {"color": theme.PALETTE["blue"].dark, "dash": "solid"}
    assert theme.series_colour("Custom", shown, theme.style(False)) == theme.PALETTE["slate"].light


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_labs_class_colours_are_no_functions_colour(dark: bool) -> None:
    for end in (theme.CLASS_0.hex, theme.CLASS_1.hex):
        for hue, shade in theme.PALETTE.items():
            for vision in SIMULATIONS:
                assert distance(end, shade.on(dark), vision) >= 15.0, (end, hue, vision)
    assert [stop[1] for stop in (theme.CLASS_SCALE[0], theme.CLASS_SCALE[-1])] == [
        theme.CLASS_0.hex,
        theme.CLASS_1.hex,
    ]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_plotlys_own_controls_take_the_themes_colours(dark: bool) -> None:
    """Play buttons and the step slider: text readable on the page and on the control, and a
    rail that stands apart from the page without glaring (no white bar on the dark theme)."""
    s = theme.style(False, dark=dark)
    background = theme.BACKGROUND[dark]
    rail = theme.slider(s, steps=[])
    menu = theme.buttons(s, [], xanchor="left", pad={})
    for text in (rail["font"]["color"], rail["currentvalue"]["font"]["color"]):
        assert contrast(text, background) >= 4.5
    assert contrast(menu["font"]["color"], menu["bgcolor"]) >= 4.5
    assert 1.1 <= contrast(rail["bgcolor"], background) <= 2.5
    assert contrast(rail["bordercolor"], background) >= 1.5
