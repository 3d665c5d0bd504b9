"""An attack storm on one server: can a link, a formula or a setting freeze it for the class?

On a running server, warmed first (its caches full of the default views):

- every hostile formula of the security review goes through every page that takes a formula,
  two at a time;
- six students hold maximal links, three on the training lab (4 activations, 8 × 64 units,
  2000 steps, 1000 points) and three on gradient flow (4 activations, 200 × 1024), each load
  with a fresh seed so that nothing is cached, again as soon as it is drawn (a second after
  the page says the server is busy, as a student pressing "Try again" would);
- meanwhile the health endpoint is polled every 0.25 s, and every few seconds a student loads a
  default explorer, a default compare and a default lab link with a fresh seed.

Reported: the health endpoint's worst latency (and its longest silence), the light pages' load
times against the same loads on the idle server, what the default lab link got (drawn, and how
fast, or told the server was busy, and how fast), the server's memory (its worker processes
included) from the warm start, at the storm's peak and a minute after it, and errors.

    PYTHONPATH=. python bench/storm.py [--seconds 40] [--root DIR]

``--root`` runs the app of another checkout (say a worktree of an older commit), for a before
and after in one run. Each load is abandoned after 90 s, so a frozen server still ends the run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.classroom import Student
from devtools.formulas import FORMULA_FINDINGS
from devtools.harness import rss_bytes, streamlit_process

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
LOAD_TIMEOUT = 90.0
ATTACKS = FORMULA_FINDINGS
FORMULA_PAGES = {"explorer": {"fn": "custom"}, "compare": {"fns": ["relu", "custom"]},
                 "gradients": {"fns": ["custom"], "depth": "20", "width": "64"},
                 "training": {"fns": ["custom"], "steps": "100"}}  # fmt: skip
MAX_LAB = {"fns": ["tanh", "relu", "gelu", "sigmoid"], "depth": "8", "width": "64",
           "steps": "2000", "n": "1000"}  # fmt: skip
MAX_GRADIENTS = {"fns": ["tanh", "relu", "gelu", "sigmoid"], "depth": "200", "width": "1024"}
BUSY = "server is busy"
RETRY_AFTER = 1.0  # seconds a student told "busy" takes to press Try again


class Visitor(Student):
    """A student that also reads the page's notes (to tell "busy" from drawn)."""

    def __init__(self, page: str, socket) -> None:
        super().__init__(page, socket)
        self.notes: list[str] = []

    def _learn(self, delta) -> None:
        super()._learn(delta)
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            if element.WhichOneof("type") == "alert":
                self.notes.append(element.alert.body)


async def load(base: str, page: str, query: dict) -> tuple[float, str]:
    """Open ``page?query`` as a browser tab would; (seconds to the finished run, outcome), the
    outcome one of "drawn", "busy", "error", "timeout"."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(LOAD_TIMEOUT), websockets.connect(
            f"ws://{base.removeprefix('http://')}/_stcore/stream",
            subprotocols=["streamlit"], origin=base, max_size=None, ping_interval=None,
        ) as socket:  # fmt: skip
            visitor = Visitor(page, socket)
            visitor.query_string = urlencode(query, doseq=True)
            await visitor.rerun()
    except TimeoutError:
        return time.perf_counter() - started, "timeout"
    except (OSError, websockets.WebSocketException):
        return time.perf_counter() - started, "error"
    outcome = "busy" if any(BUSY in n for n in visitor.notes) else "drawn"
    return time.perf_counter() - started, "error" if visitor.errors else outcome


def family_rss(pid: int) -> int:
    """The server's resident memory with its children's (the worker processes)."""
    total = rss_bytes(pid)
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for kid in child.read_text().split():
            with contextlib.suppress(OSError):
                total += family_rss(int(kid))
    return total


class HealthPoller(threading.Thread):
    """GET /_stcore/health every 0.25 s; the latency of each, and the longest silence."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.latencies, self.stop = base, [], threading.Event()
        self.longest_silence, self.failures = 0.0, 0

    def run(self) -> None:
        last_ok = time.perf_counter()
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=LOAD_TIMEOUT).read()
                now = time.perf_counter()
                self.latencies.append(now - started)
                self.longest_silence = max(self.longest_silence, now - last_ok)
                last_ok = now
            except OSError:  # no answer within LOAD_TIMEOUT: silent at least that long
                self.failures += 1
                self.longest_silence = max(self.longest_silence, time.perf_counter() - last_ok)
            time.sleep(max(0.0, 0.25 - (time.perf_counter() - started)))


async def light_loads(base: str, seeds: itertools.count) -> dict[str, tuple[float, str]]:
    explorer = await load(base, "explorer", {})
    compare = await load(base, "compare", {})
    lab = await load(base, "training", {"seed": str(next(seeds))})
    return {"explorer": explorer, "compare": compare, "lab": lab}


async def storm(base: str, pid: int, seconds: float) -> dict:
    seeds = itertools.count(5000)
    # Warm: every page's default view once, then the idle figures (median of three).
    for page in ("explorer", "compare", "gradients", "training", "softmax"):
        await load(base, page, {})
    await load(base, "explorer", {"fn": "custom"})  # the formula workers' first start
    idle = [await light_loads(base, seeds) for _ in range(3)]
    # Fill the caches with a first storm, so that the memory measured after the real one is
    # compared with a server whose caches were already full.
    await _round(base, pid, seeds, seconds / 2)
    await asyncio.sleep(30.0)
    warm_rss = family_rss(pid)
    result = await _round(base, pid, seeds, seconds)
    peak_rss = result.pop("peak_rss")
    await asyncio.sleep(60.0)
    after_rss = family_rss(pid)

    def median(rows: list[dict], page: str) -> float:
        times = [r[page][0] for r in rows]
        return statistics.median(times) if times else float("nan")

    return {
        "idle_ms": {p: 1000 * median(idle, p) for p in ("explorer", "compare", "lab")},
        **result,
        "rss_mb": {
            "warm (caches full)": warm_rss / 2**20,
            "peak": max(peak_rss, warm_rss) / 2**20,
            "a minute after": after_rss / 2**20,
        },
    }


async def _round(base: str, pid: int, seeds: itertools.count, seconds: float) -> dict:
    stop = asyncio.Event()
    peak_rss = 0
    attacks: list[tuple[str, float, str]] = []
    heavy: list[tuple[str, float, str]] = []
    probes: list[dict] = []

    async def attacker(offset: int) -> None:
        jobs = [(p, f) for f in ATTACKS for p in FORMULA_PAGES][offset::2]
        for page, text in jobs:
            if stop.is_set():
                return
            took, outcome = await load(base, page, {**FORMULA_PAGES[page], "f": text})
            attacks.append((f"{page}: {text!r}", took, outcome))

    async def maximal(page: str, query: dict) -> None:
        while not stop.is_set():
            took, outcome = await load(base, page, {**query, "seed": str(next(seeds))})
            heavy.append((page, took, outcome))
            if outcome == "busy":  # a student reads the note, then presses Try again
                await asyncio.sleep(RETRY_AFTER)

    async def prober() -> None:
        while not stop.is_set():
            await asyncio.sleep(3.0)
            probes.append(await light_loads(base, seeds))

    async def memory() -> None:
        nonlocal peak_rss
        while not stop.is_set():
            peak_rss = max(peak_rss, family_rss(pid))
            await asyncio.sleep(0.5)

    poller = HealthPoller(base)
    poller.start()
    tasks = [asyncio.create_task(attacker(i)) for i in range(2)]
    tasks += [asyncio.create_task(maximal("training", MAX_LAB)) for _ in range(3)]
    tasks += [asyncio.create_task(maximal("gradients", MAX_GRADIENTS)) for _ in range(3)]
    tasks += [asyncio.create_task(prober()), asyncio.create_task(memory())]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    poller.stop.set()
    poller.join()

    def median(rows: list[dict], page: str) -> float:
        times = [r[page][0] for r in rows]
        return statistics.median(times) if times else float("nan")

    return {
        "health_worst_ms": 1000 * max(poller.latencies, default=float("nan")),
        "health_longest_silence_ms": 1000 * poller.longest_silence,
        "health_failures": poller.failures,
        "storm_ms": {p: 1000 * median(probes, p) for p in ("explorer", "compare")},
        "storm_worst_ms": {
            p: 1000 * max((r[p][0] for r in probes), default=float("nan"))
            for p in ("explorer", "compare")
        },
        "lab_probes": [(round(1000 * r["lab"][0]), r["lab"][1]) for r in probes],
        "attacks": len(attacks),
        "attack_worst": max(attacks, key=lambda a: a[1], default=None),
        "attack_outcomes": _count(o for _, _, o in attacks),
        "heavy_outcomes": _count(f"{p}: {o}" for p, _, o in heavy),
        "peak_rss": peak_rss,
    }


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    app = args.root.resolve() / "app.py"
    with streamlit_process(app, root=args.root.resolve()) as (base, process):
        result = asyncio.run(storm(base, process.pid, args.seconds))
    print(json.dumps(result, indent=2, default=str))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "storm.json").write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
