"""What every page shares: presentation mode, the share link, notes about the URL."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui import theme
from ui.pages import BY_NAME
from ui.player import PLAYER_SCRIPT
from ui.theme import COMPACT_CSS, FIT_SCRIPT, PLOTLY_PAUSE_GUARD, PRESENTATION_CSS
from ui.urlstate import UrlState

PRESENT = "present"  # the presentation switch's widget key, the same on every page


def start(page: str) -> tuple[UrlState, bool]:
    """Open a page: its URL state and whether presentation mode is on."""
    url = UrlState(page)
    present = url.toggle(
        "present",
        "Presentation mode",
        key=PRESENT,  # one switch for every page
        help="Large type and thick lines for a projector; explanations fold away. (URL: present=1)",
        container=st.sidebar,
    )
    st.html(COMPACT_CSS + (PRESENTATION_CSS if present else ""))
    st.html(PLOTLY_PAUSE_GUARD + FIT_SCRIPT + PLAYER_SCRIPT, unsafe_allow_javascript=True)
    if present:  # the way out, in the header bar: the sidebar's switch is folded away with it
        st.button(
            "Exit presentation",
            icon=":material/close_fullscreen:",
            on_click=_leave_presentation,
            key="ae-leave-presentation",
            help="Back to the normal view (removes present=1 from the link).",
        )
    url.notes_slot = st.empty()  # filled by finish(): notes about the link go at the top
    return url, present


def _leave_presentation() -> None:
    """The exit button's callback: turn off the switch (this module's own widget), which writes
    the link without ``present`` on this run."""
    st.session_state[PRESENT] = False


def dark() -> bool:
    """Whether the browser shows Streamlit's dark theme (it tells the server with each rerun)."""
    return st.context.theme.type == "dark"


def style(present: bool) -> theme.Style:
    """The charts' sizes for the display mode, in the colours of the browser's theme."""
    return theme.style(present, dark=dark())


def finish(url: UrlState, *, share_in_sidebar: bool = True) -> None:
    """Write the canonical URL, show notes about it at the top, and offer the link in the sidebar.

    A page whose controls live in an ``st.fragment`` passes ``share_in_sidebar=False`` and calls
    :func:`share_button` inside the fragment: a fragment rerun cannot update the sidebar.
    """
    url.write()
    show_notes(url)
    if share_in_sidebar:
        with st.sidebar:
            st.markdown("**Share this view**")
            _share_box(url)


def show_notes(url: UrlState) -> None:
    """Notes about the link, in the slot at the top of the page or fragment (none for a nested
    fragment, whose notes its outer fragment shows)."""
    if url.notes and url.notes_slot is not None:
        with url.notes_slot.container():
            url.show_notes()


def share_button(url: UrlState, container: Any = st) -> None:
    """A visible "Share this view" button holding the link to the current view, with a copy icon.

    Call it after ``finish`` (so the URL is current), inside the fragment that owns the controls.
    """
    with container.popover("Share this view", icon=":material/link:"):
        _share_box(url)


def _share_box(url: UrlState) -> None:
    st.caption("This link reproduces everything on the page. Copy it with the icon.")
    st.code(share_link(url), language=None, wrap_lines=True)


def share_link(url: UrlState) -> str:
    """The full link to the current view; falls back to a relative one when the host is unknown."""
    query = urlencode({k: st.query_params.get_all(k) for k in st.query_params}, doseq=True)
    base = st.context.url
    if base:
        parts = urlsplit(base)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    path = BY_NAME[url.page].path
    return path + (f"?{query}" if query else "")


def purpose(text: str, present: bool) -> None:
    """The page's one-sentence purpose under its title; on a projector the teacher says it, and
    the line is better spent on the chart."""
    if not present:
        st.caption(text)


def explanation(present: bool) -> AbstractContextManager:
    """Where explanatory text goes: folded into an expander in presentation mode."""
    return st.expander("Explanation", expanded=False) if present else st.container()
