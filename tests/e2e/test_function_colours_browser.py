"""A function is painted in its own colour on every page, whatever order it was picked in, in
either theme; and that colour stands out from the page's background by at least 3:1.

The pixels are read from screenshots at points of each function's own line (from the data the
chart holds), so what is checked is what a student sees, not what the figure asked for."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from devtools.harness import LAPTOP, wait_until_idle
from tests.e2e.checks import assert_no_exception
from tests.test_colours import contrast
from ui import theme

# Pixel positions of evenly spread finite points of the solid line named ``name`` (or
# "<name>: <series>"), on the first chart that has one; the chart's index comes first.
LINE_POINTS = """([name, count]) => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  for (const [index, plot] of plots.entries()) {
    const traces = plot._fullData.filter(t => t.type === 'scatter' && t.visible === true
      && (t.name === name || t.name.startsWith(name + ': ')) && t.mode.includes('lines')
      && (!t.line.dash || t.line.dash === 'solid'));
    if (!traces.length) continue;
    const trace = traces[0];
    const xa = plot._fullLayout[trace.xaxis.replace('x', 'xaxis')];
    const ya = plot._fullLayout[trace.yaxis.replace('y', 'yaxis')];
    const finite = [...trace.x.keys()].filter(i => trace.x[i] !== null && trace.y[i] !== null
      && Number.isFinite(ya.d2l(trace.y[i])) && ya.d2l(trace.y[i]) >= ya.range[0]
      && ya.d2l(trace.y[i]) <= ya.range[1] && xa.d2l(trace.x[i]) >= xa.range[0]
      && xa.d2l(trace.x[i]) <= xa.range[1]);
    const picked = Array.from({length: count}, (_, k) =>
      finite[Math.floor((k + 0.5) * finite.length / count)]);
    const box = plot.getBoundingClientRect();
    return [index, picked.map(i => [box.left + xa._offset + xa.d2p(trace.x[i]),
                                    box.top + ya._offset + ya.d2p(trace.y[i])])];
  }
  return null;
}"""


def _hex(rgb: tuple[int, ...]) -> str:
    return "#" + "".join(f"{v:02X}" for v in rgb[:3])


def painted_near(page, name: str, count: int = 24) -> list[list[tuple[int, int, int]]]:
    """The painted pixels within 2 px of each of ``count`` points of ``name``'s line."""
    found = page.evaluate(LINE_POINTS, [name, count])
    assert found is not None, f"no solid line named {name}"
    index, points = found
    plot = page.locator(".js-plotly-plot").nth(index)
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the scroll's last frame
    index, points = page.evaluate(LINE_POINTS, [name, count])
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    patches = []
    for x, y in points:
        x, y = round(x), round(y)
        patches.append(
            [shot.getpixel((x + dx, y + dy)) for dx in range(-2, 3) for dy in range(-2, 3)]
        )
    return patches


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 24) -> bool:
    return max(abs(p - q) for p, q in zip(a, b, strict=False)) <= tolerance


def assert_painted(page, name: str, expected: str) -> None:
    """Most sampled points of the line show the expected colour (another line may cross some)."""
    target = tuple(int(expected[i : i + 2], 16) for i in (1, 3, 5))
    patches = painted_near(page, name)
    hits = sum(any(_close(pixel, target) for pixel in patch) for patch in patches)
    assert hits >= 0.7 * len(patches), (name, expected, hits, len(patches))


LINKS = {
    "compare": ("/compare?fns=relu&fns=tanh&fns=sigmoid", "/compare?fns=sigmoid&fns=tanh&fns=relu"),
    "gradients": ("/gradients?fns=tanh&fns=relu", "/gradients?fns=relu&fns=tanh"),
    "lab": ("/training?fns=relu&fns=tanh&steps=100", "/training?fns=tanh&fns=relu&steps=100"),
}


@pytest.fixture(params=["light", "dark"])
def themed(request, browser, base_url):
    context = browser.new_context(viewport=LAPTOP, color_scheme=request.param)
    tab = context.new_page()
    tab.base = base_url  # type: ignore[attr-defined]
    yield tab, request.param == "dark"
    context.close()


@pytest.mark.parametrize("page_name", list(LINKS))
def test_a_function_keeps_its_colour_on_every_page_in_any_order(themed, page_name: str) -> None:
    tab, dark = themed
    background = theme.BACKGROUND[dark]
    for link in LINKS[page_name]:
        tab.goto(tab.base + link)
        wait_until_idle(tab)
        assert_no_exception(tab)
        for name, key in (("ReLU", "relu"), ("Tanh", "tanh")):
            colour = theme.PALETTE[theme.HOME[key]].on(dark)
            assert_painted(tab, name, colour)
            assert contrast(colour, background) >= 3.0
        # The page's background is the one the palette was designed against.
        painted_background = tab.evaluate(
            "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"
        )
        channels = [int(v) for v in painted_background[4:-1].split(",")[:3]]
        assert _hex(tuple(channels)) == background
