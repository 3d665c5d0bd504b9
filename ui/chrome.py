"""What every page shares: presentation mode, the theme, the stage view, the share link (and its
QR code), notes about the URL."""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from ui import stage, theme
from ui.pages import BY_NAME
from ui.player import PLAYER_SCRIPT
from ui.theme import COMPACT_CSS, FIT_SCRIPT, PLOTLY_PAUSE_GUARD, PRESENTATION_CSS
from ui.urlstate import Flag, UrlState

PRESENT = stage.PRESENT_KEY  # the presentation switch's widget key, the same on every page
THEME = "ae-theme"  # the theme control's widget key, the same on every page
STAGE = "ae-stage"  # stage view on or off (no widget: the buttons and the keys set it)
QR_SLOT = "ae-qr-slot"  # where finish() puts the QR code: not kept across runs
THEMES = {"system": "System", "light": "Light", "dark": "Dark"}


def start(page: str) -> tuple[UrlState, bool]:
    """Open a page: its URL state and whether it is shown for a projector (presentation mode,
    or the stage view, which draws the same large chart alone)."""
    url = UrlState(page)
    present = url.toggle(
        "present",
        "Presentation mode",
        key=PRESENT,  # one switch for every page
        help="Large type and thick lines for a projector; explanations fold away. "
        "(Key: P. URL: present=1)",
        container=st.sidebar,
    )
    wanted = url.choice(
        "theme",
        "Theme",
        list(THEMES),
        default="system",
        widget="segmented_control",
        sticky=True,  # the reader's setting: moving to another page keeps it
        key=THEME,
        container=st.sidebar,
        format_func=THEMES.get,
        required=True,
        help="Light or dark whatever this computer's setting (URL: theme=light or theme=dark).",
    )
    on_stage = url.bind("stage", Flag(), lambda key: bool(st.session_state[key]), key=STAGE)
    _sidebar_tools(on_stage)
    projector = present or on_stage
    st.html(
        COMPACT_CSS
        + stage.CHROME_CSS
        + (PRESENTATION_CSS + stage.PRESENT_CSS if projector else "")
        + (stage.STAGE_CSS if on_stage else "")
    )
    st.html(
        PLOTLY_PAUSE_GUARD + FIT_SCRIPT + PLAYER_SCRIPT + stage.SCRIPT + _theme_script(wanted),
        unsafe_allow_javascript=True,
    )
    st.session_state[QR_SLOT] = None
    if on_stage:  # the one control left on the stage
        _stage_button(False, stage.LEAVE_KEY, "Back to the page (Esc or S; removes stage=1).")
    elif present:  # the ways out and on, in the header bar: the sidebar is folded away
        _presentation_bar()
    url.notes_slot = st.empty()  # filled by finish(): notes about the link go at the top
    return url, projector


def _sidebar_tools(on_stage: bool) -> None:
    """The stage view's button and the keyboard's help, under the sidebar's switches."""
    with st.sidebar.container(horizontal=True, key="ae-keys"):
        if not on_stage:
            _stage_button(
                True,
                stage.ENTER_KEY + "-sidebar",
                "The main chart alone, filling the screen, for a lecture (S; URL: stage=1).",
            )
        with st.popover("Keyboard", icon=":material/keyboard:"):
            st.markdown(stage.keys_markdown())
            st.caption("Keys do nothing while you type in a box.")


def _stage_button(entering: bool, key: str, help: str) -> None:
    """The way onto the stage (or off it): one button, wherever it stands."""
    st.button(
        "Stage view" if entering else "Leave stage",
        icon=":material/fit_screen:" if entering else ":material/close_fullscreen:",
        on_click=_set_stage,
        args=(entering,),
        key=key,
        help=help,
    )


def _presentation_bar() -> None:
    """QR code, Stage view and Exit presentation, side by side in the header bar (stage.py's
    CSS). The QR code's image is drawn by finish(), once the link is the current one."""
    with st.container(horizontal=True, key="ae-present-bar"):
        with st.popover("QR code", icon=":material/qr_code_2:"):
            st.session_state[QR_SLOT] = st.empty()
        _stage_button(
            True, stage.ENTER_KEY, "The chart alone, filling the screen (S; leave with Esc)."
        )
        st.button(
            "Exit presentation",
            icon=":material/close_fullscreen:",
            on_click=_leave_presentation,
            key="ae-leave-presentation",
            help="Back to the normal view (P; removes present=1 from the link).",
        )


def _leave_presentation() -> None:
    """The exit button's callback: turn off the switch (this module's own widget), which writes
    the link without ``present`` on this run."""
    st.session_state[PRESENT] = False


def _set_stage(on: bool) -> None:
    """The stage buttons' callback: the state ``stage`` is bound to, read on this run."""
    st.session_state[STAGE] = on


def wanted_theme() -> str:
    """The theme the reader chose: "system" (Streamlit's own choice), "light" or "dark"."""
    wanted = st.session_state.get(THEME)
    return wanted if wanted in THEMES else "system"


def dark() -> bool:
    """Whether the page is dark: the reader's choice, else what the browser shows (it tells the
    server with each rerun). The charts follow this, so they match the page even on the run
    before the browser reloads into a newly chosen theme."""
    wanted = wanted_theme()
    return wanted == "dark" if wanted != "system" else st.context.theme.type == "dark"


# Streamlit has no server API to set the theme, but its frontend sets it once, as a page loads,
# from ``embed_options=light_theme`` or ``dark_theme`` in the link (even without ``embed=true``).
# So when the theme shown is not the one wanted, this reloads the page with that option; for
# "system", it reloads without it if this script put it there (a site embedding the app with its
# own option keeps it). The load's own URL, which Streamlit's navigation does not change, says
# which option the page was loaded with. A reload for the same wish within 10 s is not repeated:
# whatever goes wrong, the page never loops. WANT and SEEN are our own words.
THEME_SCRIPT = """
<script>
  (() => {
    const want = "WANT", seen = "SEEN", OPTIONS = ["light_theme", "dark_theme"];
    const ours = "ae-theme-forced", guard = "ae-theme-reload";
    const entry = performance.getEntriesByType("navigation")[0];
    const loaded = new URL(entry ? entry.name : location.href).searchParams.getAll("embed_options")
      .map((value) => value.toLowerCase()).find((value) => OPTIONS.includes(value));
    const stale = want === "system" ? Boolean(loaded) && sessionStorage.getItem(ours) === "1"
      : loaded !== want + "_theme" && seen !== want;
    if (!stale) return;
    const last = JSON.parse(sessionStorage.getItem(guard) || "null");
    if (last && last.want === want && Date.now() - last.at < 10000) return;
    sessionStorage.setItem(guard, JSON.stringify({want: want, at: Date.now()}));
    const url = new URL(location.href);
    const kept = url.searchParams.getAll("embed_options")
      .filter((value) => !OPTIONS.includes(value.toLowerCase()));
    url.searchParams.delete("embed_options");
    for (const value of kept) url.searchParams.append("embed_options", value);
    if (want === "system") {
      url.searchParams.delete("theme");
      sessionStorage.removeItem(ours);
    } else {
      url.searchParams.set("theme", want);
      url.searchParams.append("embed_options", want + "_theme");
      sessionStorage.setItem(ours, "1");
    }
    location.replace(url.href);
  })();
</script>
"""


def _theme_script(wanted: str) -> str:
    """The reload script for this run: the wanted theme and the one the browser reported, each
    one of three words of ours (never text from the link)."""
    seen = {"light": "light", "dark": "dark"}.get(st.context.theme.type or "", "")
    return THEME_SCRIPT.replace("WANT", wanted if wanted in THEMES else "system").replace(
        "SEEN", seen
    )


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
    if (slot := st.session_state.get(QR_SLOT)) is not None:  # presentation mode's QR code
        with slot.container(key="ae-qr-code"):
            link = share_link(url)
            st.image(qr_png(link), alt="QR code of the link to this view")
            st.code(link, language=None, wrap_lines=True)
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


def qr_png(text: str) -> bytes:
    """``text`` as a QR code in a PNG: black modules on a white quiet zone of four modules (the
    standard's), whatever the page's theme, at medium error correction."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


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
