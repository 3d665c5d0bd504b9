"""Where a page names a colour, the browser paints that colour.

Pixels are read from a screenshot of the chart at points chosen from the core's own numbers (a
heat-map cell whose phase, or whose sign, the maths fixes), then classified by hue, so the test
holds whatever Plotly's named scales happen to do.
"""

from __future__ import annotations

import io
import re

import numpy as np
from PIL import Image

from activations import propagation
from activations.softmax import softmax_jacobian
from tests.e2e.checks import assert_no_exception, goto
from ui import theme
from ui.compute import PHASE_SIGMA_B2, PHASE_SIGMA_W2

# Which hue a page's word means, judged from the painted RGB.
WORDS = {
    "blue": lambda r, g, b: b > r + 40,
    "red": lambda r, g, b: r > b + 40,
    "black": lambda r, g, b: max(r, g, b) < 60,
    "dark blue": lambda r, g, b: b > r + 40 and max(r, g, b) < 110,
    "yellow": lambda r, g, b: min(r, g) > b + 60,
}

CELL_CENTRE = """([index, x, y, dx, dy]) => {
  const plot = document.querySelectorAll('.js-plotly-plot')[index];
  const box = plot.getBoundingClientRect();
  const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
  return [box.left + xa._offset + xa.l2p(x) + dx, box.top + ya._offset + ya.l2p(y) + dy];
}"""


# Resolves once the element is where it was a frame ago, and a frame more has been painted: a
# scroll (or a relayout) has settled and the screen shows it.
STILL = """(element) => new Promise((resolve) => {
  let last = null;
  const step = () => {
    const top = element.getBoundingClientRect().top;
    if (top === last) requestAnimationFrame(() => resolve(true));
    else { last = top; requestAnimationFrame(step); }
  };
  step();
})"""


def painted(page, plot_index: int, x: float, y: float, dx: float = 0, dy: float = 0) -> tuple:
    """The RGB the browser painted at data point (x, y) of a chart (linear or category index)."""
    plot = page.locator(".js-plotly-plot").nth(plot_index)
    plot.scroll_into_view_if_needed()
    plot.evaluate(STILL)
    left, top = page.evaluate(CELL_CENTRE, [plot_index, x, y, dx, dy])
    shot = page.screenshot(clip={"x": left - 1, "y": top - 1, "width": 3, "height": 3})
    return Image.open(io.BytesIO(shot)).convert("RGB").getpixel((1, 1))


def phase_diagram(key: str) -> propagation.PhaseDiagram:
    return propagation.phase_diagram(key, PHASE_SIGMA_W2, PHASE_SIGMA_B2)


def chart_index(page, title_part: str) -> int:
    titles = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".map(p => (p._fullLayout.title && p._fullLayout.title.text) || '')"
    )
    return next(i for i, title in enumerate(titles) if title_part in title)


def test_the_words_name_the_ends_of_the_scale() -> None:
    assert WORDS[theme.LOW.word](*_rgb(theme.LOW.hex))
    assert WORDS[theme.HIGH.word](*_rgb(theme.HIGH.hex))
    assert WORDS[theme.EDGE.word](*_rgb(theme.EDGE.hex))
    assert WORDS[theme.CLASS_0.word](*_rgb(theme.CLASS_0.hex))
    assert WORDS[theme.CLASS_1.word](*_rgb(theme.CLASS_1.hex))
    assert not WORDS[theme.CLASS_1.word](*_rgb(theme.CLASS_0.hex))
    assert not WORDS[theme.CLASS_0.word](*_rgb(theme.CLASS_1.hex))


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_phase_diagram_paints_order_and_chaos_in_the_colours_it_names(page) -> None:
    """Tanh has both phases in the window: its most ordered cell is painted in the word the title
    gives order, its most chaotic in chaos's word, and the χ₁ = 1 line in the caption's."""
    goto(page, "/gradients?fns=tanh&depth=5&width=64")
    assert_no_exception(page)
    index = chart_index(page, "order (")
    title = page.evaluate(f"() => document.querySelectorAll('.js-plotly-plot')[{index}]"
                          "._fullLayout.title.text")  # fmt: skip
    title = re.sub(r"<[^>]+>", "", title)  # Streamlit's chart theme bolds titles
    assert title == f"Tanh: order ({theme.LOW.word}) to chaos ({theme.HIGH.word})"
    phase = phase_diagram("tanh")  # the page's window, computed afresh
    for pick, word in ((np.argmin, theme.LOW.word), (np.argmax, theme.HIGH.word)):
        row, column = np.unravel_index(pick(phase.chi), phase.chi.shape)
        assert (phase.chi[row, column] < 1) == (word == theme.LOW.word)
        colour = painted(page, index, phase.sigma_w2[column], phase.sigma_b2[row])
        assert WORDS[word](*colour), (word, colour)
    captions = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    assert f"Below 1 ({theme.LOW.word})" in captions
    assert f"above 1 ({theme.HIGH.word})" in captions
    assert f"the {theme.EDGE.word} line χ₁ = 1" in captions
    stroke = page.evaluate(
        f"() => getComputedStyle(document.querySelectorAll('.js-plotly-plot')[{index}]"
        ".querySelector('.contourlines path')).stroke"
    )
    assert WORDS[theme.EDGE.word](*(int(v) for v in stroke[4:-1].split(",")))


def test_sigmoid_is_ordered_everywhere_and_painted_so(page) -> None:
    goto(page, "/gradients?fns=sigmoid&depth=5&width=64")
    index = chart_index(page, "order (")
    phase = phase_diagram("sigmoid")
    assert (phase.chi < 1).all()
    for row, column in ((0, 0), (10, 20), (20, 39), (20, 0)):
        colour = painted(page, index, phase.sigma_w2[column], phase.sigma_b2[row])
        assert WORDS[theme.LOW.word](*colour), colour


def test_softmax_jacobian_paints_signs_in_the_colours_its_caption_names(page) -> None:
    goto(page, "/softmax")
    assert_no_exception(page)
    caption = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    assert f"Positive entries are {theme.HIGH.word}, negative ones {theme.LOW.word}" in caption
    jacobian = softmax_jacobian([2.0, 1.0, 0.1, -1.0])
    # Off the cell's centre, where its number is written; the two largest entries of each sign.
    for i, j in ((0, 0), (1, 1), (0, 1), (1, 0)):
        word = theme.HIGH.word if jacobian[i, j] > 0 else theme.LOW.word
        colour = painted(page, 1, j, i, dx=-12, dy=-8)
        assert WORDS[word](*colour), (i, j, word, colour)


def test_training_boundary_paints_the_classes_in_the_colours_its_caption_names(page) -> None:
    """After the last frame, tanh's network calls the centre of the circle class 1 and the far
    corner class 0; the caption's words for the two classes are the colours painted there."""
    goto(page, "/training?fns=tanh&steps=200")
    caption = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    assert f"class 1 ({theme.CLASS_1.word}) against class 0 ({theme.CLASS_0.word})" in caption
    page.get_by_text("▶ Play").click()
    page.wait_for_function(
        """() => { const p = document.querySelector('.js-plotly-plot');
                   const s = p._fullLayout.sliders[0]; return s.active === s.steps.length - 1; }""",
        timeout=30_000,
    )
    # Hide the points (a click on each class in the legend), so the pixels are the map's own.
    entries = page.locator(".js-plotly-plot").first.locator(".legend .traces")
    assert entries.count() == 2  # class 0 and class 1
    # Plotly applies a legend click only once its double-click window has passed (a second
    # click inside it would isolate the class instead): wait for each click to be applied.
    for index in (0, 1):
        entries.nth(index).locator(".legendtoggle").click()
        page.wait_for_function(
            """(count) => new Set(document.querySelector('.js-plotly-plot').data
                .filter(t => String(t.legendgroup).startsWith('class'))
                .filter(t => t.visible === 'legendonly').map(t => t.legendgroup)).size === count""",
            arg=index + 1,
            timeout=10_000,
        )
    centre = [(-0.2, 0.05), (0.15, -0.2), (0.0, 0.25), (-0.1, -0.15), (0.2, 0.2)]
    corners = [(1.4, 1.4), (-1.4, -1.4), (1.4, -1.4), (-1.4, 1.4), (1.3, 0.0)]
    ones = sum(WORDS[theme.CLASS_1.word](*painted(page, 0, x, y)) for x, y in centre)
    assert page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".filter(t => String(t.legendgroup).startsWith('class'))"
        ".every(t => t.visible === 'legendonly')"
    )
    zeros = sum(WORDS[theme.CLASS_0.word](*painted(page, 0, x, y)) for x, y in corners)
    assert ones == zeros == 5, (ones, zeros)
