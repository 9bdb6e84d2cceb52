"""A brand's report settings: its paid-ads baseline CAC and its reporting currency.

Kept on the brand's user document (`brand_settings`), read by the reports: the baseline is what
a new customer costs the brand through paid ads, so a KOL's CAC can be shown as a saving
against it; the currency is the default currency of the brand's reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts import records
from accounts.users import Role, User
from attribution.error_codes import ReportErrorCode
from commerce.catalog import CURRENCY_EXPONENTS
from core import clock
from core.errors import Forbidden, NotFound, UserError, raise_all
from core.ids import is_valid_id
from core.mongo import AsyncDB, Document

MAX_BASELINE_MINOR = 10**12


@dataclass(frozen=True)
class BrandSettings:
    brand_id: str
    baseline_cac_minor: int | None
    currency: str | None
    updated_at: datetime | None

    @classmethod
    def from_doc(cls, brand_id: str, doc: Document | None) -> BrandSettings:
        stored = (doc or {}).get("brand_settings") or {}
        updated = stored.get("updated_at")
        return cls(
            brand_id=brand_id,
            baseline_cac_minor=stored.get("baseline_cac_minor"),
            currency=stored.get("currency"),
            updated_at=clock.as_utc(updated) if updated else None,
        )

    def baseline_in(self, currency: str) -> int | None:
        """The baseline CAC for a report in `currency` (none when it is set in another)."""
        return self.baseline_cac_minor if self.currency == currency else None


async def brand_settings(db: AsyncDB, brand_ids: list[str]) -> dict[str, BrandSettings]:
    docs = await db.users.find({"_id": {"$in": brand_ids}}, {"brand_settings": 1}).to_list()
    found = {d["_id"]: d for d in docs}
    return {b: BrandSettings.from_doc(b, found.get(b)) for b in brand_ids}


async def settings_brand(db: AsyncDB, user: User, brand_id: str | None) -> str:
    """Whose settings `user` may read or change: a brand its own, an admin any brand's."""
    if user.role is Role.BRAND:
        if brand_id is not None and brand_id != user.id:
            raise Forbidden("A brand sees its own settings only.")
        return user.id
    if user.role is not Role.ADMIN:
        raise Forbidden("Only brand accounts have brand settings.")
    if brand_id is None:
        raise UserError(ReportErrorCode.REQUIRED, "Give the brand's id.", "brandId")
    found = (
        await db.users.find_one({"_id": brand_id}, {"role": 1})
        if is_valid_id(brand_id, "usr")
        else None
    )
    if found is None or found["role"] != Role.BRAND.value:
        raise NotFound("Brand", "brandId")
    return brand_id


async def update_brand_settings(
    db: AsyncDB,
    user: User,
    *,
    baseline_cac_minor: int | None,
    currency: str,
    brand_id: str | None = None,
) -> BrandSettings:
    """Set the baseline CAC (None clears it) and the currency it and the reports are in."""
    target = await settings_brand(db, user, brand_id)
    code = currency.strip().upper()
    errors = []
    if code not in CURRENCY_EXPONENTS:
        errors.append(
            UserError(ReportErrorCode.INVALID, "Give an ISO currency code such as USD.", "currency")
        )
    if baseline_cac_minor is not None and not 0 <= baseline_cac_minor <= MAX_BASELINE_MINOR:
        errors.append(
            UserError(
                ReportErrorCode.INVALID,
                "Give the baseline CAC as a positive amount in minor units (cents).",
                "baselineCacMinor",
            )
        )
    raise_all(errors)
    stored = {"baseline_cac_minor": baseline_cac_minor, "currency": code, "updated_at": clock.now()}
    await records.store_brand_settings(db, target, stored)
    return BrandSettings.from_doc(target, {"brand_settings": stored})
