"""Seeding stage of the supplier side: the demo brand's suppliers, three months of purchase
orders through their whole lifecycle, the monthly grade recomputes, and the orders of the test
drops' batches — so scorecards, grade histories, payables and allocation show on day one.

Ten suppliers with known true behaviour (`PROFILES`): one excellent, one slow, one sloppy, one
new (invited in the last fortnight, no history), the rest in between. Every order's fate is
drawn from its supplier's profile with a generator seeded by the world's seed and the order's
number, so a world seeds the same whatever the date. Orders are allocated by the platform's own
allocation with the grades of the time, and every step goes through `commerce.purchase_orders`
at its moment (events run in time order from one queue; steps that would fall after the
world's end are left for "now": those orders are still open).

A share of the brand's returns is marked as quality returns (`commerce.quality_returns`), as
customer service would, and counts against the orders that made those pieces.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts import records
from accounts.users import Role, User, get_user_by_email, hasher, new_user_doc
from commerce import allocation_io, quality_returns, supplier_scoring
from commerce import purchase_orders as po_io
from commerce.orders import return_key
from commerce.purchase_orders import PODraft, POLine
from commerce.suppliers import SupplierDraft, create_supplier
from demo.replay import World
from demo.timeline import Progress
from feeds.drops import store as drops_store
from feeds.drops import supply as drop_supply

TRIAL_DAYS = 28
QUALITY_SHARE = 0.3
BRAND = "brand"  # the demo brand (Northwind, the documented demo shop)
SUPPLIER_EMAIL = "supplier@demo.trendloop.dev"


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    on_time: float
    defect: float
    accept_hours: float
    decline: float
    capacity: dict[str, int]
    joined_day: int = 0
    min_order: int = 0


PROFILES = (
    Profile("Canton Atelier", SUPPLIER_EMAIL, 0.97, 0.006, 3, 0.0,
            {"dresses": 600, "tops": 500, "skirts": 300}),
    Profile("Porto Stitchworks", "porto@suppliers.demo.trendloop.dev", 0.92, 0.015, 6, 0.02,
            {"dresses": 400, "outerwear": 200}),
    Profile("Izmir Textile", "izmir@suppliers.demo.trendloop.dev", 0.88, 0.02, 8, 0.03,
            {"tops": 500, "bottoms": 400}),
    Profile("Puebla Denim Works", "puebla@suppliers.demo.trendloop.dev", 0.9, 0.025, 10, 0.02,
            {"bottoms": 500, "skirts": 200}),
    Profile("Tirupur Knit Mills (slow)", "tirupur@suppliers.demo.trendloop.dev", 0.4, 0.02, 30,
            0.05, {"tops": 600, "dresses": 300}),
    Profile("Hanoi Quick Sew (sloppy)", "hanoi@suppliers.demo.trendloop.dev", 0.85, 0.14, 5,
            0.02, {"dresses": 500, "skirts": 300}),
    Profile("Lisbon Linen Lab", "lisbon@suppliers.demo.trendloop.dev", 0.8, 0.04, 14, 0.05,
            {"dresses": 200, "tops": 200}),
    Profile("Guangzhou Volume Co", "guangzhou@suppliers.demo.trendloop.dev", 0.55, 0.085, 20,
            0.08, {"tops": 800, "bottoms": 800, "outerwear": 400}),
    Profile("Dhaka Needle House", "dhaka@suppliers.demo.trendloop.dev", 0.86, 0.03, 12, 0.03,
            {"outerwear": 300, "bottoms": 300}, min_order=40),
    Profile("Marrakesh Threads (new)", "marrakesh@suppliers.demo.trendloop.dev", 0.93, 0.02, 6,
            0.0, {"dresses": 250, "skirts": 250}, joined_day=78),
)  # fmt: skip
# The brand's regular re-orders: (category, pieces) every week.
REORDERS = (("dresses", 240), ("tops", 200), ("bottoms", 180), ("skirts", 120), ("outerwear", 90))
UNIT_COST = {"dresses": 1150, "tops": 650, "bottoms": 900, "skirts": 800, "outerwear": 2100}
DECLINE_REASONS = ("Fabric sold out", "Line fully booked this week", "Cannot meet the due date")
DEFECT_REASONS = ("Loose stitching", "Colour off the approved swatch", "Stains", "Uneven hems")

Event = Callable[[], Awaitable[None]]


class Queue:
    """Events in time order; an event may schedule later ones (the next step of its order)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.end = world.plan.at(world.plan.size.days - 1, 23 * 3600)
        self._heap: list[tuple[datetime, int, Event]] = []
        self._seq = itertools.count()
        self.ran = 0

    def at(self, moment: datetime, event: Event) -> None:
        if moment <= self.end:
            heapq.heappush(self._heap, (moment, next(self._seq), event))

    async def run(self) -> None:
        while self._heap:
            moment, _, event = heapq.heappop(self._heap)
            self.world.timeline.set(moment)
            await event()
            self.ran += 1


async def _members(world: World) -> dict[str, User]:
    """One SUPPLIER account per profile, with the demo password (one hash for all)."""
    settings = world.state.settings
    password_hash = hasher(settings).hash(settings.demo_password)
    found = {}
    for number, profile in enumerate(PROFILES):
        world.at(max(0, profile.joined_day), 6 * 3600 + number)
        doc = new_user_doc(profile.email, password_hash, profile.name, Role.SUPPLIER, demo=True)
        await records.insert_if_new(world.state.db, doc)
        stored = await get_user_by_email(world.state.db, profile.email)
        assert stored is not None
        found[profile.email] = stored
    return found


class Lifecycle:
    """Draws and schedules one order's steps from its supplier's profile."""

    def __init__(self, world: World, queue: Queue, members: dict[str, User], seed: int) -> None:
        self.world = world
        self.queue = queue
        self.members = members
        self.seed = seed
        self.numbers = itertools.count()

    def follow(self, po: po_io.PurchaseOrder, profile: Profile) -> None:
        db = self.world.state.db
        settings = self.world.state.settings
        rng = random.Random(self.seed * 1_000_003 + next(self.numbers))
        if self.queue.end - po.issued_at < timedelta(hours=12):
            return  # issued on the world's last evening: waiting in the supplier's portal
        member = self.members[profile.email]
        issued = po.issued_at
        answered = issued + timedelta(hours=min(72.0, rng.expovariate(1 / profile.accept_hours)))
        due = datetime.combine(po.due_on, datetime.min.time(), tzinfo=issued.tzinfo)
        if rng.random() < profile.decline:
            why = rng.choice(DECLINE_REASONS)
            self.queue.at(answered, lambda: _ignore(po_io.decline(db, member, po.id, why)))
            return
        if rng.random() < profile.on_time:
            arrives = due - timedelta(days=rng.randint(0, 2), hours=-14)
        else:
            arrives = due + timedelta(days=rng.randint(1, 7), hours=14)
        arrives = max(arrives, answered + timedelta(days=2))
        ordered = po.ordered
        short = rng.randint(1, max(1, ordered // 12)) if rng.random() < 2 * profile.defect else 0
        received = max(1, ordered - short + (rng.randint(1, 4) if rng.random() < 0.05 else 0))
        defective = sum(rng.random() < profile.defect for _ in range(received))
        split = rng.random() < 0.3 and received > 20
        first_box = received * 3 // 5 if split else received
        brand = self.world.users[BRAND]

        self.queue.at(answered, lambda: _ignore(po_io.accept(db, member, po.id)))
        self.queue.at(
            answered + timedelta(hours=4),
            lambda: _ignore(po_io.start_production(db, member, po.id)),
        )
        ship_at = arrives - timedelta(days=1, hours=6)
        self.queue.at(ship_at, lambda: _ignore(po_io.ship(db, member, po.id, first_box, "box-1")))
        if split:
            self.queue.at(
                ship_at + timedelta(hours=8),
                lambda: _ignore(po_io.ship(db, member, po.id, received - first_box, "box-2")),
            )
        reason = rng.choice(DEFECT_REASONS) if defective else None
        self.queue.at(
            arrives,
            lambda: _ignore(
                po_io.receive(
                    db, settings, brand, po.id, passed=received - defective,
                    defective=defective, reason=reason, key="qc",
                )
            ),
        )  # fmt: skip
        self.queue.at(
            arrives + timedelta(hours=20),
            lambda: _ignore(po_io.mark_listed(db, brand, po.id)),
        )


async def _ignore(step: Awaitable[object]) -> None:
    await step


async def seed_suppliers(world: World, progress: Progress) -> None:
    state, plan = world.state, world.plan
    db, settings = state.db, state.settings
    brand = world.users[BRAND]
    progress.begin("suppliers", 4)
    members = await _members(world)
    profiles: dict[str, Profile] = {}
    queue = Queue(world)

    def invite(profile: Profile) -> Event:
        async def run() -> None:
            made = await create_supplier(
                db,
                settings,
                brand.id,
                SupplierDraft(
                    name=profile.name,
                    contact_email=profile.email,
                    capacity=profile.capacity,
                    min_order=profile.min_order,
                ),
                [members[profile.email].id],
            )
            profiles[made.id] = profile

        return run

    for number, profile in enumerate(PROFILES):
        queue.at(plan.at(profile.joined_day, 8 * 3600 + number), invite(profile))
    progress.advance()

    life = Lifecycle(world, queue, members, plan.seed)
    skus: dict[str, str] = {}
    for planned in plan.products:
        if planned.brand == BRAND:
            skus.setdefault(planned.category.lower(), planned.sku)
    batch_numbers = itertools.count(1)

    def reorder(day: int, category: str, pieces: int) -> Event:
        async def run() -> None:
            due = world.plan.at(day + 7, 0).date()
            trial = None
            if day < TRIAL_DAYS:
                # The first weeks are trial orders: an equal share to every supplier of the
                # category, so each has a record before grades decide.
                makers = sorted(i for i, p in profiles.items() if category in p.capacity)
                each, rest = divmod(pieces, len(makers))
                trial = [(m, each + (1 if n < rest else 0)) for n, m in enumerate(makers)]
            split = await allocation_io.preview(
                db, settings, brand.id, category, pieces, due, trial
            )
            number = next(batch_numbers)
            for share in split.shares:
                po = await po_io.issue(
                    db,
                    brand,
                    brand.id,
                    PODraft(
                        supplier_id=share.supplier_id,
                        category=category,
                        lines=[
                            POLine(skus.get(category, f"NW-{category.upper()}"), share.quantity,
                                   UNIT_COST[category])
                        ],
                        due_on=due,
                        allocation_reason=share.reason,
                        key=f"demo-reorder-{number}-{share.supplier_id}",
                    ),
                )  # fmt: skip
                life.follow(po, profiles[share.supplier_id])

        return run

    for day in range(1, plan.size.days - 2):
        if day % 7 == 1:  # once a week
            for index, (category, pieces) in enumerate(REORDERS):
                queue.at(plan.at(day, 9 * 3600 + index * 600), reorder(day, category, pieces))

    # The last evening's orders, still waiting for their suppliers to answer.
    last = plan.size.days - 1
    for index, (category, pieces) in enumerate(REORDERS[:2]):
        queue.at(plan.at(last, 18 * 3600 + index * 600), reorder(last, category, pieces))

    # The monthly recompute (the first of each month, 02:00, as the beat runs it).
    def recompute() -> Event:
        async def run() -> None:
            await supplier_scoring.recompute(db, settings, brand.id)

        return run

    for day in range(plan.size.days):
        if plan.at(day, 0).day == 1:
            queue.at(plan.at(day, 2 * 3600), recompute())
    # …and once on demand when the trial weeks end.
    queue.at(plan.at(TRIAL_DAYS, 3 * 3600), recompute())

    # The demo brand's test drops: each batch allocated and issued at its moment.
    drop_ids = [d for k, d in world.drop_ids.items() if _drop_brand(world, k) == BRAND]
    by_drop = await drops_store.products_of_drops(db, drop_ids)
    for drop_id, products in sorted(by_drop.items()):
        designer = next(d.designer for d in plan.drops if world.drop_ids.get(d.key) == drop_id)
        for product in products:
            for batch in product.batches:

                async def issue_batch(
                    product_id: str = product.id, number: int = batch.number,
                    designer: str = designer,
                ) -> None:  # fmt: skip
                    _, orders = await drop_supply.issue_batch_orders(
                        db, settings, world.users[designer], product_id, number
                    )
                    for po in orders:
                        life.follow(po, profiles[po.supplier_id])

                queue.at(batch.placed_at + timedelta(hours=2), issue_batch)
    # Customer service marks some of the brand's returns as quality returns, a day after each.
    shop_id = world.shops[BRAND][0]
    marks = random.Random(plan.seed * 7_919)
    for order in (*plan.orders, *plan.drop_orders):
        if order.brand != BRAND:
            continue
        for refund in order.returns:
            if marks.random() >= QUALITY_SHARE:
                continue
            sku, pieces, _ = refund.lines[0]

            async def mark(key: str = refund.key, sku: str = sku, pieces: int = pieces) -> None:
                await quality_returns.mark_quality_return(
                    db, brand, return_key(shop_id, key), sku, pieces, "Quality complaint"
                )

            queue.at(plan.at(refund.day, refund.second) + timedelta(days=1), mark)
    progress.advance()
    await queue.run()
    progress.advance()
    # Grades as of the world's end, so allocation and terms on day one use the latest record.
    world.timeline.set(queue.end)
    await supplier_scoring.recompute(db, settings, brand.id)
    progress.advance()


def _drop_brand(world: World, drop_key: str) -> str:
    return next(d.brand for d in world.plan.drops if d.key == drop_key)
