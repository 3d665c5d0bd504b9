"""Page state in the URL: read a hand-edited query string safely, and write the view back.

Why not ``bind="query-params"``: in Streamlit 1.67 a bound selectbox writes its *display label*
(``fn=Leaky%20ReLU``) rather than the registry key the links promise (``fn=leaky_relu``); a bound
toggle rejects ``present=1``; and a value Streamlit accepts but we must not (a reversed range) can
no longer be corrected through session state. One small explicit layer handles every page alike,
as a table of fields:

- A *field* says what one URL name may hold: :class:`Choice`, :class:`Choices`, :class:`Number`,
  :class:`Range`, :class:`Numbers`, :class:`Flag` or :class:`Formula`. Its ``parse`` turns the
  link's raw text into a value and the notes on what it rejected or rounded; its ``clean`` keeps a
  value from session state within bounds. Fields know nothing of Streamlit.
- One binder, :meth:`UrlState.bind`, does the rest the same way for every field: it reads the
  link only when the URL changed from what this page last wrote (a page load or an edited link),
  puts a clean value into the widget's session state, creates the widget and records its value
  for the URL. The bound controls (``url.slider("depth", "Depth (layers)", 1, 200, default=30)``,
  ``select_slider``, ``number``, ``toggle``, ``choice``, ``choices``, ``formula``) each build a
  field and a widget for it.
- Every widget key is ``url.key(name, *scope)``: ``"<page>.<scope…>.<name>"``.
- After the widgets, ``write()`` puts the canonical values back into the URL.

Notes never echo raw user text: values are reduced to a short run of safe characters and shown
inside code spans, so injected HTML or Markdown cannot render.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st

_SAFE = re.compile(r"[^A-Za-z0-9_.+\-]")
# Query parameters Streamlit itself uses; never reported as unknown.
_RESERVED = {"embed", "embed_options"}
_ON, _OFF = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


# --- notes: what a link asked for that could not be used -----------------------------------


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


def note(name: str, value: str, problem: str, count: int = 1) -> str:
    """A note on one raw value of URL name ``name``: "`name=value` problem."."""
    shown = sanitize(value)
    what = f"`{name}={shown}`" if shown else f"`{name}`"
    extra = f" (and {count - 1} more)" if count > 1 else ""
    return f"{what}{extra} {problem}."


def unknown_note(names: Sequence[str]) -> str | None:
    """The note on the URL names no control read, or None."""
    if not names:
        return None
    shown = ", ".join(f"`{sanitize(name, 16)}`" for name in names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"Ignored unknown link settings {shown}{more}."


def parse_numbers(
    name: str, raw: Sequence[str], count: int, lo: float, hi: float, integer: bool = False
) -> tuple[list[float] | None, list[str]]:
    """``count`` finite numbers within [lo, hi] (whole ones if ``integer``), or None and a note."""
    if len(raw) != count:
        wanted = "once" if count == 1 else f"{count} times"
        return None, [note(name, raw[-1], f"should appear {wanted}")]
    numbers = []
    for text in raw:
        try:
            number = float(text)
        except ValueError:
            return None, [note(name, text, "is not a number")]
        if not math.isfinite(number):
            return None, [note(name, text, "is not a finite number")]
        if number != 0.0 and abs(number) < sys.float_info.min:
            return None, [note(name, text, "is too small to mean anything (subnormal)")]
        if not lo <= number <= hi:
            return None, [note(name, text, f"is outside {format_number(lo)}…{format_number(hi)}")]
        if integer and not number.is_integer():
            return None, [note(name, text, "should be a whole number")]
        numbers.append(number)
    return numbers, []


# --- fields: one parser per kind of value, no Streamlit --------------------------------------


class Field:
    """What one URL name may hold. ``parse`` reads the link's raw values (at least one) into a
    value and notes; ``clean`` keeps a value from session state valid. A field's value is kept
    in the session state under its widget key (``held``, ``stored``), its default left out of
    the URL unless ``always``."""

    default: Any
    always = False  # keep the value in the URL even at its default
    reseed = False  # a widget without state reads the link, even when the page is not loading
    sticky = False  # a link without the name keeps the session's value (moving between pages)

    def parse(self, name: str, raw: Sequence[str]) -> tuple[Any, list[str]]:
        raise NotImplementedError

    def clean(self, value: Any) -> Any:
        return value

    def held(self, state: Mapping[str, Any], key: str) -> Any:
        return state.get(key, self.default)

    def stored(self, key: str, value: Any) -> dict[str, Any]:
        return {key: value}


@dataclass(frozen=True)
class Choice(Field):
    """One of ``options`` (registry keys, not display labels). A ``sticky`` choice is the
    reader's setting rather than the view's (the theme): a link that does not name it, such as
    the page Streamlit's navigation opens, keeps the one this session has."""

    options: Sequence[str]
    default: str
    always: bool = False
    sticky: bool = False

    def parse(self, name: str, raw: Sequence[str]) -> tuple[str, list[str]]:
        if len(raw) > 1:
            return self.default, [note(name, raw[-1], "was given more than once")]
        if raw[0] in self.options:
            return raw[0], []
        return self.default, [note(name, raw[0], "is not one of the choices")]

    def clean(self, value: Any) -> str:
        return value if value in self.options else self.default


@dataclass(frozen=True)
class Choices(Field):
    """Several of ``options``, at most ``most``, repeated in the URL (``fns=a&fns=b``); unknown
    ones are dropped."""

    options: Sequence[str]
    default: Sequence[str]
    most: int

    def parse(self, name: str, raw: Sequence[str]) -> tuple[list[str], list[str]]:
        notes = []
        known = list(dict.fromkeys(item for item in raw if item in self.options))
        unknown = [item for item in raw if item not in self.options]
        if unknown:
            notes.append(note(name, unknown[0], "is not one of the choices", len(unknown)))
        if len(known) > self.most:
            notes.append(f"Only the first {self.most} of `{name}` are shown.")
            known = known[: self.most]
        return known or list(self.default), notes

    def clean(self, value: Any) -> list[str]:
        return [item for item in value if item in self.options][: self.most] or list(self.default)


@dataclass(frozen=True)
class Number(Field):
    """One finite number within [lo, hi]; an integer if ``integer``; on a slider's grid
    (``step``) or, for a select slider, the nearest of ``choices`` on a log scale."""

    lo: float
    hi: float
    default: float
    integer: bool = False
    step: float | None = None
    choices: Sequence[float] | None = None

    def parse(self, name: str, raw: Sequence[str]) -> tuple[float, list[str]]:
        numbers, notes = parse_numbers(name, raw, 1, self.lo, self.hi, self.integer)
        if numbers is None:
            return self.default, notes
        value = numbers[0]
        if self.step:
            snapped = min(self.hi, self.lo + round((value - self.lo) / self.step) * self.step)
            snapped = round(snapped, 12)
            if abs(snapped - value) > 1e-9 * self.step:
                notes.append(note(name, raw[0], f"was rounded to {format_number(snapped)}"))
            value = snapped
        if self.choices and value > 0:
            # Nearest on a log scale among the positive choices (a 0 choice, such as "no L2",
            # is only ever taken as an exact 0).
            positive = [c for c in self.choices if c > 0]
            nearest = min(positive, key=lambda c: abs(math.log(c / value)))
            if nearest != value:
                notes.append(note(name, raw[0], f"was rounded to {format_number(nearest)}"))
            value = nearest
        return value, notes

    def clean(self, value: Any) -> float:
        if not isinstance(value, int | float) or not self.lo <= value <= self.hi:
            value = self.default
        return int(value) if self.integer else float(value)


@dataclass(frozen=True)
class Range(Field):
    """Two increasing finite numbers within [lo, hi], repeated in the URL."""

    lo: float
    hi: float
    default: tuple[float, float]

    def parse(self, name: str, raw: Sequence[str]) -> tuple[tuple[float, float], list[str]]:
        numbers, notes = parse_numbers(name, raw, 2, self.lo, self.hi)
        if numbers is None:
            return self.default, notes
        if numbers[0] < numbers[1]:
            return (numbers[0], numbers[1]), []
        return self.default, [f"`{name}` must go from low to high; using the default."]

    def clean(self, value: Any) -> tuple[float, float]:
        value = tuple(value)
        if len(value) != 2 or not self.lo <= value[0] < value[1] <= self.hi:
            value = self.default
        return (float(value[0]), float(value[1]))


@dataclass(frozen=True)
class Numbers(Field):
    """A list of numbers repeated in the URL (``logits=2&logits=1``), one widget per item: the
    count is kept under ``<key>.count`` and each item under ``<key>.<i>``. Any bad item, or a
    count outside ``counts``, falls back to the whole default list."""

    lo: float
    hi: float
    default: Sequence[float]
    counts: tuple[int, int]

    def parse(self, name: str, raw: Sequence[str]) -> tuple[list[float], list[str]]:
        fewest, most = self.counts
        if not fewest <= len(raw) <= most:
            return list(self.default), [
                f"`{name}` needs {fewest} to {most} values, not {len(raw)}; using the default."
            ]
        numbers, notes = parse_numbers(name, raw, len(raw), self.lo, self.hi)
        return list(self.default) if numbers is None else numbers, notes

    def clean(self, value: Any) -> list[float]:
        if not self.counts[0] <= len(value) <= self.counts[1]:
            value = self.default
        return [float(v) if self.lo <= v <= self.hi else 0.0 for v in value]

    def held(self, state: Mapping[str, Any], key: str) -> list[float]:
        count = int(state.get(self.count_key(key), len(self.default)))
        return [state.get(self.item_key(key, i), 0.0) for i in range(count)]

    def stored(self, key: str, value: Any) -> dict[str, Any]:
        items = {self.item_key(key, i): v for i, v in enumerate(value)}
        return {self.count_key(key): len(value), **items}

    @staticmethod
    def count_key(key: str) -> str:
        return f"{key}.count"

    @staticmethod
    def item_key(key: str, index: int) -> str:
        return f"{key}.{index}"


@dataclass(frozen=True)
class Flag(Field):
    """An on/off switch: ``1``/``true`` is on, ``0``/``false`` is off, absent is the default."""

    default: bool = False

    def parse(self, name: str, raw: Sequence[str]) -> tuple[bool, list[str]]:
        text = raw[-1].strip().lower()
        if text in _ON or text in _OFF:
            return text in _ON, []
        return self.default, [note(name, raw[-1], "should be 1 or 0")]

    def clean(self, value: Any) -> bool:
        return bool(value)


@dataclass(frozen=True)
class Formula(Field):
    """Text that ``check`` accepts (it raises ``ValueError`` saying what is wrong and where).
    Always in the URL; a box that has just appeared reads the link, as on a load."""

    default: str
    check: Callable[[str], Any]
    always = True
    reseed = True

    def parse(self, name: str, raw: Sequence[str]) -> tuple[str, list[str]]:
        if len(raw) > 1:
            return self.default, [note(name, raw[-1], "was given more than once")]
        try:
            self.check(raw[0])
        except ValueError as error:
            return self.default, [f"`{name}` was not used: {inert(str(error))}."]
        return raw[0], []

    def clean(self, value: Any) -> str:
        return value if isinstance(value, str) else self.default


def url_text(value: Any) -> list[str]:
    """A value as the URL holds it: ``1``/``0``, short numbers, text, or a list of them."""
    if isinstance(value, bool):
        return ["1" if value else "0"]
    if isinstance(value, int | float):
        return [format_number(value)]
    if isinstance(value, str):
        return [value]
    return [format_number(v) if isinstance(v, int | float) else str(v) for v in value]


# --- the binder ------------------------------------------------------------------------------


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

    def key(self, name: str, *scope: str) -> str:
        """The widget key for ``name`` on this page: ``"<page>.<scope…>.<name>"``; a scope keeps
        apart the widgets of one name, such as each function's own α (``key("alpha", "elu")``)."""
        return ".".join((self.page, *scope, name))

    def bind(
        self, name: str, field: Field, make: Callable[..., Any], *, key: str | None = None
    ) -> Any:
        """Tie URL name ``name`` to a widget: on a load, seed the widget's state from the link
        (noting what ``field`` rejected), else keep its state; clean it; ``make(key=...)`` creates
        the widget and returns its value, which is recorded for the URL (unless it is the default
        and the field is not ``always`` there) and returned."""
        key = key or self.key(name)
        raw = self._take(name)
        if field.sticky and not raw and key in st.session_state:
            value = field.held(st.session_state, key)
        elif self.loading or (field.reseed and key not in st.session_state):
            value, notes = field.parse(name, raw) if raw else (field.default, [])
            self.notes.extend(notes)
        else:
            value = field.held(st.session_state, key)
        st.session_state.update(field.stored(key, field.clean(value)))
        value = make(key=key)
        if not field.always and _plain(value) == _plain(field.default):
            self._canonical.pop(name, None)  # a default is left out of the URL
        else:
            self._canonical[name] = url_text(value)
        return value

    def _widget(
        self,
        name: str,
        field: Field,
        kind: str,
        label: str,
        *args: Any,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> Any:
        """Bind ``name`` to one Streamlit widget: ``container.<kind>(label, *args, **options)``."""
        make = partial(getattr(container, kind), label, *args, **options)
        return self.bind(name, field, make, key=key)

    # --- bound controls: a field and a widget each ----------------------------------------
    #
    # Each takes the URL name, the label, the bounds and the default once. Its other keywords are
    # the widget's: ``key`` (else key(name)), the ``container`` it goes in, and any keyword of the
    # Streamlit widget (help, disabled, format_func...).

    def slider(
        self,
        name: str,
        label: str,
        lo: float,
        hi: float,
        *,
        default: float,
        step: float | None = None,
        snap: bool = True,
        **widget: Any,
    ) -> Any:
        """A slider; whole numbers if the bounds and the default are ints. A link's value is
        rounded to the slider's steps unless ``snap`` is off (a probe point may sit anywhere)."""
        integer = all(isinstance(v, int) for v in (lo, hi, default, step or 1))
        field = Number(lo, hi, default, integer=integer, step=step if snap else None)
        return self._widget(name, field, "slider", label, lo, hi, step=step, **widget)

    def select_slider(
        self, name: str, label: str, choices: Sequence[float], *, default: float, **widget: Any
    ) -> Any:
        """A slider over fixed numbers; a link's value goes to the nearest (on a log scale)."""
        integer = all(isinstance(v, int) for v in choices)
        field = Number(min(choices), max(choices), default, integer=integer, choices=choices)
        return self._widget(name, field, "select_slider", label, options=choices, **widget)

    def number(
        self,
        name: str,
        label: str,
        lo: float,
        hi: float,
        *,
        default: float,
        step: float,
        decimals: int | None = None,
        **widget: Any,
    ) -> Any:
        """A number box: ``step`` for its − and + buttons; ``decimals`` (for floats) is the grid a
        link's value is rounded to and what the box shows. Whole numbers if lo, hi and default
        are ints."""
        integer = all(isinstance(v, int) for v in (lo, hi, default))
        grid = None if integer else (10.0**-decimals if decimals is not None else step)
        if decimals is not None:
            widget.setdefault("format", f"%.{decimals}f")
        field = Number(lo, hi, default, integer=integer, step=grid)
        return self._widget(name, field, "number_input", label, lo, hi, step=step, **widget)

    def toggle(self, name: str, label: str, *, default: bool = False, **widget: Any) -> bool:
        """An on/off switch, ``1`` or ``0`` in the URL."""
        return self._widget(name, Flag(default), "toggle", label, **widget)

    def choice(
        self,
        name: str,
        label: str,
        choices: Sequence[str],
        *,
        default: str,
        widget: str = "selectbox",
        always: bool = False,
        sticky: bool = False,
        key: str | None = None,
        container: Any = st,
        **options: Any,
    ) -> str:
        """One of ``choices`` (keys, not labels: ``format_func`` shows them) in a ``selectbox`` or
        a ``segmented_control``; ``always`` keeps it in the URL even at its default; ``sticky``
        keeps the session's value when a link does not name it (see :class:`Choice`)."""
        field = Choice(list(choices), default, always=always, sticky=sticky)
        make = partial(getattr(container, widget), label, list(choices), **options)
        # A segmented control can be cleared: keep a valid choice.
        return self.bind(name, field, lambda key: make(key=key) or default, key=key)

    def choices(
        self,
        name: str,
        label: str,
        choices: Sequence[str],
        *,
        default: Sequence[str],
        most: int,
        **widget: Any,
    ) -> list[str]:
        """Several of ``choices`` (at most ``most``), repeated in the URL."""
        field = Choices(list(choices), list(default), most)
        return self._widget(
            name, field, "multiselect", label, list(choices), max_selections=most, **widget
        )

    def formula(
        self,
        name: str,
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
        made: dict[str, Any] = {"problem": None}

        def box(key: str) -> str:
            valid = f"{key}.valid"  # the last text that passed, kept here and nowhere else
            typed = container.text_input(label, key=key, **options)
            try:
                made["value"] = check(typed)
                st.session_state[valid] = typed
            except ValueError as error:
                made["problem"] = inert(str(error))
                typed = st.session_state.get(valid, default)
                try:
                    made["value"] = check(typed)
                except ValueError:
                    typed = default
                    made["value"] = check(default)
            return typed

        text = self.bind(name, Formula(default, check), box, key=key)
        return text, made["value"], made["problem"]

    def peek(self, name: str, key: str | None = None) -> list[str]:
        """What a bound control's value will be made from this run, before it is created: its
        state after a widget change, else the link's raw text. For laying a page out around a
        choice (never trusted as a value: the bound control still validates it)."""
        key = key or self.key(name)
        if not self.loading and key in st.session_state:
            value = st.session_state[key]
            return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        return list(self._raw.get(name, []))

    def preset(self, name: str, value: Any, field: Field | None = None) -> None:
        """Set a bound control to ``value`` from a button's callback (a lesson's preset): the
        control reads it on the next run, as if the student had set it. A value kept in several
        widgets (:class:`Numbers`) needs its ``field``."""
        key = self.key(name)
        st.session_state.update(field.stored(key, value) if field else {key: value})

    # --- writing: after the widgets ---------------------------------------------------------

    def write(self) -> None:
        """Replace the query string with the canonical view, and note unknown parameters."""
        if self.loading:
            unknown = [key for key in self._raw if key not in self._seen and key not in _RESERVED]
            if found := unknown_note(unknown):
                self.notes.append(found)
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

    def _take(self, name: str) -> list[str]:
        self._seen.add(name)
        return self._raw.get(name, [])


def _plain(value: Any) -> Any:
    """A list for a tuple, so a tuple default equals the list a widget returns."""
    return list(value) if isinstance(value, tuple) else value
