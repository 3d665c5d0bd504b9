"""UrlState's bound controls on their own: one call reads the link, makes the widget, writes back.

Each test runs a tiny script (not a page) with AppTest, so what is tested is UrlState itself.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import activations
from tests.hostile import HOSTILE
from ui import urlstate


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


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_function(controls_script, default_timeout=30)
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
    query = {"depth": "12", "sw2": "2.5", "width": "128", "thr": "0.125", "seed": "42",
             "on": "0", "init": "he", "fn": "tanh", "fns": ["c", "b"]}  # fmt: skip
    at = run(query)
    assert values(at) == {
        "depth": 12, "sw2": 2.5, "width": 128, "thr": 0.125, "seed": 42, "on": False,
        "init": "he", "fn": "tanh", "fns": ["c", "b"],
    }  # fmt: skip
    assert at.query_params["depth"] == "12" and at.query_params["on"] == "0"
    assert at.query_params["fns"] == ["c", "b"]
    assert at.slider(key="t.depth").value == 12 and at.toggle(key="t.on").value is False
    assert not at.warning


@pytest.mark.parametrize(
    ("query", "key", "expected", "note"),
    [
        ({"depth": "500"}, "depth", 30, "outside 1…200"),
        ({"depth": "2.5"}, "depth", 30, "whole number"),
        ({"sw2": "1.52"}, "sw2", 1.5, "rounded to 1.5"),
        ({"width": "100"}, "width", 128, "rounded to 128"),
        ({"thr": "0.0504"}, "thr", 0.05, "rounded to 0.05"),  # the box's 3 decimals
        ({"thr": "abc"}, "thr", 0.05, "not a number"),
        ({"seed": "1e400"}, "seed", 7, "not a finite number"),
        ({"on": "maybe"}, "on", True, "should be 1 or 0"),
        ({"init": "<b>x</b>"}, "init", "xavier", "not one of the choices"),
        ({"fns": ["a", "b", "c"]}, "fns", ["a", "b"], "first 2"),
    ],
)
def test_a_bad_value_falls_back_with_a_short_note(query, key, expected, note) -> None:
    at = run(query)
    assert values(at)[key] == expected
    assert note in notes(at)
    assert "<" not in notes(at)


def test_moving_a_widget_rewrites_the_url_and_the_default_clears_it() -> None:
    at = run({"depth": "12"})
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


# --- the whole hostile corpus, through the layer alone ---------------------------------------
#
# A probe reads every name the corpus sets with the layer's own seeding calls (the ones every
# bound control is made of), with a stand-in for Streamlit: no widget, no page, no script run a
# case. tests/test_hostile_urls.py then runs on each page only the cases that set a name it reads.

CHOICES = ["relu", "tanh", "custom"]
FLAGS = ("present", "deriv", "insert")
DEFAULTS: dict[str, Any] = {
    "fn": "relu", "fns": ["relu"], "between": "relu", "init": "xavier", "alpha": 0.01,
    "depth": 30, "width": 256, "temp": 1.0, "sw2": 1.5, "sb2": 0.0, "x0": 1.0, "seed": 0,
    "range": (-6.0, 6.0), "logits": [2.0, 1.0, 0.1], "present": False, "deriv": True,
    "insert": True, "f": "x",
}  # fmt: skip


class QueryParams(dict):
    """``st.query_params`` as the layer uses it."""

    def get_all(self, key: str) -> list[str]:
        value = self[key]
        return list(value) if isinstance(value, list) else [value]

    def from_dict(self, values: dict) -> None:
        self.clear()
        self.update(values)


def probe(monkeypatch, query: dict) -> tuple[dict[str, Any], list[str]]:
    """Each probed name's value after the layer has read ``query``, and the layer's notes."""
    fake = SimpleNamespace(query_params=QueryParams(query), session_state={})
    monkeypatch.setattr(urlstate, "st", fake)
    box = SimpleNamespace(text_input=lambda label, key, **_: fake.session_state[key])
    url = urlstate.UrlState("probe")
    d = DEFAULTS
    got = {
        "fn": url.seed_choice("fn", "fn", CHOICES, d["fn"]),
        "fns": url.seed_choices("fns", "fns", CHOICES, d["fns"], 4),
        "between": url.seed_choice("between", "between", ["relu", "tanh"], d["between"]),
        "init": url.seed_choice("init", "init", ["xavier", "he"], d["init"]),
        "alpha": url.seed_number("alpha", "alpha", 0.0, 1.0, d["alpha"], step=0.01),
        "depth": url.seed_number("depth", "depth", 1, 200, d["depth"], integer=True),
        "width": url.seed_number(
            "width", "width", 16, 1024, d["width"], integer=True, choices=(16, 64, 256, 1024)
        ),
        "temp": url.seed_number("temp", "temp", 0.1, 10.0, d["temp"], choices=(0.1, 1.0, 10.0)),
        "sw2": url.seed_number("sw2", "sw2", 0.1, 4.0, d["sw2"], step=0.05),
        "sb2": url.seed_number("sb2", "sb2", 0.0, 1.0, d["sb2"], step=0.01),
        "x0": url.seed_number("x0", "x0", -50.0, 50.0, d["x0"]),
        "seed": url.seed_number("seed", "seed", 0, 9999, d["seed"], integer=True),
        "range": url.seed_range("range", "range", -50.0, 50.0, d["range"]),
        "logits": url.seed_numbers("logits", "k", "z{}", -20.0, 20.0, d["logits"], (2, 10)),
        **{flag: url.seed_flag(flag, flag, d[flag]) for flag in FLAGS},
        "f": url.formula("f", "f", default=d["f"], check=activations.custom, container=box)[0],
    }
    url.write()
    return got, url.notes


@pytest.mark.parametrize("case", list(HOSTILE))
def test_every_hostile_link_falls_back_to_the_default_with_a_note(monkeypatch, case) -> None:
    query = HOSTILE[case]
    got, notes = probe(monkeypatch, query)
    assert set(got) == set(DEFAULTS)
    text = "\n".join(notes)
    for name in set(query) & set(got):
        if query[name] in ("custom", ["custom"]):  # a typed formula's own choice is valid
            assert got[name] == query[name]
            continue
        assert got[name] == DEFAULTS[name], name
        assert re.search(rf"`{re.escape(name)}[=`]", text), f"no note names {name}"
    unknown = sorted(set(query) - set(got), key=lambda name: list(query).index(name))
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


def test_the_probe_reads_every_name_a_hostile_case_sets_but_the_unknown_ones() -> None:
    """So each name of the corpus is checked above, whether or not a page runs its case."""
    names = {name for query in HOSTILE.values() for name in query}
    unknown = {name for name in names if re.fullmatch(r"p\d+", name)}
    assert names - unknown == set(DEFAULTS)
