"""Demo data: the accounts a person uses to look around after `make run`, and the world around them.

`SEED_DEMO_SIZE` picks what is seeded: `accounts` (the demo logins and the demo shop), `small`
(those plus ~90 days of a living platform: posts with real photos, likes, follows, campaigns,
clicks, orders, returns, payouts; what `make run` shows) or `large` (for load tests, against a
real MongoDB). The world is planned by `demo.world` and replayed through the platform's own
code by `demo.stages`, never written into collections behind the domain's back.

Seeding is idempotent: accounts are upserted by email, and a world is seeded once per database
(the `demo_worlds` collection remembers it).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from accounts import handles, records
from accounts.users import Role, hasher, new_user_doc
from api.state import AppState
from commerce.shops import seed_demo_shop
from core import clock
from core.mongo import AsyncDB
from core.settings import Settings
from demo.stages import count_collections, run_stages
from demo.timeline import LogProgress, Progress
from demo.world import NAMED_ACCOUNTS, PlantedElement, plan_world

log = logging.getLogger(__name__)

WORLD_MARKER = "world"
SEEDING_MARKER = "seeding"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: Role
    market: str
    bio: str


DEMO_ACCOUNTS = tuple(
    DemoAccount(a.email, a.display_name, a.role, a.market, a.bio) for a in NAMED_ACCOUNTS
)


@dataclass(frozen=True)
class SeedReport:
    size: str
    seed: int
    created: bool  # False: this database already held the world
    counts: dict[str, int]
    planted: tuple[PlantedElement, ...] = ()
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


async def seed_accounts(db: AsyncDB, settings: Settings) -> int:
    """Create the demo logins that do not exist yet; returns how many were created."""
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
        created += int(await records.insert_if_new(db, doc))
        stored = await db.users.find_one({"email": doc["email"]}, {"display_name": 1})
        if stored is not None:
            await handles.ensure_handle(db, stored["_id"], stored["display_name"])
    return created


async def seed_demo(
    state: AppState,
    *,
    size: str | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> SeedReport:
    """Seed the demo logins, and the demo world of `size` unless this database has one."""
    settings = state.settings
    chosen = size or settings.seed_demo_size
    number = settings.seed_demo_seed if seed is None else seed
    started = time.perf_counter()
    if chosen == "accounts":
        await seed_accounts(state.db, settings)
        await seed_demo_shop(state.db, settings)
        return SeedReport(chosen, number, True, await count_collections(state, ("users", "shops")))
    marker = await state.db.demo_worlds.find_one({"_id": WORLD_MARKER})
    if marker is not None:
        return SeedReport(marker["size"], marker["seed"], False, await count_collections(state))
    plan = plan_world(number, "large" if chosen == "large" else "small")
    # Removed once the world is complete: a store that still holds it was cut off mid-seeding.
    await state.db.demo_worlds.update_one(
        {"_id": SEEDING_MARKER}, {"$set": {"started_at": clock.now()}}, upsert=True
    )
    world = await run_stages(state, plan, progress or LogProgress())
    seconds = time.perf_counter() - started
    await state.db.demo_worlds.insert_one(
        {
            "_id": WORLD_MARKER,
            "size": chosen,
            "seed": number,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "seconds": round(seconds, 1),
            "seeded_at": clock.now(),
        }
    )
    await state.db.demo_worlds.delete_one({"_id": SEEDING_MARKER})
    return SeedReport(
        size=chosen,
        seed=number,
        created=True,
        counts=await count_collections(state),
        planted=plan.planted,
        stage_seconds=dict(world.stage_seconds),
        seconds=seconds,
    )


async def should_seed(state: AppState) -> bool:
    """What `SEED_DEMO` asks of a starting server: `always`, or `auto` and an empty embedded
    store (demo logins with a published password never go into a real database by accident)."""
    settings = state.settings
    if settings.seed_demo == "never":
        return False
    if settings.seed_demo == "auto":
        return settings.embedded_mongo and not await state.db.users.count_documents({}, limit=1)
    return True


async def interrupted(state: AppState) -> bool:
    """Did a seeding of this store stop before its world was complete?"""
    return await state.db.demo_worlds.find_one({"_id": SEEDING_MARKER}) is not None
