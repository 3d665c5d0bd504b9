"""Independent 50-digit references: each function straight from its textbook definition in mpmath.

Nothing here reuses the library's formulas or stable rewrites; derivatives come from mpmath's own
high-precision numerical differentiation of these definitions.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp

mp.mp.dps = 50

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _sigmoid(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def _softplus(x: mp.mpf, beta: mp.mpf) -> mp.mpf:
    return mp.log(1 + mp.exp(beta * x)) / beta


def _elu(x: mp.mpf, alpha: mp.mpf) -> mp.mpf:
    return x if x > 0 else alpha * (mp.exp(x) - 1)


REFERENCE: dict[str, Callable[..., mp.mpf]] = {
    "identity": lambda x: x,
    "binary_step": lambda x: mp.mpf(1) if x >= 0 else mp.mpf(0),
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: min(max(x / 6 + mp.mpf(1) / 2, 0), 1),
    "tanh": mp.tanh,
    "hardtanh": lambda x: min(max(x, -1), 1),
    "softsign": lambda x: x / (1 + abs(x)),
    "arctan": mp.atan,
    "relu": lambda x: max(x, 0),
    "relu6": lambda x: min(max(x, 0), 6),
    "leaky_relu": lambda x, alpha: x if x > 0 else alpha * x,
    "prelu": lambda x, alpha: x if x > 0 else alpha * x,
    "elu": _elu,
    "celu": lambda x, alpha: x if x > 0 else alpha * (mp.exp(x / alpha) - 1),
    "selu": lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
    "gelu": lambda x: x / 2 * (1 + mp.erf(x / mp.sqrt(2))),
    "gelu_tanh": lambda x: (
        x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)))
    ),
    "swish": lambda x, beta: x * _sigmoid(beta * x),
    "mish": lambda x: x * mp.tanh(mp.log(1 + mp.exp(x))),
    "softplus": _softplus,
    "logsigmoid": lambda x: mp.log(_sigmoid(x)),
    "hardswish": lambda x: x * min(max(x + 3, 0), 6) / 6,
    "tanhshrink": lambda x: x - mp.tanh(x),
    "gaussian": lambda x: mp.exp(-(x**2)),
}


def _digits(x: float) -> int:
    """Working digits for 50 good ones: forms like 1 + erf(x) or log(1 + e^x) cancel about
    |x|/ln 10 (exponential tails), x²/(2 ln 10) (Gaussian) or ~0.04|x|³ (GELU-tanh) digits."""
    return 50 + int(abs(x) / 2.3) + int(min(x * x / 4.6 + 0.04 * abs(x) ** 3, 1500.0))


def value(key: str, x: float, **params: float) -> mp.mpf:
    with mp.workdps(_digits(x)):
        mp_params = {name: mp.mpf(v) for name, v in params.items()}
        return +REFERENCE[key](mp.mpf(x), **mp_params)


def derivative(key: str, x: float, **params: float) -> mp.mpf:
    with mp.workdps(_digits(x)):
        mp_params = {name: mp.mpf(v) for name, v in params.items()}
        return +mp.diff(lambda t: REFERENCE[key](t, **mp_params), mp.mpf(x))
