"""Smoke run of the sentiment benchmark in --quick mode: it runs over every language's set and
prints its one JSON line with the accuracy target met. Timings are not asserted (machine-bound)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.language import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sentiment_accuracy_benchmark_quick() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "sentiment_accuracy.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result) == {"bench", "figures", "targets", "meets"}
    assert result["bench"] == "sentiment_accuracy"
    figures = result["figures"]
    for language in LANGUAGES:
        assert figures[f"comments_{language}"] >= 100
        assert figures[f"accuracy_{language}"] >= result["targets"][f"accuracy_{language}"]
        # The reference reads no Chinese or Arabic at all: the comparison is real.
        assert 0.0 <= figures[f"vader_accuracy_{language}"] <= 1.0
    assert figures["vader_scored_zh"] < 0.1 and figures["vader_scored_ar"] < 0.1
    assert figures["per_second"] > 0 and figures["quick"] is True
