"""Every line, label and mark holds 3:1 against what is painted behind it, on every page, in both
themes; a heat map is painted in its colour bar's colours.

The background is read from the screenshot (the colour most pixels around a label have: a band, a
heat-map cell or the theme's page), never from our own constants. A label's colour is what the
browser computed for it, laid over that background by its opacity; for a chart's labels, the
glyphs' painted pixels must reach the ratio too. A line's colour must be found painted along it,
so a curve drawn in a good colour but hidden under another fails as well.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image

from devtools.harness import LAPTOP, wait_until_idle

THEMES = ("light", "dark")
# Every page, in a state that shows its most marks: 8 functions on Compare, a kink and a band on
# the explorer, the lab after training. A "custom" formula's colour is the one left to check.
VIEWS = {
    "overview": "/",
    "explorer": "/explorer?fn=leaky_relu",
    "compare": "/compare?fns=relu&fns=tanh&fns=sigmoid&fns=gelu&fns=elu&fns=softplus"
    "&fns=swish&fns=custom",
    "gradients": "/gradients",
    "softmax": "/softmax",
    "training": "/training?fns=tanh&fns=relu&steps=100",
}
LEAST = 3.0
SCALE = 2  # device pixels per CSS pixel: a glyph's stem is two pixels wide, so its core is solid

# Text nodes and chart labels, with their boxes and computed colours. Controls a student cannot use
# (a disabled slider, WCAG's "inactive user interface component") are left out.
TEXTS = """() => {
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const disabled = (el) => !!el.closest('[disabled], [aria-disabled="true"]') ||
    !!(el.closest('[data-testid="stSlider"]') &&
       el.closest('[data-testid="stSlider"]').querySelector('[role="slider"][aria-disabled="true"]'));
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  const out = [];
  const push = (kind, el, text, box, colour, alpha) => {
    if (box.width < 2 || box.height < 2 || box.bottom < 0 || box.right < 0) return;
    out.push({kind, text: text.slice(0, 40), x: box.left + scrollX, y: box.top + scrollY,
              w: box.width, h: box.height, colour, alpha});
  };
  for (const t of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot text')) {
    const text = t.textContent.trim();
    if (!text || !shown(t)) continue;
    const s = getComputedStyle(t);
    push('chart', t, text, t.getBoundingClientRect(), s.fill, opacity(t) * parseFloat(s.fillOpacity));
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || el.closest('svg, .katex-mathml, [data-testid="stTooltipContent"]')) continue;
    if (!shown(el) || disabled(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    push('page', el, text, range.getBoundingClientRect(), getComputedStyle(el).color, opacity(el));
  }
  return out;
}"""

# Every drawn line of every chart (traces and shapes): its stroke and points along it.
LINES = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot').forEach((plot, index) => {
    const area = plot.querySelector('.nsewdrag');
    if (!area) return;
    const a = area.getBoundingClientRect();
    for (const path of plot.querySelectorAll('.scatterlayer path.js-line, .shapelayer path')) {
      const s = getComputedStyle(path);
      const width = parseFloat(s.strokeWidth);
      if (s.stroke === 'none' || !(width > 0) || parseFloat(s.strokeOpacity) === 0) continue;
      if (s.visibility === 'hidden' || path.closest('[style*="opacity: 0"]')) continue;
      let length = 0;
      try { length = path.getTotalLength(); } catch (e) { continue; }
      if (!(length > 4)) continue;
      const matrix = path.getScreenCTM();
      const points = [];
      for (let i = 1; i < 40; i++) {
        const p = path.getPointAtLength(length * i / 40);
        const q = new DOMPoint(p.x, p.y).matrixTransform(matrix);
        if (q.x > a.left + 3 && q.x < a.right - 3 && q.y > a.top + 3 && q.y < a.bottom - 3)
          points.push([q.x + scrollX, q.y + scrollY]);
      }
      if (points.length < 3) continue;
      const name = (path.closest('.trace') && path.closest('.trace').__data__
        && path.closest('.trace').__data__[0] && path.closest('.trace').__data__[0].trace.name) || 'shape';
      out.push({plot: index, name: String(name), stroke: s.stroke,
                alpha: parseFloat(s.strokeOpacity) * parseFloat(s.opacity), width, points,
                area: [a.left + scrollX, a.top + scrollY, a.width, a.height]});
    }
  });
  return out;
}"""


@dataclass
class Shot:
    """A screenshot of the whole page, indexed in CSS pixels."""

    pixels: np.ndarray

    def region(self, x: float, y: float, w: float, h: float, pad: float = 1) -> np.ndarray:
        x0, y0 = max(int((x - pad) * SCALE), 0), max(int((y - pad) * SCALE), 0)
        x1, y1 = int((x + w + pad) * SCALE) + 1, int((y + h + pad) * SCALE) + 1
        return self.pixels[y0:y1, x0:x1].reshape(-1, 3).astype(float)


def _linear(channel: np.ndarray) -> np.ndarray:
    c = channel / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb) -> np.ndarray:
    return _linear(np.asarray(rgb, dtype=float)) @ [0.2126, 0.7152, 0.0722]


def ratio(a, b) -> np.ndarray:
    """WCAG 2 contrast ratio (elementwise over the last axis)."""
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def css_rgb(colour: str) -> tuple[np.ndarray, float]:
    """``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` as an array and its alpha."""
    parts = [float(p) for p in colour[colour.index("(") + 1 : -1].split(",")]
    return np.array(parts[:3]), (parts[3] if len(parts) == 4 else 1.0)


def dominant(pixels: np.ndarray) -> np.ndarray:
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    return colours[counts.argmax()]


@pytest.fixture(scope="module", params=THEMES)
def themed(request, browser, base_url):
    context = browser.new_context(
        viewport=LAPTOP, color_scheme=request.param, device_scale_factor=SCALE
    )
    tab = context.new_page()
    tab.base = base_url
    yield tab
    context.close()


def open_whole(page, path: str) -> Shot:
    """The page at laptop width, tall enough that nothing scrolls, as painted."""
    page.set_viewport_size(LAPTOP)
    page.goto(page.base + path)
    wait_until_idle(page)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": LAPTOP["width"], "height": min(max(height, 800), 3600)})
    wait_until_idle(page)
    shot = page.screenshot(animations="disabled")
    return Shot(np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")))


@pytest.mark.parametrize("view", VIEWS)
def test_every_label_and_line_holds_three_to_one_on_what_is_painted_behind_it(
    themed, view: str
) -> None:
    shot = open_whole(themed, VIEWS[view])
    texts = themed.evaluate(TEXTS)
    assert len([t for t in texts if t["kind"] == "chart"]) >= 10  # the charts are there
    faint = []
    for text in texts:
        region = shot.region(text["x"], text["y"], text["w"], text["h"])
        if not len(region):
            continue
        behind = dominant(region)
        colour, alpha = css_rgb(text["colour"])
        alpha *= text["alpha"]
        seen = alpha * colour + (1 - alpha) * behind
        needed = ratio(seen, behind)
        # A chart's label is ours: its glyphs, as painted, must reach the ratio as well.
        glyphs = ratio(region, behind).max() if text["kind"] == "chart" else needed
        if min(needed, glyphs) < LEAST:
            faint.append((round(float(min(needed, glyphs)), 2), text["text"], text["colour"]))
    assert not faint, f"labels under {LEAST}:1 on what is painted behind them: {faint}"

    lines = themed.evaluate(LINES)
    assert lines, "no line found on the page"
    weak, hidden = [], []
    for line in lines:
        area = shot.region(*line["area"], pad=-4)
        if not len(area):  # a plot area off the page's painted height
            continue
        behind = dominant(area)
        colour, alpha = css_rgb(line["stroke"])
        alpha *= line["alpha"]
        drawn = alpha * colour + (1 - alpha) * behind
        if ratio(drawn, behind) < LEAST:
            weak.append((line["name"], line["stroke"], round(float(ratio(drawn, behind)), 2)))
        # Painted somewhere along its length: within a few device pixels of the path.
        reach = max(line["width"] / 2, 1.5)
        found = 0
        for x, y in line["points"]:
            near = shot.region(x - reach, y - reach, 2 * reach, 2 * reach, pad=0)
            found += bool(len(near)) and np.abs(near - drawn).max(axis=1).min() <= 40
        if found == 0:
            hidden.append((line["name"], line["stroke"]))
    assert not weak, f"lines under {LEAST}:1 on their plot's background: {weak}"
    assert not hidden, f"lines whose colour is painted nowhere along them: {hidden}"


# Each heat map of a chart with its colour bar: the bar's fill and the range of values it spans,
# and a spread of cells (value and a point inside the cell, away from the centre where a cell's
# number is written; on a smoothed map, a grid point among equal neighbours).
HEATMAPS = """(index) => {
  const plot = document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')[index];
  const out = [];
  plot.data.forEach((trace, t) => {
    if (trace.type !== 'heatmap' || trace.showscale === false) return;
    const bar = plot.querySelectorAll('.colorbar')[out.length];
    if (!bar) return;
    // The bar's fill runs from the map's lowest colour to its highest: the range Plotly itself
    // resolved for the trace (zmin to zmax), up a standing bar, across a lying one.
    const fill = bar.querySelector('.cbfill').getBoundingClientRect();
    const lying = fill.width > fill.height;
    const full = plot._fullData[t];
    const scale = [full.zmin, full.zmax];
    const xa = plot._fullLayout[(trace.xaxis || 'x').replace('x', 'xaxis')];
    const ya = plot._fullLayout[(trace.yaxis || 'y').replace('y', 'yaxis')];
    const box = plot.getBoundingClientRect();
    const rows = trace.z.length, columns = trace.z[0].length;
    // A cell's place on its axis: its index on a category axis, else its coordinate.
    const place = (axis, values, i) =>
      axis.type === 'category' || !values ? i : values[i];
    const size = (axis, values, i, n) => {
      const other = i + 1 < n ? i + 1 : i - 1;
      return Math.abs(axis.l2p(place(axis, values, other)) - axis.l2p(place(axis, values, i)));
    };
    const cells = [];
    // A smoothed map blends a cell with its neighbours: there, only cells whose neighbours hold
    // (nearly) the same value show their own colour. Picked across the range of values.
    const spread = (i, j) => {
      let low = Infinity, high = -Infinity;
      for (let a = Math.max(i - 1, 0); a <= Math.min(i + 1, rows - 1); a++)
        for (let b = Math.max(j - 1, 0); b <= Math.min(j + 1, columns - 1); b++) {
          low = Math.min(low, trace.z[a][b]); high = Math.max(high, trace.z[a][b]);
        }
      return high - low;
    };
    const zs = trace.z.flat(), range = Math.max(...zs) - Math.min(...zs);
    // Points drawn over the map (the lab's data) are not the map: cells under one are skipped.
    const marks = [];
    plot._fullData.forEach((other) => {
      if (other.type !== 'scatter' || !other.marker || !other.x || other.visible !== true) return;
      if ((other.xaxis || 'x') !== (trace.xaxis || 'x')) return;
      const reach = (Array.isArray(other.marker.size) ? 20 : other.marker.size || 6) + 4;
      other.x.forEach((x, m) => marks.push([xa.l2p(x), ya.l2p(other.y[m]), reach]));
    });
    const free = (i, j) => marks.every(([mx, my, reach]) =>
      Math.hypot(xa.l2p(place(xa, trace.x, j)) - mx, ya.l2p(place(ya, trace.y, i)) - my) > reach);
    let picks = [];
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++)
      if (!trace.zsmooth || (spread(i, j) <= 0.03 * range && i % (rows - 1) && j % (columns - 1)))
        if (free(i, j)) picks.push([i, j]);  // (a smoothed map's edge is half its own colour)
    picks.sort((p, q) => trace.z[p[0]][p[1]] - trace.z[q[0]][q[1]]);
    if (picks.length > 25)
      picks = [...Array(25).keys()].map((k) => picks[Math.floor(k * (picks.length - 1) / 24)]);
    for (const [i, j] of picks) {
      const x = place(xa, trace.x, j), y = place(ya, trace.y, i);
      const w = size(xa, trace.x, j, columns), h = size(ya, trace.y, i, rows);
      // A smoothed map has z's own colour only at its grid points.
      const away = trace.zsmooth ? 0 : 0.3;
      cells.push({value: trace.z[i][j],
                  x: box.left + scrollX + xa._offset + xa.l2p(x) - away * w,
                  y: box.top + scrollY + ya._offset + ya.l2p(y) - away * h});
    }
    out.push({scale, lying, cells,
              fill: lying
                ? [fill.top + fill.height / 2 + scrollY, fill.left + scrollX, fill.width]
                : [fill.left + fill.width / 2 + scrollX, fill.top + scrollY, fill.height]});
  });
  return out;
}"""

HEATMAP_VIEWS = {
    "softmax": "/softmax",
    "gradients": "/gradients?fns=tanh&depth=5&width=64",
    "training": "/training?fns=tanh&steps=100",
}


@pytest.mark.parametrize("view", HEATMAP_VIEWS)
def test_a_heat_map_is_painted_in_its_colour_bars_colours(themed, view: str) -> None:
    """A cell's painted colour is the colour bar's, painted at the cell's value: the map and its
    key agree in either theme (a translucent map over a dark page would not)."""
    path = HEATMAP_VIEWS[view]
    shot = open_whole(themed, path)
    charts = themed.evaluate(
        "() => document.querySelectorAll('[data-testid=\"stMain\"] .js-plotly-plot').length"
    )
    maps = [heat for index in range(charts) for heat in themed.evaluate(HEATMAPS, index)]
    assert maps, f"no heat map with a colour bar on {path}"
    for heat in maps:
        across, start, length = heat["fill"]
        agree = 0
        for cell in heat["cells"]:
            low, high = heat["scale"]
            share = (cell["value"] - low) / (high - low)
            # Up a standing bar (its top is the highest value), across a lying one; off the bar's
            # outline at its ends.
            along = start + (share if heat["lying"] else 1 - share) * length
            along = float(np.clip(along, start + 3, start + length - 3))
            x, y = (along, across) if heat["lying"] else (across, along)
            key = shot.region(x - 1, y - 1, 2, 2, pad=0).mean(axis=0)
            painted = shot.region(cell["x"] - 1, cell["y"] - 1, 2, 2, pad=0).mean(axis=0)
            agree += np.abs(key - painted).max() <= 18
        # A data point or a contour line may sit on a few cells, never on most.
        assert agree >= 0.8 * len(heat["cells"]), (view, agree, len(heat["cells"]))
