"""The codes of the user errors each commerce area raises, one `StrEnum` per area (each code is
still the plain string a client reads). An enum lists every code a payload of its area can
carry, the generic ones included (a shared check such as a cursor's raises them too)."""

from __future__ import annotations

from enum import StrEnum


class ProductErrorCode(StrEnum):
    """The catalogue: products and product feeds."""

    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_IMAGE = "INVALID_IMAGE"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    NO_MERCHANT_DOMAIN = "NO_MERCHANT_DOMAIN"
    REQUIRED = "REQUIRED"
    TOO_LARGE = "TOO_LARGE"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # A row of a feed, or the form read as one row (`commerce.catalog.RowCode`).
    DUPLICATE_SKU = "DUPLICATE_SKU"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    NOT_AN_OBJECT = "NOT_AN_OBJECT"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    UNKNOWN_MARKET = "UNKNOWN_MARKET"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"
    # A feed that cannot be read at all (`commerce.catalog.FeedError`).
    EMPTY = "EMPTY"
    MALFORMED = "MALFORMED"
    MISSING_COLUMNS = "MISSING_COLUMNS"
    UNKNOWN_FORMAT = "UNKNOWN_FORMAT"


class ShopErrorCode(StrEnum):
    """Shops and their merchant domains."""

    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_ID = "INVALID_ID"
    NOT_A_BRAND = "NOT_A_BRAND"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNAUTHENTICATED = "UNAUTHENTICATED"


class CampaignErrorCode(StrEnum):
    """Campaigns, memberships and deliverables."""

    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    LOCKED = "LOCKED"
    NOT_FOUND = "NOT_FOUND"
    NOT_IN_CAMPAIGN = "NOT_IN_CAMPAIGN"
    PRODUCT_ARCHIVED = "PRODUCT_ARCHIVED"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # Submitting again a deliverable that has not changed since it was sent back.
    UNCHANGED = "UNCHANGED"


class LinkErrorCode(StrEnum):
    """Shoppable links (making one checks the product, the post and the campaign)."""

    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    NOT_FOUND = "NOT_FOUND"
    NOT_IN_CAMPAIGN = "NOT_IN_CAMPAIGN"
    PRODUCT_ARCHIVED = "PRODUCT_ARCHIVED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"


class EarningsErrorCode(StrEnum):
    """Earnings, commissions and their holds, adjustments and payouts."""

    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    TOO_LONG = "TOO_LONG"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # Refused by the ledger (`commerce.ledger.LedgerErrorCode`).
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    INFLUENCER_MISMATCH = "INFLUENCER_MISMATCH"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_TIME = "INVALID_TIME"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    MISSING_MINIMUM = "MISSING_MINIMUM"
    NOT_RETURNABLE = "NOT_RETURNABLE"
    RETURN_EXCEEDS_SALE = "RETURN_EXCEEDS_SALE"
    UNKNOWN_ADJUSTMENT = "UNKNOWN_ADJUSTMENT"
    UNKNOWN_COMMISSION = "UNKNOWN_COMMISSION"
    WINDOW_OPEN = "WINDOW_OPEN"
