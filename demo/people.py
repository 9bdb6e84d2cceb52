"""The demo world's people: named demo logins, generated shoppers, influencers by tier,
designers, brands, a spammer, and the anonymous visitors who follow shoppable links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from accounts.users import Role
from demo.plan import DEMO_DOMAIN, AccountPlan, ClickAgent, Visitor, WorldSize, rng_for

FIRST_NAMES = (
    "Mia", "Ollie", "Ava", "Noah", "Zoe", "Leo", "Ivy", "Kai", "Lena", "Omar", "Sofia", "Yuki",
    "Priya", "Mateo", "Chloe", "Finn", "Aisha", "Luca", "Nina", "Ravi", "Elena", "Hugo", "Maya",
    "Jonas", "Clara", "Diego", "Amara", "Felix", "Lea", "Tomas", "Isla", "Sami", "Rosa", "Theo",
    "Anya", "Bruno", "Camila", "Emil", "Hana", "Iris",
)  # fmt: skip
LAST_NAMES = (
    "Chen", "Park", "Silva", "Muller", "Dubois", "Costa", "Rossi", "Khan", "Novak", "Garcia",
    "Okafor", "Berg", "Tanaka", "Haddad", "Moreau", "Lopez", "Schmidt", "Nguyen", "Ali", "Rey",
)  # fmt: skip
INFLUENCER_HANDLES = (
    "Style",
    "Threads",
    "Closet",
    "Edit",
    "Wardrobe",
    "Looks",
    "Daily",
    "Fits",
    "Muse",
    "Vibe",
)
BRANDS = (
    ("brand", "Northwind Apparel", "shop.northwind.example"),
    ("brand.lumen", "Lumen Studio", "shop.lumen.example"),
    ("brand.rue", "Rue Atelier", "shop.rueatelier.example"),
    ("brand.harbor", "Harbor & Pine", "shop.harborpine.example"),
    ("brand.kite", "Kite Denim Co", "shop.kitedenim.example"),
    ("brand.solstice", "Solstice Wear", "shop.solstice.example"),
)
BIOS = (
    "Thrift + vintage.",
    "Rainy-day fits.",
    "Minimal wardrobe, maximal coffee.",
    "Colour first.",
    "Weekend markets and linen.",
    "Sneakers over everything.",
    "",
)
USER_AGENTS: dict[ClickAgent, tuple[str, ...]] = {
    "desktop": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Safari/605.1.15",
    ),
    "mobile": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36",
    ),
    "bot": (
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    ),
    "preview": (
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "WhatsApp/2.23.20.0",
    ),
}


def person_name(rng: np.random.Generator) -> str:
    first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
    last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
    return f"{first} {last}"


# --- accounts ------------------------------------------------------------------------------


# The documented demo logins (README, the web app's login page): always in the world.
NAMED_ACCOUNTS = (
    AccountPlan(
        "shopper", f"shopper@{DEMO_DOMAIN}", "Mia Chen", Role.SHOPPER, "US", "Thrift + vintage."
    ),
    AccountPlan(
        "shopper.uk",
        f"shopper.uk@{DEMO_DOMAIN}",
        "Ollie Park",
        Role.SHOPPER,
        "UK",
        "Rainy-day fits.",
    ),
    AccountPlan(
        "influencer",
        f"influencer@{DEMO_DOMAIN}",
        "Lena Style",
        Role.INFLUENCER,
        "US",
        "Daily outfits.",
    ),
    AccountPlan(
        "influencer.uk",
        f"influencer.uk@{DEMO_DOMAIN}",
        "Noor Threads",
        Role.INFLUENCER,
        "UK",
        "Colour first, always.",
    ),
    AccountPlan(
        "designer",
        f"designer@{DEMO_DOMAIN}",
        "Ravi Design",
        Role.DESIGNER,
        "US",
        "Womenswear team.",
    ),
    AccountPlan(
        "brand", f"brand@{DEMO_DOMAIN}", "Northwind Apparel", Role.BRAND, "US", "Brand marketing."
    ),
    AccountPlan(
        "brand.lumen",
        f"brand.lumen@{DEMO_DOMAIN}",
        "Lumen Studio",
        Role.BRAND,
        "UK",
        "Brand marketing.",
    ),
    AccountPlan(
        "admin", f"admin@{DEMO_DOMAIN}", "Ada Okafor", Role.ADMIN, "US", "Platform operations."
    ),
)


def _named(key: str, tier: str | None = None, audience: float = 0.0) -> AccountPlan:
    account = next(a for a in NAMED_ACCOUNTS if a.key == key)
    return replace(account, tier=tier, audience=audience)


def plan_accounts(seed: int, size: WorldSize) -> list[AccountPlan]:
    rng = rng_for(seed, "accounts")
    markets, weights = size.markets, np.asarray(size.market_weights) / sum(size.market_weights)
    accounts = [_named("admin"), _named("shopper"), _named("shopper.uk")]
    for number in range(2, size.shoppers):
        market = markets[int(rng.choice(len(markets), p=weights))]
        accounts.append(
            AccountPlan(
                f"shopper.{number:03d}",
                f"shopper.{number:03d}@{DEMO_DOMAIN}",
                person_name(rng),
                Role.SHOPPER,
                market,
                BIOS[int(rng.integers(len(BIOS)))],
            )
        )
    number = 0
    for tier in size.tiers:
        for _ in range(tier.count):
            if number < 2:
                account = _named(
                    ("influencer", "influencer.uk")[number], tier=tier.name, audience=tier.audience
                )
            else:
                key = f"influencer.{number:03d}"
                first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
                account = AccountPlan(
                    key,
                    f"{key}@{DEMO_DOMAIN}",
                    f"{first} {INFLUENCER_HANDLES[number % len(INFLUENCER_HANDLES)]}",
                    Role.INFLUENCER,
                    markets[int(rng.choice(len(markets), p=weights))],
                    f"{tier.name.title()} creator. Outfits, hauls, honest reviews.",
                    tier=tier.name,
                    audience=tier.audience,
                )
            accounts.append(account)
            number += 1
    for number in range(size.designers):
        if number == 0:
            accounts.append(_named("designer"))
            continue
        key = f"designer.{number:03d}"
        accounts.append(
            AccountPlan(
                key,
                f"{key}@{DEMO_DOMAIN}",
                person_name(rng),
                Role.DESIGNER,
                markets[number % len(markets)],
                "Trend research.",
            )
        )
    for number in range(size.brands):
        key, name, _ = BRANDS[number % len(BRANDS)]
        if key in ("brand", "brand.lumen"):
            accounts.append(_named(key))
        else:
            accounts.append(
                AccountPlan(key, f"{key}@{DEMO_DOMAIN}", name, Role.BRAND, "US", "Brand marketing.")
            )
    accounts.append(
        AccountPlan(
            "spammer",
            f"deals.spam@{DEMO_DOMAIN}",
            "Deals4U Outlet",
            Role.SHOPPER,
            markets[0],
            "DM for deals!!!",
        )
    )
    return accounts


def plan_visitors(seed: int, size: WorldSize, accounts: Sequence[AccountPlan]) -> list[Visitor]:
    rng = rng_for(seed, "visitors")
    shoppers = [a for a in accounts if a.role is Role.SHOPPER and a.key != "spammer"]
    weights = np.asarray(size.market_weights) / sum(size.market_weights)
    visitors: list[Visitor] = []
    for index in range(size.visitors):
        draw = float(rng.random())
        agent: ClickAgent = (
            "bot"
            if draw < 0.05
            else "preview"
            if draw < 0.1
            else "desktop"
            if draw < 0.4
            else "mobile"
        )
        shopper = (
            shoppers[index] if index < len(shoppers) and agent in ("desktop", "mobile") else None
        )
        market = (
            shopper.market if shopper else size.markets[int(rng.choice(len(weights), p=weights))]
        )
        # Documentation and shared address space, one address per visitor.
        block = ("198.51.100", "203.0.113", "192.0.2", "100.64.0", "100.64.1")[index % 5]
        visitors.append(
            Visitor(
                index=index,
                ip=f"{block}.{(index // 5) % 250 + 1}",
                market=market,
                agent=agent,
                customer_id=f"cust-{seed}-{index:05d}",
                email=shopper.email if shopper else None,
            )
        )
    return visitors
