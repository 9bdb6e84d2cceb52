"""The CLI answers people, not stack traces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"MONGODB_URI"}}
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_lists_every_variable() -> None:
    result = run("settings")
    assert result.returncode == 0
    for name in ("MONGODB_URI", "REDIS_URL", "JWT_SECRET", "UPLOAD_MAX_BYTES"):
        assert name in result.stdout


def test_export_schema_writes_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    result = run("export-schema", "--path", str(target))
    assert result.returncode == 0, result.stderr
    assert "type Query" in target.read_text()


def test_seed_demo_without_a_database_explains_itself() -> None:
    result = run("seed-demo")
    assert result.returncode == 2
    assert "MONGODB_URI" in result.stderr and "Traceback" not in result.stderr


def test_bad_settings_are_reported_without_a_traceback() -> None:
    result = run("settings", JWT_SECRET="short")
    assert result.returncode == 2
    assert "JWT_SECRET" in result.stderr.upper() and "Traceback" not in result.stderr
