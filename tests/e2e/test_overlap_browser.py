"""No text on a chart covers another text or the data: legends, titles, annotations, axis
titles, tick labels, colour-bar titles, Play buttons, the step slider and Plotly's mode bar (which the pointer
brings up over whatever is under it) are measured by their bounding boxes in chromium, and every
drawn point of a line is checked against the boxes of the legend, the titles and the labels."""

from __future__ import annotations

import pytest

from devtools.harness import SIZES
from tests.e2e.checks import assert_no_exception, goto

# For each chart: pairs of text boxes that intersect by more than 2 px both ways, and lines whose
# drawn points fall inside a legend entry's, a title's or a label's box.
COLLISIONS = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const boxes = [];
    const add = (el, kind) => { const r = el.getBoundingClientRect(); if (r.width > 1 && r.height > 1) boxes.push({kind, text: (el.textContent||'').slice(0,40), x: r.left, y: r.top, w: r.width, h: r.height}); };
    plot.querySelectorAll('.legend .traces').forEach(e => add(e, 'legend'));
    plot.querySelectorAll('.gtitle, .g-gtitle text').forEach(e => add(e, 'title'));
    plot.querySelectorAll('.annotation').forEach(e => add(e, 'annotation'));
    plot.querySelectorAll('.g-xtitle text, .g-ytitle text, [class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text').forEach(e => add(e, 'axistitle'));
    plot.querySelectorAll('.modebar').forEach(e => add(e, 'modebar'));
    plot.querySelectorAll('.updatemenu-container .updatemenu-button').forEach(e => add(e, 'button'));
    plot.querySelectorAll('.slider-container .slider-label, .slider-container .slider-rail-rect').forEach(e => add(e, 'slider'));
    plot.querySelectorAll('.colorbar .cbtitle text').forEach(e => add(e, 'cbtitle'));
    // Tick labels are text too: a band's label over the y-axis's "6" is a collision.
    plot.querySelectorAll('.xtick text, .ytick text, [class*="xtick"] text, [class*="ytick"] text, .colorbar .ticks text, .cbaxis text').forEach(e => add(e, 'tick'));
    const hits = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.kind === b.kind && (a.kind === 'legend' || a.kind === 'tick')) continue;
      const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ix > 2 && iy > 2) hits.push([a.kind + ':' + a.text, b.kind + ':' + b.text, Math.round(ix), Math.round(iy)]);
    }
    // text over a trace: any drawn point of a line inside an annotation's or title's box
    const texts = boxes.filter(b => b.kind === 'annotation' || b.kind === 'title' || b.kind === 'legend');
    const pbox = plot.getBoundingClientRect();
    plot._fullData.forEach(t => {
      if (t.type !== 'scatter' || t.visible !== true || !t.x) return;
      const xa = plot._fullLayout[(t.xaxis || 'x').replace('x', 'xaxis')], ya = plot._fullLayout[(t.yaxis || 'y').replace('y', 'yaxis')];
      if (!xa || !ya || !xa.d2p) return;
      for (let i = 0; i < t.x.length; i++) {
        if (t.x[i] === null || t.y[i] === null) continue;
        const px = pbox.left + xa._offset + xa.d2p(t.x[i]), py = pbox.top + ya._offset + ya.d2p(t.y[i]);
        if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
        const lx = xa.d2l(t.x[i]), ly = ya.d2l(t.y[i]);  // drawn only inside the axes' ranges
        if (lx < Math.min(...xa.range) || lx > Math.max(...xa.range) || ly < Math.min(...ya.range) || ly > Math.max(...ya.range)) continue;
        for (const b of texts) if (px > b.x + 1 && px < b.x + b.w - 1 && py > b.y + 1 && py < b.y + b.h - 1) { hits.push(['data:' + t.name, b.kind + ':' + b.text]); return; }
      }
    });
    out.push([index, hits]);
  });
  return out;
}"""

EIGHT = "/compare?fns=relu&fns=leaky_relu&fns=prelu&fns=elu&fns=selu&fns=softplus&fns=swish&fns=identity"
VIEWS = [
    "/",
    "/explorer",
    "/explorer?fn=elu",
    "/explorer?fn=sigmoid",
    "/explorer?fn=relu6&range=-4&range=10",
    "/compare",
    EIGHT,
    "/gradients",
    "/gradients?fns=tanh&fns=relu&fns=sigmoid&fns=gelu",
    "/softmax?logits=1&logits=2&logits=3&logits=4&logits=5&logits=6&logits=7&logits=8&logits=9&logits=10",
    "/training?steps=100",
]


# Laptop in normal mode; presentation mode, whose type is largest against the room it has, on
# both projectors.
MODES = [("laptop", False), ("projector", True), ("projector720", True)]


@pytest.mark.parametrize(("size", "present"), MODES, ids=[f"{s}-{p}" for s, p in MODES])
def test_no_text_covers_text_or_data(page, size: str, present: bool) -> None:
    page.set_viewport_size(SIZES[size])
    found = {}
    for view in VIEWS:
        link = view + ("&" if "?" in view else "?") + "present=1" if present else view
        goto(page, link)
        assert_no_exception(page)
        hits = [(index, pairs) for index, pairs in page.evaluate(COLLISIONS) if pairs]
        if hits:
            found[link] = hits
    assert not found, found


def test_eight_functions_take_two_legend_rows_on_a_small_projector(page) -> None:
    """Compare with eight functions at 1280×720 in presentation mode: the legend entries above
    the charts stand in at most two rows (the two charts' legends side by side read as one)."""
    page.set_viewport_size(SIZES["projector720"])
    goto(page, EIGHT + "&present=1")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map((plot) =>
             new Set([...plot.querySelectorAll('.legend .traces')]
               .map((entry) => Math.round(entry.getBoundingClientRect().top))).size)"""
    )
    assert len(rows) == 2 and max(rows) <= 2, rows
