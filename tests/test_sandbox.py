"""The sandbox: worker processes with a hard time and memory limit, killed on overrun, several
at once, and nothing of a failure but a short reason reaching the caller."""

from __future__ import annotations

import threading

import pytest

from activations import sandbox

TARGET = "tests.sandbox_targets:job"


@pytest.fixture
def box():
    workers = sandbox.Sandbox(TARGET, workers=2, seconds=1.0, memory=256 * 2**20)
    yield workers
    workers.close()


def test_a_job_returns_its_result(box) -> None:
    assert box.run(("echo", 42)) == 42


def test_a_refusal_keeps_its_message_and_the_worker(box) -> None:
    with pytest.raises(ValueError, match="refused, with a reason"):
        box.run(("refuse", 0))
    assert box.run(("echo", 1)) == 1


def test_a_job_past_its_time_is_killed_and_the_next_one_runs(box) -> None:
    """The worker holds its interpreter in pure Python (as SymPy making a huge number does): only
    killing the process stops it."""
    with pytest.raises(sandbox.OverrunError):
        box.run(("spin", 60.0))
    assert box.run(("echo", 2)) == 2


def test_a_job_past_its_memory_fails_without_touching_the_host(box) -> None:
    with pytest.raises(sandbox.FailedError, match="memory"):
        box.run(("hog", 2 * 2**30))  # 2 GiB against a 256 MiB allowance
    assert box.run(("hog", 16 * 2**20)) == 16 * 2**20


def test_a_bug_is_reported_by_its_type_only(box) -> None:
    with pytest.raises(sandbox.FailedError, match=r"failed \(KeyError\)"):
        box.run(("nonsense", 0))


def test_jobs_do_not_wait_on_one_another(box) -> None:
    """A slow job on one worker; another job finishes on the other meanwhile."""
    slow_done = threading.Event()

    def slow() -> None:
        box.run(("spin", 0.8))
        slow_done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        box.run(("echo", 0))  # make sure a second worker exists and is idle
        assert box.run(("echo", 3)) == 3
        assert not slow_done.is_set(), "the quick job waited for the slow one"
    finally:
        thread.join()


def test_a_full_sandbox_says_busy_after_the_wait() -> None:
    one = sandbox.Sandbox(TARGET, workers=1, seconds=5.0)
    started = threading.Event()

    def hold() -> None:
        started.set()
        one.run(("spin", 1.0))

    thread = threading.Thread(target=hold)
    thread.start()
    started.wait()

    def ask_until_busy() -> None:
        # The spin holds the only worker for a second; each ask waits 0.01 s for it.
        while True:
            one.run(("echo", 0), wait=0.01)

    try:
        with pytest.raises(sandbox.BusyError):
            ask_until_busy()
    finally:
        thread.join()
        one.close()
