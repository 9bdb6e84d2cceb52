"""KOL campaigns: brands run them, influencers apply or are invited, budgets cap commissions.

Lifecycle DRAFT → ACTIVE → ENDED. A draft can be edited freely; once active only the brief,
the end date and (upwards) the budget change, because influencers joined on those terms.
Membership: an influencer APPLIES and the brand approves or declines, or the brand INVITES and
the influencer accepts or declines. An approved member gets a creator (discount) code for the
campaign; an order carrying it is credited to them even without a click.

The budget is spent with a compare-and-set on the campaign document (single-document atomic
update, no transaction): two orders crediting at once cannot both spend the last of it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pymongo import ReturnDocument

from accounts import notifications
from accounts.users import Role, User
from commerce.attribution_models import AttributionModel, parse_model
from commerce.catalog import CURRENCY_EXPONENTS
from commerce.commission import (
    BudgetOutcome,
    CommissionError,
    CommissionRule,
    RuleKind,
    apply_budget,
)
from commerce.error_codes import CampaignErrorCode
from core import clock, text_policy
from core.derived_ids import derived_id
from core.errors import Forbidden, NotFound, UserError, raise_all
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, SyncDB, is_duplicate
from core.paging import Page, keyset_page
from core.settings import MARKETS

if TYPE_CHECKING:
    from commerce.products import Product

DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30
DEFAULT_RETURN_WINDOW_DAYS = 45
NAME_MAX, BRIEF_MAX = 120, 5000
MAX_WINDOW_DAYS = 365
_CAS_ATTEMPTS = 20


class CampaignStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    ENDED = "ENDED"


class MembershipStatus(StrEnum):
    APPLIED = "APPLIED"
    INVITED = "INVITED"
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"


@dataclass(frozen=True)
class Campaign:
    id: str
    brand_id: str
    name: str
    brief: str
    markets: tuple[str, ...]
    product_ids: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    budget_minor: int
    spent_minor: int
    currency: str
    rule_kind: RuleKind
    rule_basis_points: int
    rule_amount_minor: int
    attribution_window_days: int
    return_window_days: int
    attribution_model: AttributionModel
    status: CampaignStatus
    created_at: datetime
    budget_exhausted: bool

    @classmethod
    def from_doc(cls, doc: Document) -> Campaign:
        rule = doc["rule"]
        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            name=doc["name"],
            brief=doc.get("brief", ""),
            markets=tuple(doc.get("markets", ())),
            product_ids=tuple(doc.get("product_ids", ())),
            starts_at=clock.as_utc(doc["starts_at"]),
            ends_at=clock.as_utc(doc["ends_at"]),
            budget_minor=doc["budget_minor"],
            spent_minor=doc.get("spent_minor", 0),
            currency=doc["currency"],
            rule_kind=RuleKind(rule["kind"]),
            rule_basis_points=rule.get("basis_points", 0),
            rule_amount_minor=rule.get("amount_minor", 0),
            attribution_window_days=doc["attribution_window_days"],
            return_window_days=doc["return_window_days"],
            attribution_model=AttributionModel(doc["attribution_model"]),
            status=CampaignStatus(doc["status"]),
            created_at=clock.as_utc(doc["created_at"]),
            budget_exhausted=bool(doc.get("budget_exhausted_at")),
        )

    @property
    def rule(self) -> CommissionRule:
        if self.rule_kind is RuleKind.PERCENT:
            return CommissionRule.percent(self.rule_basis_points)
        return CommissionRule(
            self.rule_kind, amount_minor=self.rule_amount_minor, currency=self.currency
        )

    @property
    def remaining_minor(self) -> int:
        return max(self.budget_minor - self.spent_minor, 0)

    def running_at(self, at: datetime) -> bool:
        return self.status is not CampaignStatus.DRAFT and self.starts_at <= at <= self.ends_at


@dataclass(frozen=True)
class Membership:
    id: str
    campaign_id: str
    influencer_id: str
    brand_id: str
    status: MembershipStatus
    pitch: str
    creator_code: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Membership:
        return cls(
            id=doc["_id"],
            campaign_id=doc["campaign_id"],
            influencer_id=doc["influencer_id"],
            brand_id=doc["brand_id"],
            status=MembershipStatus(doc["status"]),
            pitch=doc.get("pitch", ""),
            creator_code=doc.get("creator_code"),
            created_at=clock.as_utc(doc["created_at"]),
            updated_at=clock.as_utc(doc["updated_at"]),
        )


def membership_id(campaign_id: str, influencer_id: str) -> str:
    return derived_id("cmm", campaign_id, influencer_id)


# --- cleaning input ------------------------------------------------------------------------


def _clean_rule(
    kind: str | None, basis_points: int | None, amount_minor: int | None, currency: str
) -> dict[str, Any]:
    try:
        rule_kind = RuleKind(kind or "")
    except ValueError:
        raise UserError(
            CampaignErrorCode.INVALID, "Choose PERCENT, FLAT or FIXED_FEE.", "ruleKind"
        ) from None
    try:
        if rule_kind is RuleKind.PERCENT:
            CommissionRule.percent(basis_points or 0)
            return {"kind": rule_kind.value, "basis_points": basis_points}
        CommissionRule(rule_kind, amount_minor=amount_minor or 0, currency=currency)
        return {"kind": rule_kind.value, "amount_minor": amount_minor}
    except CommissionError as exc:
        field = "ruleBasisPoints" if rule_kind is RuleKind.PERCENT else "ruleAmountMinor"
        hint = (
            "Give the percentage in basis points, 1 to 10000 (1000 = 10%)."
            if rule_kind is RuleKind.PERCENT
            else "Give a positive amount in minor units."
        )
        raise UserError(CampaignErrorCode.INVALID, hint, field) from exc


async def _clean_products(
    db: AsyncDB, brand_id: str, product_ids: list[str], kept: frozenset[str] = frozenset()
) -> list[str]:
    """The campaign's products: the brand's own, and on sale unless already in the list."""
    ids = list(dict.fromkeys(product_ids))
    if not all(is_valid_id(pid, "prd") for pid in ids):
        raise UserError(
            CampaignErrorCode.INVALID_ID,
            "One of the product ids is not a product id.",
            "productIds",
        )
    docs = await db.products.find(
        {"_id": {"$in": ids}}, {"brand_id": 1, "title": 1, "archived_at": 1}
    ).to_list()
    if len(docs) != len(ids) or any(d["brand_id"] != brand_id for d in docs):
        raise UserError(
            CampaignErrorCode.NOT_FOUND,
            "Every product must be one of your own products.",
            "productIds",
        )
    for doc in docs:
        if doc.get("archived_at") and doc["_id"] not in kept:
            raise UserError(
                CampaignErrorCode.PRODUCT_ARCHIVED,
                f"“{doc.get('title', 'A product')}” is archived: unarchive it to add it.",
                "productIds",
            )
    return ids


def _check_fields(values: dict[str, Any]) -> list[UserError]:
    errors = []
    name = values["name"]
    if not name:
        errors.append(UserError(CampaignErrorCode.REQUIRED, "Give the campaign a name.", "name"))
    elif len(name) > NAME_MAX:
        errors.append(
            UserError(
                CampaignErrorCode.TOO_LONG, f"Keep the name under {NAME_MAX} characters.", "name"
            )
        )
    if len(values["brief"]) > BRIEF_MAX:
        errors.append(
            UserError(
                CampaignErrorCode.TOO_LONG, f"Keep the brief under {BRIEF_MAX} characters.", "brief"
            )
        )
    if not values["markets"] or any(m not in MARKETS for m in values["markets"]):
        errors.append(
            UserError(
                CampaignErrorCode.INVALID, f"Choose markets among {', '.join(MARKETS)}.", "markets"
            )
        )
    if values["ends_at"] <= values["starts_at"]:
        errors.append(
            UserError(CampaignErrorCode.INVALID, "The campaign must end after it starts.", "endsAt")
        )
    if values["currency"] not in CURRENCY_EXPONENTS:
        errors.append(
            UserError(
                CampaignErrorCode.INVALID, "Give an ISO currency code such as USD.", "currency"
            )
        )
    if not isinstance(values["budget_minor"], int) or values["budget_minor"] <= 0:
        errors.append(
            UserError(
                CampaignErrorCode.INVALID, "Give a positive budget in minor units.", "budgetMinor"
            )
        )
    for name_, field in (
        ("attribution_window_days", "attributionWindowDays"),
        ("return_window_days", "returnWindowDays"),
    ):
        if not 1 <= values[name_] <= MAX_WINDOW_DAYS:
            errors.append(
                UserError(
                    CampaignErrorCode.INVALID, f"Give between 1 and {MAX_WINDOW_DAYS} days.", field
                )
            )
    return errors


def _require_brand(user: User) -> None:
    if user.role not in (Role.BRAND, Role.ADMIN):
        raise Forbidden("Only brand accounts run campaigns.")


async def create_campaign(db: AsyncDB, brand: User, fields: dict[str, Any]) -> Campaign:
    """A DRAFT campaign from form fields (snake_case keys; None = the default)."""
    _require_brand(brand)
    values = await clean_campaign(
        db,
        brand.id,
        {
            **fields,
            "attribution_window_days": fields.get("attribution_window_days")
            or DEFAULT_ATTRIBUTION_WINDOW_DAYS,
            "return_window_days": fields.get("return_window_days") or DEFAULT_RETURN_WINDOW_DAYS,
            "attribution_model": fields.get("attribution_model")
            or AttributionModel.LAST_CLICK.value,
        },
    )
    now = clock.now()
    doc = {
        "_id": new_id("cmp"),
        "brand_id": brand.id,
        **values,
        "spent_minor": 0,
        "status": CampaignStatus.DRAFT.value,
        "created_at": now,
        "updated_at": now,
    }
    await db.campaigns.insert_one(doc)
    return Campaign.from_doc(doc)


async def get_campaign(db: AsyncDB, campaign_id: str) -> Campaign | None:
    if not is_valid_id(campaign_id, "cmp"):
        return None
    doc = await db.campaigns.find_one({"_id": campaign_id})
    return Campaign.from_doc(doc) if doc else None


async def owned_campaign(
    db: AsyncDB, user: User, campaign_id: str, field: str = "campaignId"
) -> Campaign:
    campaign = await get_campaign(db, campaign_id)
    if campaign is None:
        raise NotFound("Campaign", field)
    if user.role is not Role.ADMIN and campaign.brand_id != user.id:
        raise Forbidden("This campaign belongs to another brand.")
    return campaign


async def visible_campaign(db: AsyncDB, user: User, campaign_id: str) -> Campaign:
    """Brands see their own campaigns; influencers see running ones and those they joined."""
    campaign = await get_campaign(db, campaign_id)
    if campaign is None:
        raise NotFound("Campaign")
    if user.role is Role.ADMIN or campaign.brand_id == user.id:
        return campaign
    if user.role is Role.INFLUENCER:
        if campaign.status is CampaignStatus.ACTIVE:
            return campaign
        if await db.campaign_members.find_one({"_id": membership_id(campaign.id, user.id)}):
            return campaign
    raise NotFound("Campaign")


_ACTIVE_EDITABLE = {"brief", "ends_at", "budget_minor"}


async def update_campaign(
    db: AsyncDB, user: User, campaign_id: str, changes: dict[str, Any]
) -> Campaign:
    campaign = await owned_campaign(db, user, campaign_id, "id")
    changes = {k: v for k, v in changes.items() if v is not None}
    if campaign.status is CampaignStatus.ENDED:
        raise UserError(CampaignErrorCode.LOCKED, "An ended campaign cannot be changed.", None)
    if campaign.status is CampaignStatus.ACTIVE:
        locked = sorted(set(changes) - _ACTIVE_EDITABLE)
        if locked:
            raise UserError(
                CampaignErrorCode.LOCKED,
                "A running campaign only takes a new brief, end date or a larger budget.",
                _camel(locked[0]),
            )
        if changes.get("budget_minor", campaign.budget_minor) < campaign.budget_minor:
            raise UserError(
                CampaignErrorCode.INVALID,
                "A running campaign's budget can only grow.",
                "budgetMinor",
            )
    doc = await db.campaigns.find_one({"_id": campaign.id})
    assert doc is not None
    merged = {
        **{k: doc[k] for k in ("name", "brief", "markets", "starts_at", "ends_at")},
        **{k: doc[k] for k in ("budget_minor", "currency")},
        **{k: doc[k] for k in ("attribution_window_days", "return_window_days")},
        "attribution_model": doc["attribution_model"],
        "product_ids": doc["product_ids"],
        "rule_kind": doc["rule"]["kind"],
        "rule_basis_points": doc["rule"].get("basis_points"),
        "rule_amount_minor": doc["rule"].get("amount_minor"),
        **changes,
    }
    fresh = await clean_campaign(db, campaign.brand_id, merged, kept=frozenset(doc["product_ids"]))
    stored = {"rule" if name.startswith("rule_") else name for name in changes}
    update = {name: fresh[name] for name in stored}
    update["updated_at"] = clock.now()
    if "budget_minor" in changes and changes["budget_minor"] > campaign.spent_minor:
        update["budget_exhausted_at"] = None
    saved = await db.campaigns.find_one_and_update(
        {"_id": campaign.id}, {"$set": update}, return_document=ReturnDocument.AFTER
    )
    assert saved is not None
    return Campaign.from_doc(saved)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def clean_campaign(
    db: AsyncDB, brand_id: str, fields: dict[str, Any], kept: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Cleaned stored values of a campaign form (shared by create and update)."""
    name, bad_name = text_policy.clean(
        fields.get("name") or "",
        "The campaign name",
        code=CampaignErrorCode.INVISIBLE_CHARACTERS,
        field="name",
    )
    brief, bad_brief = text_policy.clean(
        fields.get("brief") or "",
        "The brief",
        code=CampaignErrorCode.INVISIBLE_CHARACTERS,
        field="brief",
        multiline=True,
    )
    values = {
        "name": name,
        "brief": brief,
        "markets": list(dict.fromkeys(fields.get("markets") or [])),
        "starts_at": clock.as_utc(fields["starts_at"]),
        "ends_at": clock.as_utc(fields["ends_at"]),
        "budget_minor": fields.get("budget_minor"),
        "currency": (fields.get("currency") or "").strip().upper(),
        "attribution_window_days": fields.get("attribution_window_days"),
        "return_window_days": fields.get("return_window_days"),
    }
    errors = [e for e in (bad_name, bad_brief) if e is not None] + _check_fields(values)
    try:
        values["attribution_model"] = parse_model(fields["attribution_model"]).value
    except ValueError as exc:
        errors.append(UserError(CampaignErrorCode.INVALID, str(exc), "attributionModel"))
    try:
        values["rule"] = _clean_rule(
            fields.get("rule_kind"),
            fields.get("rule_basis_points"),
            fields.get("rule_amount_minor"),
            str(values["currency"]),
        )
    except UserError as exc:
        errors.append(exc)
    raise_all(errors)
    values["product_ids"] = await _clean_products(
        db, brand_id, fields.get("product_ids") or [], kept
    )
    return values


async def _transition(
    db: AsyncDB, user: User, campaign_id: str, source: CampaignStatus, target: CampaignStatus
) -> Campaign:
    campaign = await owned_campaign(db, user, campaign_id, "id")
    if campaign.status is target:
        return campaign
    if campaign.status is not source:
        raise UserError(
            CampaignErrorCode.INVALID_STATE,
            f"The campaign is {campaign.status.value}, not {source.value}.",
            None,
        )
    if target is CampaignStatus.ACTIVE and campaign.ends_at <= clock.now():
        raise UserError(
            CampaignErrorCode.INVALID,
            "The campaign's end date has passed; move it first.",
            "endsAt",
        )
    saved = await db.campaigns.find_one_and_update(
        {"_id": campaign.id, "status": source.value},
        {"$set": {"status": target.value, "updated_at": clock.now()}},
        return_document=ReturnDocument.AFTER,
    )
    if saved is None:  # changed under us; report what it is now
        return await owned_campaign(db, user, campaign_id, "id")
    return Campaign.from_doc(saved)


async def activate_campaign(db: AsyncDB, user: User, campaign_id: str) -> Campaign:
    return await _transition(db, user, campaign_id, CampaignStatus.DRAFT, CampaignStatus.ACTIVE)


async def end_campaign(db: AsyncDB, user: User, campaign_id: str) -> Campaign:
    return await _transition(db, user, campaign_id, CampaignStatus.ACTIVE, CampaignStatus.ENDED)


def end_expired_sync(db: SyncDB, now: datetime) -> int:
    """Campaigns whose end date has passed become ENDED (a periodic job)."""
    result = db.campaigns.update_many(
        {"status": CampaignStatus.ACTIVE.value, "ends_at": {"$lte": now}},
        {"$set": {"status": CampaignStatus.ENDED.value, "updated_at": now}},
    )
    return int(result.modified_count)


def active_query(market: str | None) -> dict[str, Any]:
    query: dict[str, Any] = {"status": CampaignStatus.ACTIVE.value}
    if market:
        query["markets"] = market
    return query


# --- membership ----------------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def _creator_code(display_name: str) -> str:
    stem = re.sub(r"[^A-Z0-9]", "", display_name.upper())[:8] or "CREATOR"
    return stem + "-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))


async def _assign_code(db: AsyncDB, membership: Document, display_name: str) -> str:
    if membership.get("creator_code"):
        return str(membership["creator_code"])
    for _ in range(10):
        code = _creator_code(display_name)
        try:
            await db.creator_codes.insert_one(
                {
                    "_id": code,
                    "campaign_id": membership["campaign_id"],
                    "influencer_id": membership["influencer_id"],
                    "brand_id": membership["brand_id"],
                    "created_at": clock.now(),
                }
            )
        except Exception as exc:
            if is_duplicate(exc):
                continue
            raise
        saved = await db.campaign_members.find_one_and_update(
            {"_id": membership["_id"], "creator_code": None},
            {"$set": {"creator_code": code}},
            return_document=ReturnDocument.AFTER,
        )
        if saved is None:  # a concurrent approval assigned one first; keep theirs
            await db.creator_codes.delete_one({"_id": code})
            current = await db.campaign_members.find_one({"_id": membership["_id"]})
            assert current is not None
            return str(current["creator_code"])
        return code
    raise RuntimeError("could not find a free creator code")


async def _set_status(
    db: AsyncDB, membership: Document, allowed_from: set[MembershipStatus], to: MembershipStatus
) -> Membership:
    current = MembershipStatus(membership["status"])
    if current is to:
        return Membership.from_doc(membership)
    if current not in allowed_from:
        raise UserError(
            CampaignErrorCode.INVALID_STATE,
            f"This membership is {current.value}; it cannot become {to.value}.",
            None,
        )
    saved = await db.campaign_members.find_one_and_update(
        {"_id": membership["_id"], "status": current.value},
        {"$set": {"status": to.value, "updated_at": clock.now()}},
        return_document=ReturnDocument.AFTER,
    )
    if saved is None:
        raise UserError(
            CampaignErrorCode.CONFLICT, "The membership changed meanwhile; reload and retry.", None
        )
    if to is MembershipStatus.APPROVED:
        influencer = await db.users.find_one({"_id": saved["influencer_id"]}, {"display_name": 1})
        saved["creator_code"] = await _assign_code(
            db, saved, influencer["display_name"] if influencer else ""
        )
    return Membership.from_doc(saved)


async def _new_membership(
    db: AsyncDB, campaign: Campaign, influencer_id: str, status: MembershipStatus, pitch: str
) -> Document:
    now = clock.now()
    doc = {
        "_id": membership_id(campaign.id, influencer_id),
        "campaign_id": campaign.id,
        "influencer_id": influencer_id,
        "brand_id": campaign.brand_id,
        "status": status.value,
        "pitch": pitch,
        "creator_code": None,
        "created_at": now,
        "updated_at": now,
    }
    try:
        await db.campaign_members.insert_one(dict(doc))
    except Exception as exc:
        if not is_duplicate(exc):
            raise
        existing = await db.campaign_members.find_one({"_id": doc["_id"]})
        assert existing is not None
        return existing
    return doc


async def apply_to_campaign(
    db: AsyncDB, influencer: User, campaign_id: str, pitch: str = ""
) -> Membership:
    if influencer.role is not Role.INFLUENCER:
        raise Forbidden("Only influencers apply to campaigns.")
    campaign = await get_campaign(db, campaign_id)
    if campaign is None or campaign.status is not CampaignStatus.ACTIVE:
        raise NotFound("Campaign", "campaignId")
    pitch, bad_pitch = text_policy.clean(
        pitch,
        "The pitch",
        code=CampaignErrorCode.INVISIBLE_CHARACTERS,
        field="pitch",
        multiline=True,
    )
    if bad_pitch is not None:
        raise bad_pitch
    if len(pitch) > 1000:
        raise UserError(
            CampaignErrorCode.TOO_LONG, "Keep the pitch under 1000 characters.", "pitch"
        )
    doc = await _new_membership(db, campaign, influencer.id, MembershipStatus.APPLIED, pitch)
    if doc["status"] == MembershipStatus.INVITED.value:  # applying to an invitation accepts it
        return await _set_status(db, doc, {MembershipStatus.INVITED}, MembershipStatus.APPROVED)
    return Membership.from_doc(doc)


async def invite_to_campaign(
    db: AsyncDB, brand: User, campaign_id: str, influencer_id: str
) -> Membership:
    campaign = await owned_campaign(db, brand, campaign_id)
    if campaign.status is CampaignStatus.ENDED:
        raise UserError(CampaignErrorCode.INVALID_STATE, "The campaign has ended.", "campaignId")
    if not is_valid_id(influencer_id, "usr"):
        raise UserError(CampaignErrorCode.INVALID_ID, "That is not a user id.", "influencerId")
    user = await db.users.find_one({"_id": influencer_id}, {"role": 1})
    if user is None or user["role"] != Role.INFLUENCER.value:
        raise NotFound("Influencer", "influencerId")
    doc = await _new_membership(db, campaign, influencer_id, MembershipStatus.INVITED, "")
    if doc["status"] == MembershipStatus.APPLIED.value:  # inviting an applicant approves them
        return await _set_status(db, doc, {MembershipStatus.APPLIED}, MembershipStatus.APPROVED)
    if doc["status"] == MembershipStatus.INVITED.value:
        # One notice per invitation: its id is the membership's, so inviting again (a double
        # click, a second brand user) tells the influencer once.
        brand_doc = await db.users.find_one({"_id": campaign.brand_id}, {"display_name": 1})
        brand_name = (brand_doc or {}).get("display_name") or "A brand"
        await notifications.store(
            db,
            derived_id("ntf", "invitation", doc["_id"]),
            influencer_id,
            "CAMPAIGN_INVITATION",
            f"{brand_name} invited you to “{campaign.name}”. "
            "Accept or decline it on your Campaigns page.",
            campaign_id=campaign.id,
        )
    return Membership.from_doc(doc)


async def _membership(db: AsyncDB, membership_id_: str) -> Document:
    doc = (
        await db.campaign_members.find_one({"_id": membership_id_})
        if is_valid_id(membership_id_, "cmm")
        else None
    )
    if doc is None:
        raise NotFound("Membership", "membershipId")
    return doc


async def decide_application(
    db: AsyncDB, brand: User, membership_id_: str, approve: bool
) -> Membership:
    doc = await _membership(db, membership_id_)
    await owned_campaign(db, brand, doc["campaign_id"], "membershipId")
    target = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    return await _set_status(db, doc, {MembershipStatus.APPLIED}, target)


async def respond_to_invitation(
    db: AsyncDB, influencer: User, membership_id_: str, accept: bool
) -> Membership:
    doc = await _membership(db, membership_id_)
    if doc["influencer_id"] != influencer.id:
        raise NotFound("Membership", "membershipId")
    target = MembershipStatus.APPROVED if accept else MembershipStatus.DECLINED
    return await _set_status(db, doc, {MembershipStatus.INVITED}, target)


async def check_link_allowed(
    db: AsyncDB, influencer: User, campaign_id: str, product: Product
) -> Campaign:
    campaign = await get_campaign(db, campaign_id)
    if campaign is None:
        raise NotFound("Campaign", "campaignId")
    if campaign.status is not CampaignStatus.ACTIVE:
        raise UserError(
            CampaignErrorCode.INVALID_STATE, "The campaign is not running.", "campaignId"
        )
    member = await db.campaign_members.find_one({"_id": membership_id(campaign.id, influencer.id)})
    if member is None or member["status"] != MembershipStatus.APPROVED.value:
        raise Forbidden("Join the campaign (and be approved) before linking for it.")
    in_campaign = (
        product.id in campaign.product_ids
        if campaign.product_ids
        else product.brand_id == campaign.brand_id
    )
    if not in_campaign:
        raise UserError(
            CampaignErrorCode.NOT_IN_CAMPAIGN,
            "This product is not part of the campaign.",
            "productId",
        )
    return campaign


async def creator_code_owner(db: AsyncDB, code: str) -> Document | None:
    code = code.strip().upper()
    if not code or len(code) > 32:
        return None
    return await db.creator_codes.find_one({"_id": code})


# --- budget --------------------------------------------------------------------------------


async def spend_budget(
    db: AsyncDB, campaign_id: str, commission_minor: int
) -> tuple[BudgetOutcome, bool]:
    """Take up to `commission_minor` from the budget (compare-and-set on `spent_minor`).

    Returns the outcome and whether this spend is the one that used the budget up (the brand
    is told once, not on every order that finds it empty).
    """
    for _ in range(_CAS_ATTEMPTS):
        doc = await db.campaigns.find_one(
            {"_id": campaign_id}, {"budget_minor": 1, "spent_minor": 1}
        )
        if doc is None:
            return BudgetOutcome(0, exhausted=False), False
        spent = doc.get("spent_minor", 0)
        outcome = apply_budget(commission_minor, doc["budget_minor"] - spent)
        if outcome.credited == 0:
            return outcome, False
        update: dict[str, Any] = {"$inc": {"spent_minor": outcome.credited}}
        if outcome.exhausted:
            update["$set"] = {"budget_exhausted_at": clock.now()}
        result = await db.campaigns.update_one({"_id": campaign_id, "spent_minor": spent}, update)
        if result.modified_count == 1:
            return outcome, outcome.exhausted
    raise RuntimeError("the campaign budget is too contended to update")


async def release_budget(db: AsyncDB, campaign_id: str, amount_minor: int) -> None:
    """Give reversed commission back to the budget; accrual resumes if it had stopped."""
    if amount_minor > 0:
        await db.campaigns.update_one(
            {"_id": campaign_id},
            {"$inc": {"spent_minor": -amount_minor}, "$set": {"budget_exhausted_at": None}},
        )


def store_budget_notification(db: SyncDB, campaign_id: str) -> bool:
    """Tell the brand its campaign's budget is spent (once per exhaustion); True if stored."""
    campaign = db.campaigns.find_one({"_id": campaign_id})
    if campaign is None or not campaign.get("budget_exhausted_at"):
        return False
    exhausted_at = clock.as_utc(campaign["budget_exhausted_at"])
    return notifications.store_sync(
        db,
        derived_id("ntf", "budget", campaign_id, exhausted_at.isoformat()),
        campaign["brand_id"],
        "BUDGET_EXHAUSTED",
        f"The budget of “{campaign['name']}” is spent: commissions have stopped accruing. "
        "Raise the budget to resume.",
        campaign_id=campaign_id,
    )


# --- reading -------------------------------------------------------------------------------


async def running_campaigns(
    db: AsyncDB, market: str | None, *, first: int, after: str | None, maximum: int
) -> Page[Campaign]:
    """A page of the campaigns running in a market, newest first."""
    return await keyset_page(
        db.campaigns,
        active_query(market),
        first=first,
        after=after,
        maximum=maximum,
        to_item=Campaign.from_doc,
    )


async def brand_campaigns(
    db: AsyncDB,
    brand_id: str,
    status: CampaignStatus | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Campaign]:
    """A page of a brand's campaigns (in one status with `status`), newest first."""
    query: dict[str, Any] = {"brand_id": brand_id}
    if status:
        query["status"] = status.value
    return await keyset_page(
        db.campaigns, query, first=first, after=after, maximum=maximum, to_item=Campaign.from_doc
    )


async def memberships_by_ids(db: AsyncDB, ids: list[str]) -> dict[str, Membership]:
    docs = await db.campaign_members.find({"_id": {"$in": ids}}).to_list()
    return {d["_id"]: Membership.from_doc(d) for d in docs}


async def campaigns_by_ids(db: AsyncDB, campaign_ids: list[str]) -> dict[str, Campaign]:
    docs = await db.campaigns.find({"_id": {"$in": campaign_ids}}).to_list()
    return {d["_id"]: Campaign.from_doc(d) for d in docs}


async def _memberships(
    db: AsyncDB,
    query: dict[str, Any],
    status: MembershipStatus | None,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Membership]:
    if status:
        query = {**query, "status": status.value}
    return await keyset_page(
        db.campaign_members,
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=Membership.from_doc,
        sort_field="updated_at",
    )


async def campaign_memberships(
    db: AsyncDB,
    campaign_id: str,
    status: MembershipStatus | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Membership]:
    """A page of a campaign's applicants and members, last changed first."""
    return await _memberships(db, {"campaign_id": campaign_id}, status, first, after, maximum)


async def influencer_memberships(
    db: AsyncDB,
    influencer_id: str,
    status: MembershipStatus | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Membership]:
    """A page of the campaigns an influencer is in (or applied to), last changed first."""
    return await _memberships(db, {"influencer_id": influencer_id}, status, first, after, maximum)


@dataclass(frozen=True)
class BudgetCorrection:
    """A change the budget reconciliation made to a campaign's spend (`reconcile_io`)."""

    at: datetime
    currency: str
    before_minor: int
    after_minor: int
    delta_minor: int

    @classmethod
    def from_doc(cls, doc: Document) -> BudgetCorrection:
        return cls(
            at=clock.as_utc(doc["at"]),
            currency=doc["currency"],
            before_minor=doc["before_minor"],
            after_minor=doc["after_minor"],
            delta_minor=doc["delta_minor"],
        )


async def budget_corrections(
    db: AsyncDB, campaign_id: str, limit: int = 100
) -> list[BudgetCorrection]:
    """A campaign's budget corrections, newest first."""
    docs = (
        await db.budget_corrections.find({"campaign_id": campaign_id})
        .sort("at", -1)
        .limit(limit)
        .to_list()
    )
    return [BudgetCorrection.from_doc(d) for d in docs]
