"""Heavy work on a server a class shares: a slot per core, a short wait, then a clear "busy".

Training and the deep-network simulation are heavy: each draw is bounded by a work budget before
it starts (:mod:`activations.budget`), and each runs in one of :data:`SLOTS` slots. A request
that finds every slot taken waits at most :data:`WAIT_SECONDS` (and only while fewer than
:data:`MAX_WAITING` others wait), then the page says the server is busy and offers to retry:
never a silent queue. One browser session has at most one heavy computation in flight. The
explorer, compare and softmax pages never come here, so they never wait behind heavy work.

Training runs in worker processes (:mod:`activations.sandbox`): its small NumPy arrays would
hold this process's interpreter for most of a run, and slow every other page while they did.
The simulation's large matrix products release the interpreter, so it runs in this process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from activations import sandbox, training

SLOTS = os.cpu_count() or 1
WAIT_SECONDS = 0.75
MAX_WAITING = SLOTS
# A training run within the page's budget takes a few seconds; this only catches a machine far
# slower than the budget's reference (the run is then refused, never left running).
TRAINING_SECONDS = 90.0


class ServerBusyError(Exception):
    """No slot freed up in time, or this session already has heavy work in flight."""


_slots = threading.BoundedSemaphore(SLOTS)
_lock = threading.Lock()
_busy_sessions: set[str] = set()
_waiting = 0
_training = sandbox.Sandbox("activations.training:job", workers=SLOTS, seconds=TRAINING_SECONDS)


def _session() -> str:
    context = get_script_run_ctx()
    return context.session_id if context is not None else f"thread-{threading.get_ident()}"


@contextmanager
def slot() -> Iterator[None]:
    """Hold one heavy slot for the block, or raise :class:`ServerBusyError` within about
    :data:`WAIT_SECONDS`."""
    global _waiting
    session = _session()
    with _lock:
        if session in _busy_sessions:
            raise ServerBusyError("this page is still working on your previous request")
        if _waiting >= MAX_WAITING:
            raise ServerBusyError("the server is busy with other students' requests")
        _busy_sessions.add(session)
        _waiting += 1
    try:
        acquired = _slots.acquire(timeout=WAIT_SECONDS)
        with _lock:
            _waiting -= 1
        if not acquired:
            raise ServerBusyError("the server is busy with other students' requests")
        try:
            yield
        finally:
            _slots.release()
    finally:
        with _lock:
            _busy_sessions.discard(session)


def train(key, data: training.Dataset, **options) -> training.Run:
    """:func:`activations.training.train` in a worker process, holding a slot."""
    with slot():
        try:
            return _training.run((key, data, options))
        except (sandbox.OverrunError, sandbox.FailedError) as failed:
            raise ServerBusyError(f"the training run failed ({failed})") from None


def busy_note(error: ServerBusyError) -> None:
    """What the page says when heavy work was turned away, with a way to ask again."""
    st.warning(
        f"Not computed: {error}. Nothing is lost: try again in a moment.",
        icon=":material/hourglass_top:",
    )
    st.button("Try again", key="heavy.retry", icon=":material/refresh:")
