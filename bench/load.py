"""Benchmark: the server as `make run` starts it, under the demo simulator's traffic.

A child process runs `trendloop serve` on the embedded defaults (embedded store and Redis in a
fresh temporary DATA_DIR, the demo world seeded at start-up exactly as `serve` does it, the
in-process worker on) on 127.0.0.1. Once it answers `/readyz`, two phases:

1. `trendloop simulate --rate R --duration D --json` against it (clicks, likes and unlikes, feed
   reads, outfit uploads, order and return webhooks: see `demo.simulate`), and its report:
   errors, ticks it could not send in time, and latency percentiles per kind of request.
2. The shopper feed's first page (a new feed session: candidates read, ranked, frozen in Redis)
   from 20 concurrent signed-in clients, alternating with the reference in the same run: `GET
   /healthz` at the same concurrency, so the machine's other load shows in both.

Targets: no errors and no unsent ticks; p95 of clicks ≤ 50 ms, likes ≤ 100 ms, feed reads
≤ 250 ms, posts (the upload's answer) ≤ 500 ms, order webhooks ≤ 150 ms; the feed's first page
at 20 concurrent clients p95 ≤ 250 ms.

    .venv/bin/python bench/load.py [--rate 100] [--duration 60] [--pages 200]

Ends with one JSON line: {"bench": "load", "figures": {...}, "targets": {...}, "meets": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from support import live_server

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLIENTS = 20
# p95 targets per simulated request kind, in milliseconds.
KIND_TARGETS_MS = {"click": 50.0, "like": 100.0, "read": 250.0, "post": 500.0, "order": 150.0}
FIRST_PAGE_TARGET_MS = 250.0

LOG_IN = """mutation($email: String!, $password: String!) {
  logIn(input: {email: $email, password: $password}) { token errors { message } } }"""
FEED = """{ feed(first: 20) {
  edges { cursor node { id caption likeCount saveCount commentCount viewerHasLiked viewerHasSaved
    author { id displayName } images { url(variant: FEED) blurhash } } }
  pageInfo { hasNextPage endCursor } } }"""


def server_env(data_dir: Path, port: int) -> dict[str, str]:
    """The environment of `make run` with its defaults, in a fresh data dir."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"MONGODB_URI", "REDIS_URL"} and not name.startswith("TRENDLOOP_")
    }
    env.update(
        DATA_DIR=str(data_dir),
        HOST="127.0.0.1",
        PORT=str(port),
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def simulate(base: str, rate: float, duration: float, env: dict[str, str]) -> dict[str, Any]:
    command = [
        str(BIN / "trendloop"),
        "simulate",
        "--url",
        base,
        "--rate",
        str(rate),
        "--duration",
        str(duration),
        "--json",
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"simulate printed no report: {done.stdout} {done.stderr}") from exc
    return report


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


async def _tokens(http: Any, password: str) -> list[str]:
    from demo.seed import DEMO_ACCOUNTS
    from demo.simulate import EXTRA_SHOPPERS

    emails = [a.email for a in DEMO_ACCOUNTS if a.role.value == "SHOPPER"] + list(EXTRA_SHOPPERS)
    tokens = []
    for email in emails:
        response = await http.post(
            "/graphql",
            json={"query": LOG_IN, "variables": {"email": email, "password": password}},
        )
        token = response.json()["data"]["logIn"]["token"]
        if token:
            tokens.append(str(token))
    if not tokens:
        raise RuntimeError("no demo shopper could log in")
    return tokens


async def _first_pages(http: Any, token: str, count: int, out: list[float]) -> None:
    for _ in range(count):
        started = time.perf_counter()
        response = await http.post(
            "/graphql", json={"query": FEED}, headers={"authorization": f"Bearer {token}"}
        )
        out.append((time.perf_counter() - started) * 1000)
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"feed: HTTP {response.status_code}: {response.text[:200]}")
        if not body["data"]["feed"]["edges"]:
            raise RuntimeError("the feed's first page was empty")


async def _health(http: Any, count: int, out: list[float]) -> None:
    for _ in range(count):
        started = time.perf_counter()
        response = await http.get("/healthz")
        out.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"/healthz answered {response.status_code}")


async def feed_load(base: str, password: str, pages: int) -> dict[str, list[float]]:
    """Phases alternate (reference, feed, reference, feed), all clients at once in each."""
    import httpx

    out: dict[str, list[float]] = {"first": [], "health": []}
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        tokens = await _tokens(http, password)
        clients = [tokens[i % len(tokens)] for i in range(CLIENTS)]
        await asyncio.gather(*(_first_pages(http, t, 1, []) for t in clients))  # warm-up
        per_client = max(1, pages // CLIENTS // 2)
        for _ in range(2):
            await asyncio.gather(*(_health(http, per_client, out["health"]) for _ in clients))
            await asyncio.gather(
                *(_first_pages(http, t, per_client, out["first"]) for t in clients)
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--pages", type=int, default=200, help="feed first pages in phase 2")
    args = parser.parse_args()

    port = live_server.free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        env = server_env(Path(tmp) / "data", port)
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(BIN / "trendloop"), "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            live_server.wait_ready(base, server, timeout=900)
            print(f"server seeded and ready in {time.perf_counter() - started:.1f} s")
            report = simulate(base, args.rate, args.duration, env)
            password = env.get("DEMO_PASSWORD", "trendloop-demo")
            samples = asyncio.run(feed_load(base, password, args.pages))
        finally:
            server.terminate()
            try:
                _, stderr = server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                _, stderr = server.communicate()
            tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
            if tail:
                print("server's last log lines:", *tail, sep="\n  ")

    kinds: dict[str, dict[str, Any]] = report["kinds"]
    print(
        f"simulate --rate {args.rate:g} --duration {args.duration:g}: {report['requests']} "
        f"requests, {report['requests_per_second']}/s, {report['errors']} errors, "
        f"{report['unsent']} unsent, {report['saturated']} saturated"
    )
    for name, stats in kinds.items():
        print(
            f"  {name:<7} {stats['requests']:>5} requests {stats['errors']:>3} errors  "
            f"p50 {stats.get('p50_ms', '-')} ms  p95 {stats.get('p95_ms', '-')} ms  "
            f"p99 {stats.get('p99_ms', '-')} ms"
        )
    for sample in report["error_samples"]:
        print(f"  error: {sample}")
    first, health = samples["first"], samples["health"]
    figures: dict[str, Any] = {
        "rate": args.rate,
        "duration_s": args.duration,
        "requests": report["requests"],
        "requests_per_second": report["requests_per_second"],
        "errors": report["errors"],
        "unsent": report["unsent"],
        "saturated": report["saturated"],
    }
    for name in KIND_TARGETS_MS:
        stats = kinds.get(name, {})
        figures[f"{name}_p50_ms"] = stats.get("p50_ms")
        figures[f"{name}_p95_ms"] = stats.get("p95_ms")
    figures.update(
        first_page_clients=CLIENTS,
        first_pages=len(first),
        first_page_p50_ms=round(statistics.median(first), 1),
        first_page_p95_ms=round(percentile(first, 0.95), 1),
        reference_healthz_p50_ms=round(statistics.median(health), 1),
        reference_healthz_p95_ms=round(percentile(health, 0.95), 1),
    )
    print(
        f"feed first page at {CLIENTS} clients ({len(first)}): p50 "
        f"{figures['first_page_p50_ms']} ms, p95 {figures['first_page_p95_ms']} ms; reference "
        f"/healthz p50 {figures['reference_healthz_p50_ms']} ms, p95 "
        f"{figures['reference_healthz_p95_ms']} ms"
    )
    targets: dict[str, float] = {"errors": 0, "unsent": 0}
    targets.update({f"{name}_p95_ms": ms for name, ms in KIND_TARGETS_MS.items()})
    targets["first_page_p95_ms"] = FIRST_PAGE_TARGET_MS
    meets = all(
        figures[name] is not None and figures[name] <= limit for name, limit in targets.items()
    )
    print(json.dumps({"bench": "load", "figures": figures, "targets": targets, "meets": meets}))


if __name__ == "__main__":
    main()
