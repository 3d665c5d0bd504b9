"""What only a browser shows: injected HTML never renders or runs, and no exception box appears."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.e2e.checks import assert_no_exception, goto
from tests.hostile import HOSTILE, PAGES
from ui.pages import BY_NAME


@pytest.mark.parametrize(
    "case", ["html", "markdown", "4000 characters", "overflow", "formula html"]
)
@pytest.mark.parametrize("page_name", PAGES)
def test_hostile_link_in_browser(page, page_name: str, case: str) -> None:
    path = BY_NAME[page_name].path
    goto(page, f"{path}?{urlencode(HOSTILE[case], doseq=True)}")
    assert_no_exception(page)
    assert page.evaluate("() => window.__pwned === undefined"), "injected script ran"
    assert page.locator("img[src=x]").count() == 0, "injected HTML rendered"
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() > 0, "no chart drawn"
    assert page.locator('[data-testid="stAlert"]').count() > 0, "no note about the link"
