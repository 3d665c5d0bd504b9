"""Screenshots of every page at laptop and both projector sizes, for people to look at.

Usage: python bench/screenshots.py [--dark] [path?query ...]   (default: every page's default view)
Writes PNGs to screenshots/. ``--dark`` asks for the browser's dark colour scheme, which the app
follows, and adds ``-dark`` to the names.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.harness import ROOT, SIZES, chromium, streamlit_server, wait_until_idle

DEFAULT_VIEWS = ["/", "/explorer", "/compare", "/gradients", "/softmax"]


def main(views: list[str], scheme: str = "light") -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    suffix = "-dark" if scheme == "dark" else ""
    with streamlit_server() as base, chromium() as browser:
        for size_name, size in SIZES.items():
            page = browser.new_page(viewport=size, color_scheme=scheme)
            for view in views:
                page.goto(base + view)
                wait_until_idle(page)
                name = re.sub(r"[^A-Za-z0-9=_-]+", "_", view.strip("/")) or "overview"
                path = out / f"{name}-{size_name}{suffix}.png"
                page.screenshot(path=path)
                print(path)
                # Streamlit scrolls inside its own container: a tall viewport shows the whole page.
                height = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                )
                page.set_viewport_size({"width": size["width"], "height": min(height + 40, 6000)})
                wait_until_idle(page)
                page.screenshot(path=path.with_name(path.stem + "-full.png"))
                page.set_viewport_size(size)
            page.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dark = "--dark" in arguments
    views = [argument for argument in arguments if argument != "--dark"]
    main(views or DEFAULT_VIEWS, "dark" if dark else "light")
