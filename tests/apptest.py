"""Helpers for driving pages with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.pages import BY_NAME

ROOT = Path(__file__).resolve().parents[1]


def open_page(page: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app as a browser opens /<page>?<query>: one run, the router and then the page.
    (Before a first run AppTest finds a page by its file's name, which is its URL path here.)"""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if not BY_NAME[page].default:
        at.switch_page(BY_NAME[page].script)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    """Every Plotly chart's figure, as the page sent it."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace(figure: dict, name: str) -> tuple[np.ndarray, np.ndarray]:
    """The x and y of the trace called ``name``, with line gaps (None) removed."""
    for t in figure["data"]:
        if t.get("name") == name:
            pairs = [(x, y) for x, y in zip(t["x"], t["y"], strict=True) if x is not None]
            xs, ys = zip(*pairs, strict=True)
            return np.array(xs, dtype=float), np.array(ys, dtype=float)
    raise KeyError(f"no trace {name!r}; have {[t.get('name') for t in figure['data']]}")


def trace_names(figure: dict) -> list[str]:
    return [t.get("name") for t in figure["data"]]


def named(figure: dict, name: str) -> dict:
    """The one trace called ``name``, as sent (a bar's categories, a heat map's z)."""
    matches = [t for t in figure["data"] if t.get("name") == name]
    assert len(matches) == 1, f"{len(matches)} traces {name!r}; have {trace_names(figure)}"
    return matches[0]


def frame_trace(figure: dict, frame: dict, name: str) -> dict:
    """What an animation frame sets on the trace called ``name``: a frame lists the traces it
    changes by their index in the figure, and its own entries carry no names."""
    index = figure["data"].index(named(figure, name))
    return frame["data"][frame["traces"].index(index)]


def slider(at: AppTest, label_part: str):
    matches = [s for s in at.slider if label_part in s.label]
    assert len(matches) == 1, [s.label for s in at.slider]
    return matches[0]


def warnings_text(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


_DIGITS = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")} | {"⁻": "-"}


def read_number(text: str) -> float:
    """A number as the pages print it (−2.5, 5.3·10⁻¹⁹, −∞, NaN), read back the way a student
    reads it: written here from the notation, not from the code that prints it."""
    text = text.replace("−", "-").strip()
    if text in {"∞", "-∞"}:
        return float(text.replace("∞", "inf"))
    if "·10" in text:
        mantissa, power = text.split("·10")
        return float(mantissa) * 10.0 ** int("".join(_DIGITS[c] for c in power))
    return float(text)
