"""Page state in the URL: read a hand-edited query string safely, and write the view back.

Why not ``bind="query-params"``: in Streamlit 1.67 a bound selectbox writes its *display label*
(``fn=Leaky%20ReLU``) rather than the registry key the links promise (``fn=leaky_relu``); a bound
toggle rejects ``present=1``; and a value Streamlit accepts but we must not (a reversed range) can
no longer be corrected through session state. One small explicit layer handles every page alike:

1. ``UrlState(page)`` is created at the top of a page.
2. One call per control, e.g. ``url.slider("depth", "Depth (layers)", 1, 200, default=30)``,
   validates the raw URL value (only when the URL changed from what this page last wrote, i.e.
   on a page load or an edited link), puts a clean value into the widget's session state,
   records a short note for anything it rejected, creates the widget and records its value for
   the URL. (The ``seed_*`` and ``set`` steps it is made of stay public for the odd control.)
3. After the widgets, ``write()`` puts the canonical values back into the URL.

Notes never echo raw user text: values are reduced to a short run of safe characters and shown
inside code spans, so injected HTML or Markdown cannot render.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_SAFE = re.compile(r"[^A-Za-z0-9_.+\-]")
# Query parameters Streamlit itself uses; never reported as unknown.
_RESERVED = {"embed", "embed_options"}


def sanitize(text: str, limit: int = 24) -> str:
    """A short, inert rendering of user text for a note: safe characters only, truncated."""
    clean = _SAFE.sub("", str(text))
    return clean[:limit] + ("…" if len(clean) > limit else "")


def inert(message: str, limit: int = 160) -> str:
    """A message of ours that may quote a piece of user text (a name, a character), made safe for
    Markdown: in a code span, with nothing that could close it, truncated."""
    clean = "".join(c if c.isprintable() and c != "`" else "?" for c in message)
    clean = clean[:limit] + ("…" if len(clean) > limit else "")
    return f"`{clean}`"


def format_number(value: float) -> str:
    """Numbers as they appear in links: short, no trailing zeros, no float noise."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


class UrlState:
    """Validated two-way sync between one page's widgets and the query string."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.notes: list[str] = []
        self.notes_slot: Any = st  # where finish() shows the notes; chrome.start sets a placeholder
        self._canonical: dict[str, list[str]] = {}
        self._seen: set[str] = set()
        self._raw = {key: st.query_params.get_all(key) for key in st.query_params}
        last = st.session_state.get(self._last_key)
        # Seed only when the URL is not the one this page wrote: a fresh load or an edited link.
        self.loading = last != self._raw

    def fragment(self, *, nested: bool = False) -> UrlState:
        """State for an ``st.fragment`` of this page: it keeps what the page already set (and the
        notes it made), seeds its own widgets, and is the one that writes the URL. On a fragment
        rerun the URL is the one last written, so nothing is re-seeded from it.

        A fragment nested in another (``nested=True``) adds its notes to the outer one's list and
        shows none itself (a fragment may not write into its parent on its own reruns): the outer
        fragment shows them all, at the top of the view, after the inner one has run."""
        child = UrlState(self.page)
        child._canonical = dict(self._canonical)
        child._seen = set(self._seen)
        child.notes = self.notes if nested else list(self.notes)
        child.notes_slot = None if nested else st.empty()
        return child

    @property
    def _last_key(self) -> str:
        return f"_url_last:{self.page}"

    # --- seeding: call before creating the widget ------------------------------------------

    def seed_choice(self, url: str, key: str, options: Sequence[str], default: str) -> str:
        """A single choice among ``options`` (registry keys, not display labels)."""
        raw = self._take(url)
        value = st.session_state.get(key, default)
        if self.loading:
            value = default
            if raw:
                if len(raw) > 1:
                    self._note(url, raw[-1], "was given more than once")
                elif raw[0] in options:
                    value = raw[0]
                else:
                    self._note(url, raw[0], "is not one of the choices")
        if value not in options:
            value = default
        st.session_state[key] = value
        return value

    def seed_choices(
        self,
        url: str,
        key: str,
        options: Sequence[str],
        default: Sequence[str],
        max_count: int,
    ) -> list[str]:
        """Several choices, repeated in the URL (``fns=a&fns=b``); unknown ones are dropped."""
        raw = self._take(url)
        value = list(st.session_state.get(key, default))
        if self.loading:
            value = list(default)
            if raw:
                known = list(dict.fromkeys(item for item in raw if item in options))
                unknown = [item for item in raw if item not in options]
                if unknown:
                    self._note(url, unknown[0], "is not one of the choices", len(unknown))
                if len(known) > max_count:
                    self.notes.append(f"Only the first {max_count} of `{url}` are shown.")
                    known = known[:max_count]
                if known:
                    value = known
        value = [item for item in value if item in options][:max_count] or list(default)
        st.session_state[key] = value
        return value

    def seed_number(
        self,
        url: str,
        key: str,
        lo: float,
        hi: float,
        default: float,
        *,
        integer: bool = False,
        step: float | None = None,
        choices: Sequence[float] | None = None,
    ) -> float:
        """One finite number within [lo, hi]; an integer if ``integer``; on the slider's grid
        (``step``) or, for a select slider, the nearest of ``choices`` on a log scale."""
        raw = self._take(url)
        value = st.session_state.get(key, default)
        if self.loading:
            value = default
            if raw:
                parsed = self._parse_numbers(url, raw, 1, lo, hi, integer)
                if parsed is not None:
                    value = parsed[0]
                    if step:
                        snapped = min(hi, lo + round((value - lo) / step) * step)
                        snapped = round(snapped, 12)
                        if abs(snapped - value) > 1e-9 * step:
                            self._note(url, raw[0], f"was rounded to {format_number(snapped)}")
                        value = snapped
                    if choices and value > 0:
                        # Nearest on a log scale among the positive choices (a 0 choice,
                        # such as "no L2", is only ever taken as an exact 0).
                        positive = [c for c in choices if c > 0]
                        nearest = min(positive, key=lambda c: abs(math.log(c / value)))
                        if nearest != value:
                            self._note(url, raw[0], f"was rounded to {format_number(nearest)}")
                        value = nearest
        if not isinstance(value, int | float) or not lo <= value <= hi:
            value = default
        value = int(value) if integer else float(value)
        st.session_state[key] = value
        return value

    def seed_range(
        self, url: str, key: str, lo: float, hi: float, default: tuple[float, float]
    ) -> tuple[float, float]:
        """Two increasing finite numbers within [lo, hi], repeated in the URL."""
        raw = self._take(url)
        value = tuple(st.session_state.get(key, default))
        if self.loading:
            value = default
            if raw:
                parsed = self._parse_numbers(url, raw, 2, lo, hi, integer=False)
                if parsed is not None:
                    if parsed[0] < parsed[1]:
                        value = (parsed[0], parsed[1])
                    else:
                        self.notes.append(f"`{url}` must go from low to high; using the default.")
        if len(value) != 2 or not lo <= value[0] < value[1] <= hi:
            value = default
        value = (float(value[0]), float(value[1]))
        st.session_state[key] = value
        return value

    def seed_numbers(
        self,
        url: str,
        count_key: str,
        item_key: str,
        lo: float,
        hi: float,
        default: Sequence[float],
        counts: tuple[int, int],
    ) -> list[float]:
        """A list of numbers repeated in the URL (``logits=2&logits=1``), one widget per item:
        ``st.session_state[count_key]`` holds the count and ``item_key.format(i)`` each value.
        Any bad item, or a count outside ``counts``, falls back to the whole default list."""
        raw = self._take(url)
        count = int(st.session_state.get(count_key, len(default)))
        values = [st.session_state.get(item_key.format(i), 0.0) for i in range(count)]
        if self.loading:
            values = list(default)
            if raw:
                fewest, most = counts
                if not fewest <= len(raw) <= most:
                    self.notes.append(
                        f"`{url}` needs {fewest} to {most} values, not {len(raw)}; using the default."
                    )
                else:
                    parsed = self._parse_numbers(url, raw, len(raw), lo, hi, integer=False)
                    if parsed is not None:
                        values = parsed
        if not counts[0] <= len(values) <= counts[1]:
            values = list(default)
        values = [float(v) if lo <= v <= hi else 0.0 for v in values]
        st.session_state[count_key] = len(values)
        for i, v in enumerate(values):
            st.session_state[item_key.format(i)] = v
        return values

    def seed_flag(self, url: str, key: str, default: bool = False) -> bool:
        """An on/off switch: ``1``/``true`` is on, ``0``/``false`` is off, absent is the default."""
        raw = self._take(url)
        value = bool(st.session_state.get(key, default))
        if self.loading:
            value = default
            if raw:
                text = raw[-1].strip().lower()
                if text in {"1", "true", "yes", "on"}:
                    value = True
                elif text in {"0", "false", "no", "off"}:
                    value = False
                else:
                    self._note(url, raw[-1], "should be 1 or 0")
        st.session_state[key] = value
        return value

    # --- bound controls: one call validates the URL, makes the widget and writes it back ------
    #
    # Each takes the URL name, the label, the bounds and the default once. The widget key is
    # "<page>.<url name>" unless ``key`` is given; ``container`` is where the widget goes; any
    # other keyword (help, disabled, format_func...) goes to the Streamlit widget.

    def slider(
        self,
        url: str,
        label: str,
        lo: float,
        hi: float,
        *,
        default: float,
        step: float | None = None,
        snap: bool = True,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> Any:
        """A slider; whole numbers if the bounds and the default are ints. A link's value is
        rounded to the slider's steps unless ``snap`` is off (a probe point may sit anywhere)."""
        key = key or self._key(url)
        integer = all(isinstance(v, int) for v in (lo, hi, default, step or 1))
        self.seed_number(url, key, lo, hi, default, integer=integer, step=step if snap else None)
        value = container.slider(label, lo, hi, step=step, key=key, **options)
        self.set(url, value, default=default)
        return value

    def select_slider(
        self,
        url: str,
        label: str,
        choices: Sequence[float],
        *,
        default: float,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> Any:
        """A slider over fixed numbers; a link's value goes to the nearest (on a log scale)."""
        key = key or self._key(url)
        integer = all(isinstance(v, int) for v in choices)
        lo, hi = min(choices), max(choices)
        self.seed_number(url, key, lo, hi, default, integer=integer, choices=choices)
        value = container.select_slider(label, options=choices, key=key, **options)
        self.set(url, value, default=default)
        return value

    def number(
        self,
        url: str,
        label: str,
        lo: float,
        hi: float,
        *,
        default: float,
        step: float,
        decimals: int | None = None,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> Any:
        """A number box: ``step`` for its − and + buttons; ``decimals`` (for floats) is the grid a
        link's value is rounded to and what the box shows. Whole numbers if lo, hi and default
        are ints."""
        key = key or self._key(url)
        integer = all(isinstance(v, int) for v in (lo, hi, default))
        grid = None if integer else (10.0**-decimals if decimals is not None else step)
        self.seed_number(url, key, lo, hi, default, integer=integer, step=grid)
        if decimals is not None:
            options.setdefault("format", f"%.{decimals}f")
        value = container.number_input(label, lo, hi, step=step, key=key, **options)
        self.set(url, value, default=default)
        return value

    def toggle(
        self,
        url: str,
        label: str,
        *,
        default: bool = False,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> bool:
        """An on/off switch, ``1`` or ``0`` in the URL."""
        key = key or self._key(url)
        self.seed_flag(url, key, default=default)
        value = container.toggle(label, key=key, **options)
        self.set(url, value, default=default)
        return value

    def choice(
        self,
        url: str,
        label: str,
        choices: Sequence[str],
        *,
        default: str,
        widget: str = "selectbox",
        always: bool = False,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> str:
        """One of ``choices`` (keys, not labels: ``format_func`` shows them) in a ``selectbox`` or
        a ``segmented_control``; ``always`` keeps it in the URL even at its default."""
        key = key or self._key(url)
        self.seed_choice(url, key, list(choices), default)
        value = getattr(container, widget)(label, list(choices), key=key, **options)
        value = value or default  # a segmented control can be cleared: keep a valid choice
        self.set(url, value, default=None if always else default)
        return value

    def choices(
        self,
        url: str,
        label: str,
        choices: Sequence[str],
        *,
        default: Sequence[str],
        most: int,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> list[str]:
        """Several of ``choices`` (at most ``most``), repeated in the URL."""
        key = key or self._key(url)
        self.seed_choices(url, key, list(choices), list(default), most)
        value = container.multiselect(label, list(choices), key=key, max_selections=most, **options)
        self.set(url, value, default=list(default))
        return value

    def formula(
        self,
        url: str,
        label: str,
        *,
        default: str,
        check: Callable[[str], Any],
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> tuple[str, Any, str | None]:
        """A text box for a formula. ``check`` turns text into what the page uses, or raises
        ``ValueError`` saying what is wrong and where. A link's text that fails gets the default
        and a note; typed text that fails keeps the last text that passed, and its reason comes
        back for the page to show. Returns (text used, what ``check`` made of it, reason)."""
        key = key or self._key(url)
        valid_key = f"{key}.valid"
        raw = self._take(url)
        if self.loading or key not in st.session_state:  # a load, or the box just appeared
            text = default
            if len(raw) > 1:
                self._note(url, raw[-1], "was given more than once")
            elif raw:
                try:
                    check(raw[0])
                    text = raw[0]
                except ValueError as error:
                    self.notes.append(f"`{url}` was not used: {inert(str(error))}.")
            st.session_state[key] = text
            st.session_state[valid_key] = text
        typed = container.text_input(label, key=key, **options)
        problem = None
        try:
            made = check(typed)
            st.session_state[valid_key] = typed
        except ValueError as error:
            problem = inert(str(error))
            typed = st.session_state.get(valid_key, default)
            try:
                made = check(typed)
            except ValueError:
                typed = default
                made = check(default)
        self.set(url, typed, default=None)
        return typed, made, problem

    def peek(self, url: str, key: str | None = None) -> list[str]:
        """What a bound control's value will be made from this run, before it is created: its
        state after a widget change, else the link's raw text. For laying a page out around a
        choice (never trusted as a value: the bound control still validates it)."""
        key = key or self._key(url)
        if not self.loading and key in st.session_state:
            value = st.session_state[key]
            return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        return list(self._raw.get(url, []))

    def preset(self, url: str, value: Any) -> None:
        """Set a bound control to ``value`` from a button's callback (a lesson's preset): the
        control reads it on the next run, as if the student had set it."""
        st.session_state[self._key(url)] = value

    @staticmethod
    def preset_numbers(count_key: str, item_key: str, values: Sequence[float]) -> None:
        """The same for a list of numbers kept as :meth:`seed_numbers` keeps it."""
        st.session_state[count_key] = len(values)
        for i, value in enumerate(values):
            st.session_state[item_key.format(i)] = value

    def _key(self, url: str) -> str:
        return f"{self.page}.{url}"

    # --- writing: call after the widgets ---------------------------------------------------

    def set(self, url: str, value: Any, default: Any = None) -> None:
        """Record a widget's current value for the URL; values equal to the default are left out."""
        self._seen.add(url)
        if value == default:
            self._canonical.pop(url, None)
            return
        if isinstance(value, bool):
            self._canonical[url] = ["1" if value else "0"]
        elif isinstance(value, int | float):
            self._canonical[url] = [format_number(value)]
        elif isinstance(value, str):
            self._canonical[url] = [value]
        else:
            self._canonical[url] = [
                format_number(v) if isinstance(v, int | float) else str(v) for v in value
            ]

    def write(self) -> None:
        """Replace the query string with the canonical view, and note unknown parameters."""
        if self.loading:
            unknown = [key for key in self._raw if key not in self._seen and key not in _RESERVED]
            if unknown:
                names = ", ".join(f"`{sanitize(name, 16)}`" for name in unknown[:3])
                more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
                self.notes.append(f"Ignored unknown link settings {names}{more}.")
        if self._canonical != self._raw:
            st.query_params.from_dict(self._canonical)
        st.session_state[self._last_key] = dict(self._canonical)

    def show_notes(self) -> None:
        """A short visible note when the link asked for something we could not show."""
        if self.notes:
            st.warning(
                "This link had settings that could not be used, so defaults are shown:\n\n- "
                + "\n- ".join(self.notes[:6]),
                icon=":material/link_off:",
            )

    # --- helpers ---------------------------------------------------------------------------

    def _take(self, url: str) -> list[str]:
        self._seen.add(url)
        return self._raw.get(url, [])

    def _note(self, url: str, value: str, problem: str, count: int = 1) -> None:
        shown = sanitize(value)
        what = f"`{url}={shown}`" if shown else f"`{url}`"
        extra = f" (and {count - 1} more)" if count > 1 else ""
        self.notes.append(f"{what}{extra} {problem}.")

    def _parse_numbers(
        self, url: str, raw: list[str], count: int, lo: float, hi: float, integer: bool
    ) -> list[float] | None:
        if len(raw) != count:
            wanted = "once" if count == 1 else f"{count} times"
            self._note(url, raw[-1], f"should appear {wanted}")
            return None
        numbers = []
        for text in raw:
            try:
                number = float(text)
            except ValueError:
                self._note(url, text, "is not a number")
                return None
            if not math.isfinite(number):
                self._note(url, text, "is not a finite number")
                return None
            if number != 0.0 and abs(number) < sys.float_info.min:
                self._note(url, text, "is too small to mean anything (subnormal)")
                return None
            if not lo <= number <= hi:
                self._note(url, text, f"is outside {format_number(lo)}…{format_number(hi)}")
                return None
            if integer and not number.is_integer():
                self._note(url, text, "should be a whole number")
                return None
            numbers.append(number)
        return numbers
