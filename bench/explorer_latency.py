"""Slider → chart latency in Debian chromium: the explorer against a bare Streamlit app.

For each app, in the same run: focus the α slider, press an arrow key, and time from the keydown
event until the first chart's data in the page has changed (polled every animation frame).
Also reports the server's CPU time per slider move, read from /proc, and splits each move at the
websocket: keydown → the server's first reply, and the last reply → the chart changed (the
browser's own work).

Usage: python bench/explorer_latency.py [moves]      (prints a table; writes bench/results/)
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.harness import (
    LAPTOP,
    ROOT,
    chromium,
    cpu_seconds,
    streamlit_process,
    wait_until_idle,
)

FINGERPRINT = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return plot && plot.data ? JSON.stringify(plot.data[0].y.slice(0, 400)) : null;
}"""


class Probe:
    """One app in one browser tab, ready to time slider moves."""

    def __init__(self, browser, base: str, path: str, slider_text: str, pid: int) -> None:
        self.page = browser.new_page(viewport=LAPTOP)
        # Time every websocket message, to split a move into the server's part and the browser's.
        self.page.add_init_script(
            """(() => {
                window.__messages = [];
                const Native = window.WebSocket;
                window.WebSocket = function (...args) {
                    const socket = new Native(...args);
                    socket.addEventListener('message', () => window.__messages.push(performance.now()));
                    return socket;
                };
                window.WebSocket.prototype = Native.prototype;
                Object.assign(window.WebSocket, Native);
            })()"""
        )
        self.page.goto(base + path)
        wait_until_idle(self.page)
        slider = self.page.locator('[data-testid="stSlider"]').filter(has_text=slider_text)
        slider.get_by_role("slider").focus()
        self.pid = pid
        self.latencies: list[float] = []
        self.first_message: list[float] = []  # keydown → the server's first reply
        self.after_last_message: list[float] = []  # the last reply before the chart changed → it
        self.cpu = 0.0
        self.moves = 0

    def move(self, key: str, record: bool) -> None:
        page = self.page
        page.bring_to_front()  # a background tab has its animation frames throttled
        page.evaluate(
            """(fp) => {
                window.__fp = eval(fp);
                window.__before = window.__fp();
                window.__t0 = null;
                document.addEventListener('keydown', () => { window.__t0 = performance.now(); },
                                          {capture: true, once: true});
            }""",
            FINGERPRINT,
        )
        cpu_before = cpu_seconds(self.pid)
        page.keyboard.press(key)
        page.wait_for_function(
            """() => {
                if (window.__fp() !== window.__before) { window.__t1 = performance.now(); return true; }
                return false;
            }""",
            polling="raf",
            timeout=30_000,
        )
        page.wait_for_timeout(250)  # the rerun's last messages, before reading the CPU
        if record:
            t0, t1, first, last = page.evaluate(
                """() => {
                    const during = window.__messages.filter(t => t >= window.__t0 && t <= window.__t1);
                    return [window.__t0, window.__t1, during[0] ?? NaN, during.at(-1) ?? NaN];
                }"""
            )
            self.latencies.append(t1 - t0)
            self.first_message.append(first - t0)
            self.after_last_message.append(t1 - last)
            self.cpu += cpu_seconds(self.pid) - cpu_before
            self.moves += 1

    def summary(self) -> dict:
        ordered = sorted(self.latencies)
        return {
            "median_ms": statistics.median(ordered),
            "p90_ms": ordered[int(0.9 * (len(ordered) - 1))],
            "server_cpu_ms_per_move": self.cpu / self.moves * 1000,
            "first_reply_ms": statistics.median(self.first_message),
            "render_after_last_reply_ms": statistics.median(self.after_last_message),
            "moves": self.moves,
        }


def main(moves: int = 40) -> dict:
    """Both apps run side by side and their moves alternate, so both see the same machine load."""
    with (
        chromium() as browser,
        streamlit_process(ROOT / "bench" / "bare_app.py") as (bare_base, bare),
        streamlit_process() as (app_base, app),
    ):
        probes = {
            "bare app (1 slider, 2 traces)": Probe(browser, bare_base, "/", "alpha", bare.pid),
            "explorer (ELU, α)": Probe(browser, app_base, "/explorer?fn=elu", "alpha", app.pid),
            "explorer (typed Swish, β)": Probe(
                browser, app_base, "/explorer?fn=custom&f=x*sigmoid(beta*x)", "beta", app.pid
            ),
        }
        for move in range(moves + 4):  # the first four warm caches and are not counted
            key = "ArrowRight" if move % 2 == 0 else "ArrowLeft"
            for probe in probes.values():
                probe.move(key, record=move >= 4)
        results = {name: probe.summary() for name, probe in probes.items()}
    floor = results["bare app (1 slider, 2 traces)"]["median_ms"]
    for r in results.values():
        r["ratio_to_floor"] = r["median_ms"] / floor
    print(
        f"{'app':34} {'median ms':>10} {'p90 ms':>8} {'server CPU ms/move':>19} "
        f"{'first reply':>12} {'render':>8} {'× floor':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:34} {r['median_ms']:10.1f} {r['p90_ms']:8.1f} "
            f"{r['server_cpu_ms_per_move']:19.1f} {r['first_reply_ms']:12.1f} "
            f"{r['render_after_last_reply_ms']:8.1f} {r['ratio_to_floor']:8.2f}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "explorer_latency.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
