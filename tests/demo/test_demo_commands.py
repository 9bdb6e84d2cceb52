"""`trendloop seed-demo` answers people, not stack traces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "SEED_DEMO_SIZE"}}
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unknown_size_is_named() -> None:
    result = run("seed-demo", "--size", "huge")
    assert result.returncode == 2
    assert "huge" in result.stderr and "small" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_embedded_store_is_seeded_by_serve_not_by_this_command() -> None:
    result = run("seed-demo", "--size", "small")
    assert result.returncode == 2
    assert "SEED_DEMO_SIZE" in result.stderr and "MONGODB_URI" in result.stderr
    assert "Traceback" not in result.stderr
