"""The theme control kept in the link, read from painted pixels; and presentation mode's QR code,
read back by an independent decoder (OpenCV's) from a screenshot, in both themes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import cv2
import numpy as np
import pytest
from PIL import Image

from devtools.harness import LAPTOP, SMALL_PROJECTOR, wait_until_idle
from tests.e2e.checks import assert_no_exception, query
from ui import theme


@pytest.fixture(params=["light", "dark"])
def scheme(request, browser, base_url) -> Iterator[tuple[object, str]]:
    """A tab whose system colour scheme is light or dark, and that scheme's name."""
    context = browser.new_context(viewport=LAPTOP, color_scheme=request.param)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.base = base_url  # type: ignore[attr-defined]
    yield tab, request.param
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def settle(page) -> None:
    """Wait for the page, and for the reload a theme may ask for to have happened: the theme
    that was asked for is the one whose option the loaded document carries, or none is asked."""
    page.wait_for_function(
        """() => {
          const want = new URLSearchParams(location.search).get('theme');
          const entry = performance.getEntriesByType('navigation')[0];
          const loaded = new URL(entry.name).searchParams.getAll('embed_options');
          return !want || loaded.includes(want + '_theme');
        }""",
        timeout=30_000,
    )
    wait_until_idle(page)


def painted(page, selector: str) -> tuple[int, int, int]:
    """The colour painted most inside the first element matching ``selector`` (its background:
    text, lines and controls cover less of it)."""
    box = page.locator(selector).first.bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    crop = shot.crop((box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]))
    colours, counts = np.unique(np.asarray(crop).reshape(-1, 3), axis=0, return_counts=True)
    return tuple(int(v) for v in colours[counts.argmax()])  # type: ignore[return-value]


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance, from WCAG 2's definition (0 black, 1 white)."""
    linear = [
        v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in np.divide(rgb, 255)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _hex(value: str) -> tuple[int, int, int]:
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def assert_theme(page, dark: bool) -> None:
    """The app's background is dark (or light), and the chart's is the theme's chart background."""
    app = painted(page, '[data-testid="stMain"]')
    assert (luminance(app) < 0.05) if dark else (luminance(app) > 0.85), app
    chart = painted(page, ".js-plotly-plot")
    expected = _hex(theme.BACKGROUND[dark])
    assert max(abs(a - b) for a, b in zip(chart, expected, strict=True)) <= 3, (chart, expected)


def theme_button(page, label: str):
    return page.locator(".st-key-ae-theme").get_by_role("radio", name=label, exact=True)


@pytest.mark.parametrize(("link", "other"), [("dark", "light"), ("light", "dark")])
def test_a_theme_link_wins_over_the_system_setting(browser, base_url, link: str, other: str):
    """?theme=dark in a light-scheme browser ends dark, ?theme=light in a dark one ends light."""
    context = browser.new_context(viewport=LAPTOP, color_scheme=other)
    page = context.new_page()
    page.goto(f"{base_url}/explorer?fn=elu&theme={link}")
    settle(page)
    assert_theme(page, dark=link == "dark")
    assert query(page)["theme"] == [link]
    context.close()


def test_the_control_switches_the_theme_and_navigation_keeps_it(page) -> None:
    page.goto(page.base + "/compare?fns=relu&fns=tanh")
    settle(page)
    assert_theme(page, dark=False)
    theme_button(page, "Dark").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('theme') === 'dark'")
    settle(page)
    assert_theme(page, dark=True)
    assert query(page)["fns"] == ["relu", "tanh"]  # the rest of the view survives the reload
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Gradient flow").click()
    page.wait_for_url("**/gradients**")
    wait_until_idle(page)
    assert query(page).get("theme") == ["dark"]
    assert_theme(page, dark=True)
    theme_button(page, "System").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('theme')")
    settle(page)
    page.wait_for_function(  # reloaded without the forced option
        """() => !new URL(performance.getEntriesByType('navigation')[0].name)
                   .searchParams.has('embed_options')"""
    )
    wait_until_idle(page)
    assert_theme(page, dark=False)


def test_a_hostile_theme_gives_a_note_and_the_system_theme(page) -> None:
    page.goto(page.base + "/compare?theme=%3Cb%3Epurple")
    settle(page)
    assert_no_exception(page)
    note = page.get_by_test_id("stAlertContentWarning").inner_text()
    assert "theme=bpurple" in note and "<" not in note
    assert "theme" not in query(page)
    assert_theme(page, dark=False)


def test_the_share_link_carries_the_theme(page) -> None:
    page.goto(page.base + "/compare?fns=relu&theme=dark")
    settle(page)
    link = page.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()
    assert parse_qs(urlsplit(link).query) == {"fns": ["relu"], "theme": ["dark"]}


# --- The QR code --------------------------------------------------------------------------------


def decode(png: bytes) -> str:
    """The text OpenCV's detector reads from a screenshot (empty if it finds no code)."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


def without_embed(link: str) -> tuple[str, dict[str, list[str]]]:
    """A link's address and its query, less Streamlit's own ``embed_options``."""
    parts = urlsplit(link)
    params = {k: v for k, v in parse_qs(parts.query).items() if k != "embed_options"}
    return parts.scheme + "://" + parts.netloc + parts.path, params


@pytest.mark.parametrize("themed", [False, True])
def test_the_qr_code_is_the_current_link_in_either_theme(scheme, themed: bool) -> None:
    """Decoded from the painted popover, the code is the page's link as it is now, with its view
    state (here changed after the page loaded, by a key in the explorer's fragment), on its own
    light quiet zone in either theme."""
    page, name = scheme
    page.set_viewport_size(SMALL_PROJECTOR)
    forced = "light" if name == "dark" else "dark"
    suffix = f"&theme={forced}" if themed else ""
    page.goto(page.base + f"/explorer?fn=elu&alpha=0.5&present=1{suffix}")
    settle(page)
    page.get_by_test_id("stSlider").filter(has_text="alpha").get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('alpha') !== '0.5'")
    wait_until_idle(page)
    page.get_by_role("button", name="QR code").click()
    image = page.get_by_role("img", name="QR code of the link to this view")
    image.wait_for()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    box = image.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PROJECTOR["height"], box
    assert box["width"] >= 300, box  # large enough for the room
    text = decode(page.screenshot())
    assert text, "no QR code found on the screen"
    assert without_embed(text) == without_embed(page.url)
    if not themed:
        assert text == page.url
    assert parse_qs(urlsplit(text).query)["alpha"] != ["0.5"]
    # Dark modules on a light quiet zone: the image's corners are near white, whatever the page.
    shot = Image.open(io.BytesIO(image.screenshot())).convert("RGB")
    corner = shot.getpixel((3, 3))
    assert luminance(corner) > 0.9, corner


def test_a_site_embedding_the_app_keeps_its_own_theme_option(page) -> None:
    """``embed_options=dark_theme`` that the page did not put there is the embedding site's: the
    system theme (no ``theme`` in the link) leaves it, and the page stays dark."""
    page.goto(page.base + "/compare?fns=relu&embed=true&embed_options=dark_theme")
    wait_until_idle(page)
    page.wait_for_timeout(1500)  # time for a wrong reload to have started
    wait_until_idle(page)
    loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].name")
    assert "embed_options=dark_theme" in loaded and "embed_options=dark_theme" in page.url
    assert_theme(page, dark=True)
