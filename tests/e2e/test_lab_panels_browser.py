"""The training lab's boundaries are the first screen's hero (#23, item 5), measured in chromium.

Each panel's box is its painted heat map's (the map covers exactly the panel's axis ranges), so
the size is what a room sees, not what the figure asked for. Text boxes are every painted SVG
text of the chart: axis and panel titles, tick labels, the legend, the colour bar's title and
ticks, the playback buttons and the slider's labels.
"""

from __future__ import annotations

from devtools.harness import LAPTOP, PROJECTOR, SMALL_PROJECTOR
from tests.e2e.checks import assert_no_exception, goto
from tests.e2e.test_presentation_browser import fitted_chart, open_sidebar

FNS = {
    1: "fns=tanh",
    3: "fns=identity&fns=tanh&fns=relu",
    4: "fns=identity&fns=tanh&fns=relu&fns=sigmoid",
}

# The boundary chart as painted: each panel's heat-map box, the loss strip's plot area, the
# colour bar's title and bar, and every non-empty text of the chart; all in viewport pixels.
MEASURE = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                       width: r.width, height: r.height});
  const drawn = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const panels = [...plot.querySelectorAll('.hm image')].filter(drawn)
    .map(e => box(e.getBoundingClientRect()));
  const drags = [...plot.querySelectorAll('.nsewdrag')].filter(drawn)
    .map(e => ({subplot: e.getAttribute('data-subplot'), ...box(e.getBoundingClientRect())}));
  const texts = [...plot.querySelectorAll('svg text')]
    .filter(e => e.textContent.trim() && drawn(e))
    .map(e => ({text: e.textContent.trim(), cbtitle: !!e.closest('.cbtitle'), colorbar: !!e.closest('.colorbar'),
                ...box(e.getBoundingClientRect())}));
  const bar = plot.querySelector('.colorbar .cbfills');
  return {panels, drags, texts, bar: bar && box(bar.getBoundingClientRect()),
          chart: box(plot.closest('[data-testid="stPlotlyChart"]').getBoundingClientRect())};
}"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    """Whether two boxes share more than ``slack`` px both ways."""
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return across > slack and down > slack


def collisions(measured: dict) -> list:
    """Pairs of texts that overlap, texts over a panel or over the loss strip, and the colour
    bar (its title included, it is a text) over the strip or over any text but its own."""
    texts, hits = measured["texts"], []
    for i, a in enumerate(texts):
        hits += [(a["text"], b["text"]) for b in texts[i + 1 :] if overlap(a, b)]
        hits += [(a["text"], area["subplot"]) for area in measured["drags"] if overlap(a, area)]
    bar = measured["bar"]
    assert bar is not None, "no colour bar"
    # The strip is the last subplot: x{n}y{n} for n panels and the strip.
    strip = max(measured["drags"], key=lambda area: int(area["subplot"][1:].split("y")[0] or 1))
    hits += [("colour bar", "loss strip")] if overlap(bar, strip, 0.0) else []
    hits += [
        ("colour bar", t["text"]) for t in texts if overlap(bar, t, 0.0) and "%" not in t["text"]
    ]
    hits += (
        [("colour bar", "panel")] if any(overlap(bar, p, 0.0) for p in measured["panels"]) else []
    )
    return hits


def check_panels(measured: dict, count: int, viewport: dict, share: float | None) -> None:
    panels = measured["panels"]
    assert len(panels) == count, panels
    for panel in panels:
        assert abs(panel["width"] - panel["height"]) <= 2, panel  # square, as drawn
        assert panel["bottom"] <= viewport["height"], panel
        if share:
            assert panel["height"] >= share * viewport["height"], (count, panel)
    assert measured["chart"]["bottom"] <= viewport["height"], measured["chart"]
    assert any(t["cbtitle"] and t["text"] == "P(class 1)" for t in measured["texts"])
    assert not collisions(measured), collisions(measured)


def test_on_a_1080p_projector_each_panel_is_a_third_of_the_screen(page) -> None:
    """Presentation mode at 1920 × 1080: up to three panels are each at least a third of the
    screen's height, four at least a quarter; square; on the first screen; no text touches
    another text, a panel, the strip or the colour bar."""
    page.set_viewport_size(PROJECTOR)
    for count, share in ((1, 1 / 3), (3, 1 / 3), (4, 1 / 4)):
        goto(page, f"/training?{FNS[count]}&steps=100&present=1")
        assert_no_exception(page)
        fitted_chart(page)
        check_panels(page.evaluate(MEASURE), count, PROJECTOR, share)


def test_the_panels_fit_small_screens_with_the_sidebar_open(page) -> None:
    """At 1280 × 720 and 1280 × 800, in presentation and normal mode (the strip beside the
    panels, then under them), with the sidebar open: the chart ends on the first screen, the
    panels stay square, and no text overlaps."""
    for viewport, present, count in (
        (SMALL_PROJECTOR, True, 4),
        (SMALL_PROJECTOR, False, 3),
        (LAPTOP, True, 3),
        (LAPTOP, False, 4),
    ):
        page.set_viewport_size(viewport)
        goto(page, f"/training?{FNS[count]}&steps=100" + ("&present=1" if present else ""))
        assert_no_exception(page)
        if page.get_by_test_id("stExpandSidebarButton").is_visible():
            open_sidebar(page)
        fitted_chart(page)
        check_panels(page.evaluate(MEASURE), count, viewport, None)
