"""Tasks really run: in the embedded worker thread, and in a separate worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from celery.result import allow_join_result

from api.state import AppState
from core.redis import key
from core.tasks import heartbeat, ping

ROOT = Path(__file__).resolve().parents[2]


async def test_embedded_worker_runs_tasks_through_the_broker(state: AppState) -> None:
    with allow_join_result():
        result = ping.delay("hello").get(timeout=20)
    assert result == {"echo": "hello", "pid": os.getpid()}
    with allow_join_result():
        stamp = heartbeat.delay().get(timeout=20)
    assert await state.redis.get(key(state.settings, "beat", "last")) == stamp


async def test_a_separate_worker_process_runs_a_task(state: AppState) -> None:
    env = {
        **os.environ,
        "REDIS_URL": state.redis_url,
        "REDIS_PREFIX": state.settings.redis_prefix,
        "DATA_DIR": str(state.settings.data_dir),
        "LOG_JSON": "false",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "core.worker_entry",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            "probe",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        with allow_join_result():
            result = ping.apply_async(("from-the-test",), queue="probe").get(timeout=60)
        assert time.monotonic() < deadline
        assert result["echo"] == "from-the-test"
        assert result["pid"] == worker.pid
    finally:
        worker.terminate()
        worker.wait(timeout=30)
