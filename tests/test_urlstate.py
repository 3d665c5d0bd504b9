"""The URL-state layer on its own: each field's parser, then the binder that ties it to a widget.

The parsers are pure, so the whole hostile corpus runs through them directly. The binder is
tested with AppTest on tiny scripts (not pages), so what is tested is UrlState itself.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import activations
from tests.hostile import HOSTILE
from ui import urlstate
from ui.urlstate import Choice, Choices, Flag, Formula, Number, Numbers, Range

# --- the parsers -------------------------------------------------------------------------------


def read(field: urlstate.Field, name: str, raw: str | list[str]) -> tuple[Any, list[str]]:
    """What the binder seeds a widget with on a load: the parsed value, cleaned, and the notes."""
    value, notes = field.parse(name, [raw] if isinstance(raw, str) else raw)
    return field.clean(value), notes


@pytest.mark.parametrize(
    ("field", "raw", "expected", "note"),
    [
        (Number(1, 200, 30, integer=True), "500", 30, "`depth=500` is outside 1…200."),
        (Number(1, 200, 30, integer=True), "2.5", 30, "`depth=2.5` should be a whole number."),
        (Number(1, 200, 30, integer=True), ["3", "4"], 30, "`depth=4` should appear once."),
        (Number(0.1, 4.0, 1.5, step=0.05), "1.52", 1.5, "`depth=1.52` was rounded to 1.5."),
        (Number(0.1, 4.0, 1.5, step=0.05), "4", 4.0, None),  # the top of the grid, exactly
        (Number(16, 256, 64, integer=True, choices=(16, 64, 256)), "100", 64,
         "`depth=100` was rounded to 64."),  # log scale: 100 is nearer 64 than 256
        (Number(0.0, 0.1, 0.0, choices=(0.0, 1e-3, 0.1)), "0", 0.0, None),  # an exact 0 choice
        (Number(0.0, 0.1, 0.0, choices=(0.0, 1e-3, 0.1)), "2e-3", 1e-3,
         "`depth=2e-3` was rounded to 0.001."),
        (Number(0.001, 0.5, 0.05, step=0.001), "0.0504", 0.05, "`depth=0.0504` was rounded to 0.05."),
        (Number(0.001, 0.5, 0.05), "abc", 0.05, "`depth=abc` is not a number."),
        (Number(0, 9999, 7, integer=True), "1e400", 7, "`depth=1e400` is not a finite number."),
        (Number(0.0, 1.0, 0.5), "5e-324", 0.5,
         "`depth=5e-324` is too small to mean anything (subnormal)."),
        (Flag(True), "maybe", True, "`depth=maybe` should be 1 or 0."),
        (Flag(True), " OFF ", False, None),
        (Flag(False), ["0", "yes"], True, None),  # the last one counts
        (Choice(["xavier", "he"], "xavier"), "<b>x</b>", "xavier",
         "`depth=bxb` is not one of the choices."),
        (Choice(["xavier", "he"], "xavier"), ["he", "he"], "xavier",
         "`depth=he` was given more than once."),
        (Choice(["xavier", "he"], "xavier"), "he", "he", None),
        (Choices(["a", "b", "c"], ["a"], 2), ["a", "b", "c"], ["a", "b"],
         "Only the first 2 of `depth` are shown."),
        (Choices(["a", "b", "c"], ["a"], 2), ["z", "b", "y", "b"], ["b"],
         "`depth=z` (and 1 more) is not one of the choices."),
        (Choices(["a", "b", "c"], ["a"], 2), ["z"], ["a"], "`depth=z` is not one of the choices."),
        (Range(-50.0, 50.0, (-6.0, 6.0)), ["5", "-5"], (-6.0, 6.0),
         "`depth` must go from low to high; using the default."),
        (Range(-50.0, 50.0, (-6.0, 6.0)), ["1"], (-6.0, 6.0), "`depth=1` should appear 2 times."),
        (Range(-50.0, 50.0, (-6.0, 6.0)), ["-2", "3.5"], (-2.0, 3.5), None),
        (Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4)), ["5"], [2.0, 1.0],
         "`depth` needs 2 to 4 values, not 1; using the default."),
        (Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4)), ["1", "x", "3"], [2.0, 1.0],
         "`depth=x` is not a number."),
        (Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4)), ["1", "-0.5", "3"], [1.0, -0.5, 3.0], None),
        (Formula("x", activations.custom), "sin(x)", "sin(x)", None),
        (Formula("x", activations.custom), ["x", "x^2"], "x", "`depth=x2` was given more than once."),
    ],
)  # fmt: skip
def test_a_parser_keeps_what_is_valid_and_notes_what_it_is_not(field, raw, expected, note) -> None:
    value, notes = read(field, "depth", raw)
    assert value == expected
    assert type(value) is type(expected)  # an int slider gets an int, a range a tuple
    assert notes == ([note] if note else [])


def test_a_refused_formula_is_noted_with_the_parser_reason_made_inert() -> None:
    value, [note] = read(Formula("x", activations.custom), "f", "x + `import os`")
    assert value == "x"
    assert note.startswith("`f` was not used: `") and note.endswith("`.")
    assert note.count("`") == 4, "the reason stays in its code span"


@pytest.mark.parametrize(
    ("field", "held", "clean"),
    [
        (Number(1, 200, 30, integer=True), 12.0, 12),
        (Number(1, 200, 30, integer=True), 500, 30),
        (Number(1, 200, 30, integer=True), "12", 30),
        (Choice(["a", "b"], "a"), "c", "a"),
        (Choices(["a", "b", "c"], ["a"], 2), ["c", "x", "b", "a"], ["c", "b"]),
        (Choices(["a", "b", "c"], ["a"], 2), [], ["a"]),
        (Range(-50.0, 50.0, (-6.0, 6.0)), [2, 1], (-6.0, 6.0)),
        (Range(-50.0, 50.0, (-6.0, 6.0)), [-1, 2], (-1.0, 2.0)),
        (Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4)), [1, 99, 2], [1.0, 0.0, 2.0]),
        (Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4)), [1.0], [2.0, 1.0]),
        (Flag(), 1, True),
        (Formula("x", activations.custom), None, "x"),
    ],
)
def test_clean_keeps_a_widget_state_within_bounds(field, held, clean) -> None:
    assert field.clean(held) == clean


def test_a_list_is_kept_in_one_widget_per_item() -> None:
    field = Numbers(-20.0, 20.0, (2.0, 1.0, 0.1), (2, 10))
    stored = field.stored("s.logits", [3.0, 4.0])
    assert stored == {"s.logits.count": 2, "s.logits.0": 3.0, "s.logits.1": 4.0}
    assert field.held(stored, "s.logits") == [3.0, 4.0]
    assert field.held({"s.logits.count": 3, "s.logits.0": 5.0}, "s.logits") == [5.0, 0.0, 0.0]
    assert field.held({}, "s.logits") == [0.0, 0.0, 0.0]  # no state: the default count


def test_values_are_written_as_links_show_them() -> None:
    assert urlstate.url_text(True) == ["1"]
    assert urlstate.url_text(30) == ["30"]
    assert urlstate.url_text(0.1 + 0.2) == ["0.3"]
    assert urlstate.url_text(2.0) == ["2"]
    assert urlstate.url_text((-6.0, 6.5)) == ["-6", "6.5"]
    assert urlstate.url_text(["relu", "custom"]) == ["relu", "custom"]


# --- the whole hostile corpus, through the parsers --------------------------------------------
#
# Each name the corpus sets has a field here, as a page declares it; tests/test_hostile_urls.py
# then runs on each page only the cases that set a name it reads.

CHOICES = ["relu", "tanh", "custom"]
FIELDS: dict[str, urlstate.Field] = {
    "fn": Choice(CHOICES, "relu"),
    "fns": Choices(CHOICES, ["relu"], 4),
    "between": Choice(["relu", "tanh"], "relu"),
    "init": Choice(["xavier", "he"], "xavier"),
    "alpha": Number(0.0, 1.0, 0.01, step=0.01),
    "depth": Number(1, 200, 30, integer=True),
    "width": Number(16, 1024, 256, integer=True, choices=(16, 64, 256, 1024)),
    "temp": Number(0.1, 10.0, 1.0, choices=(0.1, 1.0, 10.0)),
    "sw2": Number(0.1, 4.0, 1.5, step=0.05),
    "sb2": Number(0.0, 1.0, 0.0, step=0.01),
    "x0": Number(-50.0, 50.0, 1.0),
    "seed": Number(0, 9999, 0, integer=True),
    "range": Range(-50.0, 50.0, (-6.0, 6.0)),
    "logits": Numbers(-20.0, 20.0, (2.0, 1.0, 0.1), (2, 10)),
    "present": Flag(False),
    "deriv": Flag(True),
    "insert": Flag(True),
    "f": Formula("x", activations.custom),
}


def read_link(query: dict) -> tuple[dict[str, Any], list[str]]:
    """Each known name's value after a load of ``query``, and the notes, in the binder's order."""
    got, notes = {}, []
    for name, field in FIELDS.items():
        raw = query.get(name)
        got[name], found = read(field, name, raw) if raw else (field.default, [])
        notes += found
    unknown = urlstate.unknown_note([name for name in query if name not in FIELDS])
    return got, notes + ([unknown] if unknown else [])


@pytest.mark.parametrize("case", list(HOSTILE))
def test_every_hostile_link_falls_back_to_the_default_with_a_note(case) -> None:
    query = HOSTILE[case]
    got, notes = read_link(query)
    text = "\n".join(notes)
    for name in set(query) & set(FIELDS):
        if query[name] in ("custom", ["custom"]):  # a typed formula's own choice is valid
            assert got[name] == query[name]
            continue
        assert got[name] == FIELDS[name].clean(FIELDS[name].default), name
        assert re.search(rf"`{re.escape(name)}[=`]", text), f"no note names {name}"
    unknown = [name for name in query if name not in FIELDS]
    if unknown:
        assert (
            "Ignored unknown link settings " + ", ".join(f"`{name}`" for name in unknown[:3])
            in text
        )
        assert len(unknown) <= 3 or f"and {len(unknown) - 3} more" in text
    assert notes, "the layer says that it could not use the link"
    assert len(notes) <= 6, "every note fits the six a page shows"
    assert len(text) < 1500, "the note stays short"
    # User text reaches a note only as a short run of letters, digits and ._+- in a code span.
    for fragment in ("<", ">", "javascript:", "alert(", "x" * 100, "9" * 100):
        assert fragment not in text


def test_the_table_has_a_field_for_every_name_a_hostile_case_sets_but_the_unknown_ones() -> None:
    """So each name of the corpus is checked above, whether or not a page runs its case."""
    names = {name for query in HOSTILE.values() for name in query}
    unknown = {name for name in names if re.fullmatch(r"p\d+", name)}
    assert names - unknown == set(FIELDS)


# --- the binder, in a script -------------------------------------------------------------------


def controls_script() -> None:
    import streamlit as st

    from ui.urlstate import UrlState

    url = UrlState("t")
    values = {
        "depth": url.slider("depth", "Depth", 1, 200, default=30),
        "sw2": url.slider("sw2", "σ_w²", 0.1, 4.0, default=1.5, step=0.05),
        "width": url.select_slider("width", "Width", (16, 32, 64, 128, 256), default=64),
        "thr": url.number("thr", "Threshold", 0.001, 0.5, default=0.05, step=0.01, decimals=3),
        "seed": url.number("seed", "Seed", 0, 9999, default=7, step=1),
        "on": url.toggle("on", "On", default=True),
        "init": url.choice(
            "init", "Init", ["xavier", "he"], default="xavier", widget="segmented_control"
        ),
        "fn": url.choice("fn", "Function", ["relu", "tanh"], default="relu", always=True),
        "fns": url.choices("fns", "Functions", ["a", "b", "c"], default=["a"], most=2),
    }
    url.write()
    url.show_notes()
    st.session_state["values"] = values


def run(script=controls_script, query: dict | None = None) -> AppTest:
    at = AppTest.from_function(script, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def values(at: AppTest) -> dict:
    return at.session_state["values"]


def notes(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def test_defaults_leave_the_url_bare_but_for_an_always_key() -> None:
    at = run()
    assert values(at) == {
        "depth": 30, "sw2": 1.5, "width": 64, "thr": 0.05, "seed": 7, "on": True,
        "init": "xavier", "fn": "relu", "fns": ["a"],
    }  # fmt: skip
    assert dict(at.query_params) == {"fn": "relu"}
    assert not at.warning


def test_a_link_sets_every_control_and_is_written_back_canonically() -> None:
    query = {"depth": "12", "sw2": "2.50", "width": "128", "thr": "0.125", "seed": "42",
             "on": "false", "init": "he", "fn": "tanh", "fns": ["c", "b"]}  # fmt: skip
    at = run(query=query)
    assert values(at) == {
        "depth": 12, "sw2": 2.5, "width": 128, "thr": 0.125, "seed": 42, "on": False,
        "init": "he", "fn": "tanh", "fns": ["c", "b"],
    }  # fmt: skip
    assert at.query_params["sw2"] == "2.5" and at.query_params["on"] == "0"
    assert at.query_params["fns"] == ["c", "b"]
    assert at.slider(key="t.depth").value == 12 and at.toggle(key="t.on").value is False
    assert not at.warning


def test_a_bad_link_is_noted_and_seeding_happens_only_on_a_load() -> None:
    at = run(query={"depth": "500", "thr": "0.0504", "zz": "1"})
    assert values(at)["depth"] == 30 and values(at)["thr"] == 0.05
    shown = notes(at)
    assert "`depth=500` is outside 1…200." in shown
    assert "`thr=0.0504` was rounded to 0.05." in shown
    assert "Ignored unknown link settings `zz`." in shown
    assert "<" not in shown
    assert dict(at.query_params) == {"fn": "relu"}  # the canonical view: defaults left out
    at.slider(key="t.depth").set_value(40).run()  # a rerun: the URL is the one last written
    assert values(at)["depth"] == 40 and at.query_params["depth"] == "40"
    assert not at.warning, "notes are about a link, shown once"
    at.query_params["depth"] = "12"  # an edited link is read again
    at.run()
    assert values(at)["depth"] == 12 and at.slider(key="t.depth").value == 12


def test_moving_a_widget_rewrites_the_url_and_the_default_clears_it() -> None:
    at = run(query={"depth": "12"})
    at.slider(key="t.depth").set_value(40).run()
    assert at.query_params["depth"] == "40"
    at.number_input(key="t.thr").set_value(0.2).run()
    assert at.query_params["thr"] == "0.2"
    at.slider(key="t.depth").set_value(30).run()
    assert "depth" not in at.query_params
    assert values(at)["depth"] == 30 and values(at)["thr"] == 0.2
    assert not at.warning


def peek_script() -> None:
    import streamlit as st

    from ui.urlstate import UrlState

    url = UrlState("p")
    st.session_state["peeked"] = url.peek("fns")  # before the control exists
    url.choices("fns", "Functions", ["a", "b", "custom"], default=["a"], most=3)
    url.write()


def test_peek_sees_a_choice_before_its_control_is_made() -> None:
    at = AppTest.from_function(peek_script, default_timeout=30)
    at.query_params["fns"] = ["a", "custom"]
    at.run()
    assert at.session_state["peeked"] == ["a", "custom"]  # the link, on a load
    at.multiselect(key="p.fns").set_value(["b"]).run()
    assert at.session_state["peeked"] == ["b"]  # the widget's new state, on a rerun


def odd_script() -> None:
    """The odd controls: a list in several boxes with a preset, a scoped range, a formula."""
    from functools import partial

    import streamlit as st

    import activations
    from ui.urlstate import Numbers, Range, UrlState

    url = UrlState("o")
    logits = Numbers(-20.0, 20.0, (2.0, 1.0), (2, 4))

    def boxes(key: str) -> list[float]:
        count = st.number_input("k", *logits.counts, key=logits.count_key(key))
        return [st.number_input(f"z{i}", key=logits.item_key(key, i)) for i in range(count)]

    st.session_state["values"] = {
        "logits": url.bind("logits", logits, boxes),
        "range": url.bind(
            "range",
            Range(-50.0, 50.0, (-6.0, 6.0)),
            partial(st.slider, "x", -50.0, 50.0, step=0.5),
            key=url.key("range", "elu"),
        ),
        "f": url.formula("f", "f(x)", default="x", check=activations.custom)[::2],
    }
    st.button("load", on_click=url.preset, args=("logits", (7.0, 8.0, 9.0), logits))
    url.write()
    url.show_notes()


def test_the_odd_controls_go_through_the_same_binder() -> None:
    at = run(odd_script, {"logits": ["3", "4", "5"], "range": ["-1", "2"], "f": "sin(x)"})
    assert values(at) == {"logits": [3.0, 4.0, 5.0], "range": (-1.0, 2.0), "f": ("sin(x)", None)}
    assert at.number_input(key="o.logits.count").value == 3
    assert at.slider(key="o.elu.range").value == (-1.0, 2.0)
    at.number_input(key="o.logits.1").set_value(-4.0).run()
    assert at.query_params["logits"] == ["3", "-4", "5"]
    at.button[0].click().run()  # a preset goes through the field: every box at once
    assert values(at)["logits"] == [7.0, 8.0, 9.0]
    assert at.query_params["logits"] == ["7", "8", "9"]
    at.text_input(key="o.f").input("x +").run()  # typed text that fails keeps the last that passed
    text, problem = values(at)["f"]
    assert text == "sin(x)" and problem.startswith("`") and problem.endswith("`")
    assert at.query_params["f"] == "sin(x)"
    at.text_input(key="o.f").input("x^2").run()
    assert values(at)["f"] == ("x^2", None) and at.query_params["f"] == "x^2"
    assert not at.warning


def test_a_refused_link_formula_gets_the_default_and_a_note() -> None:
    at = run(odd_script, {"f": "__import__('os')", "logits": "1"})
    assert values(at)["f"] == ("x", None)
    assert values(at)["logits"] == [2.0, 1.0]
    assert at.query_params["f"] == "x", "a formula is always in the URL"
    assert "`f` was not used: `" in notes(at)
    assert "`logits` needs 2 to 4 values, not 1; using the default." in notes(at)


def fragment_script() -> None:
    """A page whose view is a fragment holding a nested one, as the explorer's."""
    import streamlit as st

    from ui.urlstate import UrlState

    url = UrlState("g")
    url.slider("depth", "Depth", 1, 200, default=30)

    @st.fragment
    def outer(page_url: UrlState) -> None:
        view = page_url.fragment()
        view.toggle("deriv", "Show f′", default=True)
        inner(view)
        st.session_state["outer notes"] = list(view.notes)

    @st.fragment
    def inner(frame: UrlState) -> None:
        view = frame.fragment(nested=True)
        view.slider("x0", "x₀", -5.0, 5.0, default=1.0, step=0.05, snap=False)
        view.write()  # the innermost writes: it holds every value

    outer(url)


def test_a_nested_fragment_writes_every_value_and_hands_its_notes_out() -> None:
    at = run(fragment_script, {"depth": "12", "deriv": "0", "x0": "9"})
    assert dict(at.query_params) == {"depth": "12", "deriv": "0"}
    assert at.session_state["outer notes"] == ["`x0=9` is outside -5…5."]
    at.slider(key="g.x0").set_value(0.5).run()
    assert dict(at.query_params) == {"depth": "12", "deriv": "0", "x0": "0.5"}
    assert at.session_state["outer notes"] == []
