"""Jobs for the sandbox tests, run in its worker processes (importable there by module name)."""

from __future__ import annotations

import time


def job(request: tuple[str, float]) -> object:
    """("echo", v) returns v; ("spin", s) holds the interpreter for s seconds in pure Python, as
    SymPy computing a huge exact number does; ("hog", n) allocates n bytes; ("refuse", _) raises
    the documented refusal; ("bug", _) fails otherwise."""
    kind, amount = request
    if kind == "echo":
        return amount
    if kind == "spin":
        end = time.perf_counter() + amount
        while time.perf_counter() < end:
            pass
        return "spun"
    if kind == "hog":
        return len(bytearray(int(amount)))
    if kind == "refuse":
        raise ValueError("refused, with a reason")
    raise KeyError(kind)
