"""Numbers as a reader reads them: the minus sign "−" (U+2212), not the hyphen Python writes.

The one place that decides it, for the core's own labels (property ranges, notes) and the
pages' text alike.

>>> typographic_minus("f(0) = -0.6931, 1e-05, zero-centred")
'f(0) = −0.6931, 1e−05, zero-centred'
>>> number(-49.75, 3)
'−49.8'
>>> number(5.3e-19, 2), number(-0.0), number(float("-inf")), number(2.5e8, 3), number(float("nan"))
('5.3·10⁻¹⁹', '0', '−∞', '2.5·10⁸', 'NaN')
"""

from __future__ import annotations

import math
import re

# A hyphen is a minus sign where it starts a number, an exponent or a signed infinity; inside a
# word ("zero-centred") it stays a hyphen.
_SIGN = re.compile(r"(?:(?<![A-Za-z])|(?<=[0-9]e))-(?=[0-9.∞])")


def typographic_minus(text: str) -> str:
    """``text`` with each minus sign of a number written as "−"."""
    return _SIGN.sub("−", text)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


_SUBSCRIPT = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


def subscript(value: int) -> str:
    """An index as a subscript: z₁₀, not z10.

    >>> subscript(10)
    '₁₀'
    """
    return str(value).translate(_SUBSCRIPT)


def power_of_ten(exponent: int) -> str:
    """10 to ``exponent`` as a textbook prints it: 10⁻¹⁹."""
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def number(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits as a reader reads it: a typographic minus,
    powers of ten as 5.3·10⁻¹⁹ (never 5.3e-19), ∞, and no "−0"."""
    value = float(value) + 0.0  # −0.0 + 0.0 is 0.0
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·{power_of_ten(int(exponent))}"
    return typographic_minus(text)
