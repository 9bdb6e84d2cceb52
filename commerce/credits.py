"""What an order is credited to: the influencer, link, post and campaign, and each one's share.

`attribution.crediting` decides it from the order's creator code and clicks under the
campaign's model; the order webhook stores it on the order and opens the commissions from it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from commerce.attribution_models import AttributionModel
from commerce.ledger import HoldReason
from core.mongo import AsyncDB, Document
from core.settings import Settings


class CreditMethod(StrEnum):
    CLICK = "CLICK"
    CREATOR_CODE = "CREATOR_CODE"


@dataclass(frozen=True)
class OrderFacts:
    order_id: str
    brand_id: str
    at: datetime
    click_id: str | None
    creator_code: str | None
    currency: str


@dataclass(frozen=True)
class Credit:
    influencer_id: str
    method: CreditMethod
    link_id: str | None = None
    campaign_id: str | None = None
    post_id: str | None = None
    click_id: str | None = None
    hold: HoldReason | None = None

    def as_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"influencer_id": self.influencer_id, "method": self.method.value}
        for name in ("link_id", "campaign_id", "post_id", "click_id"):
            value = getattr(self, name)
            if value is not None:
                doc[name] = value
        if self.hold is not None:
            doc["hold"] = self.hold.value
        return doc


@dataclass(frozen=True)
class CreditShare:
    """One influencer's share of an order's credit (``share`` in (0, 1]; shares sum to 1)."""

    credit: Credit
    share: float

    def as_document(self) -> dict[str, Any]:
        return {**self.credit.as_document(), "share": self.share}


@dataclass(frozen=True)
class Attribution:
    """An order's credit under its campaign's model.

    ``credit`` is the order's own credit (it names the campaign, and the order's link and post
    for per-link counts): that of `credit_order`, unless the model gives all the credit to one
    other influencer (FIRST_CLICK), then theirs. ``shares`` is what the commission is split by,
    in journey order (the influencer whose first click came first, first); a single share is
    the whole order, opened exactly as a last-click commission. ``model`` is the model that gave
    the shares and ``note`` why it differs from the campaign's, if it does.
    """

    credit: Credit
    model: AttributionModel
    shares: tuple[CreditShare, ...]
    note: str | None = None

    @property
    def split(self) -> bool:
        return len(self.shares) > 1

    def as_document(self) -> dict[str, Any]:
        return {
            "credit": self.credit.as_document(),
            "model": self.model.value,
            "shares": [share.as_document() for share in self.shares],
            "note": self.note,
        }

    @classmethod
    def from_document(cls, doc: Document) -> Attribution:
        return cls(
            credit=credit_from_document(doc["credit"]),
            model=AttributionModel(doc["model"]),
            shares=tuple(
                CreditShare(credit_from_document(d), float(d["share"])) for d in doc["shares"]
            ),
            note=doc.get("note"),
        )


def credit_from_document(doc: Document) -> Credit:
    """Inverse of `Credit.as_document` (extra keys such as ``share`` are ignored)."""
    return Credit(
        influencer_id=doc["influencer_id"],
        method=CreditMethod(doc["method"]),
        link_id=doc.get("link_id"),
        campaign_id=doc.get("campaign_id"),
        post_id=doc.get("post_id"),
        click_id=doc.get("click_id"),
        hold=HoldReason(doc["hold"]) if doc.get("hold") else None,
    )


# Decides an order's credit (`attribution.crediting.attribute_order`); handed to the order
# webhook by its caller, since attribution sits above commerce.
Attribute = Callable[[AsyncDB, Settings, OrderFacts], Awaitable[Attribution | None]]
