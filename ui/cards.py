"""Human-readable rows of computed properties, shared by the explorer card and the tables."""

from __future__ import annotations

import activations


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def typographic_minus(text: str) -> str:
    """Numbers as the charts print them: "−" (U+2212), not the hyphen Python writes."""
    return text.replace("-", "−")


def line_equation(slope: float, intercept: float) -> str:
    """``y = a·x + b`` as a reader writes it: typographic minus signs, and ``x − 0.02`` rather
    than ``x + -0.02``."""
    sign = "−" if intercept < 0 else "+"
    return typographic_minus(f"y = {slope:.3g}·x {sign} {abs(intercept):.3g}")


def property_rows(props: activations.Properties) -> list[tuple[str, str]]:
    """(label, value) pairs, all derived from :func:`activations.properties`."""
    slope = f"{props.max_slope:.4g}"
    where = (
        props.max_slope_where if props.max_slope_attained else f"sup, as {props.max_slope_where}"
    )
    rows = [
        ("Output range", str(props.output_range)),
        ("Derivative range", str(props.derivative_range)),
        ("f(0)", f"{props.f0:.4g}"),
        ("f′(0)", f"{props.df0:.4g}"),
        ("Maximum slope |f′|", f"{slope} ({where})"),
    ]
    if props.minimum is not None:
        rows.append(("Minimum of f", f"{props.minimum[1]:.6g} at x = {props.minimum[0]:.6g}"))
    rows += [
        ("Zero-centred", zero_centred_text(props)),
        ("Monotonic", yes_no(props.monotonic)),
        ("Smoothness", props.smoothness_label),
        ("Kinks", ", ".join(f"x = {k:g}" for k in props.kinks) or "none"),
        ("Saturates", props.saturation),
        ("Dead zone", props.dead_zone_label),
    ]
    return rows


def zero_centred_text(props: activations.Properties) -> str:
    """The verdict with the numbers behind it, so the reader can check the definition."""
    return (
        f"{yes_no(props.zero_centred)}: mean output {props.mean_output:.3g}, "
        f"RMS {props.rms_output:.3g} for z ~ N(0, 1)"
    ).replace("-", "−")


def markdown_table(rows: list[tuple[str, str]]) -> str:
    """A two-column Markdown table; every cell is computed text, never user input."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    body = "\n".join(f"| {cell(name)} | {cell(value)} |" for name, value in rows)
    return "| Property | Value |\n|---|---|\n" + body


def table_columns() -> dict:
    """Column configuration for the properties table (st.dataframe)."""
    import streamlit as st

    col = st.column_config
    return {
        "Function": col.TextColumn(pinned=True),
        "f′(0)": col.NumberColumn(format="%.4g", help="The slope at x = 0."),
        "Max slope": col.NumberColumn(format="%.4g", help="The largest |f′| over all x."),
        "Zero-centred": col.CheckboxColumn(help=activations.ZERO_CENTRED_DEFINITION),
        "Mean f(z)": col.NumberColumn(
            format="%.3f", help="E[f(z)] for a standard-normal input z ~ N(0, 1)."
        ),
        "Monotonic": col.CheckboxColumn(),
        "Smoothness": col.TextColumn(help="C⁰: continuous with a kink; C¹: f′ continuous."),
        "Saturating": col.TextColumn(help="Where f′ → 0 as x → ±∞."),
        "Dead zone": col.TextColumn(help="Where f′ is exactly 0 on a whole interval."),
        "Since": col.NumberColumn(
            format="%d",
            help="Year of the first known use; the explorer says who introduced the function "
            "and who popularised it.",
        ),
        "Cost (ns/element)": col.NumberColumn(
            format="%.1f", help="Measured: value plus derivative on 1M float64 inputs."
        ),
        "Cost vs ReLU": col.ProgressColumn(format="%.1f×", min_value=0.0, max_value=20.0),
        "key": None,
    }


def table_height(rows: int) -> int:
    """Pixels that show every row without an inner scroll bar (header plus 35 px a row)."""
    return 38 + 35 * rows
