"""GraphQL types of the earnings area: reports, commissions, payouts, adjustments, and the
area's user errors."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.accounts.dataloaders import load_user
from api.accounts.types import User
from api.campaigns.dataloaders import campaigns_loader
from api.catalogue.dataloaders import products_loader
from api.context import Info
from api.core.scalars import MinorUnits, Money, money
from api.earnings.dataloaders import post_captions_loader
from api.links.dataloaders import links_loader
from commerce import earnings, ledger
from commerce.earnings import Group
from commerce.earnings import Payout as CorePayout
from commerce.earnings import Report as CoreReport
from commerce.error_codes import EarningsErrorCode
from core import clock
from core.errors import UserError as CoreUserError

strawberry.enum(ledger.State, name="CommissionState", description="Where a commission stands.")
strawberry.enum(ledger.HoldReason, name="HoldReason", description="Why a commission is held.")
strawberry.enum(
    ledger.AdjustmentReason, name="AdjustmentReason", description="Why money is taken back."
)
strawberry.enum(
    EarningsErrorCode, name="EarningsErrorCode", description="Why an earnings input failed."
)


@strawberry.type(description="A problem with an earnings, commission or payout input.")
class EarningsError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: EarningsErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> EarningsError:
        return cls(field=error.field, code=EarningsErrorCode(error.code), message=error.message)


@strawberry.type(description="Money by where it stands, in one currency (minor units).")
class EarningsTotals:
    currency: str
    on_hold: MinorUnits
    pending: MinorUnits
    approved: MinorUnits
    paid: MinorUnits
    reversed: MinorUnits
    rejected: MinorUnits
    clawback_due: MinorUnits
    clawed_back: MinorUnits
    payable: MinorUnits = strawberry.field(
        description="What the next payout would pay: approved less due clawbacks."
    )
    paid_out: MinorUnits = strawberry.field(
        description="Sent by the payouts made in the report's range (by payout day), net of "
        "the clawbacks they deducted, whenever the orders were. `paid` is instead the part of "
        "the range's orders that has been paid, whenever."
    )

    @classmethod
    def from_core(cls, currency: str, totals: ledger.Totals, paid_out: int = 0) -> EarningsTotals:
        return cls(
            paid_out=MinorUnits(paid_out),
            currency=currency,
            on_hold=MinorUnits(totals.on_hold),
            pending=MinorUnits(totals.pending),
            approved=MinorUnits(totals.approved),
            paid=MinorUnits(totals.paid),
            reversed=MinorUnits(totals.reversed),
            rejected=MinorUnits(totals.rejected),
            clawback_due=MinorUnits(totals.clawback_due),
            clawed_back=MinorUnits(totals.clawed_back),
            payable=MinorUnits(totals.payable),
        )


@strawberry.type(description="Per day, the money earned that day, by where it stands now.")
class DailyEarnings:
    currency: str
    days: list[date]
    on_hold: list[MinorUnits]
    pending: list[MinorUnits]
    approved: list[MinorUnits]
    paid: list[MinorUnits]
    reversed: list[MinorUnits]
    rejected: list[MinorUnits]
    clawback_due: list[MinorUnits]
    clawed_back: list[MinorUnits]

    @classmethod
    def from_core(cls, series: ledger.DailySeries) -> DailyEarnings:
        def column(bucket: ledger.Bucket) -> list[MinorUnits]:
            return [MinorUnits(v) for v in series.values.get(bucket, (0,) * len(series.days))]

        return cls(
            currency=series.currency,
            days=list(series.days),
            on_hold=column(ledger.Bucket.ON_HOLD),
            pending=column(ledger.Bucket.PENDING),
            approved=column(ledger.Bucket.APPROVED),
            paid=column(ledger.Bucket.PAID),
            reversed=column(ledger.Bucket.REVERSED),
            rejected=column(ledger.Bucket.REJECTED),
            clawback_due=column(ledger.Bucket.CLAWBACK_DUE),
            clawed_back=column(ledger.Bucket.CLAWED_BACK),
        )


@strawberry.type(description="Totals for one campaign, link or post (id null: none).")
class EarningsGroup:
    id: strawberry.ID | None
    totals: EarningsTotals
    _kind: strawberry.Private[str]

    @strawberry.field(
        description="What a person calls it: the campaign's name, the linked product's title, "
        "the post's caption (shortened); null for money outside any campaign, link or post."
    )
    async def label(self, info: Info) -> str | None:
        if self.id is None:
            return None
        key = str(self.id)
        if self._kind == "campaign":
            campaign = await info.context.dataloader(campaigns_loader).load(key)
            return campaign.name if campaign else None
        if self._kind == "link":
            link = await info.context.dataloader(links_loader).load(key)
            product = (
                await info.context.dataloader(products_loader).load(link.product_id)
                if link
                else None
            )
            return product.title if product else None
        post = await info.context.dataloader(post_captions_loader).load(key)
        return _shorten(post) if post else None

    @classmethod
    def from_core(cls, group: Group, kind: str) -> EarningsGroup:
        return cls(
            id=strawberry.ID(group.key) if group.key else None,
            totals=EarningsTotals.from_core(group.currency, group.totals, group.paid_out),
            _kind=kind,
        )


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@strawberry.type(description="The payouts made in a report's range, in one currency.")
class PaidOut:
    currency: str
    amount: MinorUnits = strawberry.field(description="What they sent, net of clawbacks.")
    payouts: int = strawberry.field(description="How many payouts.")


@strawberry.type(description="Counted clicks and credited orders of one link in a range.")
class LinkTraffic:
    campaign_id: strawberry.ID | None
    link_id: strawberry.ID | None = strawberry.field(
        description="Null for orders with no link (a creator code)."
    )
    clicks: int
    orders: int = strawberry.field(description="Orders credited, by order day.")


@strawberry.type(
    description="Earnings over a date range (UTC days), every figure by the day it happened: "
    "commissions by order day (with where they stand now), payouts by the day they were sent, "
    "clicks by click day."
)
class EarningsReport:
    start: date
    end: date
    totals: list[EarningsTotals]
    daily: list[DailyEarnings]
    by_campaign: list[EarningsGroup]
    by_link: list[EarningsGroup]
    by_post: list[EarningsGroup]
    paid_out: list[PaidOut] = strawberry.field(
        description="The payouts made in the range, per currency (as `myPayouts` lists them)."
    )
    traffic: list[LinkTraffic] = strawberry.field(
        description="Per link, the clicks made and orders credited in the range."
    )

    @classmethod
    def from_core(cls, report: CoreReport) -> EarningsReport:
        return cls(
            start=report.start,
            end=report.end,
            paid_out=[
                PaidOut(currency=p.currency, amount=MinorUnits(p.amount_minor), payouts=p.payouts)
                for p in report.paid_out
            ],
            traffic=[
                LinkTraffic(
                    campaign_id=strawberry.ID(t.campaign_id) if t.campaign_id else None,
                    link_id=strawberry.ID(t.link_id) if t.link_id else None,
                    clicks=t.clicks,
                    orders=t.orders,
                )
                for t in report.traffic
            ],
            totals=[
                EarningsTotals.from_core(g.currency, g.totals, g.paid_out) for g in report.totals
            ],
            daily=[DailyEarnings.from_core(s) for s in report.daily],
            by_campaign=[EarningsGroup.from_core(g, "campaign") for g in report.by_campaign],
            by_link=[EarningsGroup.from_core(g, "link") for g in report.by_link],
            by_post=[EarningsGroup.from_core(g, "post") for g in report.by_post],
        )


@strawberry.type(description="A commission on one order (or one approved post).")
class Commission:
    id: strawberry.ID
    influencer_id: strawberry.ID
    state: ledger.State
    amount: Money = strawberry.field(description="What is still earned.")
    original: Money
    reversed: Money
    hold_reason: ledger.HoldReason | None
    order_id: strawberry.ID | None
    campaign_id: strawberry.ID | None
    link_id: strawberry.ID | None
    post_id: strawberry.ID | None
    created_at: datetime
    window_closes_at: datetime
    payout_id: strawberry.ID | None
    held_since: datetime | None = strawberry.field(
        description="When it was held for review (it opened held); null if never held."
    )
    held_days: int | None = strawberry.field(
        description="Whole days it has waited on hold so far; null unless still on hold."
    )

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

    @classmethod
    def from_core(cls, state: ledger.CommissionState) -> Commission:
        def opt(value: str | None) -> strawberry.ID | None:
            return strawberry.ID(value) if value else None

        return cls(
            id=strawberry.ID(state.commission_id),
            influencer_id=strawberry.ID(state.influencer_id),
            state=state.state,
            amount=money(state.open_minor, state.currency),
            original=money(state.original_minor, state.currency),
            reversed=money(state.reversed_minor, state.currency),
            hold_reason=state.hold_reason,
            order_id=opt(state.order_id),
            campaign_id=opt(state.campaign_id),
            link_id=opt(state.link_id),
            post_id=opt(state.post_id),
            created_at=state.at,
            window_closes_at=state.window_closes_at,
            payout_id=opt(state.payout_id),
            held_since=state.at if state.hold_reason is not None else None,
            held_days=earnings.held_days(state, clock.now()),
        )


@strawberry.type(description="Money sent to an influencer in one payout run.")
class Payout:
    id: strawberry.ID
    influencer_id: strawberry.ID
    amount: Money
    commission_count: int
    clawback_count: int
    run_id: str
    created_at: datetime

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

    @classmethod
    def from_core(cls, payout: CorePayout) -> Payout:
        return cls(
            id=strawberry.ID(payout.id),
            influencer_id=strawberry.ID(payout.influencer_id),
            amount=money(payout.amount_minor, payout.currency),
            commission_count=len(payout.commission_ids),
            clawback_count=len(payout.adjustment_ids),
            run_id=payout.run_id,
            created_at=payout.created_at,
        )


@strawberry.type(description="Money taken back from an influencer's next payout.")
class Adjustment:
    id: strawberry.ID
    influencer_id: strawberry.ID
    amount: Money
    reason: ledger.AdjustmentReason
    note: str | None
    created_at: datetime

    @classmethod
    def from_entry(cls, entry: ledger.Entry) -> Adjustment:
        assert entry.reason is not None
        return cls(
            id=strawberry.ID(entry.id),
            influencer_id=strawberry.ID(entry.influencer_id),
            amount=money(entry.amount_minor, entry.currency),
            reason=entry.reason,
            note=entry.note,
            created_at=entry.at,
        )
