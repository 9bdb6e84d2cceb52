"""A brand's report settings: its paid-ads baseline CAC, its reporting currency, and what its
shopper channel pays (points rate and how long points stay pending).

Kept on the brand's user document (`brand_settings`), read by the reports: the baseline is what
a new customer costs the brand through paid ads, so a KOL's CAC can be shown as a saving
against it; the currency is the default currency of the brand's reports. The shopper rate and
window are read by `commerce.points_store` when an order through a shopper's look comes in
(unset: `commerce.points.DEFAULT_RATE_BPS` and the platform's return window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts import records
from accounts.users import Role, User
from attribution.error_codes import ReportErrorCode
from commerce import points
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
    shopper_points_bps: int | None = None
    shopper_return_window_days: int | None = None

    @classmethod
    def from_doc(cls, brand_id: str, doc: Document | None) -> BrandSettings:
        stored = (doc or {}).get("brand_settings") or {}
        updated = stored.get("updated_at")
        return cls(
            brand_id=brand_id,
            baseline_cac_minor=stored.get("baseline_cac_minor"),
            currency=stored.get("currency"),
            updated_at=clock.as_utc(updated) if updated else None,
            shopper_points_bps=stored.get("shopper_points_bps"),
            shopper_return_window_days=stored.get("shopper_return_window_days"),
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
    shopper_points_bps: int | None = None,
    shopper_return_window_days: int | None = None,
) -> BrandSettings:
    """Set the baseline CAC (None clears it) and the currency it and the reports are in; the
    shopper points rate and window when given (None keeps them)."""
    target = await settings_brand(db, user, brand_id)
    current = (await brand_settings(db, [target]))[target]
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
    if shopper_points_bps is not None and not 0 <= shopper_points_bps <= points.MAX_RATE_BPS:
        errors.append(
            UserError(
                ReportErrorCode.INVALID,
                f"Give the shopper points rate in basis points, 0 (off) to {points.MAX_RATE_BPS}"
                f" ({points.MAX_RATE_BPS // 100} %).",
                "shopperPointsRateBps",
            )
        )
    if shopper_return_window_days is not None and not (
        0 <= shopper_return_window_days <= points.MAX_WINDOW_DAYS
    ):
        errors.append(
            UserError(
                ReportErrorCode.INVALID,
                f"Give the points' return window in days, 0 to {points.MAX_WINDOW_DAYS}.",
                "shopperReturnWindowDays",
            )
        )
    raise_all(errors)
    stored = {
        "baseline_cac_minor": baseline_cac_minor,
        "currency": code,
        "updated_at": clock.now(),
        "shopper_points_bps": current.shopper_points_bps
        if shopper_points_bps is None
        else shopper_points_bps,
        "shopper_return_window_days": current.shopper_return_window_days
        if shopper_return_window_days is None
        else shopper_return_window_days,
    }
    await records.store_brand_settings(db, target, stored)
    return BrandSettings.from_doc(target, {"brand_settings": stored})
