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


@pytest.mark.slow
def test_feed_quality_benchmark_quick() -> None:
    result = run_quick("feed_quality.py")
    assert result["bench"] == "feed_quality"
    figures = result["figures"]
    assert isinstance(figures, dict)
    assert figures["world"] == "small" and figures["quick"] is True
    assert figures["rankings"] > 100
    for name in ("popularity", "recent", "current", "taste"):
        assert 0.0 <= figures[f"{name}_ndcg20"] <= 1.0
        assert 0.0 <= figures[f"{name}_recall20"] <= 1.0
    # The taste ranker ranks what shoppers went on to engage with above the plain popularity
    # order on the demo world (shoppers there have lasting tastes, `demo.content`).
    assert figures["ndcg20_taste_vs_popularity"] > 1.0
