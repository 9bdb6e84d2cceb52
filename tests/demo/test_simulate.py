"""`trendloop simulate` against a real `trendloop serve` (seeded with the small demo world at
start-up, as `make run` does): a few seconds of every kind of traffic, zero errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.simulate import SimulationConfig, SimulationError, simulate, visitor_cookie

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 240.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    data_dir = tmp_path_factory.mktemp("simulated-server")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "REDIS_URL"}},
        "DATA_DIR": str(data_dir),
        "SEED_DEMO": "always",
        "SEED_DEMO_SIZE": "small",
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_URL": url,
        "REDIS_PREFIX": f"tlsim-{uuid.uuid4().hex[:8]}:",
    }
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli.main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not _ready(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not get ready:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


async def test_a_few_seconds_of_traffic_with_zero_errors(server: str) -> None:
    report = await simulate(SimulationConfig(url=server, rate=25, duration=4, seed=3))
    summary = report.as_dict()
    print("\n" + json.dumps(summary, indent=1))
    assert report.errors == 0, report.error_samples
    assert report.requests >= 90
    # Clicks come from many visitors, each keeping its own cookie, not from one client's jar.
    assert report.visitors >= 10
    for kind in ("click", "like", "read", "order", "post"):
        assert summary["kinds"][kind]["requests"] > 0, kind
        assert summary["kinds"][kind]["p50_ms"] <= summary["kinds"][kind]["p99_ms"]


def test_the_command_reports_as_json_and_exits_zero(server: str) -> None:
    command = ["simulate", "--url", server, "--duration", "1.5", "--rate", "10", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["requests"] >= 10
    assert report["requests_per_second"] > 0


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        (SimulationConfig(url="http://example.com:8000"), "not this machine"),
        (SimulationConfig(rate=0), "rate"),
        (SimulationConfig(rate=10_000), "rate"),
        (SimulationConfig(duration=7200), "duration"),
        (SimulationConfig(url="ftp://127.0.0.1"), "http"),
    ],
)
async def test_out_of_bounds_runs_are_refused_before_any_request(
    config: SimulationConfig, reason: str
) -> None:
    with pytest.raises(SimulationError, match=reason):
        await simulate(config)


async def test_a_server_that_is_not_there_is_a_clear_error() -> None:
    with pytest.raises(SimulationError, match="No server answers"):
        await simulate(SimulationConfig(url=f"http://127.0.0.1:{_free_port()}", duration=1))


def test_the_visitor_cookie_is_read_from_set_cookie() -> None:
    assert visitor_cookie("tl_vid=abc123; Max-Age=31536000; Path=/; HttpOnly") == "abc123"
    assert visitor_cookie("other=1; Path=/") is None
    assert visitor_cookie(None) is None
