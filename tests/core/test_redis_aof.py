"""The embedded Redis keeps what it acknowledged: its server killed with SIGKILL (and the
process that started it too), a new start on the same data dir finds the stream's entries and
its consumer group, pending entries included. A server whose starter was killed is stopped by
the next process that takes it over, not left running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the embedded Redis")

WRITER = """
import json, sys, time
from pathlib import Path
from core.redis import start_embedded, sync_client
client = sync_client(start_embedded(Path(sys.argv[1])))
for n in range(50):
    client.xadd("tl:clicks", {"n": n})
client.xgroup_create("tl:clicks", "drain", id="0")
client.xreadgroup("drain", "worker-1", {"tl:clicks": ">"}, count=20)
client.xack("tl:clicks", "drain", *[e for e, _ in client.xrange("tl:clicks", count=5)])
time.sleep(1.5)  # appendfsync everysec: the last second is what a crash may lose
print(json.dumps({"pid": client.info()["process_id"]}), flush=True)
time.sleep(600)
"""

READER = """
import json, sys
from pathlib import Path
from core.redis import start_embedded, sync_client
client = sync_client(start_embedded(Path(sys.argv[1])))
groups = client.xinfo_groups("tl:clicks")
pending = client.xpending("tl:clicks", "drain")
print(json.dumps({
    "length": client.xlen("tl:clicks"),
    "groups": [(g["name"], g["pending"]) for g in groups],
    "pending": pending["pending"],
    "pid": client.info()["process_id"],
    "aof": client.config_get("appendonly")["appendonly"],
}))
client.shutdown(nosave=True)
"""


HOLDER = """
import json, sys
from pathlib import Path
from core.redis import start_embedded, sync_client
client = sync_client(start_embedded(Path(sys.argv[1])))
print(json.dumps({"pid": client.info()["process_id"]}), flush=True)
sys.stdin.readline()  # then exits normally, as `serve` does on Ctrl-C
"""


def _python(code: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    return subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _redis_pid(process: subprocess.Popen[str]) -> int:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "the process printed nothing"
    pid: int = json.loads(line)["pid"]
    return pid


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _exit(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.wait(timeout=30) == 0


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not _running(pid):
            return
        time.sleep(0.05)
    raise AssertionError(f"redis-server {pid} still running")


def test_stream_and_consumer_group_survive_a_killed_redis(tmp_path: Path) -> None:
    writer = _python(WRITER, tmp_path)
    try:
        redis_pid = _redis_pid(writer)
        os.kill(redis_pid, signal.SIGKILL)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        _wait_gone(redis_pid)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert (tmp_path / "redis" / "appendonly.aof").stat().st_size > 0

    reader = _python(READER, tmp_path)
    out, _ = reader.communicate(timeout=60)
    found = json.loads(out)
    assert found["pid"] != redis_pid and found["aof"] == "yes"
    assert found["length"] == 50
    assert found["groups"] == [["drain", 15]]
    assert found["pending"] == 15


def test_a_server_left_by_a_killed_process_is_stopped_by_the_one_that_takes_it_over(
    tmp_path: Path,
) -> None:
    started: list[subprocess.Popen[str]] = []
    redis_pid = None
    try:
        first = _python(HOLDER, tmp_path)
        started.append(first)
        redis_pid = _redis_pid(first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert _running(redis_pid)  # orphaned: nobody left to stop it

        second = _python(HOLDER, tmp_path)  # `serve` started again: joins it and takes it over
        started.append(second)
        assert _redis_pid(second) == redis_pid
        third = _python(HOLDER, tmp_path)  # a CLI command beside it: joins, owns nothing
        started.append(third)
        assert _redis_pid(third) == redis_pid
        _exit(third)
        assert _running(redis_pid)
        _exit(second)
        _wait_gone(redis_pid)
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
        if redis_pid is not None and _running(redis_pid):
            os.kill(redis_pid, signal.SIGKILL)
