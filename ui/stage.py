"""The stage view and the chrome's keyboard keys: browser-side CSS and JS, our own constants.

Stage view (``stage=1``) shows a page's main chart alone, filling the window, for a lecture. The
pages need not know: the main chart is the first one drawn with ``ui.charts.plot(..., fill=True)``
(its frame holds a container keyed ``ae-fill-*``), which :data:`SCRIPT` marks ``data-ae-stage``
in the browser; :data:`STAGE_CSS` fixes that frame to the window and hides everything else but
the "Leave stage" button. Hiding (CSS, not leaving them out of the run) keeps every widget alive,
so leaving the stage is one rerun that shows the page as it was.

The keys (:data:`KEYS`) act through the chrome's own controls, by clicking them: the sidebar's
presentation switch (P), the "Stage view" and "Leave stage" buttons (S, Esc). So a key does
exactly what the control does, server side, and writes the link the same way. Space, the arrows
and L belong to animated charts (``ui/player.py``); they are listed here for the help only.

No user text reaches any string in this module.
"""

from __future__ import annotations

# The key a lecturer presses and what it does, in the order the sidebar's help lists them.
KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "play or pause an animated chart"),
    ("← / →", "step the sweep or the training back or forward"),
    ("L", "loop the animation on or off"),
    ("P", "presentation mode on or off"),
    ("S", "stage view: the chart alone, or back"),
    ("Esc", "leave the stage view"),
)

# Widget keys the browser side clicks; chrome.py creates the widgets with these keys.
PRESENT_KEY = "present"
ENTER_KEY = "ae-enter-stage"  # the presentation bar's button; the sidebar's adds "-sidebar"
LEAVE_KEY = "ae-leave-stage"

# Always on: the presentation bar in Streamlit's header, the QR code's size, and the element
# carrying SCRIPT (which takes no room).
CHROME_CSS = """
<style>
  .stElementContainer:has(#ae-chrome-script) { display: none; }
  /* Presentation mode's bar (QR code, Stage view, Exit presentation) sits in Streamlit's header
     bar, left of its menu: visible with the sidebar folded, and it takes no height from the
     page. The exit button is positioned by the bar, no longer by itself. */
  .stApp .st-key-ae-present-bar {
    position: fixed; top: 0.55rem; right: 4rem; width: auto; z-index: 999991;
    flex-wrap: nowrap; gap: 0.5rem;
  }
  .stApp .st-key-ae-present-bar .st-key-ae-leave-presentation { position: static; }
  .stApp .st-key-ae-present-bar button p { font-size: 1.15rem !important; white-space: nowrap; }
  /* The QR code as large as the window allows under the bar, its modules kept square and sharp,
     on its own white quiet zone (the PNG's), so a phone reads it in either theme. Its popover
     may take the window's height below the bar (Streamlit's stops at 70 %). */
  [data-testid="stPopoverBody"]:has(.st-key-ae-qr-code) {
    max-height: calc(100dvh - 4.5rem) !important; max-width: 90vw !important;
  }
  .st-key-ae-qr-code img {
    width: min(calc(100dvh - 15rem), 80vw, 720px) !important; height: auto !important;
    image-rendering: pixelated;
  }
  .st-key-ae-qr-code [data-testid="stCode"] { max-width: min(calc(100dvh - 15rem), 80vw, 720px); }
  /* The keyboard help: a compact two-column table. */
  .st-key-ae-keys table { font-size: 0.85rem; }
  .st-key-ae-keys td:first-child { white-space: nowrap; font-weight: 600; }
</style>
"""

# Presentation mode (and the stage): the theme's three choices stay on one row of the sidebar at
# presentation size.
PRESENT_CSS = """
<style>
  .stApp .st-key-ae-theme button { padding-left: 0.6rem; padding-right: 0.6rem; }
  .stApp .st-key-ae-theme button p { font-size: 1.15rem !important; white-space: nowrap; }
</style>
"""

# Stage view: the page's main chart alone, fixed to the window below a thin strip that holds the
# way out (so the button never covers the chart's title, legend or mode bar). Every other element
# of the page is left out of the layout (not made invisible: Streamlit's Markdown sets its own
# visibility), and so are the header, the sidebar and its handle. The chart's frame and the
# blocks that hold it stay.
STAGE_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stBottom"] { display: none !important; }
  [data-testid="stMain"] { overflow: hidden !important; }
  .stMainBlockContainer :is([data-testid="stElementContainer"], [data-testid="stLayoutWrapper"]):not(
      [data-ae-stage], [data-ae-stage] *, :has([data-ae-stage]), .st-key-ae-leave-stage) {
    display: none !important;
  }
  .stApp [data-ae-stage] {
    position: fixed !important; inset: 3rem 0.75rem 0.75rem 0.75rem;
    width: auto !important; height: auto !important; z-index: 999990;
  }
  .stApp .st-key-ae-leave-stage {
    position: fixed; top: 0.4rem; right: 0.75rem; width: auto; z-index: 999992;
  }
</style>
"""

# In the browser, once per page load: mark the main chart's frame for STAGE_CSS (again whenever
# Streamlit redraws the page), and the keys. A key typed into a text box, a number box, a select
# or an editable element is the user's text, never a command; nor is one with Ctrl, Alt or Meta.
SCRIPT = """
<span id="ae-chrome-script"></span>
<script>
  if (!window.aeChrome) {
    window.aeChrome = true;
    const FRAMES = '[data-testid="stLayoutWrapper"]:has(> [class*="st-key-ae-fill-"])';
    let pending = false;
    const mark = () => {
      pending = false;
      const main = document.querySelector('[data-testid="stMain"] ' + FRAMES);
      for (const frame of document.querySelectorAll('[data-ae-stage]')) {
        if (frame !== main) frame.removeAttribute('data-ae-stage');
      }
      if (main && !main.hasAttribute('data-ae-stage')) main.setAttribute('data-ae-stage', '');
    };
    const later = () => { if (!pending) { pending = true; requestAnimationFrame(mark); } };
    new MutationObserver(later).observe(document.body, {childList: true, subtree: true});
    later();

    const click = (selector) => {
      const target = document.querySelector(selector);
      if (target) target.click();
      return Boolean(target);
    };
    const typing = (target) => target instanceof Element && (target.isContentEditable
      || target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'));
    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.altKey || event.metaKey
          || typing(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      let done = false;
      if (key === 'Escape') {
        done = click('.st-key-LEAVE button');
      } else if (key === 'p') {
        done = click('.st-key-PRESENT input');
      } else if (key === 's') {
        done = click('.st-key-LEAVE button') || click('[class*="st-key-ENTER"] button');
      }
      if (done) event.preventDefault();
    });
  }
</script>
"""
SCRIPT = (
    SCRIPT.replace("LEAVE", LEAVE_KEY).replace("PRESENT", PRESENT_KEY).replace("ENTER", ENTER_KEY)
)


def keys_markdown() -> str:
    """The keys as a small Markdown table, for the sidebar's help."""
    rows = "\n".join(f"| {key} | {action} |" for key, action in KEYS)
    return "| Key | Does |\n|---|---|\n" + rows
