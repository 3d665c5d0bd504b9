"""Heavy work on a server a class shares: a slot per core, a short wait, then a clear "busy".

Training and the deep-network simulation are heavy: each draw is bounded by a work budget before
it starts (:mod:`activations.budget`), and each runs in one of :data:`SLOTS` slots. A request
that finds every slot taken waits at most :data:`WAIT_SECONDS` (and only while fewer than
:data:`MAX_WAITING` others wait), then the page says the server is busy and offers to retry:
never a silent queue. One browser session has at most one heavy computation in flight. The
explorer, compare and softmax pages never come here, so they never wait behind heavy work.

Training, large simulations and phase diagrams run in worker processes
(:mod:`activations.sandbox`, :mod:`activations.jobs`): their NumPy calls would hold this
process's interpreter for much of a run, and slow every other page while they did. A simulation
small enough to keep between reruns (so that a depth move costs only a backward pass) runs here,
on threads of its own. All of it runs at a lower priority (nice 10) than the server's own
threads: on a busy machine the explorer and compare, the health check and every page's script
get the CPU first, and heavy work has what is left.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from activations import sandbox, training

SLOTS = os.cpu_count() or 1
WAIT_SECONDS = 0.5
NICE = 10  # heavy work's priority below the server's own (0)
MAX_WAITING = SLOTS
# A job within the page's budget takes a few seconds; this only catches a machine far slower than
# the budget's reference (the job is then refused, never left running).
JOB_SECONDS = 90.0


class ServerBusyError(Exception):
    """No slot freed up in time, or this session already has heavy work in flight."""


_slots = threading.BoundedSemaphore(SLOTS)
_lock = threading.Lock()
_busy_sessions: set[str] = set()
_page_runs: set[str] = set()  # sessions inside page_run()
_kept: set[str] = set()  # sessions holding a slot until their page_run() ends
_waiting = 0
_workers = sandbox.Sandbox("activations.jobs:run", workers=SLOTS, seconds=JOB_SECONDS, nice=NICE)


def _lower_priority() -> None:
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)  # this thread only (Linux)


_threads = ThreadPoolExecutor(SLOTS, thread_name_prefix="heavy", initializer=_lower_priority)


def in_background(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` on one of the heavy threads (low priority); hold a :func:`slot`."""
    return _threads.submit(function, *args).result()


def _session() -> str:
    context = get_script_run_ctx()
    return context.session_id if context is not None else f"thread-{threading.get_ident()}"


@contextmanager
def slot() -> Iterator[None]:
    """Hold one heavy slot for the block, or raise :class:`ServerBusyError` within about
    :data:`WAIT_SECONDS`. Inside :func:`page_run`, the slot taken first is kept for the rest of
    the page's work (a page that trains four activations is served whole, or told it is busy
    before it starts, not after one)."""
    global _waiting
    session = _session()
    with _lock:
        if session in _kept:
            keep_going = True
        elif session in _busy_sessions:
            raise ServerBusyError("this page is still working on your previous request")
        elif _waiting >= MAX_WAITING:
            raise ServerBusyError("the server is busy with other students' requests")
        else:
            keep_going = False
            _busy_sessions.add(session)
            _waiting += 1
    if keep_going:
        yield
        return
    try:
        acquired = _slots.acquire(timeout=WAIT_SECONDS)
        with _lock:
            _waiting -= 1
        if not acquired:
            raise ServerBusyError("the server is busy with other students' requests")
        with _lock:
            keep = session in _page_runs
            if keep:
                _kept.add(session)
        try:
            yield
        finally:
            if not keep:
                _slots.release()
    finally:
        if session not in _kept:
            with _lock:
                _busy_sessions.discard(session)


@contextmanager
def page_run() -> Iterator[None]:
    """Around a page's several heavy calls: the first that needs a slot keeps it until the
    block ends; calls served from a cache need none."""
    session = _session()
    with _lock:
        _page_runs.add(session)
    try:
        yield
    finally:
        with _lock:
            _page_runs.discard(session)
            kept = session in _kept
            _kept.discard(session)
            _busy_sessions.discard(session)
        if kept:
            _slots.release()


def in_worker(job: str, *args: Any, **kwargs: Any) -> Any:
    """``activations.jobs.JOBS[job](*args, **kwargs)`` in a worker process; hold a :func:`slot`."""
    try:
        return _workers.run((job, args, kwargs))
    except (sandbox.OverrunError, sandbox.FailedError) as failed:
        raise ServerBusyError(f"the computation failed ({failed})") from None


def train(key, data: training.Dataset, **options) -> training.Run:
    """:func:`activations.training.train` in a worker process, holding a slot."""
    with slot():
        return in_worker("train", key, data, **options)


def busy_note(error: ServerBusyError) -> None:
    """What the page says when heavy work was turned away, with a way to ask again."""
    st.warning(
        f"Not computed: {error}. Nothing is lost: try again in a moment.",
        icon=":material/hourglass_top:",
    )
    st.button("Try again", key="heavy.retry", icon=":material/refresh:")
