"""Numbers as a reader reads them: the minus sign "−" (U+2212), not the hyphen Python writes.

The one place that decides it, for the core's own labels (property ranges, notes) and the
pages' text alike.

>>> typographic_minus("f(0) = -0.6931, 1e-05, zero-centred")
'f(0) = −0.6931, 1e−05, zero-centred'
>>> number(-49.75, 3)
'−49.8'
"""

from __future__ import annotations

import re

# A hyphen is a minus sign where it starts a number, an exponent or a signed infinity; inside a
# word ("zero-centred") it stays a hyphen.
_SIGN = re.compile(r"(?:(?<![A-Za-z])|(?<=[0-9]e))-(?=[0-9.∞])")


def typographic_minus(text: str) -> str:
    """``text`` with each minus sign of a number written as "−"."""
    return _SIGN.sub("−", text)


def number(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits, with a typographic minus."""
    return typographic_minus(f"{value + 0.0:.{digits}g}")
