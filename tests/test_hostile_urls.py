"""Every page, every hostile link: a default view, a short note, no traceback, nothing rendered."""

from __future__ import annotations

import pytest

from tests.apptest import charts, open_page, warnings_text
from tests.hostile import HOSTILE, PAGES


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("page", PAGES)
def test_hostile_link(page: str, case: str) -> None:
    at = open_page(page, HOSTILE[case])  # open_page asserts that no exception was shown
    assert not at.exception
    assert charts(at), "a chart is still drawn"
    notes = warnings_text(at)
    assert notes, "the page says that it could not use the link"
    assert len(notes) < 1500, "the note stays short"
    # User text reaches a note only as a short run of letters, digits and ._+- in a code span.
    for fragment in ("<", ">", "javascript:", "alert(", "x" * 100, "9" * 100):
        assert fragment not in notes
    for markdown in at.markdown:
        assert "<script" not in markdown.value and "onerror" not in markdown.value


@pytest.mark.parametrize("page", PAGES)
def test_clean_link_has_no_note(page: str) -> None:
    at = open_page(page)
    assert not at.warning
    assert charts(at)
