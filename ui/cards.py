"""Human-readable rows of computed properties, shared by the explorer card and the tables."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import activations
from activations import training
from activations.numbers import number, power_of_ten, typographic_minus

if TYPE_CHECKING:  # pandas is the table's, imported where the table is built
    import pandas as pd
    from pandas.io.formats.style import Styler


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def line_equation(slope: float, intercept: float) -> str:
    """``y = a·x + b`` as a reader writes it: typographic minus signs, and ``x − 0.02`` rather
    than ``x + -0.02``."""
    sign = "−" if intercept < 0 else "+"
    return f"y = {number(slope, 3)}·x {sign} {number(abs(intercept), 3)}"


def property_rows(props: activations.Properties) -> list[tuple[str, str]]:
    """(label, value) pairs, all derived from :func:`activations.properties`."""
    slope = number(props.max_slope, 4)
    where = (
        props.max_slope_where if props.max_slope_attained else f"sup, as {props.max_slope_where}"
    )
    rows = [
        ("Output range", str(props.output_range)),
        ("Derivative range", str(props.derivative_range)),
        ("f(0)", number(props.f0, 4)),
        ("f′(0)", number(props.df0, 4)),
        ("Maximum slope |f′|", f"{slope} ({where})"),
    ]
    if props.minimum is not None:
        minimum = f"{number(props.minimum[1])} at x = {number(props.minimum[0])}"
    elif props.monotonic:
        minimum = "— (monotonic)"
    else:
        minimum = f"not attained (infimum {number(props.output_range.lo)})"
    rows.append(("Minimum of f", typographic_minus(minimum)))
    rows += [
        ("Zero-centred", zero_centred_text(props)),
        ("Monotonic", yes_no(props.monotonic)),
        ("Smoothness", props.smoothness_label),
        ("Kinks", _places(k for k in props.kinks if k not in props.jumps)),
        *([("Jumps", _places(props.jumps))] if props.jumps else []),
        ("Saturates", props.saturation),
        ("Dead zone", props.dead_zone_label),
    ]
    return [(label, typographic_minus(value)) for label, value in rows]


def _places(points) -> str:
    return ", ".join(f"x = {number(k)}" for k in points) or "none"


def zero_centred_text(props: activations.Properties) -> str:
    """The verdict with the numbers behind it, so the reader can check the definition."""
    mean, rms = number(props.mean_output, 3), number(props.rms_output, 3)
    return f"{yes_no(props.zero_centred)} (mean {mean}, RMS {rms})"


def markdown_table(rows: list[tuple[str, str]]) -> str:
    """A two-column Markdown table; every cell is computed text, never user input."""
    return markdown_grid(["Property", "Value"], [list(row) for row in rows])


def markdown_grid(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (its cells wrap, so it never needs a horizontal scroll bar); every cell
    is computed text or a registry name, never user input."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(text.replace("|", "\\|") for text in cells) + " |"

    rule = "|" + "---|" * len(header)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


# Functions per comparison table: four columns of values fit a laptop's half-width without
# breaking a number; more functions go to a second table below.
COMPARISON_COLUMNS = 4


def comparison(names: list[str], all_props: list[activations.Properties]) -> list[str]:
    """The property cards of several functions side by side: a row per property and a column per
    function, in tables of at most ``COMPARISON_COLUMNS`` functions each."""
    tables = []
    for start in range(0, len(names), COMPARISON_COLUMNS):
        chunk = slice(start, start + COMPARISON_COLUMNS)
        columns = [dict(property_rows(props)) for props in all_props[chunk]]
        rows = [[label, *(column[label] for column in columns)] for label in columns[0]]
        tables.append(markdown_grid(["Property", *names[chunk]], rows))
    return tables


@dataclass(frozen=True)
class TableRow:
    """What one row of the overview's properties table is computed from."""

    spec: activations.Activation
    props: activations.Properties
    cost: float  # measured ns per element, value plus derivative
    relu_cost: float


@dataclass(frozen=True)
class Column:
    """One column of the properties table: its label, its value and its configuration together."""

    label: str
    value: Callable[[TableRow], Any]
    # A factory of the st.column_config entry (called only when Streamlit draws the table); None
    # keeps Streamlit's default, and ``hidden`` keeps the column out of sight (the sort key).
    config: Callable[[Any], Any] | None = None
    hidden: bool = False
    # How a number is shown (a typographic minus, 5·10⁻⁵, never −0): a Styler's display value,
    # so that the column still sorts by the number itself.
    shown: Callable[[float], str] | None = None


UNDATED = "—"  # the Since of a function with no dated first use

TABLE: tuple[Column, ...] = (
    Column("Function", lambda r: r.spec.name, lambda col: col.TextColumn(pinned=True)),
    Column("Family", lambda r: activations.FAMILIES[r.spec.family]),
    Column("Output range", lambda r: str(r.props.output_range)),
    Column("Derivative range", lambda r: str(r.props.derivative_range)),
    Column(
        "f′(0)",
        lambda r: r.props.df0,
        lambda col: col.NumberColumn(help="The slope at x = 0."),
        shown=lambda v: number(v, 4),
    ),
    Column(
        "Max slope",
        lambda r: r.props.max_slope,
        lambda col: col.NumberColumn(help="The largest |f′| over all x."),
        shown=lambda v: number(v, 4),
    ),
    Column(
        "Zero-centred",
        lambda r: r.props.zero_centred,
        lambda col: col.CheckboxColumn(help=activations.ZERO_CENTRED_DEFINITION),
    ),
    Column(
        "Mean f(z)",
        lambda r: r.props.mean_output,
        lambda col: col.NumberColumn(help="E[f(z)] for a standard-normal input z ~ N(0, 1)."),
        shown=lambda v: number(round(v, 3), 3),
    ),
    Column("Monotonic", lambda r: r.props.monotonic, lambda col: col.CheckboxColumn()),
    Column(
        "Smoothness",
        lambda r: r.props.smoothness_label,
        lambda col: col.TextColumn(help="C⁰: continuous with a kink; C¹: f′ continuous."),
    ),
    Column(
        "Saturating",
        lambda r: r.props.saturation,
        lambda col: col.TextColumn(help="Where f′ → 0 as x → ±∞."),
    ),
    Column(
        "Dead zone",
        lambda r: r.props.dead_zone_label,
        lambda col: col.TextColumn(help="Where f′ is exactly 0 on a whole interval."),
    ),
    Column(
        "Since",
        # Text, so that a function with no dated first use reads "—", not "None"; four-digit
        # years still sort in order.
        lambda r: UNDATED if r.spec.year is None else str(r.spec.year),
        lambda col: col.TextColumn(
            help="Year of the first known use; the explorer says who introduced the function "
            f"and who popularised it. {UNDATED}: no dated first use (older than neural networks).",
        ),
    ),
    Column(
        "Cost (ns/element)",
        lambda r: r.cost,
        lambda col: col.NumberColumn(
            format="%.1f", help="Measured: value plus derivative on 1M float64 inputs."
        ),
    ),
    Column(
        "Cost vs ReLU",
        lambda r: r.cost / r.relu_cost,
        lambda col: col.ProgressColumn(format="%.1f×", min_value=0.0, max_value=20.0),
    ),
    Column("key", lambda r: r.spec.key, hidden=True),
)


def table_row(row: TableRow) -> dict[str, Any]:
    """One row of the properties table, by column label."""
    return {column.label: column.value(row) for column in TABLE}


def table_columns() -> dict:
    """Column configuration for the properties table (st.dataframe)."""
    import streamlit as st

    col = st.column_config
    return {
        column.label: None if column.hidden else column.config(col)
        for column in TABLE
        if column.hidden or column.config is not None
    }


def styled(table: pd.DataFrame) -> Styler:
    """The properties table with its numbers shown as a reader reads them (see
    :attr:`Column.shown`); the values underneath, which sort the columns, are unchanged."""
    return table.style.format(
        {column.label: column.shown for column in TABLE if column.shown is not None}
    )


def table_height(rows: int) -> int:
    """Pixels that show every row without an inner scroll bar (header plus 35 px a row)."""
    return 38 + 35 * rows


def blowup_sentence(blowup: training.BlowUp) -> str:
    """Where a run stopped being finite, and the growth figures up to there, for the page.

    Growth figures only: which factor grew most is nearly automatic in a deep network and names
    no cause (the step size, say), so the sentence does not pretend to."""
    if blowup.factor == "loss":
        where = (
            f"At step {blowup.step}, the loss overflowed (every weight and activation was still "
            "finite, but their sum over the points was not); the curves stop there."
        )
    else:
        where = (
            f"At step {blowup.step}, the {blowup.factor} of layer {blowup.layer + 1} became "
            "infinite or NaN; the curves stop there."
        )
    if blowup.grew_most is None:
        return where
    weights, activations_, gradients = (ratio_text(blowup.growth[f]) for f in training.FACTORS)
    return (
        f"{where} From step 0 to step {blowup.step - 1}, the largest weight grew ×{weights}, "
        f"the largest activation ×{activations_} and the largest gradient ×{gradients}."
    )


def ratio_text(ratio: float) -> str:
    """A growth ratio for a reader: 3.2, 450 or 1.2·10⁸."""
    if not math.isfinite(ratio):
        return "∞" if ratio > 0 else "?"
    if ratio < 1000:
        return f"{ratio:.2g}" if ratio < 10 else f"{ratio:.0f}"
    mantissa, exponent = f"{ratio:.1e}".split("e")
    return f"{mantissa}·{power_of_ten(int(exponent))}"
