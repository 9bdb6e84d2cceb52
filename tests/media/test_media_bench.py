from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_benchmark_quick_run_ends_with_its_json_line() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "media_pipeline.py"), "--quick"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["bench"] == "media_pipeline"
    assert set(report) == {"bench", "figures", "targets", "meets"}
    figures = report["figures"]
    assert figures["fast_median_s"] > 0 and figures["naive_median_s"] > 0
    assert sorted(figures["fast_variants"]["full"][:2]) == [1500, 2000]
    assert figures["peak_memory"]["fast_12mp_jpeg"]["per_image_mib"] > 0
    assert isinstance(report["meets"], bool)
