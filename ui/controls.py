"""Controls built from the registry and tied to the URL. Pages never repeat a range or a default."""

from __future__ import annotations

import streamlit as st

import activations
from activations import initialisation
from ui import custom_formula
from ui.urlstate import Range, UrlState

X_LIMITS = (-50.0, 50.0)


def label(key: str) -> str:
    """A function's display name with its family, for pickers ordered by family."""
    if key == custom_formula.CUSTOM:
        return custom_formula.LABEL
    spec = activations.get(key)
    return f"{spec.name}  ·  {activations.FAMILIES[spec.family]}"


def function_picker(url: UrlState, default: str, *, container=st) -> str:
    return url.choice(
        "fn",
        "Activation function",
        custom_formula.options(),
        default=default,
        always=True,
        format_func=label,
        help="Grouped by family. Type to search.",
        container=container,
    )


def functions_picker(
    url: UrlState,
    default: list[str],
    most: int,
    *,
    title: str = "Functions",
    container=st,
) -> list[str]:
    """Several functions by display name, kept in the URL as repeated ``fns`` (``custom`` for
    the user's own formula, see :mod:`ui.custom_formula`)."""
    return url.choices(
        "fns",
        title,
        custom_formula.options(),
        default=default,
        most=most,
        format_func=custom_formula.name,
        placeholder=f"Pick up to {most} functions",
        container=container,
    )


def param_slider(
    url: UrlState,
    spec: activations.Activation,
    param: activations.Param,
    *,
    url_key: str | None = None,
    label: str | None = None,
    container=st,
) -> float:
    """One slider built from a registry ``Param``, tied to the URL (``url_key``, default its name).
    Its widget is the function's own (``url.key(param.name, spec.key)``): each keeps its α."""
    return url.slider(
        url_key or param.name,
        label or f"${param.symbol}$ ({param.name})",
        param.min,
        param.max,
        default=param.default,
        step=param.step,
        key=url.key(param.name, spec.key),
        help=f"{param.help}. Default {param.default:g}.",
        container=container,
    )


def param_sliders(url: UrlState, spec: activations.Activation, *, container=st) -> dict[str, float]:
    """One slider per parameter of ``spec``, side by side; returns their values by name."""
    if not spec.params:
        return {}
    # One slider needs no columns: one block fewer to redraw on every move.
    columns = container.columns(len(spec.params)) if len(spec.params) > 1 else [container]
    return {
        p.name: param_slider(url, spec, p, container=column)
        for column, p in zip(columns, spec.params, strict=True)
    }


def x_range_slider(
    url: UrlState,
    default: tuple[float, float],
    *,
    scope: str | None = None,
    container=st,
) -> tuple[float, float]:
    """The drawn part of the x-axis (URL: range); ``scope`` keeps one per function."""

    def slider(key: str) -> tuple[float, float]:
        lo, hi = container.slider(
            "Input range x",
            min_value=X_LIMITS[0],
            max_value=X_LIMITS[1],
            step=0.5,
            key=key,
            help="The part of the x-axis to draw.",
        )
        if not lo < hi:
            # The two handles can meet on the slider; keep a drawable range.
            lo, hi = (lo - 0.5, hi) if lo > X_LIMITS[0] else (lo, hi + 0.5)
        return lo, hi

    key = url.key("range", scope) if scope else url.key("range")
    return url.bind("range", Range(*X_LIMITS, default), slider, key=key)


INIT_LABELS = {"xavier": "Xavier", "he": "He", "lecun": "LeCun", "custom": "Custom"}


def initialisation_picker(url: UrlState, *, help: str | None = None, container=st) -> str:
    """The weight initialisation (URL: init), one button per scheme of the core's table."""
    return url.choice(
        "init",
        "Initialisation",
        list(initialisation.INITS),
        default="xavier",
        widget="segmented_control",
        format_func=INIT_LABELS.get,
        help=help,
        container=container,
    )
