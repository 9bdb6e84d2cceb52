"""`trendloop import-products`: a progress bar, row-by-row problems, upserts by SKU."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from accounts.users import Role
from api.cli.commerce import ImportFailed, run_import
from api.state import AppState
from commerce.shops import create_shop
from core.mongo import sync_db
from tests.api.helpers import make_account

ROOT = Path(__file__).resolve().parents[2]
FEED = """sku,title,price,currency,product_url,markets,category
B-1,Wide-leg jeans,49.90,EUR,https://shop.example.com/b1,DE|FR,denim
B-2,Cropped tee,abc,EUR,https://shop.example.com/b2,DE,tops
B-3,Bucket hat,15,EUR,https://shop.example.com/b3,XX,hats
B-4,Linen shirt,39.00,EUR,https://shop.example.com/b4,FR,shirts
"""


async def test_a_feed_is_imported_with_progress_and_row_errors(
    state: AppState, tmp_path: Path
) -> None:
    brand = await make_account(state, Role.BRAND)
    await create_shop(state.db, brand.user.id, "Shop", ["shop.example.com"])
    feed = tmp_path / "feed.csv"
    feed.write_text(FEED)
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False)
    db = sync_db(state.settings)
    summary = run_import(db, feed, brand.user.email, console)
    assert (summary.rows, summary.created, summary.updated) == (4, 2, 0)
    printed = out.getvalue()
    assert "Importing feed.csv" in printed and "4/4" in printed
    assert "2 created" in printed and "2 refused" in printed
    assert "INVALID" in printed and "UNKNOWN_MARKET" in printed
    again = run_import(db, feed, brand.user.id, console)
    assert (again.created, again.updated) == (0, 2)
    assert await state.db.products.count_documents({"brand_id": brand.user.id}) == 2

    shopper = await make_account(state, Role.SHOPPER)
    with pytest.raises(ImportFailed, match="not a brand"):
        run_import(db, feed, shopper.user.email, console)
    with pytest.raises(ImportFailed, match="Cannot read"):
        run_import(db, tmp_path / "missing.csv", brand.user.email, console)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ImportFailed, match="not a JSON document"):
        run_import(db, broken, brand.user.email, console)


def test_the_command_explains_it_needs_a_database(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text(FEED)
    env = {k: v for k, v in os.environ.items() if k != "MONGODB_URI"}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "import-products", str(feed), "--brand", "b@x.io"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "MONGODB_URI" in result.stderr and "Traceback" not in result.stderr
