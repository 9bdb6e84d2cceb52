"""Group commit in the journal: an acknowledged append is in the file, writers of several
event loops and threads share syncs safely, a cancelled writer does not cancel the others of
its batch, and a failing disk fails every waiter instead of leaving it hanging."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from core import journal


def _record(n: int) -> bytes:
    return journal.encode({"n": n, "pad": "x" * (n % 50)})


def _records_on_disk(path: Path, *, writing: bool = False) -> list[int]:
    """The records in the file. While others are `writing`, a batch the flusher is writing
    may be read half written: a torn tail past every acknowledged record, not counted."""
    records, torn = journal.read_records(path)
    assert writing or torn is None
    return [body["n"] for _, body in records]


def test_acknowledged_appends_are_in_the_file_across_loops_and_threads(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    log = journal.Journal(path, fsync=True)
    lock = threading.Lock()  # appends are serialised by the store's write lock
    acknowledged: list[tuple[int, int]] = []  # (ticket, records on disk when acknowledged)
    per_writer = 60

    def append(n: int) -> int:
        with lock:
            return log.append(_record(n))

    async def loop_writers(base: int) -> None:
        async def writer(offset: int) -> None:
            for step in range(per_writer):
                ticket = append(base + offset * per_writer + step)
                await log.wait_async(ticket)
                if step % 15 == 0:
                    acknowledged.append((ticket, len(_records_on_disk(path, writing=True))))

        await asyncio.gather(*(writer(offset) for offset in range(8)))

    def thread_writer(base: int) -> None:
        for step in range(per_writer):
            ticket = append(base + step)
            log.wait(ticket)
            if step % 15 == 0:
                acknowledged.append((ticket, len(_records_on_disk(path, writing=True))))

    threads = [
        threading.Thread(target=asyncio.run, args=(loop_writers(10_000 * (i + 1)),))
        for i in range(3)
    ] + [threading.Thread(target=thread_writer, args=(100_000 * (i + 1),)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    log.close()

    total = 3 * 8 * per_writer + 2 * per_writer
    on_disk = _records_on_disk(path)
    assert len(on_disk) == len(set(on_disk)) == total
    assert len(acknowledged) == 3 * 8 * 4 + 2 * 4
    # An append is acknowledged only once it, and every append before it, is in the file.
    assert all(count >= ticket for ticket, count in acknowledged)


async def test_cancelling_one_writer_leaves_the_rest_of_its_batch_acknowledged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.log"
    log = journal.Journal(path, fsync=True)
    started = asyncio.Event()

    async def writer(n: int) -> int:
        ticket = log.append(_record(n))
        if n == 0:
            started.set()
        await log.wait_async(ticket)
        return ticket

    tasks = [asyncio.create_task(writer(n)) for n in range(20)]
    await started.wait()
    tasks[5].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    log.close()

    assert isinstance(results[5], asyncio.CancelledError)
    tickets = [result for index, result in enumerate(results) if index != 5]
    assert sorted(tickets) == [ticket for ticket in range(1, 21) if ticket != 6]
    assert _records_on_disk(path) == list(range(20))


async def test_close_acknowledges_what_was_appended(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    log = journal.Journal(path, fsync=True)
    tickets = [log.append(_record(n)) for n in range(5)]
    waiting = asyncio.gather(*(log.wait_async(ticket) for ticket in tickets))
    await asyncio.to_thread(log.close)
    await asyncio.wait_for(waiting, timeout=10)
    assert _records_on_disk(path) == list(range(5))
    with pytest.raises(RuntimeError, match="closed"):
        await log.wait_async(6)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
async def test_a_failing_disk_fails_every_waiter_and_later_appends() -> None:
    # /dev/full answers every write with "no space left on device".
    log = journal.Journal(Path("/dev/full"), fsync=True)
    tickets = [log.append(_record(n)) for n in range(3)]
    outcomes = await asyncio.wait_for(
        asyncio.gather(*(log.wait_async(ticket) for ticket in tickets), return_exceptions=True),
        timeout=10,
    )
    assert all(isinstance(outcome, OSError) for outcome in outcomes)
    assert "could not write /dev/full" in str(outcomes[0])
    with pytest.raises(OSError, match="cannot write /dev/full"):
        log.append(_record(9))
    with pytest.raises(OSError):
        await asyncio.to_thread(log.wait, tickets[0])
    log.close()
