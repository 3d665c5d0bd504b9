"""The overview's gallery: one small card per function in its own colour, f solid and f′ dashed,
linking to the explorer. Cards are inline SVG built from the core's values (never from user text): 24 static
pictures cost far less in the browser than 24 live charts."""

from __future__ import annotations

from html import escape

import numpy as np

import activations
from activations.numbers import typographic_minus
from ui import theme

WIDTH, HEIGHT, PAD = 180, 110, 8

CSS = """
<style>
  .ae-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
             gap: 0.6rem; margin: 0.1rem 0 0.9rem 0; }
  .ae-card { display: block; border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 0.6rem;
             padding: 0.35rem 0.5rem 0.3rem; text-decoration: none !important; color: inherit !important;
             background: rgba(128, 128, 128, 0.06); transition: border-color 0.15s; }
  .ae-card:hover, .ae-card:focus { border-color: #0072B2; outline: 2px solid #0072B2; }
  .ae-card svg { width: 100%; height: auto; display: block; }
  .ae-name { font-weight: 600; margin-top: 0.25rem; }
  .ae-sub { font-size: 0.78rem; opacity: 0.75; }
  .ae-family { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.04em;
               opacity: 0.8; border-left: 4px solid var(--ae-accent); padding-left: 0.35rem; }
</style>
"""


def _path(x: np.ndarray, y: np.ndarray, lo: float, hi: float, ylo: float, yhi: float) -> str:
    px = PAD + (x - lo) / (hi - lo) * (WIDTH - 2 * PAD)
    py = HEIGHT - PAD - (np.clip(y, ylo, yhi) - ylo) / (yhi - ylo) * (HEIGHT - 2 * PAD)
    return "M" + " L".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))


def card(key: str, dark: bool = False) -> str:
    """One card: the function over its default range, in its own colour (``dark``: the dark
    theme's shade), linking to /explorer?fn=<key>."""
    spec = activations.get(key)
    lo, hi = spec.default_range
    x = np.linspace(lo, hi, 121)
    y, dy = spec.value(x), spec.derivative(x)
    both = np.concatenate([y, dy])
    ylo, yhi = float(both.min()), float(both.max())
    pad = 0.08 * (yhi - ylo or 1.0)
    ylo, yhi = ylo - pad, yhi + pad
    axes = []
    if ylo < 0 < yhi:
        zero = HEIGHT - PAD - (0 - ylo) / (yhi - ylo) * (HEIGHT - 2 * PAD)
        axes.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{zero:.1f}" y2="{zero:.1f}"/>')
    if lo < 0 < hi:
        zero = PAD + (0 - lo) / (hi - lo) * (WIDTH - 2 * PAD)
        axes.append(f'<line y1="{PAD}" y2="{HEIGHT - PAD}" x1="{zero:.1f}" x2="{zero:.1f}"/>')
    name = escape(spec.name)
    family = escape(activations.FAMILIES[spec.family])
    shown_range = typographic_minus(f"[{lo:g}, {hi:g}]")
    accent = theme.PALETTE[theme.HOME[key]].on(dark)  # the function's colour on every page
    return (
        f'<a class="ae-card" href="explorer?fn={key}" target="_self" style="--ae-accent: {accent}" '
        f'aria-label="Open {name} in the explorer" data-fn="{key}">'
        f'<div class="ae-family">{family}</div>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{name}: f solid, derivative dashed, x from {lo:g} to {hi:g}">'
        f'<g stroke="rgba(128,128,128,0.5)" stroke-width="1">{"".join(axes)}</g>'
        f'<path d="{_path(x, dy, lo, hi, ylo, yhi)}" fill="none" stroke="{accent}" '
        f'stroke-width="2" stroke-dasharray="5 3" opacity="0.8"/>'
        f'<path d="{_path(x, y, lo, hi, ylo, yhi)}" fill="none" stroke="{accent}" '
        f'stroke-width="2.5"/></svg>'
        f'<div class="ae-name">{name}</div>'
        f'<div class="ae-sub">x ∈ {shown_range}</div></a>'
    )


def gallery_html(dark: bool = False) -> str:
    """Every card in one grid, grouped by family in registry order (which is family order)."""
    cards = "".join(card(key, dark) for key in activations.REGISTRY)
    return f'<div class="ae-grid">{cards}</div>'
