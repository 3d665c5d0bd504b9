"""Presentation mode in proportion to the screen: the page's type and the charts' type grow with
the window, and a formula shrinks to its column instead of scrolling.

Appended to the style sheets and the script of :mod:`ui.theme` (``PRESENTATION_CSS``,
``COMPACT_CSS``, ``FIT_SCRIPT``), which the page chrome injects; our own constants, never user
text.
"""

from __future__ import annotations

# The design size: on a 1280×720 projector presentation mode is drawn as it was designed (a
# 16 px rem, the figures' own pixel sizes); a larger screen scales every text by its ratio to
# this one, the smaller of width and height, so that a 1920×1080 room sees the same page 1.5×
# as large, and no text grows past what its screen holds.
DESIGN_WIDTH, DESIGN_HEIGHT = 1280, 720
BASE_REM_PX = 16
# Never smaller than the design (a laptop's 1280×800 keeps it) nor larger than a 4K screen's.
LARGEST_SCALE = 2.5

_UNIT = f"min({100 * BASE_REM_PX / DESIGN_WIDTH:.4f}vw, {100 * BASE_REM_PX / DESIGN_HEIGHT:.4f}vh)"

# Streamlit sizes its type, chips, slider ticks and paddings in rem: one root size scales them
# all, and every rem size PRESENTATION_CSS sets.
SCALE_CSS = f"""
<style>
  html {{
    font-size: clamp({BASE_REM_PX}px, {_UNIT}, {BASE_REM_PX * LARGEST_SCALE:g}px) !important;
  }}
</style>
"""

# In either mode a displayed formula takes its column's width at most, set smaller (to half its
# size at least, FIT_SCRIPT's --ae-fit) instead of scrolling or being cut off. KaTeX's own size
# is 1.21em; presentation mode's rule (1.6em) outranks this one.
FORMULA_CSS = """
<style>
  .stApp .katex-display > .katex { font-size: calc(1.21em * var(--ae-fit, 1)); }
</style>
"""

# Plotly sets its type in pixels, from the server, which does not know the window: in
# presentation mode each chart's fonts, margins and paddings (the room its text takes) are
# multiplied in the browser by the root size's ratio to 16 px, the same ratio as the page's
# type. A chart's layout from the server is at ratio 1; the ratio applied is noted on the layout
# object, so a redraw with a new layout (a slider moved) is scaled again, and a resized window
# rescales by the change. The Play button's frames ride in its arguments and are scaled with
# them. Our own constant code: never user text.
SCALE_SCRIPT = """
<script>
  if (!window.aeScale) {
    window.aeScale = true;
    const SCALED = "__aeScale";
    const scaled = (value, key, factor) => {
      if (Array.isArray(value)) {
        if (value.length && typeof value[0] !== "object") return value;  // data, not settings
        return value.map((item) => scaled(item, key, factor));
      }
      if (!value || typeof value !== "object") return value;
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        const room = (key === "margin" && "lrtb".includes(k)) || (key === "pad" && "lrtb".includes(k));
        if (typeof v === "number" && ((k === "size" && /font$/i.test(key)) || room)) {
          out[k] = v * factor;
        } else {
          out[k] = scaled(v, k, factor);
        }
      }
      return out;
    };
    const TRACE_KEYS = ["textfont", "insidetextfont", "outsidetextfont", "colorbar", "hoverlabel"];
    window.aeScaleCharts = () => {
      if (!window.Plotly) return;
      const present = document.querySelector(".st-key-ae-leave-presentation");
      const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const want = present ? root / 16 : 1;
      for (const gd of document.querySelectorAll(".js-plotly-plot")) {
        if (!gd.layout || !gd.data || !gd._fullLayout) continue;
        const had = gd.layout[SCALED] || 1;
        if (Math.abs(want - had) < 0.005) continue;
        const factor = want / had;
        const layout = {};
        for (const [key, value] of Object.entries(gd.layout)) {
          if (key !== SCALED && value && typeof value === "object") {
            const next = scaled(value, key, factor);
            if (JSON.stringify(next) !== JSON.stringify(value)) layout[key] = next;
          }
        }
        const traces = {};
        TRACE_KEYS.forEach((key) => {
          if (!gd.data.some((trace) => trace[key])) return;
          traces[key] = gd.data.map((trace) => (trace[key] ? scaled(trace[key], key, factor) : undefined));
        });
        gd.layout[SCALED] = want;  // before the redraw, which changes the page again
        window.Plotly.update(gd, traces, layout).catch(() => {});
      }
    };
  }
</script>
"""
