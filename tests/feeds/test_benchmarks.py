"""Smoke runs of the feeds benchmarks in --quick mode: they run, print their one JSON line, and
the fast code agrees with its naive reference. Timings are not asserted here (machine-bound)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_quick(script: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    last = done.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    assert isinstance(result, dict)
    assert set(result) == {"bench", "figures", "targets", "meets"}
    return result


@pytest.mark.slow
def test_trends_benchmark_quick() -> None:
    result = run_quick("trends.py")
    assert result["bench"] == "trends"
    figures = result["figures"]
    assert isinstance(figures, dict)
    assert figures["top10_agreement"] == 10
    assert figures["occurrences"] > 10_000 and figures["quick"] is True


@pytest.mark.slow
def test_feed_ranking_benchmark_quick() -> None:
    result = run_quick("feed_ranking.py")
    assert result["bench"] == "feed_ranking"
    figures = result["figures"]
    assert isinstance(figures, dict)
    assert figures["orders_agree"] is True
    assert figures["candidates"] == 500 and figures["quick"] is True
