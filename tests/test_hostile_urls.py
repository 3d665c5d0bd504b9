"""Every page, every hostile link that sets a name it reads: a default view, a short note, no
traceback, nothing rendered. The whole corpus runs once through the URL-state layer itself, in
tests/test_urlstate.py; here the question is whether each page wires the layer up."""

from __future__ import annotations

import pytest

from tests.apptest import charts, open_page, warnings_text
from tests.hostile import HOSTILE, PAGES, READS, cases_for
from ui.urlstate import UrlState


@pytest.fixture
def reads(monkeypatch) -> set[tuple[str, str]]:
    """The (page, URL name) pairs read while the test runs (AppTest runs pages in this process;
    the page is recorded too, in case a run reaches another)."""
    seen: set[tuple[str, str]] = set()
    take, peek = UrlState._take, UrlState.peek

    def recording_take(self: UrlState, url: str) -> list[str]:
        seen.add((self.page, url))
        return take(self, url)

    def recording_peek(self: UrlState, url: str, key: str | None = None) -> list[str]:
        seen.add((self.page, url))
        return peek(self, url, key)

    monkeypatch.setattr(UrlState, "_take", recording_take)
    monkeypatch.setattr(UrlState, "peek", recording_peek)
    return seen


def assert_reads_are_listed(page: str, seen: set[tuple[str, str]]) -> None:
    """READS decides which cases a page runs: a name it reads but lacks would go untested."""
    names = {name for read_by, name in seen if read_by == page}
    assert names, "the recorder saw no URL name: UrlState's reads go another way now"
    assert names <= READS[page], f"add {sorted(names - READS[page])} to READS[{page!r}]"


@pytest.mark.parametrize(
    ("page", "case"), [(page, case) for page in PAGES for case in cases_for(page)]
)
def test_hostile_link(page: str, case: str, reads: set[tuple[str, str]]) -> None:
    query = HOSTILE[case]
    at = open_page(page, query)  # open_page asserts that no exception was shown
    assert_reads_are_listed(page, reads)
    assert not at.exception
    assert charts(at), "a chart is still drawn"
    notes = warnings_text(at)
    assert notes, "the page says that it could not use the link"
    assert len(notes) < 1500, "the note stays short"
    if set(query) - READS[page]:  # the layer's note about names the page does not know shows
        assert "Ignored unknown link settings" in notes
    # User text reaches a note only as a short run of letters, digits and ._+- in a code span.
    for fragment in ("<", ">", "javascript:", "alert(", "x" * 100, "9" * 100):
        assert fragment not in notes
    for markdown in at.markdown:
        assert "<script" not in markdown.value and "onerror" not in markdown.value


@pytest.mark.parametrize("page", PAGES)
def test_clean_link_has_no_note(page: str, reads: set[tuple[str, str]]) -> None:
    at = open_page(page)
    assert_reads_are_listed(page, reads)
    assert not at.warning
    assert charts(at)
