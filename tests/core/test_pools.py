"""The bounded worker pools: a full pool refuses at once, drains, and accepts again."""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
import threading
from collections.abc import Iterator

import pytest

from core import pools
from core.errors import Busy
from core.settings import Settings

# Long enough never to fire on a loaded machine; a job waits on it only until the test
# sets it.
HOLD_SECONDS = 60.0


def sized(workers: int, queue: int, retry_after: int = 3, nice: int = 0) -> Settings:
    return Settings(
        environment="test",
        pool_cpu_workers=workers,
        pool_cpu_queue=queue,
        pool_retry_after_seconds=retry_after,
        pool_thread_nice=nice,
    )


@pytest.fixture
def resize() -> Iterator[None]:
    """Let a test size the pools; the sizes before it are put back after it."""
    before = pools.configured()
    yield
    pools.configure(before)


def held(release: threading.Event) -> str:
    if not release.wait(HOLD_SECONDS):
        raise AssertionError("the test never released its job")
    return "done"


async def test_a_full_pool_refuses_then_drains_and_accepts_again(resize: None) -> None:
    pools.configure(sized(workers=1, queue=1, retry_after=3))
    release = threading.Event()
    cpu = pools.pool("cpu")
    running = asyncio.wrap_future(cpu.submit(held, release))
    waiting = asyncio.wrap_future(cpu.submit(held, release))

    with pytest.raises(Busy) as refused:
        await pools.run("cpu", held, release)
    assert refused.value.retry_after == 3
    assert refused.value.pool == "cpu"
    assert refused.value.extensions == {"code": "BUSY", "retryAfter": 3}
    assert cpu.admitted == 2

    release.set()
    assert await asyncio.gather(running, waiting) == ["done", "done"]
    assert cpu.admitted == 0
    assert await pools.run("cpu", pow, 2, 10) == 1024


async def test_an_error_inside_a_job_reaches_the_caller_and_frees_its_place(
    resize: None,
) -> None:
    pools.configure(sized(workers=1, queue=0))

    def fails(value: int) -> int:
        raise ValueError(f"bad value {value}")

    with pytest.raises(ValueError, match="bad value 7"):
        await pools.run("cpu", fails, 7)
    assert pools.pool("cpu").admitted == 0
    assert await pools.run("cpu", sum, [1, 2, 3]) == 6


async def test_a_job_cancelled_while_waiting_never_runs(resize: None) -> None:
    pools.configure(sized(workers=1, queue=1))
    release = threading.Event()
    ran: list[str] = []
    cpu = pools.pool("cpu")
    running = asyncio.wrap_future(cpu.submit(held, release))
    # What `run` awaits: cancelling it cancels the job that has not started.
    waiting = asyncio.wrap_future(cpu.submit(ran.append, "waiting job"))

    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.sleep(0)  # the cancellation reaches the pool's future
    assert cpu.admitted == 1
    # Its place in the queue is free again, and only that one.
    later = asyncio.wrap_future(cpu.submit(ran.append, "later job"))
    with pytest.raises(Busy):
        await pools.run("cpu", ran.append, "one too many")
    release.set()
    assert await running == "done"
    await later
    assert ran == ["later job"]
    assert cpu.admitted == 0


async def test_pools_are_remade_with_new_sizes_and_after_shutdown(resize: None) -> None:
    pools.configure(sized(workers=1, queue=0))
    first = pools.pool("cpu")
    assert (first.size.workers, first.size.queue) == (1, 0)

    pools.configure(sized(workers=2, queue=5))
    second = pools.pool("cpu")
    assert second is not first
    assert (second.size.workers, second.size.queue) == (2, 5)

    pools.shutdown()
    assert pools.pool("cpu") is not second
    assert await pools.run("cpu", max, 3, 9) == 9


async def test_a_job_sees_the_callers_context_variables(resize: None) -> None:
    pools.configure(sized(workers=1, queue=0))
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id")
    request_id.set("req-42")
    assert await pools.run("cpu", request_id.get) == "req-42"


def own_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
async def test_pool_threads_yield_the_cpu_to_the_event_loop(resize: None) -> None:
    pools.configure(sized(workers=1, queue=0, nice=7))
    assert await pools.run("cpu", own_niceness) == min(19, own_niceness() + 7)
    pools.configure(sized(workers=1, queue=0, nice=0))
    assert await pools.run("cpu", own_niceness) == own_niceness()


def test_default_sizes_follow_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    sizes = pools.sizes(Settings(environment="test"))
    assert (sizes["auth"].workers, sizes["auth"].queue) == (1, 12)
    assert (sizes["cpu"].workers, sizes["cpu"].queue) == (3, 48)
    assert (sizes["io"].workers, sizes["io"].queue) == (7, 56)


def test_configuring_sets_how_long_threads_wait_for_the_interpreter(resize: None) -> None:
    before = sys.getswitchinterval()
    try:
        pools.configure(Settings(environment="test", interpreter_switch_ms=2.5))
        assert sys.getswitchinterval() == pytest.approx(0.0025)
        pools.configure(Settings(environment="test"))
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)
