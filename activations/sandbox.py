"""Work run in worker processes that can be killed: a hard time and memory limit per job.

Some work cannot be bounded before it starts (SymPy on a 200-character formula), and some holds
the interpreter while it runs (small NumPy arrays in a training loop). A server that a class
shares runs such work here: in a few worker processes, each with its memory capped, and a job
that overruns its time is killed with its process (never merely asked to stop between steps).
The caller's thread waits on a pipe, holding nothing, so the server stays responsive.

>>> box = Sandbox("math:factorial", workers=1, seconds=5.0)
>>> box.run(5)
120
>>> box.close()
"""

from __future__ import annotations

import atexit
import importlib
import os
import resource
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent  # where ``activations`` is importable from

STARTUP_SECONDS = 120.0  # a new worker imports NumPy, SciPy and perhaps SymPy: slow when busy
DEFAULT_MEMORY = 768 * 2**20  # bytes a worker may allocate beyond what it holds when it starts


class OverrunError(Exception):
    """A job ran past its time and was killed with its worker."""


class BusyError(Exception):
    """Every worker stayed busy for as long as the caller would wait."""


class FailedError(Exception):
    """A job failed in a way that is not a refusal: its worker ran out of memory or died."""


def _limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at what it maps now plus ``extra_bytes``: past it an
    allocation fails with MemoryError instead of exhausting the host."""
    with open(f"/proc/{os.getpid()}/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + extra_bytes, used + extra_bytes))


def _serve(jobs: Connection, conn: Connection, target: str, memory: int, nice: int) -> None:
    """A worker's loop: one job at a time, the answer tagged with how it ended."""
    os.nice(nice)
    module, _, name = target.partition(":")
    function = getattr(importlib.import_module(module), name)
    _limit_memory(memory)
    conn.send(("ready", None))
    while True:
        try:
            argument = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", function(argument))
        except ValueError as error:  # the job's own refusal, with its message
            answer = ("refused", str(error))
        except RecursionError:
            answer = ("refused", "the formula is nested too deeply")
        except MemoryError:
            answer = ("failed", "needed more memory than a job may have")
        except Exception as error:  # a bug, not a refusal; reported by its type only
            answer = ("failed", f"failed ({type(error).__name__})")
        try:
            conn.send(answer)
        except MemoryError:  # the answer itself too large: a failure, and a fresh worker
            conn.send(("failed", "needed more memory than a job may have"))


class _Worker:
    """A fresh interpreter running :func:`_serve`, spoken to over its stdin and stdout. Not a
    ``multiprocessing`` child: those re-run the parent's main script (the Streamlit CLI, pytest)
    in every new process, and a fork of a threaded server may inherit a held lock."""

    def __init__(self, target: str, memory: int, nice: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "activations.sandbox", target, str(memory), str(nice)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
            cwd=_ROOT,
        )
        self.send = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.conn = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise FailedError("could not start a worker")
        try:
            self.conn.recv()
        except EOFError:
            self.kill()
            raise FailedError("could not start a worker") from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.send.close()
        self.conn.close()


class Sandbox:
    """Up to ``workers`` worker processes running ``target`` ("module:function"), one job each
    at a time. :meth:`run` returns the function's result, or raises: ``ValueError`` with the
    function's own message, :class:`OverrunError` after ``seconds`` (the worker is killed),
    :class:`FailedError` (out of memory, or dead), :class:`BusyError` if no worker freed up in ``wait``."""

    def __init__(
        self,
        target: str,
        *,
        workers: int,
        seconds: float,
        memory: int = DEFAULT_MEMORY,
        nice: int = 0,
    ) -> None:
        self.target, self.seconds, self.memory, self.nice = target, seconds, memory, nice
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: list[_Worker] = []
        self._started: set[_Worker] = set()
        self._lock = threading.Lock()
        atexit.register(self.close)

    def run(self, argument: Any, *, wait: float | None = None) -> Any:
        if not self._slots.acquire(timeout=wait):
            raise BusyError
        try:
            worker = self._take()
            try:
                worker.send.send(argument)
                finished = worker.conn.poll(self.seconds)
                status, payload = worker.conn.recv() if finished else ("overrun", None)
            except (EOFError, OSError):
                status, payload = "failed", "stopped unexpectedly"
            if status in ("overrun", "failed"):
                self._end(worker)  # a killed or dying worker is never reused
            else:
                with self._lock:
                    self._idle.append(worker)
        finally:
            self._slots.release()
        if status == "ok":
            return payload
        if status == "refused":
            raise ValueError(payload)
        if status == "overrun":
            raise OverrunError(f"took longer than {self.seconds:g} s")
        raise FailedError(payload)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                self._started.discard(worker)
                worker.kill()
        worker = _Worker(self.target, self.memory, self.nice)
        with self._lock:
            self._started.add(worker)
        return worker

    def _end(self, worker: _Worker) -> None:
        with self._lock:
            self._started.discard(worker)
        worker.kill()

    def close(self) -> None:
        """Stop every worker (at exit too: none outlives the process that started it)."""
        with self._lock:
            workers, self._idle = list(self._started), []
            self._started.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":  # a worker: python -m activations.sandbox module:function memory nice
    _serve(
        Connection(os.dup(sys.stdin.fileno()), writable=False),
        Connection(os.dup(sys.stdout.fileno()), readable=False),
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
    )
