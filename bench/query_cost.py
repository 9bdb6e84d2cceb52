"""Query cost limits: what computing a cost takes, and what refusing an abusive query costs the
server.

1. `api.core.cost.query_cost` on a document of about 4,000 tokens (the token limit), against
   graphql-core's `parse` of the same text and the query-depth limiter's validation pass over
   the parsed document, all in this process (median of many runs). Target: ≤ 2 ms.
2. A real `trendloop serve` on 127.0.0.1 (embedded store, no demo data, no worker thread):
   the 30-alias query that used to run for seconds, sent anonymously, must be refused
   (QUERY_TOO_COSTLY) with a median round trip ≤ 20 ms; reference: `{ __typename }`. Timed
   twice: the same text again and again (parsed once, then from the parser cache), and a new
   text each time (alias names changed: parsed every time, the attacker's best case).
3. `/healthz` p99 while 20 of those refused queries, each a new text, are always in flight:
   ≤ 50 ms; reference: `/healthz` on the idle server.

Latencies depend on what else the machine runs: the load average is printed with them.

    .venv/bin/python bench/query_cost.py [--quick]

Prints the figures, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx
from graphql import Lexer, Source, TokenKind, parse, validate
from strawberry.extensions.query_depth_limiter import create_validator
from support import live_server

from api.core.cost import query_cost
from api.schema import build_schema
from core.settings import Settings

HEAVY_ALIAS = (
    "posts(first:100){nodes{id author{id} images{variants{url}} productTags{product{id}} "
    "comments(first:100){nodes{body author{id}}}}}"
)
HEAVY = "{" + " ".join(f"a{i}: {HEAVY_ALIAS}" for i in range(30)) + "}"


def heavy_variant(n: int) -> str:
    """The heavy query with its own alias names: a text the parser cache has never seen."""
    return "{" + " ".join(f"a{i}_{n}: {HEAVY_ALIAS}" for i in range(30)) + "}"


TRIVIAL = "{ __typename }"
TARGETS = {"cost_ms": 2.0, "refusal_ms": 20.0, "healthz_p99_ms": 50.0}


def tokens(text: str) -> int:
    lexer = Lexer(Source(text))
    count = 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def big_document(target_tokens: int = 4000) -> str:
    """Aliased feed-like selections with fragments and inline fragments, grown to just under
    `target_tokens`."""
    fragments = """
fragment Author on User { id displayName avatarUrl homeMarket }
fragment Tag on ProductTag {
  productId imageIndex x y product { id title price { amountMinor currency } }
}
fragment PostCard on Post {
  id caption hashtags market likeCount saveCount commentCount createdAt
  author { ...Author }
  images { width height blurhash feed: url(variant: FEED) thumb: url(variant: THUMB) }
  productTags { ...Tag }
  comments(first: 3) { nodes { id body author { ...Author } } pageInfo { hasNextPage } }
}
"""
    parts: list[str] = []
    alias = 0
    while True:
        block = (
            f"p{alias}: posts(first: $n, after: $after) {{ edges {{ cursor node {{ ...PostCard "
            f"... on Post {{ publishedAt status }} }} }} pageInfo {{ hasNextPage endCursor }} }}"
        )
        candidate = (
            "query Big($n: Int!, $after: String) {\n"
            + "\n".join([*parts, block])
            + "\n}\n"
            + fragments
        )
        if tokens(candidate) > target_tokens:
            break
        parts.append(block)
        alias += 1
    return "query Big($n: Int!, $after: String) {\n" + "\n".join(parts) + "\n}\n" + fragments


def median_ms(action: Callable[[], object], runs: int) -> float:
    for _ in range(min(20, runs)):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def pure_figures(runs: int) -> dict[str, Any]:
    settings = Settings(environment="test")
    schema = build_schema(settings)._schema
    text = big_document()
    document = parse(text)
    variables = {"n": 20}
    depth_rule = create_validator(settings.graphql_max_depth, None, None)
    assert not validate(schema, document), validate(schema, document)[:3]
    return {
        "document_tokens": tokens(text),
        "document_cost": query_cost(schema, document, variables),
        "cost_ms": round(median_ms(lambda: query_cost(schema, document, variables), runs), 3),
        "parse_ms": round(median_ms(lambda: parse(text), runs), 3),
        "depth_limiter_ms": round(
            median_ms(lambda: validate(schema, document, [depth_rule]), runs), 3
        ),
    }


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {"SEED_DEMO": "never", "EMBEDDED_WORKER": "false"}
    return live_server.start_server(data_dir, env, 120)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def round_trips(
    http: httpx.AsyncClient, query: Callable[[int], str], runs: int
) -> list[float]:
    samples = []
    for n in range(runs):
        text = query(n)
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": text})
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return samples


async def healthz_samples(http: httpx.AsyncClient, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await http.get("/healthz")
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        await asyncio.sleep(0.005)
    return samples


async def server_figures(url: str, runs: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=40, max_keepalive_connections=40)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        refused = (await http.post("/graphql", json={"query": HEAVY})).json()
        code = refused["errors"][0]["extensions"]["code"]
        await round_trips(http, lambda _: TRIVIAL, 20)
        trivial = await round_trips(http, lambda _: TRIVIAL, runs)
        heavy = await round_trips(http, lambda _: HEAVY, runs)
        varied = await round_trips(http, heavy_variant, runs)
        idle = await healthz_samples(http, runs)

        stop = asyncio.Event()
        sent = 0
        failed = 0

        async def flood(worker: int) -> None:
            nonlocal sent, failed
            n = 0
            while not stop.is_set():
                n += 1
                text = heavy_variant(runs + worker * 1_000_000 + n)
                try:
                    response = await http.post("/graphql", json={"query": text})
                    code = response.json()["errors"][0]["extensions"]["code"]
                except (httpx.HTTPError, ValueError, KeyError, IndexError):
                    failed += 1
                    continue
                if code == "QUERY_TOO_COSTLY":
                    sent += 1
                else:
                    failed += 1

        flooders = [asyncio.create_task(flood(w)) for w in range(20)]
        await asyncio.sleep(0.5)
        started = time.perf_counter()
        busy = await healthz_samples(http, runs * 2)
        flood_seconds = time.perf_counter() - started
        stop.set()
        await asyncio.gather(*flooders)
    return {
        "heavy_code": code,
        "trivial_median_ms": round(statistics.median(trivial), 2),
        "refusal_median_ms": round(statistics.median(heavy), 2),
        "refusal_p95_ms": round(percentile(heavy, 0.95), 2),
        "refusal_new_text_median_ms": round(statistics.median(varied), 2),
        "refusal_new_text_p95_ms": round(percentile(varied, 0.95), 2),
        "healthz_idle_p99_ms": round(percentile(idle, 0.99), 2),
        "healthz_p99_ms": round(percentile(busy, 0.99), 2),
        "refusals_per_second_under_flood": round(sent / flood_seconds, 1),
        "flood_failures": failed,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 50 if args.quick else 200

    figures = pure_figures(runs * 2)
    print(
        f"cost of a {figures['document_tokens']}-token document (cost {figures['document_cost']}): "
        f"{figures['cost_ms']} ms; parse {figures['parse_ms']} ms; "
        f"depth limiter {figures['depth_limiter_ms']} ms"
    )
    with tempfile.TemporaryDirectory(prefix="trendloop-bench-cost-") as tmp:
        process, url = start_server(Path(tmp))
        try:
            figures.update(asyncio.run(server_figures(url, runs)))
        finally:
            live_server.stop_server(process)
    print(
        f"heavy query: {figures['heavy_code']}, median {figures['refusal_median_ms']} ms "
        f"(p95 {figures['refusal_p95_ms']} ms); a new text each time: median "
        f"{figures['refusal_new_text_median_ms']} ms (p95 {figures['refusal_new_text_p95_ms']} "
        f"ms); trivial query median {figures['trivial_median_ms']} ms"
    )
    print(
        f"/healthz p99: {figures['healthz_p99_ms']} ms with 20 refused queries in flight "
        f"({figures['refusals_per_second_under_flood']}/s, {figures['flood_failures']} failed), "
        f"{figures['healthz_idle_p99_ms']} ms idle; load average {figures['load_average_1min']}"
    )
    meets = (
        figures["cost_ms"] <= TARGETS["cost_ms"]
        and figures["heavy_code"] == "QUERY_TOO_COSTLY"
        and figures["refusal_median_ms"] <= TARGETS["refusal_ms"]
        and figures["refusal_new_text_median_ms"] <= TARGETS["refusal_ms"]
        and figures["flood_failures"] == 0
        and figures["healthz_p99_ms"] <= TARGETS["healthz_p99_ms"]
    )
    print(
        json.dumps({"bench": "query_cost", "figures": figures, "targets": TARGETS, "meets": meets})
    )


if __name__ == "__main__":
    main()
