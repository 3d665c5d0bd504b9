"""What every page shares: presentation mode, the share link, notes about the URL."""

from __future__ import annotations

from contextlib import AbstractContextManager
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui.theme import COMPACT_CSS, PRESENTATION_CSS
from ui.urlstate import UrlState


def start(page: str) -> tuple[UrlState, bool]:
    """Open a page: its URL state and whether presentation mode is on."""
    url = UrlState(page)
    url.seed_flag("present", "present")
    present = st.sidebar.toggle(
        "Presentation mode",
        key="present",
        help="Large type and thick lines for a projector; explanations fold away. (URL: present=1)",
    )
    url.set("present", present, default=False)
    st.html(COMPACT_CSS + (PRESENTATION_CSS if present else ""))
    return url, present


def finish(url: UrlState) -> None:
    """Write the canonical URL, show any notes about it, and offer the link to this view."""
    url.write()
    url.show_notes()
    st.sidebar.markdown("**Share this view**")
    st.sidebar.code(share_link(url.page), language=None, wrap_lines=True)
    st.sidebar.caption("The link reproduces everything on this page. Use the copy icon.")


def share_link(page: str) -> str:
    """The full link to the current view; falls back to a relative one when the host is unknown."""
    query = urlencode({k: st.query_params.get_all(k) for k in st.query_params}, doseq=True)
    base = st.context.url
    if base:
        parts = urlsplit(base)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    path = "/" if page == "overview" else f"/{page}"
    return path + (f"?{query}" if query else "")


def explanation(present: bool) -> AbstractContextManager:
    """Where explanatory text goes: folded into an expander in presentation mode."""
    return st.expander("Explanation", expanded=False) if present else st.container()
