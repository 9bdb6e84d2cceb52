"""Per-request DataLoaders of the campaigns area (`info.context.dataloader(campaigns_loader)`)."""

from __future__ import annotations

from itertools import groupby

from strawberry.dataloader import DataLoader

from api.context import Context
from commerce import campaigns as campaigns_io
from commerce.campaigns import Campaign, campaigns_by_ids
from commerce.creator_stats import CreatorStats
from commerce.creator_stats_io import stats_for
from commerce.deliverables import Revision, revisions_of

StatsKey = tuple[str, str, str]
"""(brand id or "" for every brand, campaign id to leave out or "", influencer id)."""


def campaigns_loader(context: Context) -> DataLoader[str, Campaign | None]:
    async def load(ids: list[str]) -> list[Campaign | None]:
        found = await campaigns_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def memberships_loader(context: Context) -> DataLoader[str, campaigns_io.Membership | None]:
    """Memberships by id: one brand's campaigns as seen for one creator, in one query."""

    async def load(ids: list[str]) -> list[campaigns_io.Membership | None]:
        found = await campaigns_io.memberships_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def creator_stats_loader(context: Context) -> DataLoader[StatsKey, CreatorStats | None]:
    """A page of applicants' stats in a constant number of queries (one batch per brand and
    campaign on the page: a campaign's member list is one)."""

    async def load(keys: list[StatsKey]) -> list[CreatorStats | None]:
        found: dict[StatsKey, CreatorStats] = {}
        for (brand, exclude), group in groupby(sorted(set(keys)), key=lambda k: k[:2]):
            ids = [k[2] for k in group]
            stats = await stats_for(
                context.db, ids, brand_id=brand or None, exclude_campaign_id=exclude or None
            )
            found.update({(brand, exclude, i): s for i, s in stats.items()})
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def revisions_loader(context: Context) -> DataLoader[str, list[Revision]]:
    """Deliverables' revisions by post id: a page of deliverables in one query."""

    async def load(post_ids: list[str]) -> list[list[Revision]]:
        found = await revisions_of(context.db, post_ids)
        return [found.get(i, []) for i in post_ids]

    return DataLoader(load_fn=load)
