"""What only a browser shows: injected HTML never renders or runs, and no exception box appears.

AppTest runs every hostile case on every page that reads it (tests/test_hostile_urls.py); here
each page gets one link that carries the cases a browser could be fooled by at once."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.e2e.checks import assert_no_exception, goto
from tests.hostile import HOSTILE, IMAGE, PAGES, SCRIPT
from ui.pages import BY_NAME

# Text that could render or run (HTML, a typed formula's HTML, a javascript: link) and text that
# stretches a page (4000 characters, a number past float64).
CASES = ["formula html", "html", "markdown", "4000 characters", "overflow"]


def one_link(cases: list[str]) -> dict[str, str | list[str]]:
    """The cases' settings in one query: a name set twice keeps its first case's value (a name
    repeated in a link is refused as such, before its value is looked at); a list of values
    takes every case's."""
    query: dict[str, str | list[str]] = {}
    for case in cases:
        for name, value in HOSTILE[case].items():
            if isinstance(value, list):
                query[name] = [*query.get(name, []), *value]
            else:
                query.setdefault(name, value)
    return query


def test_one_link_carries_every_case() -> None:
    query = one_link(CASES)
    assert query["fn"] == "custom" and query["f"] == IMAGE
    assert query["fns"] == ["custom", IMAGE, "y" * 4000]
    assert query["alpha"] == IMAGE and query["init"] == SCRIPT
    assert query["between"] == "**bold**" and query["x0"] == "-1e400"
    assert query["logits"] == ["1e400", "1"]


@pytest.mark.parametrize("page_name", PAGES)
def test_hostile_link_in_browser(page, page_name: str) -> None:
    goto(page, f"{BY_NAME[page_name].path}?{urlencode(one_link(CASES), doseq=True)}")
    assert_no_exception(page)
    assert page.evaluate("() => window.__pwned === undefined"), "injected script ran"
    assert page.locator("img[src=x]").count() == 0, "injected HTML rendered"
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() > 0, "no chart drawn"
    notes = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("This link had settings that could not be used" in note for note in notes), notes
