"""Product feed parsing for bulk import (CSV and JSON), row by row.

Each row becomes either a :class:`ProductInput` or a list of :class:`RowError`; good rows are
importable even when others fail. Parsing is streaming: :func:`iter_csv` and :func:`iter_json`
yield one :class:`RowResult` per product as they go, so a progress bar can follow, and
:func:`parse_feed` collects them (with an optional per-row callback).

Columns / keys
--------------
=============  ========  ===================================================================
sku            required  1-64 characters: letters, digits, ``. _ - /``; unique within a file
title          required  1-200 characters, no invisible or direction-changing characters
price          required  decimal string ("19.99", "1500", "0.250"), no sign, exponent or
                         thousands separator, at most as many decimals as the currency allows;
                         converted to integer minor units (JPY 0 decimals, KWD 3, most 2)
currency       required  ISO 4217 code from :data:`CURRENCY_EXPONENTS`
product_url    required  must pass the merchant allow-list (:func:`commerce.links.check_target`)
image_url      optional  absolute https URL
category       optional  up to 100 characters
markets        required  "US|UK|DE" (JSON: the same string or a list); known markets in
                         :data:`MARKETS`; "GB" is read as "UK"
=============  ========  ===================================================================

CSV: UTF-8 (a byte-order mark is ignored), comma-separated, a header row naming the columns in
any order and case; unknown columns are ignored. JSON: an array of objects, or an object with a
``products`` array; a JSON number is accepted for ``price`` (read exactly, never as a float).

Row numbers count products from 1 in file order (the CSV header is not a product, so product 1
is on spreadsheet row 2; in JSON, product 1 is array index 0). A later row repeating an earlier
SKU is reported as DUPLICATE_SKU and the first one stands.

Problems with the file as a whole (not CSV/JSON, missing required columns) raise
:class:`FeedError` before any row is produced.

Public API
----------
``iter_csv(source, allow_list, *, allow_http=False) -> Iterator[RowResult]``
``iter_json(source, allow_list, *, allow_http=False) -> Iterator[RowResult]``
``parse_feed(source, fmt, allow_list, *, allow_http=False, on_row=None) -> FeedResult``
``parse_price(text, currency) -> int``  (raises :class:`PriceError`)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from commerce.links import AllowList, TargetError, check_public_url, check_target
from core import text_policy

__all__ = [
    "CURRENCY_EXPONENTS",
    "MARKETS",
    "FeedError",
    "FeedResult",
    "PriceError",
    "ProductInput",
    "RowCode",
    "RowError",
    "RowResult",
    "iter_csv",
    "iter_json",
    "parse_feed",
    "parse_price",
]

# Minor-unit exponents (ISO 4217) of the currencies a product may be priced in.
CURRENCY_EXPONENTS: Mapping[str, int] = {
    "AED": 2,
    "ARS": 2,
    "AUD": 2,
    "BHD": 3,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "COP": 2,
    "CZK": 2,
    "DKK": 2,
    "EGP": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "IDR": 2,
    "ILS": 2,
    "INR": 2,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "MXN": 2,
    "MYR": 2,
    "NOK": 2,
    "NZD": 2,
    "OMR": 3,
    "PEN": 2,
    "PHP": 2,
    "PLN": 2,
    "QAR": 2,
    "RON": 2,
    "SAR": 2,
    "SEK": 2,
    "SGD": 2,
    "THB": 2,
    "TND": 3,
    "TRY": 2,
    "TWD": 2,
    "UAH": 2,
    "USD": 2,
    "VND": 0,
    "ZAR": 2,
}
MARKETS: frozenset[str] = frozenset({"US", "UK", "DE", "FR", "BR", "MX", "SA"})
_MARKET_ALIASES = {"GB": "UK"}

REQUIRED_COLUMNS = ("sku", "title", "price", "currency", "product_url", "markets")
OPTIONAL_COLUMNS = ("image_url", "category")
MAX_SKU_LENGTH = 64
MAX_TITLE_LENGTH = 200
MAX_CATEGORY_LENGTH = 100
# A price above this is a typo or an attack on integer columns, not a garment.
MAX_PRICE_MINOR = 10**12

_SKU_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_PRICE_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


class RowCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    TOO_LONG = "TOO_LONG"
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    UNKNOWN_MARKET = "UNKNOWN_MARKET"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"
    DUPLICATE_SKU = "DUPLICATE_SKU"
    NOT_AN_OBJECT = "NOT_AN_OBJECT"


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str
    code: RowCode
    message: str


@dataclass(frozen=True, slots=True)
class ProductInput:
    sku: str
    title: str
    price_minor: int
    currency: str
    product_url: str
    """Canonical form returned by the allow-list check; store and redirect to this."""
    markets: tuple[str, ...]
    image_url: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class RowResult:
    """One product row: ``product`` when it is valid, else the ``errors`` found in it."""

    row: int
    product: ProductInput | None
    errors: tuple[RowError, ...] = ()


@dataclass(slots=True)
class FeedResult:
    products: list[ProductInput] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


class FeedError(ValueError):
    """The file cannot be read as a feed at all."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class PriceError(ValueError):
    def __init__(self, code: RowCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_price(text: str, currency: str) -> int:
    """Decimal string to minor units: "19.99" USD → 1999, "1500" JPY → 1500, "1.25" KWD → 1250."""
    exponent = CURRENCY_EXPONENTS.get(currency)
    if exponent is None:
        raise PriceError(RowCode.UNKNOWN_CURRENCY, f"unknown currency {currency!r}")
    match = _PRICE_RE.fullmatch(text.strip())
    if match is None:
        raise PriceError(
            RowCode.INVALID, f"price {text!r} is not a plain decimal number like 19.99"
        )
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > exponent:
        raise PriceError(
            RowCode.TOO_MANY_DECIMALS,
            f"{currency} prices have {exponent} decimal places, {text!r} has {len(fraction)}",
        )
    if len(whole) > 15:
        raise PriceError(RowCode.OUT_OF_RANGE, f"price {text!r} is too large")
    minor = int(whole) * 10**exponent + int(fraction.ljust(exponent, "0") or "0")
    if not 0 < minor <= MAX_PRICE_MINOR:
        raise PriceError(RowCode.OUT_OF_RANGE, f"price must be above zero, got {text!r}")
    return minor


class _RowChecker:
    """Validates rows one at a time, remembering SKUs already seen in the file."""

    def __init__(self, allow_list: AllowList, allow_http: bool) -> None:
        self.allow_list = allow_list
        self.allow_http = allow_http
        self.first_row_of_sku: dict[str, int] = {}

    def check(self, row: int, raw: Mapping[str, Any]) -> RowResult:
        errors: list[RowError] = []

        def error(name: str, code: RowCode, message: str) -> None:
            errors.append(RowError(row, name, code, message))

        def text(name: str, *, required: bool, max_length: int | None = None) -> str | None:
            value = raw.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    error(name, RowCode.REQUIRED, f"{name} is required")
                return None
            if not isinstance(value, str):
                error(name, RowCode.INVALID, f"{name} must be text")
                return None
            value = text_policy.normalise(value).strip()
            if hidden := text_policy.refused_characters(value):
                error(
                    name,
                    RowCode.INVISIBLE_CHARACTERS,
                    f"{name} {text_policy.REFUSED_MESSAGE} ({text_policy.describe(hidden)})",
                )
                return None
            if max_length is not None and len(value) > max_length:
                error(name, RowCode.TOO_LONG, f"{name} is longer than {max_length} characters")
                return None
            return value

        sku = text("sku", required=True, max_length=MAX_SKU_LENGTH)
        if sku is not None:
            first = self.first_row_of_sku.setdefault(sku, row)
            if not _SKU_RE.fullmatch(sku):
                error("sku", RowCode.INVALID, "sku may hold letters, digits and . _ - / only")
            elif first != row:
                error("sku", RowCode.DUPLICATE_SKU, f"sku {sku} already appears on row {first}")
        title = text("title", required=True, max_length=MAX_TITLE_LENGTH)
        currency = text("currency", required=True)
        if currency is not None:
            currency = currency.upper()
            if currency not in CURRENCY_EXPONENTS:
                error("currency", RowCode.UNKNOWN_CURRENCY, f"unknown currency {currency}")
                currency = None
        price = self._price(raw.get("price"), currency, error)
        product_url = self._url("product_url", raw, text, error, merchant=True)
        image_url = self._url("image_url", raw, text, error, merchant=False)
        category = text("category", required=False, max_length=MAX_CATEGORY_LENGTH)
        markets = self._markets(raw.get("markets"), error)
        if (
            errors
            or sku is None
            or title is None
            or currency is None
            or price is None
            or product_url is None
            or markets is None
        ):
            return RowResult(row, None, tuple(errors))
        product = ProductInput(
            sku=sku,
            title=title,
            price_minor=price,
            currency=currency,
            product_url=product_url,
            markets=markets,
            image_url=image_url,
            category=category,
        )
        return RowResult(row, product)

    @staticmethod
    def _price(
        value: Any, currency: str | None, error: Callable[[str, RowCode, str], None]
    ) -> int | None:
        if isinstance(value, Decimal):
            # Written out exactly, never through a float; but "1e999999999" must not be.
            exponent = value.as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -15 or value.adjusted() > 15:
                error("price", RowCode.OUT_OF_RANGE, "price is out of range")
                return None
            value = format(value, "f")
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            error("price", RowCode.REQUIRED, "price is required")
            return None
        if not isinstance(value, str):
            error("price", RowCode.INVALID, "price must be a decimal number")
            return None
        if currency is None:
            return None  # already reported on the currency field
        try:
            return parse_price(value, currency)
        except PriceError as exc:
            error("price", exc.code, exc.message)
            return None

    def _url(
        self,
        name: str,
        raw: Mapping[str, Any],
        text: Callable[..., str | None],
        error: Callable[[str, RowCode, str], None],
        *,
        merchant: bool,
    ) -> str | None:
        value = text(name, required=merchant, max_length=None)
        if value is None:
            return None
        try:
            if merchant:
                return check_target(value, self.allow_list, allow_http=self.allow_http)
            return check_public_url(value, allow_http=self.allow_http)
        except TargetError as exc:
            code = RowCode.URL_NOT_ALLOWED if merchant else RowCode.INVALID
            error(name, code, f"{name}: {exc.message}")
            return None

    @staticmethod
    def _markets(value: Any, error: Callable[[str, RowCode, str], None]) -> tuple[str, ...] | None:
        if isinstance(value, str):
            items: list[Any] = value.split("|")
        elif isinstance(value, list):
            items = value
        elif value is None:
            items = []
        else:
            error("markets", RowCode.INVALID, 'markets must look like "US|UK|DE"')
            return None
        markets: list[str] = []
        for item in items:
            if not isinstance(item, str):
                error("markets", RowCode.INVALID, "markets must be market codes")
                return None
            code = item.strip().upper()
            if not code:
                continue
            code = _MARKET_ALIASES.get(code, code)
            if code not in MARKETS:
                error(
                    "markets",
                    RowCode.UNKNOWN_MARKET,
                    f"unknown market {item.strip()!r}; known: {'|'.join(sorted(MARKETS))}",
                )
                return None
            if code not in markets:
                markets.append(code)
        if not markets:
            error("markets", RowCode.REQUIRED, "at least one market is required")
            return None
        return tuple(markets)


def iter_csv(
    source: str | Iterable[str], allow_list: AllowList, *, allow_http: bool = False
) -> Iterator[RowResult]:
    """Rows of a CSV feed; ``source`` is the text or an iterable of lines (a file opened with
    ``newline=""``). Raises :class:`FeedError` when the header lacks required columns."""
    lines = io.StringIO(source, newline="") if isinstance(source, str) else source
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FeedError("EMPTY", "the file is empty") from None
    except csv.Error as exc:
        raise FeedError("MALFORMED", f"not a CSV file: {exc}") from exc
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise FeedError("MISSING_COLUMNS", f"missing columns: {', '.join(missing)}")
    wanted = {
        name: columns.index(name)
        for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if name in columns
    }
    checker = _RowChecker(allow_list, allow_http)
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            yield RowResult(row, None, (RowError(row, "", RowCode.INVALID, f"bad CSV: {exc}"),))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, common at the end of exported files
        row += 1
        record = {
            name: cells[index] if index < len(cells) else None for name, index in wanted.items()
        }
        yield checker.check(row, record)


def iter_json(
    source: str | bytes, allow_list: AllowList, *, allow_http: bool = False
) -> Iterator[RowResult]:
    """Rows of a JSON feed (an array of objects, or ``{"products": [...]}``)."""
    try:
        data = json.loads(source, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError("MALFORMED", f"not a JSON document: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        data = data["products"]
    if not isinstance(data, list):
        raise FeedError("MALFORMED", 'expected an array of products or {"products": [...]}')
    checker = _RowChecker(allow_list, allow_http)
    for index, item in enumerate(data):
        row = index + 1
        if not isinstance(item, dict):
            yield RowResult(
                row, None, (RowError(row, "", RowCode.NOT_AN_OBJECT, "a product is an object"),)
            )
            continue
        yield checker.check(row, {key.lower(): value for key, value in item.items()})


def parse_feed(
    source: str | bytes | Iterable[str],
    fmt: Literal["csv", "json"],
    allow_list: AllowList,
    *,
    allow_http: bool = False,
    on_row: Callable[[RowResult], None] | None = None,
) -> FeedResult:
    """Parse a whole feed into good products and row errors; ``on_row`` sees every row as it is
    read (for a progress bar)."""
    if fmt == "csv":
        if isinstance(source, bytes):
            try:
                source = source.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise FeedError("MALFORMED", f"the file is not UTF-8: {exc}") from exc
        rows = iter_csv(source, allow_list, allow_http=allow_http)
    elif fmt == "json":
        if not isinstance(source, str | bytes):
            source = "".join(source)
        rows = iter_json(source, allow_list, allow_http=allow_http)
    else:
        raise FeedError("UNKNOWN_FORMAT", f"unknown feed format {fmt!r}")
    result = FeedResult()
    for outcome in rows:
        result.rows += 1
        if outcome.product is not None:
            result.products.append(outcome.product)
        result.errors.extend(outcome.errors)
        if on_row is not None:
            on_row(outcome)
    return result
