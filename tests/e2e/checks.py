"""Assertions shared by the browser tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devtools.harness import LAPTOP, PROJECTOR, wait_until_idle


def goto(page, path: str) -> None:
    page.goto(page.base + path)
    wait_until_idle(page)


def assert_no_exception(page) -> None:
    shown = page.locator('[data-testid="stException"]')
    assert shown.count() == 0, shown.all_inner_texts()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def screenshots(page, path: str, directory: Path, name: str) -> list[Path]:
    """Save the view at laptop and projector sizes; return the files."""
    saved = []
    for size_name, size in (("laptop", LAPTOP), ("projector", PROJECTOR)):
        page.set_viewport_size(size)
        goto(page, path)
        target = directory / f"{name}-{size_name}.png"
        page.screenshot(path=target)
        saved.append(target)
    page.set_viewport_size(LAPTOP)
    for target in saved:
        assert target.stat().st_size > 20_000, f"{target} looks blank"
    return saved
