"""A whole class on one server: N students moving controls about once a second.

Each student is one websocket session speaking Streamlit's own protocol, as the browser does: a
``BackMsg.rerun_script`` carrying the page, the query string, the widget states and (for a control
inside an ``st.fragment``) the fragment's id; then ``ForwardMsg`` deltas until ``script_finished``.
Half the class is on the explorer (moving α, x₀ and the range), half on the gradient-flow page
(moving depth, σ_b² and the seed); MOVES has the mix. A student waits for the rerun to finish,
pauses 0.5–1.5 s, and moves again: once a second on average, as a class does when told "try it".

Reported for each N: median and p95 time from the control change to the finished rerun, server
CPU per interaction (from /proc), server memory per session, errors (exception elements or
failed runs), and the load generator's own CPU (it shares the machine).

Usage: python bench/classroom.py [N ...] [--seconds S] [--replicas R]
    --replicas R starts R server processes and deals the students out round-robin, as a
    load balancer with session affinity does (see README, "Deploying for a large class").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.harness import cpu_seconds, rss_bytes, streamlit_process

RESULTS = Path(__file__).resolve().parent / "results"
FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


@dataclass
class Widget:
    """What a student knows of one control: its id, kind, value, bounds and fragment."""

    id: str
    kind: str
    value: float | list[float]
    low: float
    high: float
    step: float
    fragment_id: str


@dataclass
class Student:
    """One browser tab's worth of protocol: a websocket session on one page."""

    page: str
    socket: websockets.ClientConnection
    widgets: dict[str, Widget] = field(default_factory=dict)
    states: dict[str, WidgetState] = field(default_factory=dict)
    query_string: str = ""
    page_script_hash: str = ""
    errors: int = 0

    async def rerun(self, fragment_id: str = "") -> None:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self.states.values())
        await self.socket.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self.socket.recv())
            kind = reply.WhichOneof("type")
            if kind == "delta":
                self._learn(reply.delta)
            elif kind == "page_info_changed":
                self.query_string = reply.page_info_changed.query_string
            elif kind == "navigation" and reply.navigation.page_script_hash:
                self.page_script_hash = reply.navigation.page_script_hash
            elif kind == "new_session" and reply.new_session.page_script_hash:
                self.page_script_hash = reply.new_session.page_script_hash
            elif kind == "script_finished":
                if reply.script_finished not in FINISHED:
                    self.errors += 1
                return

    def _learn(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors += 1
        elif kind in ("slider", "number_input"):
            proto = getattr(element, kind)
            if kind == "slider":
                value = list(proto.value) if proto.set_value else list(proto.default)
                value = value[0] if len(value) == 1 else value
            else:
                value = proto.value if proto.set_value else proto.default
            self.widgets[proto.id.rsplit("-", 1)[-1]] = Widget(
                proto.id, kind, value, proto.min, proto.max, proto.step, delta.fragment_id
            )

    async def move(self, key: str, rng: random.Random) -> None:
        """Nudge the control whose key ends with ``key`` by a step or a few, as arrow keys do."""
        widget = next(w for k, w in self.widgets.items() if k.endswith(key))
        steps = rng.choice((-3, -2, -1, 1, 2, 3))
        state = WidgetState(id=widget.id)
        if isinstance(widget.value, list):  # a range: move both ends together
            shift = steps * widget.step
            if widget.value[0] + shift < widget.low or widget.value[1] + shift > widget.high:
                shift = -shift
            widget.value = [v + shift for v in widget.value]
            state.double_array_value.data.extend(widget.value)
        else:
            value = widget.value + steps * widget.step
            if not widget.low <= value <= widget.high:
                value = widget.value - steps * widget.step
            widget.value = round(value, 10)
            if widget.kind == "slider":
                state.double_array_value.data.append(widget.value)
            else:
                state.int_value = int(widget.value)
        self.states[widget.id] = state
        await self.rerun(widget.fragment_id)


# What a student moves, weighted as a lesson goes: mostly the control the prompt is about (α on
# the explorer, depth on the gradient page), sometimes a second one, now and then the range or
# the seed.
MOVES = {
    "explorer": ("elu.alpha",) * 3 + ("elu.x0",) * 2 + ("elu.range",),
    "gradients": ("gradients.depth",) * 3 + ("gradients.sb2",) * 2 + ("gradients.seed",),
    # Each move retrains every activation on the page (cached per setting for the whole class).
    "training": ("training.noise",) * 2 + ("training.depth",) * 2 + ("training.n",),
}
# The class of the README's figures; add the lab with --pages explorer,gradients,training.
DEFAULT_PAGES = ("explorer", "gradients")


async def student(
    index: int,
    bases: list[str],
    stop: asyncio.Event,
    latencies: list,
    ready: asyncio.Barrier,
    pages: tuple[str, ...] = DEFAULT_PAGES,
) -> Student:
    page = pages[index % len(pages)]
    base = bases[(index // len(pages)) % len(bases)]  # each server gets both pages
    rng = random.Random(index)
    host = base.removeprefix("http://")
    async with websockets.connect(
        f"ws://{host}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=base,
        max_size=None,
        ping_interval=None,
    ) as socket:
        pupil = Student(page, socket)
        await pupil.rerun()  # the page load
        await ready.wait()
        await asyncio.sleep(rng.uniform(0.0, 1.0))  # students do not all start on the same beat
        while not stop.is_set():
            started = time.perf_counter()
            await pupil.move(rng.choice(MOVES[page]), rng)
            latencies.append((page, time.perf_counter() - started))
            await asyncio.sleep(rng.uniform(0.5, 1.5))
        return pupil


async def run_class(
    n: int, bases: list[str], pids: list[int], seconds: float, pages: tuple[str, ...]
) -> dict:
    baseline_rss = sum(rss_bytes(pid) for pid in pids)
    latencies: list[tuple[str, float]] = []
    ready = asyncio.Barrier(n + 1)
    warmup = 5.0
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(student(i, bases, stop, latencies, ready, pages)) for i in range(n)
    ]
    # Wait until every student has loaded their page, then measure a fixed window.
    await ready.wait()
    loaded_rss = sum(rss_bytes(pid) for pid in pids)
    await asyncio.sleep(warmup)
    latencies.clear()
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    own_before = time.process_time()
    window_start = time.perf_counter()
    await asyncio.sleep(seconds)
    cpu_after = sum(cpu_seconds(pid) for pid in pids)
    own_after = time.process_time()
    moves = list(latencies)
    elapsed = time.perf_counter() - window_start
    stop.set()
    pupils = await asyncio.gather(*tasks)
    times = sorted(t for _, t in moves)
    return {
        "students": n,
        "replicas": len(bases),
        "moves": len(moves),
        "moves_per_s": len(moves) / elapsed,
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        **{f"{name}_p95_ms": _p95([t for page, t in moves if page == name]) for name in pages},
        "server_cpu_ms_per_move": 1000 * (cpu_after - cpu_before) / max(len(moves), 1),
        "server_cpu_cores": (cpu_after - cpu_before) / elapsed,
        "client_cpu_cores": (own_after - own_before) / elapsed,
        "memory_mb_per_session": (loaded_rss - baseline_rss) / n / 2**20,
        "server_rss_mb": sum(rss_bytes(pid) for pid in pids) / 2**20,
        "errors": sum(p.errors for p in pupils),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


async def warm(bases: list[str]) -> None:
    """Load both pages once per server, so imports and first-run costs stay out of the window."""
    stop = asyncio.Event()
    stop.set()
    for base in bases:
        for index in (0, 1):
            await student(index, [base], stop, [], asyncio.Barrier(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("students", nargs="*", type=int, default=[1, 10, 30, 100])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument(
        "--pages", default=",".join(DEFAULT_PAGES), help=f"pages dealt, of {', '.join(MOVES)}"
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the server (one replica)")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    pages = tuple(args.pages.split(","))
    rows = []
    for n in args.students:
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(streamlit_process()) for _ in range(args.replicas)]
            bases = [base for base, _ in servers]
            pids = [process.pid for _, process in servers]
            asyncio.run(warm(bases))
            if args.profile:
                stack.enter_context(py_spy(pids[0], RESULTS / f"profile-{n}.txt"))
            row = asyncio.run(run_class(n, bases, pids, args.seconds, pages))
        rows.append(row)
        print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}))
    print(table(rows))
    RESULTS.mkdir(exist_ok=True)
    name = f"classroom-{args.replicas}x-{'-'.join(pages)}.json"
    (RESULTS / name).write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=2))


@contextlib.contextmanager
def py_spy(pid: int, out: Path):
    """Sample the server's Python stacks while the class runs (needs ``pip install py-spy``)."""
    out.parent.mkdir(exist_ok=True)
    command = ["py-spy", "record", "-p", str(pid), "-f", "raw", "-o", str(out), "-r", "200"]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=30)


def table(rows: list[dict]) -> str:
    lines = [
        "| students | replicas | moves/s | median | p95 | server CPU per move | server cores busy "
        "| memory per session | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['students']} | {r['replicas']} | {r['moves_per_s']:.1f} | {r['median_ms']:.0f} ms "
            f"| {r['p95_ms']:.0f} ms | {r['server_cpu_ms_per_move']:.0f} ms "
            f"| {r['server_cpu_cores']:.2f} | {r['memory_mb_per_session']:.1f} MB | {r['errors']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
