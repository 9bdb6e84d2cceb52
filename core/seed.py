"""Demo data: the accounts a person uses to look around after `make run`.

Seeding goes through the same functions as the API (no writing into collections behind the
domain's back) and is idempotent: seeding twice changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.accounts import Role, hasher, new_user_doc
from core.mongo import AsyncDB
from core.settings import Settings

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: Role
    market: str
    bio: str


DEMO_ACCOUNTS = (
    DemoAccount("shopper@demo.trendloop.dev", "Mia Chen", Role.SHOPPER, "US", "Thrift + vintage."),
    DemoAccount(
        "shopper.uk@demo.trendloop.dev", "Ollie Park", Role.SHOPPER, "UK", "Rainy-day fits."
    ),
    DemoAccount(
        "influencer@demo.trendloop.dev", "Lena Style", Role.INFLUENCER, "US", "Daily outfits."
    ),
    DemoAccount(
        "designer@demo.trendloop.dev", "Ravi Design", Role.DESIGNER, "US", "Womenswear team."
    ),
    DemoAccount(
        "brand@demo.trendloop.dev", "Northwind Apparel", Role.BRAND, "US", "Brand marketing."
    ),
    DemoAccount("admin@demo.trendloop.dev", "Ada Admin", Role.ADMIN, "US", "Platform operations."),
)


async def seed_accounts(db: AsyncDB, settings: Settings) -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    # One hash for all: argon2 is slow on purpose, and every demo account shares the password.
    password_hash = hasher(settings).hash(settings.demo_password)
    created = 0
    for account in DEMO_ACCOUNTS:
        doc = new_user_doc(
            account.email,
            password_hash,
            account.display_name,
            account.role,
            home_market=account.market,
            bio=account.bio,
            demo=True,
        )
        result = await db.users.update_one(
            {"email": doc["email"]}, {"$setOnInsert": doc}, upsert=True
        )
        created += int(result.upserted_id is not None)
    return created


async def seed_demo(db: AsyncDB, settings: Settings) -> dict[str, int]:
    from attribution.shops import seed_demo_shop

    accounts = await seed_accounts(db, settings)
    return {"accounts": accounts, "shops": await seed_demo_shop(db, settings)}


async def seed_if_wanted(state: AppState) -> None:
    settings = state.settings
    if settings.seed_demo == "never":
        return
    # Demo logins with a published password never go into a real database by accident.
    if settings.seed_demo == "auto" and (
        not settings.embedded_mongo or await state.db.users.count_documents({}, limit=1)
    ):
        return
    summary = await seed_demo(state.db, settings)
    log.info("demo data seeded", extra={"summary": summary})
