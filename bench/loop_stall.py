"""Benchmark: does the event loop keep answering while the expensive requests run?

A child process runs `trendloop serve` on the embedded defaults (fresh temporary DATA_DIR, only
the demo logins seeded, production argon2 costs, the in-process worker on) on 127.0.0.1. A
thread polls `GET /healthz` every ~10 ms over one kept-alive connection; `/healthz` does no work,
so its latency is the time a request waits for the event loop. Two phases:

1. idle: nothing else runs (the reference, in the same run);
2. load: at once, 20 `signUp`s (argon2 hashes), 20 `logIn`s with a wrong password for one
   existing account, 20 `logIn`s for 20 unknown emails (argon2 checks against a dummy hash),
   and one `createPost` multipart upload of 10 Pillow-made ~1500 px JPEGs (validated and
   stored, then processed by the worker). Polling runs until every answer is in.

The sign-up and log-in throttles answer some of these RATE_LIMITED before any hashing, and a
full worker pool answers 503 BUSY: every answer is counted by kind and printed.
`--lift-throttles` raises the sign-up and per-IP log-in limits so every request does its work.

Target: p99 of `/healthz` under load ≤ 50 ms.

    .venv/bin/python bench/loop_stall.py [--idle-seconds 5] [--lift-throttles] [--server-log F]

(With PYTHONASYNCIODEBUG=1 the server logs every step that held its loop over 100 ms.)

Ends with one JSON line: {"bench": "loop_stall", "figures": {...}, "targets": {...}, "meets": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import io
import json
import random
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, ImageDraw
from support import live_server

ROOT = Path(__file__).resolve().parent.parent
TARGET_LOAD_P99_MS = 50.0
POLL_INTERVAL_S = 0.010
READY_TIMEOUT_S = 180.0
DEMO_PASSWORD = "trendloop-demo"
POSTER = "shopper@demo.trendloop.dev"
EXISTING = "influencer@demo.trendloop.dev"

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }"""
LOG_IN = """mutation($input: LogInInput!) { logIn(input: $input) { token errors { code } } }"""
CREATE_POST = """mutation($input: CreatePostInput!) {
  createPost(input: $input) { post { id status } errors { field code message } } }"""


# --- the server --------------------------------------------------------------------------------


def start_server(data_dir: Path, lift_throttles: bool) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        "SEED_DEMO": "auto",
        "SEED_DEMO_SIZE": "accounts",
        "REDIS_PREFIX": f"tlstall-{uuid.uuid4().hex[:8]}:",
    }
    if lift_throttles:
        env |= {"SIGNUP_MAX_PER_IP": "1000", "SIGNUP_MAX_PER_NETWORK": "1000"}
        env |= {"LOGIN_MAX_PER_IP": "1000"}
    return live_server.start_server(data_dir, env, READY_TIMEOUT_S)


# --- the probe ---------------------------------------------------------------------------------


class HealthProbe:
    """GET /healthz every POLL_INTERVAL_S on its own thread and connection; latencies in ms."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.samples: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="healthz-probe", daemon=True)

    def _poll(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self._stop.is_set():
            began = time.perf_counter()
            try:
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.failures += 1
            except (OSError, http.client.HTTPException):
                self.failures += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            elapsed = time.perf_counter() - began
            self.samples.append(elapsed * 1000)
            self._stop.wait(max(0.0, POLL_INTERVAL_S - elapsed))
        connection.close()

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


# --- the load ----------------------------------------------------------------------------------


def photo_jpeg(seed: int, width: int = 1500, height: int = 1125) -> bytes:
    """A camera-like JPEG: gradients, shapes and sensor noise (so it compresses like a photo)."""
    rng = random.Random(seed)
    red = Image.linear_gradient("L").resize((width, height)).rotate(rng.uniform(0, 360))
    green = Image.radial_gradient("L").resize((width, height))
    blue = Image.effect_noise((width, height), 30 + seed)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randrange(60, 400)
        fill = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + size, y + size // 2), fill=fill)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def kind_of(response: httpx.Response, field: str) -> str:
    """One word for an answer: ok, a payload error code, BUSY, or the HTTP status."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        code = (errors[0].get("extensions") or {}).get("code", "ERROR")
        return str(code) if response.status_code == 200 else f"{code} ({response.status_code})"
    payload = (body.get("data") or {}).get(field) or {}
    codes = [e.get("code", "ERROR") for e in payload.get("errors") or []]
    return ",".join(sorted(set(codes))) if codes else "ok"


async def graphql(http: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables})


Timed = tuple[httpx.Response, float]


async def timed(request: Awaitable[httpx.Response]) -> Timed:
    began = time.perf_counter()
    response = await request
    return response, time.perf_counter() - began


async def log_in(http: httpx.AsyncClient, email: str, password: str) -> str:
    response = await graphql(http, LOG_IN, {"input": {"email": email, "password": password}})
    token = response.json()["data"]["logIn"]["token"]
    if not token:
        raise SystemExit(f"could not log in as {email}: {response.text}")
    return str(token)


async def create_post(http: httpx.AsyncClient, token: str, photos: list[bytes]) -> httpx.Response:
    variables = {"input": {"images": [None] * len(photos), "caption": "ten looks #loopstall"}}
    operations = {"query": CREATE_POST, "variables": variables}
    mapping = {str(i): [f"variables.input.images.{i}"] for i in range(len(photos))}
    files = [(str(i), (f"look-{i}.jpg", data, "image/jpeg")) for i, data in enumerate(photos)]
    return await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files=files,
        headers={"authorization": f"Bearer {token}"},
    )


async def load(url: str, token: str, photos: list[bytes]) -> dict[str, list[Timed]]:
    """Every request at once; the answers and their seconds, by request."""
    run = uuid.uuid4().hex[:6]
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        sign_ups = [
            timed(
                graphql(
                    http,
                    SIGN_UP,
                    {
                        "input": {
                            "email": f"stall-{run}-{n}@example.com",
                            "password": f"stall-pass-{n}-{run}",
                            "displayName": f"Stall {n}",
                        }
                    },
                )
            )
            for n in range(20)
        ]
        wrong_password = [
            timed(graphql(http, LOG_IN, {"input": {"email": EXISTING, "password": f"wrong-{n}"}}))
            for n in range(20)
        ]
        unknown_emails = [
            timed(
                graphql(
                    http,
                    LOG_IN,
                    {"input": {"email": f"nobody-{run}-{n}@example.com", "password": "whatever-1"}},
                )
            )
            for n in range(20)
        ]
        answers = await asyncio.gather(
            asyncio.gather(*sign_ups),
            asyncio.gather(*wrong_password),
            asyncio.gather(*unknown_emails),
            timed(create_post(http, token, photos)),
        )
    signed, wrong, unknown, posted = answers
    return {
        "signUp": signed,
        "logIn wrong password": wrong,
        "logIn unknown email": unknown,
        "createPost (10 photos)": [posted],
    }


FIELDS = {"signUp": "signUp", "logIn": "logIn", "createPost": "createPost"}


def kinds(request: str, answers: list[Timed]) -> Counter[str]:
    field = request.split(" ", 1)[0]
    return Counter(kind_of(response, FIELDS[field]) for response, _ in answers)


# --- the run -----------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "samples": len(samples),
        "p50_ms": round(percentile(samples, 50), 2),
        "p99_ms": round(percentile(samples, 99), 2),
        "max_ms": round(max(samples), 2) if samples else float("nan"),
        "mean_ms": round(statistics.fmean(samples), 2) if samples else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    parser.add_argument("--lift-throttles", action="store_true")
    parser.add_argument("--server-log", type=Path, help="keep the server's log in this file")
    args = parser.parse_args()

    photos = [photo_jpeg(seed) for seed in range(10)]
    print(f"10 photos, {sum(map(len, photos)) / 2**20:.1f} MB in all")
    with tempfile.TemporaryDirectory(prefix="trendloop-stall-") as tmp:
        process, url = start_server(Path(tmp), args.lift_throttles)
        try:
            port = int(url.rsplit(":", 1)[1])

            async def set_up() -> str:
                async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                    return await log_in(http, POSTER, DEMO_PASSWORD)

            token = asyncio.run(set_up())
            with HealthProbe(port) as idle:
                time.sleep(args.idle_seconds)
            with HealthProbe(port) as loaded:
                began = time.perf_counter()
                timings = asyncio.run(load(url, token, photos))
                load_seconds = time.perf_counter() - began
        finally:
            live_server.stop_server(process)
            if args.server_log:
                args.server_log.write_bytes((Path(tmp) / "server.log").read_bytes())

    idle_figures, load_figures = summary(idle.samples), summary(loaded.samples)
    ratio = load_figures["p99_ms"] / idle_figures["p99_ms"]
    print(f"\nGET /healthz every {POLL_INTERVAL_S * 1000:.0f} ms (latency = wait for the loop)")
    print(f"{'phase':<8}{'samples':>9}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'mean ms':>10}")
    for name, figures in (("idle", idle_figures), ("load", load_figures)):
        print(
            f"{name:<8}{figures['samples']:>9}{figures['p50_ms']:>10.2f}{figures['p99_ms']:>10.2f}"
            f"{figures['max_ms']:>10.2f}{figures['mean_ms']:>10.2f}"
        )
    print(f"p99 load / idle: {ratio:.1f}x; load phase {load_seconds:.2f} s")
    print(f"probe failures: idle {idle.failures}, load {loaded.failures}")
    answers = {request: kinds(request, done) for request, done in timings.items()}
    print("\nanswers (throttles: " + ("lifted" if args.lift_throttles else "default") + ")")
    print(f"  {'request':<24}{'median s':>9}{'max s':>8}  kinds")
    for request, counted in answers.items():
        seconds = [elapsed for _, elapsed in timings[request]]
        shown = ", ".join(f"{kind} {count}" for kind, count in sorted(counted.items()))
        print(f"  {request:<24}{statistics.median(seconds):>9.2f}{max(seconds):>8.2f}  {shown}")

    figures = {
        "idle_p50_ms": idle_figures["p50_ms"],
        "idle_p99_ms": idle_figures["p99_ms"],
        "load_p50_ms": load_figures["p50_ms"],
        "load_p99_ms": load_figures["p99_ms"],
        "load_max_ms": load_figures["max_ms"],
        "load_samples": load_figures["samples"],
        "p99_ratio": round(ratio, 2),
        "load_seconds": round(load_seconds, 2),
        "throttles": "lifted" if args.lift_throttles else "default",
        "answers": {request: dict(counted) for request, counted in answers.items()},
    }
    meets = load_figures["p99_ms"] <= TARGET_LOAD_P99_MS and not (idle.failures + loaded.failures)
    result = {
        "bench": "loop_stall",
        "figures": figures,
        "targets": {"load_p99_ms": TARGET_LOAD_P99_MS},
        "meets": meets,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
