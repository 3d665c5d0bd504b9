"""Run the real app with `streamlit run` and drive it with Playwright in Debian's chromium.

Shared by the browser tests (tests/e2e/) and by the scripts in bench/, neither of which imports
the other. Playwright never downloads a browser: it launches /usr/bin/chromium through
``executable_path``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# The flags keep chromium off the network this machine does not have, and let it run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}
SMALL_PROJECTOR = {"width": 1280, "height": 720}  # a common projector resolution
SIZES = {"laptop": LAPTOP, "projector": PROJECTOR, "projector720": SMALL_PROJECTOR}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: Path = ROOT / "app.py", port: int | None = None) -> Iterator[str]:
    """Start ``streamlit run`` on a free loopback port; yield its base URL; stop it after."""
    with streamlit_process(script, port) as (base, _):
        yield base


@contextlib.contextmanager
def streamlit_process(
    script: Path = ROOT / "app.py", port: int | None = None, root: Path = ROOT
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like :func:`streamlit_server`, also yielding the process (for CPU and memory readings).
    ``root`` is the checkout the app runs from (another one, for a before and after)."""
    port = port or free_port()
    env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "PYTHONPATH": str(root)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"streamlit did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.25)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_until_idle(page, timeout: float = 60_000) -> None:
    """Wait for the script run to finish and every chart on the page to be drawn, and for that to
    hold for 0.3 s: on a cold cache the page can look idle (a heading, no chart yet, the
    running icon not yet shown) for a moment before a slow computation puts its charts up, and
    just after an input the rerun may not have started."""
    page.evaluate("() => { window.__idleState = undefined; }")
    page.wait_for_function(
        """() => {
            const heading = document.querySelector('[data-testid="stHeading"]');
            const running = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
            const skeleton = document.querySelector(
                '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]');
            const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            const drawn = charts.every(c => {
                const plot = c.querySelector('.js-plotly-plot');
                return plot && plot.data;
            });
            const idle = heading && !running && !skeleton && drawn;
            const state = idle ? charts.length : null;
            if (state === null || state !== window.__idleState) {
                window.__idleState = state;
                window.__idleSince = performance.now();
                return false;
            }
            return performance.now() - window.__idleSince >= 300;
        }""",
        timeout=timeout,
        polling=100,
    )
    # Fonts loaded, then two more painted frames, so Plotly's relayout for them is on screen
    # before anyone reads pixels.
    page.evaluate(
        """() => document.fonts.ready.then(() => new Promise((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(resolve))))"""
    )


def plot_data(page, index: int = 0) -> list[dict]:
    """The data of the index-th Plotly chart on the page, as the browser holds it."""
    return page.evaluate(
        """(i) => {
            const plot = document.querySelectorAll('.js-plotly-plot')[i];
            return plot.data.map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])}));
        }""",
        index,
    )


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, all threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0
