"""The explorer in a real browser: links set state, keys move sliders, the URL follows."""

from __future__ import annotations

import numpy as np

import activations
from devtools.harness import plot_data, wait_until_idle
from tests.e2e.checks import assert_no_exception, goto, query, screenshots


def derivative_trace(page) -> tuple[np.ndarray, np.ndarray]:
    trace = next(t for t in plot_data(page) if t["name"] == "f′(x)")
    pairs = [(x, y) for x, y in zip(trace["x"], trace["y"], strict=True) if x is not None]
    xs, ys = zip(*pairs, strict=True)
    return np.array(xs), np.array(ys)


def test_deep_link_sets_function_and_alpha(page) -> None:
    goto(page, "/explorer?fn=leaky_relu&alpha=0.3")
    assert_no_exception(page)
    picker = page.get_by_role("combobox", name="Activation function")
    assert picker.input_value().startswith("Leaky ReLU")
    alpha = page.locator('[data-testid="stSlider"]').filter(has_text="alpha")
    assert alpha.locator('[data-testid="stSliderThumbValue"]').inner_text() == "0.30"
    x, dy = derivative_trace(page)
    np.testing.assert_array_equal(dy, activations.get("leaky_relu").derivative(x, alpha=0.3))


def test_keyboard_moves_alpha_and_rewrites_url_and_chart(page) -> None:
    goto(page, "/explorer?fn=elu&alpha=0.5")
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="alpha").get_by_role("slider")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('alpha=0.55')", timeout=20_000)
    wait_until_idle(page)
    assert query(page)["alpha"] == ["0.55"]
    assert query(page)["fn"] == ["elu"]
    x, dy = derivative_trace(page)
    np.testing.assert_array_equal(dy, activations.get("elu").derivative(x, alpha=0.55))
    assert_no_exception(page)


def test_hostile_link_shows_note_not_traceback(page) -> None:
    goto(page, "/explorer?fn=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&alpha=abc&range=5&range=-5")
    assert_no_exception(page)
    note = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "could not be used" in note
    assert page.locator("img[src=x]").count() == 0
    assert query(page)["fn"] == ["elu"]
    assert len(plot_data(page)) > 0


def test_moves_in_either_fragment_keep_the_other_and_the_note(page) -> None:
    """α reruns only the inner fragment, the band toggle the outer one: each keeps the other's
    state in the URL, and the note about a bad link stays at the top."""
    goto(page, "/explorer?fn=nope&alpha=0.5&x0=2")
    alpha = page.locator('[data-testid="stSlider"]').filter(has_text="alpha").get_by_role("slider")
    alpha.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('alpha=0.55')", timeout=20_000)
    wait_until_idle(page)
    page.get_by_text("Vanishing band").click()
    page.wait_for_function("() => location.search.includes('band=0')", timeout=20_000)
    wait_until_idle(page)
    assert query(page)["alpha"] == ["0.55"]
    assert query(page)["x0"] == ["2"]
    alpha.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('alpha=0.6')", timeout=20_000)
    wait_until_idle(page)
    assert query(page)["band"] == ["0"]
    assert query(page)["fn"] == ["elu"]
    x, dy = derivative_trace(page)
    np.testing.assert_array_equal(dy, activations.get("elu").derivative(x, alpha=0.6))
    tangent = next(t for t in plot_data(page) if t["name"].startswith("tangent"))
    assert tangent["x"][1] == 2.0
    assert "could not be used" in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert page.locator('[data-testid="stAlert"]').count() == 1
    assert_no_exception(page)


CHART = "document.querySelector('.js-plotly-plot')"
TITLE = f"{CHART}.layout.title.text"
# What each drawn state shows, recorded by the chart itself after every frame it draws, so that a
# test sees every frame however busy the machine is (polling could miss a 160 ms frame).
RECORD = f"""() => {{
    window.drawn = [];
    {CHART}.on('plotly_afterplot', () => {{
        const chart = {CHART};
        const tangent = chart.data.find(t => t.name.startsWith('tangent'));
        window.drawn.push({{
            title: chart.layout.title.text,
            tangent: tangent.name,
            tangentY: tangent.y[1],
            labels: (chart.layout.annotations || []).filter(a => a.visible !== false)
                .map(a => a.text),
        }});
    }});
}}"""


def drawn_until(page, title: str) -> list[dict]:
    """The states the chart drew up to the first that carries ``title``."""
    page.wait_for_function(
        f"() => window.drawn.some(state => state.title === '{title}')", timeout=20_000
    )
    states = page.evaluate("() => window.drawn")
    return states[: next(i for i, s in enumerate(states) if s["title"] == title) + 1]


def test_play_sweeps_alpha_in_the_browser(page) -> None:
    """The frames play from the page alone: the title steps through α, the data and the tangent
    follow, and the sweep ends back at the slider's α."""
    goto(page, "/explorer?fn=leaky_relu&alpha=0.3&x0=-2")
    page.evaluate(RECORD)
    page.get_by_text("Play alpha").click()
    at_one = drawn_until(page, "α = 1")[-1]
    # At α = 1 the tangent at x₀ = −2 has slope 1, in the legend too.
    assert (at_one["tangent"], at_one["tangentY"]) == ("tangent at x₀, slope 1", -2)
    states = drawn_until(page, "α = 0.3")
    assert len(states) > 1 and states[-1]["tangent"] == "tangent at x₀, slope 0.3"
    wait_until_idle(page)
    x, dy = derivative_trace(page)  # on the frames' grid, to 4 decimals
    np.testing.assert_allclose(
        dy, activations.get("leaky_relu").derivative(x, alpha=0.3), atol=1e-4
    )
    assert query(page)["alpha"] == ["0.3"]  # no round trip: the URL and the slider stay
    assert_no_exception(page)


def test_play_frames_carry_their_own_bands(page) -> None:
    """Leaky ReLU from α = 0: the dead zone is shaded at first and gone at α = 1 (where f′ is 1 or
    α, never small), as the prompt says; Stop brings it back with α = 0; nothing is sent."""
    goto(page, "/explorer?fn=leaky_relu&alpha=0")
    page.evaluate(RECORD)
    labels = page.evaluate(f"() => {CHART}.layout.annotations.filter(a => a.visible !== false)")
    assert "dead zone (f′ = 0)" in [label["text"] for label in labels]
    prompts = page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    assert any("the dead zone is gone as soon as α > 0" in text for text in prompts)
    page.get_by_text("Play alpha").click()
    assert drawn_until(page, "α = 1")[-1]["labels"] == []
    assert "dead zone (f′ = 0)" in drawn_until(page, "α = 0")[-1]["labels"]  # back at α = 0
    # Stopped early, the sweep goes straight back to α = 0 and draws nothing after it.
    page.evaluate("() => { window.drawn = []; }")
    page.get_by_text("Play alpha").click()
    drawn_until(page, "α = 0.2")
    page.evaluate("() => { window.drawn = []; }")
    page.get_by_text("Stop").click()
    back = drawn_until(page, "α = 0")[-1]
    assert "dead zone (f′ = 0)" in back["labels"]
    # This checks that nothing more is drawn, so no condition can end the wait: it lasts past the
    # time the rest of the sweep would have taken (about 1.5 s).
    page.wait_for_timeout(2500)
    assert [state["title"] for state in page.evaluate("() => window.drawn")][-1] == "α = 0"
    assert "α = 1" not in [state["title"] for state in page.evaluate("() => window.drawn")]
    assert query(page)["alpha"] == ["0"]


def test_screenshots(page, screenshot_dir) -> None:
    screenshots(page, "/explorer?fn=gelu", screenshot_dir, "explorer")
    screenshots(
        page, "/explorer?fn=leaky_relu&alpha=0.2&present=1", screenshot_dir, "explorer-present"
    )
