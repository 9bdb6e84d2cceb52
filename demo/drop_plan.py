"""The demo world's test drops: designers attached to brands launch small first batches on the
planted trends, and sales decide (a hit to re-order, a steady seller, a slow one, one with too
many returns, one on a declining element, one not launched yet).

Sales come as orders and returns through the brand's shop (the signed webhooks), day by day
from launch; how fast each product sells is its profile.
"""

from __future__ import annotations

from collections.abc import Sequence

from accounts.users import Role
from demo.plan import (
    DAY_SECONDS,
    AccountPlan,
    DropPlan,
    DropProductPlan,
    DropProfile,
    OrderPlan,
    PlantedElement,
    ReturnPlan,
    WorldSize,
    daytime,
    rng_for,
)
from feeds.taxonomy import Taxonomy

# Units ordered per day on sale, and the share of them that comes back.
PROFILES: dict[DropProfile, tuple[float, float]] = {
    "hit": (7.0, 0.04),
    "steady": (3.2, 0.05),
    "slow": (0.5, 0.0),
    "returns": (5.0, 0.45),
}
FIRST_BATCH = 100
LAUNCHED_DAYS_AGO = 11


def plan_drops(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    planted: Sequence[PlantedElement],
    taxonomy: Taxonomy,
) -> tuple[tuple[tuple[str, str], ...], list[DropPlan], list[OrderPlan]]:
    rng = rng_for(seed, "drops")
    designers = [a for a in accounts if a.role is Role.DESIGNER]
    brands = [a for a in accounts if a.role is Role.BRAND]
    attached = tuple(
        (designer.key, brands[i % len(brands)].key) for i, designer in enumerate(designers)
    )
    emerging = [p for p in planted if p.direction == "EMERGING"]
    declining = [p for p in planted if p.direction == "DECLINING"]
    if not attached or not emerging or not declining:
        return attached, [], []
    last = size.days - 1
    launch = last - LAUNCHED_DAYS_AGO
    first_designer, first_brand = attached[0]
    other_designer, other_brand = attached[1 % len(attached)]

    def products(
        code: str, element_id: str, shapes: Sequence[tuple[DropProfile, str]]
    ) -> tuple[DropProductPlan, ...]:
        name = taxonomy[element_id].name
        made = []
        for number, (profile, category) in enumerate(shapes):
            price = int(rng.integers(29, 70)) * 100 - 1
            made.append(
                DropProductPlan(
                    sku=f"DROP-{code}-{number + 1}",
                    title=f"{name} {category.rstrip('s').lower()}",
                    category=category,
                    price_minor=price,
                    unit_cost_minor=price * 3 // 10,
                    units=FIRST_BATCH,
                    profile=profile,
                )
            )
        return tuple(made)

    hit_element = emerging[0].element_id
    drops = [
        DropPlan(
            key="capsule",
            designer=first_designer,
            brand=first_brand,
            name=f"{taxonomy[hit_element].name} capsule",
            element_ids=(hit_element,),
            markets=size.markets[:3],
            created_day=launch - 3,
            launch_day=launch,
            products=products(
                "A", hit_element, [("hit", "Tops"), ("steady", "Dresses"), ("returns", "Skirts")]
            ),
            reorder_day=last - 1,
        ),
        DropPlan(
            key="late-edit",
            designer=other_designer,
            brand=other_brand,
            name=f"{taxonomy[declining[0].element_id].name} edit",
            element_ids=(declining[0].element_id,),
            markets=size.markets[:2],
            created_day=launch - 5,
            launch_day=launch - 2,
            products=products(
                "B", declining[0].element_id, [("slow", "Outerwear"), ("slow", "Bags")]
            ),
            reorder_day=None,
        ),
    ]
    if len(emerging) > 1:
        element = emerging[1].element_id
        drops.append(
            DropPlan(
                key="pre-order",
                designer=first_designer,
                brand=first_brand,
                name=f"{taxonomy[element].name} pre-order",
                element_ids=(element,),
                markets=(emerging[1].market or size.markets[0],),
                created_day=last - 1,
                launch_day=last + 6,
                products=products("C", element, [("steady", "Dresses")]),
                reorder_day=None,
            )
        )
    orders: list[OrderPlan] = []
    for drop in drops:
        for product in drop.products:
            rate, returned = PROFILES[product.profile]
            for day in range(max(0, drop.launch_day), last + 1):
                for _ in range(int(rng.poisson(rate))):
                    key = f"drop-{drop.key}-{len(orders):05d}"
                    quantity = 1 + int(float(rng.random()) < 0.1)
                    line = (product.sku, quantity, quantity * product.price_minor)
                    returns: tuple[ReturnPlan, ...] = ()
                    back = day + int(rng.integers(2, 5))
                    if float(rng.random()) < returned and back <= last:
                        returns = (ReturnPlan(f"{key}-r", back, daytime(rng), (line,), late=False),)
                    orders.append(
                        OrderPlan(
                            key=key,
                            brand=drop.brand,
                            day=day,
                            second=min(DAY_SECONDS - 1, daytime(rng, 6 * 3600)),
                            visitor=int(rng.integers(size.visitors)),
                            click=None,
                            creator_code=None,
                            lines=(line,),
                            customer_email=None,
                            returns=returns,
                        )
                    )
    orders.sort(key=lambda o: (o.day, o.second, o.key))
    return attached, drops, orders
