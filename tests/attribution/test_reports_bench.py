"""The report benchmark runs in its quick size: the cached report equals the one computed on
the request, and the JSON line has its figures (speed targets are not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_report_benchmark_serves_the_same_totals_from_the_cache() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attribution_reports.py"), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["bench"] == "attribution_reports"
    assert set(result["targets"]) == {"cached_p50_ms", "ratio", "same_totals"}
    figures = result["figures"]
    assert figures["same_totals"] is True
    assert figures["orders"] > 0 and figures["clicks"] >= 10_000
    assert isinstance(result["meets"], bool)
