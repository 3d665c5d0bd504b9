"""The scalar story: a chain of single units and its running product of local slopes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from activations.registry import Activation, resolve_with_params

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Chain:
    """A chain of single units a_l = φ(w a_{l-1}); index 0 is the first unit."""

    values: Array  # a_l
    local: Array  # ∂a_l/∂a_{l-1} = w φ'(w a_{l-1})
    product: Array  # running product of the local derivatives: ∂a_l/∂a_0


def chain(
    key: str | Activation,
    depth: int,
    x0: float,
    w: float,
    params: Mapping[str, float] | None = None,
) -> Chain:
    r"""A chain of single units $a_l = \varphi(w\,a_{l-1})$ from $a_0 = x_0$.

    The running product of local derivatives $w\,\varphi'(w\,a_{l-1})$ is $\partial a_l/\partial a_0$;
    for sigmoid each factor is at most $0.25\,|w|$, hence the $0.25^L$ bound at $w = 1$.
    """
    spec, p = resolve_with_params(key, params)
    values, local = np.empty(depth), np.empty(depth)
    a = float(x0)
    for layer in range(depth):
        h = np.float64(w * a)
        local[layer] = w * float(spec.grad(h, **p))
        a = float(spec.fn(h, **p))
        values[layer] = a
    with np.errstate(invalid="ignore", over="ignore"):  # a typed formula's inf · 0: NaN, said
        return Chain(values=values, local=local, product=np.cumprod(local))


def sigmoid_chain_bound(depth: int, w: float = 1.0) -> Array:
    r"""$(|w|/4)^L$ for $L = 1 \dots$ depth: no chain of sigmoid units can pass more gradient,
    because $\sigma' \le 1/4$."""
    return (abs(w) / 4.0) ** np.arange(1, depth + 1)
