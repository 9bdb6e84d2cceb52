"""A real `trendloop serve` in a subprocess on a free 127.0.0.1 port, for benchmarks that
measure what a client sees."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVE = (sys.executable, "-m", "api.cli.main", "serve")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Until the server at `url` answers /readyz; SystemExit when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while not ready(url):
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up")
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the server was not ready within {timeout:.0f} s")
        time.sleep(0.2)


def start_server(
    data_dir: Path, env: dict[str, str], ready_timeout: float = 180.0
) -> tuple[subprocess.Popen[bytes], str]:
    """Serve from `data_dir` on the embedded stores (never a MONGODB_URI or REDIS_URL of the
    caller's shell) with `env` on top; the process and its base URL once it answers /readyz."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {
        **{k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "REDIS_URL"}},
        "DATA_DIR": str(data_dir),
        "PUBLIC_URL": url,
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*SERVE, "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + ready_timeout
    while not ready(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            tail = log_path.read_text(errors="replace")[-3000:]
            raise SystemExit(f"the server did not get ready:\n{tail}")
        time.sleep(0.2)
    return process, url


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
