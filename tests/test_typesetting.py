"""Every page reads like a textbook: the text a student reads (headings, captions, labels,
metrics, tables, and the charts' titles, legends, hover and frames) has no ASCII stand-ins for
typeset maths: no ``a_L`` or ``σ_w²`` with an underscore, no ``5e-05``, no "None", no "−0.000",
no hyphen for a minus sign and no "(custom)" label; and the formulas are labelled f(x) = and
f′(x) =. The patterns are written here from the notation, not from the code that prints it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import charts, open_page

# Maths written in ASCII: a subscript by underscore (a_L, x_l, σ_w²), a power of ten as "e",
# a minus sign that is a hyphen (a hyphen right before a digit, not inside a word or a range),
# a negative zero, a Python None, a parenthesised "(custom)" label.
ASCII_FORMS = {
    "underscore subscript": re.compile(r"[A-Za-zα-ωχφσ]_[A-Za-z0-9({]"),
    "e-notation": re.compile(r"\d(?:\.\d+)?e[-+−]?\d"),
    "hyphen as minus": re.compile(r"(?<![\w)\]}.'’])-(?=\d)"),
    "negative zero": re.compile(r"[−-]0(?:\.0+)?(?![\d.·])"),
    "None": re.compile(r"\bNone\b"),
    "(custom)": re.compile(r"\(custom\)", re.IGNORECASE),
}
# LaTeX that Streamlit typesets ($…$) and code a reader copies (`…`) are not read as ASCII.
TYPESET = re.compile(r"\$[^$]*\$|`[^`]*`")
# HTML (the gallery's SVG, a chart's <sub>): its attributes are not read, only its text.
TAGS = re.compile(r"<[^>]*>")
# Plotly's placeholders (%{y:.3f}) are filled in by the browser with its own minus signs.
PLACEHOLDER = re.compile(r"%\{[^}]*\}")
# The figure keys that hold text a student reads.
TEXT_KEYS = {"text", "name", "hovertemplate", "texttemplate", "label", "ticktext"}


def figure_texts(node: object, key: str = "") -> Iterator[str]:
    """Every text a figure shows: titles, names, annotations, hover, tick labels, and those of
    the frames a Play button carries."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from figure_texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from figure_texts(v, key)
    elif isinstance(node, str) and key in TEXT_KEYS:
        yield node


def page_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for everything the page writes, but code blocks and the share link."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "success", "error", "latex"):  # fmt: skip
        for element in at.get(kind):
            yield kind, str(element.value)
    for metric in at.metric:
        yield "metric", f"{metric.label} {metric.value}"
    for kind in ("slider", "select_slider", "number_input", "selectbox", "multiselect",
                 "toggle", "radio", "segmented_control", "text_input", "button"):  # fmt: skip
        for widget in at.get(kind):
            label = getattr(widget, "label", None) or getattr(widget.proto, "label", "")
            yield f"{kind} label", str(label)
            yield f"{kind} help", str(getattr(widget.proto, "help", ""))
    for frame in at.dataframe:
        yield from table_texts(frame)
    for index, figure in enumerate(charts(at)):
        for text in figure_texts(figure):
            yield f"chart {index}", PLACEHOLDER.sub("0", text)


def table_texts(frame: object) -> Iterator[tuple[str, str]]:
    """A table's header and cells as the browser shows them: a Styler's display values where
    the page gives them, and a missing value as the "None" Streamlit draws; hidden columns
    are left out."""
    table: pd.DataFrame = frame.value  # type: ignore[attr-defined]
    config = json.loads(frame.proto.columns or "{}")  # type: ignore[attr-defined]
    shown = [c for c in table.columns if not config.get(str(c), {}).get("hidden")]
    styler = frame.proto.arrow_data.styler  # type: ignore[attr-defined]
    display = (
        pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
        if styler.display_values
        else table
    )
    yield "table header", " | ".join(map(str, shown))
    for column in shown:
        for raw, cell in zip(table[column], display[column], strict=True):
            if raw is None or (isinstance(raw, float) and np.isnan(raw)):
                yield f"table {column}", "None"
            elif isinstance(cell, str):
                yield f"table {column}", cell


def ascii_forms(at: AppTest) -> list[str]:
    found = []
    for where, text in page_texts(at):
        plain = TYPESET.sub("", TAGS.sub(" ", text))
        for form, pattern in ASCII_FORMS.items():
            if match := pattern.search(plain):
                found.append(f"{where}: {form} {match.group()!r} in {text[:90]!r}")
    return found


VIEWS = [
    ("overview", {}),
    ("explorer", {}),
    ("explorer", {"fn": "sigmoid"}),
    ("explorer", {"fn": "leaky_relu", "alpha": "0.3", "range": ["-4", "4"], "x0": "-2"}),
    ("explorer", {"fn": "custom", "f": "x*sigmoid(beta*x) - 0.1*x"}),
    ("compare", {}),
    ("compare", {"fns": ["relu", "elu", "selu", "gaussian", "custom"], "f": "abs(x)"}),
    ("gradients", {"depth": "12", "width": "32"}),
    ("gradients", {"fns": ["relu", "tanh"], "init": "custom", "depth": "12", "width": "32"}),
    ("softmax", {}),
    ("softmax", {"logits": ["-1000", "-1001", "0", "-0.5"], "temp": "0.05"}),
    ("softmax", {"logits": [str(i) for i in range(-4, 6)]}),
]


@pytest.mark.parametrize(("page", "query"), VIEWS, ids=[f"{p}-{q}" for p, q in VIEWS])
def test_no_ascii_maths_where_a_student_reads(page: str, query: dict) -> None:
    assert ascii_forms(open_page(page, query)) == []


@pytest.mark.parametrize(
    "query", [{"fn": "sigmoid"}, {"fn": "relu"}, {"fn": "custom", "f": "abs(x)"}]
)
def test_the_formulas_are_labelled_f_and_f_prime(query: dict) -> None:
    """The LaTeX line names f and f′ as the chart's legend does, whatever the registry entry
    starts with (σ(x) = …) or a typed formula (only its right-hand side)."""
    at = open_page("explorer", query)
    (latex,) = [str(element.value) for element in at.latex]
    body = latex.strip().strip("$").strip().removeprefix(r"\begin{gathered}")
    first, second = re.split(r"\\qquad\\qquad|\\\\", body)[:2]
    assert first.strip().startswith("f(x) =")
    assert second.strip().startswith("f'(x) =")
