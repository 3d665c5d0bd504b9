"""Colours, line styles and sizes shared by every chart, in normal and presentation mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import activations
from ui import css

# Okabe & Ito's colour-blind-safe palette, for the few marks that are not a function's own.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
YELLOW = "#F0E442"
GREY = "#7F7F7F"

# Backgrounds the function colours are designed against: Streamlit's light and dark themes.
BACKGROUND = {False: "#FFFFFF", True: "#171614"}
INK = {
    False: "#31333F",
    True: "#FAFAFA",
}  # Streamlit's text colour in each theme  # as chromium paints them (Streamlit 1.67)


@dataclass(frozen=True)
class Shade:
    """One hue of the function palette, a shade for each theme: ``light`` at least 3.3:1 on white,
    ``dark`` at least 5:1 on the near-black."""

    light: str
    dark: str

    def on(self, dark: bool) -> str:
        return self.dark if dark else self.light


# Six hues chosen (bench/palette.py... see docs/colour.md) to stay apart for normal vision and
# under simulated protanopia, deuteranopia and tritanopia, in both themes: the test states the
# least CIELAB distance it guarantees. Its order is the order a displaced function tries them in.
PALETTE: dict[str, Shade] = {
    "blue": Shade("#2F57C0", "#5B89F6"),
    "orange": Shade("#E75E17", "#E75E17"),
    "green": Shade("#23A069", "#8DFEC1"),
    "pink": Shade("#D35DAF", "#D35DAF"),
    "brown": Shade("#6C4818", "#C1996A"),
    "slate": Shade("#484459", "#E1DDF6"),
}
# A function's home hue: the colour it has on every page. Functions a class compares (a page's
# defaults, Compare's presets, the lessons' links, a function and its hard or smooth twin) have
# different homes; tests/test_colours.py checks every such set the app ships.
HOME: dict[str, str] = {
    "identity": "slate", "binary_step": "brown",
    "sigmoid": "green", "hard_sigmoid": "orange", "tanh": "orange", "hardtanh": "brown",
    "softsign": "pink", "arctan": "slate",
    "relu": "blue", "relu6": "brown", "leaky_relu": "pink", "prelu": "brown", "elu": "green",
    "celu": "slate", "selu": "orange",
    "gelu": "pink", "gelu_tanh": "blue", "swish": "brown", "mish": "green", "hardswish": "slate",
    "softplus": "orange", "logsigmoid": "green", "tanhshrink": "pink", "gaussian": "blue",
    "custom": "slate",
}  # fmt: skip
# When every hue is taken (seven or eight functions), the next round is dotted: up to twelve
# functions differ by colour or dash.
ROUND_DASHES = ("solid", "dot")


def series_styles(keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The (hue, dash) of each of ``keys`` shown together on one chart.

    The rule, fixed whatever order the functions were picked in: in the registry's order (a
    typed formula last), each function takes its home hue, solid, if no function before it took
    it; otherwise the first free hue in PALETTE's order. Once all six hues are taken, the rest
    go round again, dotted. So a function has its home colour unless it shares a home with one
    before it, and up to twelve functions differ by colour or dash."""
    order = {key: rank for rank, key in enumerate(HOME)}
    ranked = sorted(dict.fromkeys(keys), key=lambda key: (order.get(key, len(order)), key))
    slots = [(hue, dash) for dash in ROUND_DASHES for hue in PALETTE]
    styles: dict[str, tuple[str, str]] = {}
    for key in ranked:
        free = [slot for slot in slots if slot not in styles.values()] or slots
        home = (HOME.get(key, ""), ROUND_DASHES[0])
        styles[key] = home if home in free else free[0]
    return styles


_KEY_BY_NAME = {spec.name: key for key, spec in activations.REGISTRY.items()} | {"Custom": "custom"}


def key_of(name: str) -> str:
    """The registry key a display name belongs to (a typed formula's name is ``custom``'s)."""
    return _KEY_BY_NAME.get(name, name)


def series_line(name: str, shown: Sequence[str], s: Style) -> dict:
    """The line (colour and dash) of function ``name`` on a chart that shows ``shown`` (display
    names): every figure asks here, never by position in a list."""
    hue, dash = series_styles([key_of(n) for n in shown])[key_of(name)]
    return {"color": PALETTE[hue].on(s.dark), "dash": dash}


def ink(s: Style) -> str:
    """The theme's text colour, for marks that belong to no function (a tangent, a kink)."""
    return INK[s.dark]


# Plotly's own controls (a Play button, a step slider) default to near-white: a white bar on the
# dark theme. Streamlit's widget colours in each theme instead.
_CONTROL = {
    False: {"bgcolor": "#F0F2F6", "active": "#D5D9E2", "border": "#B6BCC8"},
    True: {"bgcolor": "#262730", "active": "#4A4C58", "border": "#6B6E7A"},
}


def buttons(s: Style, buttons: list[dict], *, xanchor: str, pad: dict) -> dict:
    """A row of Play / Stop buttons under a chart's bottom left corner (``updatemenus``), in the
    theme's widget colours: below the plot by ``pad`` pixels, so they never cover the tick labels
    or the axis title however tall the chart is drawn."""
    c = _CONTROL[s.dark]
    return {
        "type": "buttons",
        "direction": "left",
        "x": 0.0,
        "y": 0.0,
        "xanchor": xanchor,
        "yanchor": "top",
        "pad": pad,
        "showactive": False,
        "bgcolor": c["bgcolor"],
        "bordercolor": c["border"],
        "font": {"size": s.font, "color": INK[s.dark]},
        "buttons": buttons,
    }


def slider(
    s: Style, *, font: dict | None = None, currentvalue: dict | None = None, **options: object
) -> dict:
    """A ``sliders`` entry in the theme's widget colours (rail, handle, ticks and text)."""
    c = _CONTROL[s.dark]
    current = dict(currentvalue or {})
    current["font"] = {**current.get("font", {}), "color": INK[s.dark]}
    return {
        "bgcolor": c["bgcolor"],
        "activebgcolor": c["active"],
        "bordercolor": c["border"],
        "tickcolor": INK[s.dark],
        **options,
        "font": {**(font or {}), "color": INK[s.dark]},
        "currentvalue": current,
    }


def series_colour(name: str, shown: Sequence[str], s: Style) -> str:
    """The colour of function ``name`` among ``shown`` (see :func:`series_line`)."""
    return series_line(name, shown, s)["color"]


VANISH_FILL = "rgba(230, 159, 0, 0.16)"  # orange, faint
DEAD_FILL = "rgba(127, 127, 127, 0.28)"  # grey, a little stronger


@dataclass(frozen=True)
class Hue:
    """A colour and the word the page uses for it (tests check the browser paints that word)."""

    word: str
    hex: str


# Heat maps: ColorBrewer's red–blue colours (colour-blind safe), blue low and red high, written out
# rather than named. Plotly.js's named "RdBu" runs blue → red from low to high, the reverse of what
# its name suggests, and `reversescale` flips it: spelling the stops out leaves no doubt.
LOW = Hue("blue", "#2166AC")
HIGH = Hue("red", "#B2182B")


def diverging(middle: float = 0.5) -> list[list]:
    """The blue–white–red scale with its white at ``middle`` (0 to 1) of the colour range: a
    heat map whose values are lopsided about its neutral value still spends the whole of each
    side, so its most extreme cells on either side are fully blue or fully red."""
    middle = min(max(middle, 0.0), 1.0)
    return [
        [0.0, LOW.hex],
        [middle / 2, "#67A9CF"],
        [middle, "#F7F7F7"],
        [middle + (1.0 - middle) / 2, "#EF8A62"],
        [1.0, HIGH.hex],
    ]


DIVERGING = diverging()

# The lab's two classes, and its map of P(class 1) between them: the ends of cividis (Nuñez,
# Anderton & Renslow 2018, made for colour-vision deficiencies), spelt out. Neither end is near a
# function's hue (tests/test_colours.py), so on the lab's chart a colour means a class or a
# function, never both; opaque, the map is the colour bar's colours in either theme.
CLASS_0 = Hue("dark blue", "#00204D")
CLASS_1 = Hue("yellow", "#FFE945")
CLASS_SCALE = [
    [0.0, CLASS_0.hex],
    [0.25, "#414D6B"],
    [0.5, "#7C7B78"],
    [0.75, "#BCAF6F"],
    [1.0, CLASS_1.hex],
]
EDGE = Hue("black", "#000000")  # the χ₁ = 1 line on the phase diagram


@dataclass(frozen=True)
class Style:
    """Sizes for one display mode; every figure builder takes one (``style(present)``)."""

    font: int
    title_font: int
    line: float
    marker: int
    height: int
    # Margins (left, right, top, bottom) that already hold the tick labels, the x-axis title and a
    # legend row above the plot. Plotly grows a margin that is too small for them, but by drawing
    # the whole chart a second time, and Streamlit draws every chart afresh on every rerun: with
    # margins of Plotly's minimum size (10 px) that second drawing came on every slider move.
    margins: tuple[int, int, int, int]
    # The least room a y-axis title (linear, or log with powers of ten) and a heat map's colour
    # bar take, measured in chromium: see ``margins`` for why they are set up front.
    y_title_left: int
    log_y_title_left: int
    colorbar_right: int
    colorbar_bottom: int
    # Secondary legend entries (kink markers): on a projector the legend must fit one row.
    full_legend: bool
    # The theme the chart is drawn in: colours that must hold their contrast take its shade.
    dark: bool = False


MODEBAR_PX = 34  # an upright mode bar's width: the least right margin of every chart

NORMAL = Style(
    font=14, title_font=16, line=2.5, marker=9, height=460, margins=(48, MODEBAR_PX, 48, 72),
    y_title_left=76, log_y_title_left=96, colorbar_right=108, colorbar_bottom=80,
    full_legend=True,
)  # fmt: skip
PRESENT = Style(
    font=22, title_font=26, line=5.0, marker=14, height=620, margins=(60, MODEBAR_PX, 60, 92),
    y_title_left=100, log_y_title_left=122, colorbar_right=132, colorbar_bottom=96,
    full_legend=False,
)  # fmt: skip


def style(present: bool, dark: bool = False) -> Style:
    """The sizes of a display mode, in a theme."""
    return replace(PRESENT if present else NORMAL, dark=dark)


def base_layout(s: Style, *, height: int | None = None) -> dict:
    """Layout shared by every chart; the Streamlit theme supplies colours for light and dark."""
    return {
        "height": height or s.height,
        "margin": dict(zip("lrtb", s.margins, strict=True)),
        "font": {"size": s.font},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0.0,
            "font": {"size": s.font},
        },
        "hovermode": "x unified",
        "xaxis": {
            "zeroline": True,
            "automargin": True,
            "title": title("x", s),
            "tickfont": {"size": s.font},
        },
        "yaxis": {"zeroline": True, "automargin": True, "tickfont": {"size": s.font}},
        "hoverlabel": {"font": {"size": s.font}},
        # Upright, the two mode-bar buttons take the right margin's top corner (MODEBAR_PX wide).
        "modebar": {"orientation": "v"},
    }


def reserve_margins(figure: dict, s: Style) -> dict:
    """Widen the margins for a y-axis title and colour bars before Plotly has to (in place)."""
    layout = figure["layout"]
    margin = dict(layout["margin"])
    yaxis = layout.get("yaxis", {})
    if "title" in yaxis:
        needed = s.log_y_title_left if yaxis.get("type") == "log" else s.y_title_left
        margin["l"] = max(margin["l"], needed)
    if any("colorbar" in trace for trace in figure["data"]):
        margin["r"] = max(margin["r"], s.colorbar_right)
        margin["b"] = max(margin["b"], s.colorbar_bottom)
    layout["margin"] = margin
    return figure


def finish(figure: dict, s: Style) -> dict:
    """The last step of every builder: margins reserved, and every line drawn through all of its
    points. Plotly simplifies a line by default, dropping points it finds nearly collinear; on a
    projector the thick curve then shows corners (GELU near x ≈ 1.8), so no line is simplified."""
    for trace in figure["data"]:
        if trace.get("type") == "scatter" and "lines" in trace.get("mode", ""):
            trace["line"] = {**trace.get("line", {}), "simplify": False}
    return reserve_margins(figure, s)


def title_above_legend(layout: dict, text: str, s: Style, *, legend_rows: int = 1) -> None:
    """A chart title in its own line at the top, the legend's rows under it, then the plot (in
    place): in the margin's middle, where Plotly puts a title, the legend's row covers it."""
    line_px = round(1.9 * s.font)  # a legend row, and a title line, at the mode's font size
    layout["title"] = {
        "text": text,
        "font": {"size": s.title_font},
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 6},
    }
    layout["legend"] = {**layout["legend"], "y": 1.0, "yanchor": "bottom"}
    top = 6 + round(1.5 * s.title_font) + legend_rows * line_px + 4
    layout["margin"] = {**layout["margin"], "t": max(layout["margin"]["t"], top)}


def title(text: str, s: Style) -> dict:
    """An axis title at the mode's font size (Streamlit's chart theme would shrink it)."""
    return {"text": text, "font": {"size": s.font}}


def chart_config(filename: str) -> dict:
    """Plotly's mode bar: PNG export named after the view and a reset of the axes (drag still
    zooms), no logo. Two buttons, standing in the right margin (see :func:`base_layout`), cover
    no legend, title or data when the pointer brings them up."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtons": [["toImage", "resetScale2d"]],
    }


# Presentation mode: larger type everywhere and the explanatory text folded away. This CSS is a
# constant of ours; no user text ever reaches it.
PRESENTATION_CSS = """
<style>
  .stApp, .stApp p, .stApp li, .stApp label, .stApp [data-testid="stMarkdownContainer"] {
    font-size: 1.35rem !important;
  }
  .stApp h1 { font-size: 3.0rem !important; }
  /* A title sharing its row with controls (the explorer's header) stays on one line. */
  .stApp [data-testid="stColumn"] h1 { font-size: 2.3rem !important; padding: 0 !important; }
  .stApp h2, .stApp h3 { font-size: 2.1rem !important; }
  /* The explorer's title row holding a typed formula's box is short: its labels would start
     under Streamlit's header bar. */
  .stApp .st-key-ae-head-explorer:has(input[type="text"]) { padding-top: 1.25rem; }
  /* A page's title row (the explorer's, Compare's): the title takes the width it needs, on one
     line, and the controls beside it share the rest (an open sidebar narrows the row). */
  .stApp [class*="st-key-ae-head-"] [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; }
  .stApp [class*="st-key-ae-head-"] [data-testid="stColumn"] { min-width: 0; }
  .stApp [class*="st-key-ae-head-"] [data-testid="stColumn"]:first-child {
    flex: 0 0 auto !important; width: auto !important; min-width: max-content;
  }
  .stApp [class*="st-key-ae-head-"] h1 { white-space: nowrap; }
  /* Compare's title row ends with a slider, whose label would start under the header bar. */
  .stApp .st-key-ae-head-compare { padding-top: 1.25rem; }
  .stApp .katex { font-size: calc(1.6em * var(--ae-fit, 1)) !important; }
  .stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] * {
    font-size: 2.6rem !important;
  }
  .stApp [data-baseweb="select"] *, .stApp input, .stApp button p, .stApp code {
    font-size: 1.3rem !important;
  }
  [data-testid="stSlider"] [role="slider"] { width: 1.5rem; height: 1.5rem; }
  [data-testid="stSliderThumbValue"], [data-testid="stSliderTickBar"] { font-size: 1.2rem !important; }
  /* Multiselect chips have their own fixed 14 px type and height; larger, they wrap to a second
     row (COMPACT_CSS) instead of being clipped at the box's fixed height. */
  .stApp [data-testid="stMultiSelectTagsContainer"] span {
    font-size: 1.25rem !important; height: auto !important;
  }
  /* A chart that fills the first screen (ui.charts.plot with fill=True): the rest of the window
     below its top, which FIT_SCRIPT measures into --ae-top, and never less than FILL_FLOOR.
     Streamlit stretches the chart to its container (height="stretch"). */
  %(fill)s
  /* The way out of presentation mode sits in Streamlit's header bar, left of its menu: visible
     with the sidebar folded, and it takes no height from the page. */
  .stApp .st-key-ae-leave-presentation {
    position: fixed; top: 0.55rem; right: 4rem; width: auto; z-index: 999991;
  }
  .stApp .st-key-ae-leave-presentation button p { font-size: 1.15rem !important; }
  /* A note (a link's rejected settings, a formula's gaps) on one line or two, not five: its
     list runs on after its sentence. */
  .stApp [data-testid="stAlertContentWarning"] [data-testid="stMarkdownContainer"] :is(p, ul, li),
  .stApp [data-testid="stAlertContentInfo"] [data-testid="stMarkdownContainer"] :is(p, ul, li) {
    display: inline; margin: 0 0.4em 0 0; padding: 0;
  }
  .stApp [data-testid="stAlertContentWarning"] li::before { content: "· "; }
  /* The overview's gallery cards (ui/gallery.py): fewer, larger cards and readable small print. */
  .stApp .ae-grid { grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
  .stApp .ae-family, .stApp .ae-sub { font-size: 1.15rem !important; }
</style>
"""


# The least height of a chart that fills the first screen, and the room left under it.
FILL_FLOOR = 300
FILL_GAP = 12
# The rule, on its own for a page whose chart fills the first screen in normal mode too (the lab).
FILL_CSS = (
    """
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-ae-fill-"]) {
    flex: 0 0 auto;
    height: max(%(floor)spx, calc(100dvh - var(--ae-top, 100dvh) - %(gap)spx));
  }
  [class*="st-key-ae-fill-"], [class*="st-key-ae-fill-"] > [data-testid="stElementContainer"] {
    height: 100%;
  }
""".replace("%(floor)s", str(FILL_FLOOR))
    .replace("%(gap)s", str(FILL_GAP))
    .strip()
)
PRESENTATION_CSS = PRESENTATION_CSS.replace("%(fill)s", FILL_CSS)

# Measures, in the browser, what is above each chart that fills the first screen: the top of
# its frame in the scrolled page goes into the frame's --ae-top, which PRESENTATION_CSS turns
# into a height. It measures again whenever the page changes size or content (a note appears,
# chips wrap to a second row, the sidebar opens, a formula box is shown), so no page assumes a
# number of pixels above its chart. A formula wider than its column is set smaller (to half of
# its size at least) instead of being cut off. Our own constant code: never user text.
FIT_SCRIPT = """
<span id="ae-fit"></span>
<script>
  if (!window.aeFit) {
    window.aeFit = true;
    const FRAMES = '[data-testid="stLayoutWrapper"]:has(> [class*="st-key-ae-fill-"])';
    let pending = false;
    const fit = () => {
      pending = false;
      const main = document.querySelector('[data-testid="stMain"]');
      const scrolled = (main ? main.scrollTop : 0) + window.scrollY;
      for (const frame of document.querySelectorAll(FRAMES)) {
        const top = Math.round(frame.getBoundingClientRect().top + scrolled) + "px";
        if (frame.style.getPropertyValue("--ae-top") !== top) {
          frame.style.setProperty("--ae-top", top);
        }
      }
      for (const display of document.querySelectorAll('.katex-display')) {
        const old = parseFloat(display.style.getPropertyValue("--ae-fit")) || 1;
        let scale = 1;
        let fits = true;
        const parts = [...display.querySelectorAll('.katex-html > *')]
          .map((part) => part.getBoundingClientRect()).filter((box) => box.width > 0);
        if (parts.length) {  // the formula's own width (its parts'), not its box's
          const width = Math.max(...parts.map((box) => box.right))
            - Math.min(...parts.map((box) => box.left));
          const natural = width / old;
          scale = Math.max(0.5, Math.min(1, (display.clientWidth - 4) / natural));
          fits = natural * scale <= display.clientWidth - 2;
        }
        if (Math.abs(scale - old) > 0.01) display.style.setProperty("--ae-fit", scale.toFixed(3));
        // A formula that fits (set smaller if need be) shows no scroll bar for a stray pixel
        // of KaTeX's boxes; one too long even at half its size still scrolls.
        const clip = fits ? "clip" : "";
        if (display.style.overflowX !== clip) display.style.overflowX = clip;
      }
      if (window.aeScaleCharts) window.aeScaleCharts();  // ui/css.py: charts follow the screen
    };
    const later = () => { if (!pending) { pending = true; requestAnimationFrame(fit); } };
    const resized = new ResizeObserver(later);
    const watched = new WeakSet();
    new MutationObserver(() => {
      for (const block of document.querySelectorAll('.stMainBlockContainer, .katex-display')) {
        if (!watched.has(block)) { watched.add(block); resized.observe(block); }
      }
      later();
    }).observe(document.body, {childList: true, subtree: true});
    window.addEventListener("resize", later);
    later();
  }
</script>
"""

# Presentation type in proportion to the screen, charts included, and formulas that fit their
# column in either mode (ui/css.py).
PRESENTATION_CSS += css.SCALE_CSS
FIT_SCRIPT = css.SCALE_SCRIPT + FIT_SCRIPT

# Streamlit's default top padding pushes the chart below the fold on a laptop.
COMPACT_CSS = """
<style>
  .stMainBlockContainer { padding-top: 2.5rem; padding-bottom: 2rem; }
  /* Tables of computed text wrap inside the page rather than scroll sideways. */
  [data-testid="stMarkdownContainer"] table { max-width: 100%; }
  /* A long formula (a typed one's derivative) scrolls sideways instead of being cut off. */
  .stApp .katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
  /* The element that carries PLOTLY_PAUSE_GUARD takes no room. */
  .stElementContainer:has(#plotly-pause-guard) { display: none; }
  /* Every chosen function's chip stays in sight: the chips wrap to a second row instead of
     scrolling out of the box behind a fade (Compare's eight functions at 1280 wide). */
  .stApp [data-testid="stMultiSelectTagsContainer"] {
    flex-wrap: wrap !important; height: auto !important; max-height: none !important;
    overflow: visible !important; mask-image: none !important;
  }
  .stApp [data-testid="stMultiSelectTagsContainer"] > [role="group"] { flex-wrap: wrap; }
  .stApp [role="group"]:has(> [data-testid="stMultiSelectTagsContainer"]) {
    height: auto !important; max-height: none !important;
  }
</style>
"""
COMPACT_CSS += css.FORMULA_CSS  # a formula fits its column in either mode (ui/css.py)

# Pausing a Plotly animation interrupts the one playing, and Plotly.js rejects that animation's
# promise with no reason from a button handler that never catches it: an "Uncaught (in promise)
# undefined" every time a teacher pauses mid-play. This page-level handler marks exactly that
# rejection (no reason at all) as handled. Our own constant code: never user text.
PLOTLY_PAUSE_GUARD = """
<span id="plotly-pause-guard"></span>
<script>
  if (!window.plotlyPauseGuard) {
    window.plotlyPauseGuard = true;
    window.addEventListener("unhandledrejection", (event) => {
      if (event.reason === undefined) event.preventDefault();
    });
  }
</script>
"""
