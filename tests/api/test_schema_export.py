"""The committed SDL is what the server serves; regenerate with `make schema`."""

from __future__ import annotations

from pathlib import Path

from api.schema import build_schema
from core.settings import Settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    served = build_schema(Settings()).as_str() + "\n"
    assert SCHEMA_FILE.read_text() == served, "api/schema.graphql is stale: run `make schema`"
