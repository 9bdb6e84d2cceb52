from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commerce.catalog import (
    CURRENCY_EXPONENTS,
    FeedError,
    PriceError,
    ProductInput,
    RowCode,
    RowError,
    RowResult,
    iter_csv,
    iter_json,
    parse_feed,
    parse_price,
)
from commerce.links import AllowList

SHOP = AllowList.from_domains(["shop.example.com"])
HEADER = "sku,title,price,currency,product_url,image_url,category,markets"


def csv_feed(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def codes(errors: Iterable[RowError]) -> list[tuple[int, str, RowCode]]:
    return [(e.row, e.field, e.code) for e in errors]


# --- prices --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("19.99", "USD", 1999),
        ("19.9", "EUR", 1990),
        ("19", "GBP", 1900),
        ("0.01", "BRL", 1),
        ("1500", "JPY", 1500),
        ("1.250", "KWD", 1250),
        ("1.25", "KWD", 1250),
        ("0.001", "BHD", 1),
        (" 42.50 ", "SAR", 4250),
    ],
)
def test_prices_become_minor_units(text: str, currency: str, minor: int) -> None:
    assert parse_price(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "code"),
    [
        ("19.999", "USD", RowCode.TOO_MANY_DECIMALS),
        ("1500.5", "JPY", RowCode.TOO_MANY_DECIMALS),
        ("1.2345", "KWD", RowCode.TOO_MANY_DECIMALS),
        ("-1.00", "USD", RowCode.INVALID),
        ("1,299.00", "USD", RowCode.INVALID),
        ("1e3", "USD", RowCode.INVALID),
        ("$5", "USD", RowCode.INVALID),
        (".5", "USD", RowCode.INVALID),
        ("5.", "USD", RowCode.INVALID),
        ("", "USD", RowCode.INVALID),
        ("NaN", "USD", RowCode.INVALID),
        ("٣", "USD", RowCode.INVALID),  # an Arabic-Indic digit is not a price digit
        ("0", "USD", RowCode.OUT_OF_RANGE),
        ("0.00", "USD", RowCode.OUT_OF_RANGE),
        ("99999999999999999999", "USD", RowCode.OUT_OF_RANGE),
        ("10", "XXX", RowCode.UNKNOWN_CURRENCY),
    ],
)
def test_bad_prices(text: str, currency: str, code: RowCode) -> None:
    with pytest.raises(PriceError) as caught:
        parse_price(text, currency)
    assert caught.value.code is code


@given(
    st.sampled_from(sorted(CURRENCY_EXPONENTS)),
    st.integers(min_value=1, max_value=10**11),
)
def test_price_round_trips_through_its_decimal_text(currency: str, minor: int) -> None:
    exponent = CURRENCY_EXPONENTS[currency]
    text = str(Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)))
    assert parse_price(text, currency) == minor


# --- CSV -----------------------------------------------------------------------------------


def test_good_rows_import_while_bad_rows_are_reported() -> None:
    feed = csv_feed(
        "DRS-001,Linen wrap dress,39.90,EUR,https://shop.example.com/p/drs-001,"
        "https://cdn.example.net/drs-001.jpg,Dresses,DE|FR",
        "TOP-7,Cropped tee,1500,JPY,https://shop.example.com/p/top-7,,Tops,US",
        "BAD-1,Bad price,39.999,EUR,https://shop.example.com/p/bad-1,,,DE",
        "BAD-2,Evil link,10.00,EUR,https://evil.example.org/p,,,DE",
        "BAD-3,Unknown market,10.00,EUR,https://shop.example.com/p/bad-3,,,DE|JP",
        "BAD-4,Unknown currency,10.00,ZZZ,https://shop.example.com/p/bad-4,,,DE",
        "DRS-001,Same sku again,12.00,EUR,https://shop.example.com/p/x,,,UK",
        ",,,,,,,",
        "KWD-9,Abaya,12.500,KWD,https://www.shop.example.com/p/kwd-9,,Abayas,SA",
    )
    result = parse_feed(feed, "csv", SHOP)
    assert [p.sku for p in result.products] == ["DRS-001", "TOP-7", "KWD-9"]
    first = result.products[0]
    assert first == ProductInput(
        sku="DRS-001",
        title="Linen wrap dress",
        price_minor=3990,
        currency="EUR",
        product_url="https://shop.example.com/p/drs-001",
        markets=("DE", "FR"),
        image_url="https://cdn.example.net/drs-001.jpg",
        category="Dresses",
    )
    assert result.products[1].price_minor == 1500 and result.products[1].image_url is None
    assert result.products[2].price_minor == 12500
    assert codes(result.errors) == [
        (3, "price", RowCode.TOO_MANY_DECIMALS),
        (4, "product_url", RowCode.URL_NOT_ALLOWED),
        (5, "markets", RowCode.UNKNOWN_MARKET),
        (6, "currency", RowCode.UNKNOWN_CURRENCY),
        (7, "sku", RowCode.DUPLICATE_SKU),
    ]
    assert "row 1" in result.errors[-1].message
    assert result.rows == 8  # the blank line is not a product


def test_every_problem_in_a_row_is_reported() -> None:
    feed = csv_feed(
        ",  ,abc,usd,javascript:alert(1),ftp://x.example.com/a.jpg," + "c" * 101 + ",",
    )
    result = parse_feed(feed, "csv", SHOP)
    assert result.products == []
    assert sorted((e.field, e.code) for e in result.errors) == sorted(
        [
            ("sku", RowCode.REQUIRED),
            ("title", RowCode.REQUIRED),
            ("price", RowCode.INVALID),
            ("product_url", RowCode.URL_NOT_ALLOWED),
            ("image_url", RowCode.INVALID),
            ("category", RowCode.TOO_LONG),
            ("markets", RowCode.REQUIRED),
        ]
    )
    assert all(e.row == 1 and e.message for e in result.errors)


@pytest.mark.parametrize(
    ("sku", "code"),
    [
        ("a b", RowCode.INVALID),
        ("-leading", RowCode.INVALID),
        ("x" * 65, RowCode.TOO_LONG),
        ("sku\x07", RowCode.INVISIBLE_CHARACTERS),
        ("sku\u202e", RowCode.INVISIBLE_CHARACTERS),
    ],
)
def test_sku_rules(sku: str, code: RowCode) -> None:
    feed = [{"sku": sku, "title": "T", "price": "1.00", "currency": "USD",
             "product_url": "https://shop.example.com/", "markets": "US"}]  # fmt: skip
    result = parse_feed(json.dumps(feed), "json", SHOP)
    assert codes(result.errors) == [(1, "sku", code)]


def test_header_in_any_order_and_case_with_bom_and_extra_columns() -> None:
    feed = (
        "\ufeffMarkets,Price,SKU,Title,Currency,Product_URL,Colour\r\n"
        'gb|us|US,"19.99",A-1,"Dress, red",usd,https://shop.example.com/a-1,red\r\n'
    )
    (product,) = parse_feed(feed.encode("utf-8"), "csv", SHOP).products
    assert product.markets == ("UK", "US")
    assert product.title == "Dress, red"
    assert product.currency == "USD" and product.price_minor == 1999
    assert product.category is None and product.image_url is None


def test_missing_columns_fail_the_whole_file() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed("sku,title,price\nA,B,1.00\n", "csv", SHOP)
    assert caught.value.code == "MISSING_COLUMNS"
    assert "currency" in caught.value.message
    with pytest.raises(FeedError) as caught:
        parse_feed("", "csv", SHOP)
    assert caught.value.code == "EMPTY"
    with pytest.raises(FeedError) as caught:
        parse_feed(b"\xff\xfe\x00bad", "csv", SHOP)
    assert caught.value.code == "MALFORMED"


def test_short_rows_report_missing_values() -> None:
    result = parse_feed(csv_feed("A-1,Dress"), "csv", SHOP)
    assert {e.field for e in result.errors} == {"price", "currency", "product_url", "markets"}


def test_csv_streams_row_by_row() -> None:
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        yield HEADER + "\n"
        for n in range(1000):
            consumed += 1
            yield f"S-{n},Tee {n},9.99,USD,https://shop.example.com/p/{n},,,US\n"

    rows = iter_csv(lines(), SHOP)
    first = next(rows)
    assert first.row == 1 and first.product is not None
    assert consumed < 10  # the first row came back before the file was read
    assert sum(1 for _ in rows) == 999


def test_progress_callback_sees_every_row() -> None:
    seen: list[RowResult] = []
    feed = csv_feed(
        "A-1,Dress,10.00,EUR,https://shop.example.com/a,,,DE",
        "A-2,Dress,10.001,EUR,https://shop.example.com/a,,,DE",
    )
    result = parse_feed(feed, "csv", SHOP, on_row=seen.append)
    assert [(r.row, r.product is not None, len(r.errors)) for r in seen] == [
        (1, True, 0),
        (2, False, 1),
    ]
    assert result.rows == 2


# --- JSON ----------------------------------------------------------------------------------


def test_json_array_and_products_object() -> None:
    item = {
        "sku": "J-1",
        "title": "Denim jacket",
        "price": "59.00",
        "currency": "GBP",
        "product_url": "https://shop.example.com/j-1",
        "markets": ["UK", "de"],
    }
    for document in (json.dumps([item]), json.dumps({"products": [item]}).encode()):
        (product,) = parse_feed(document, "json", SHOP).products
        assert product.markets == ("UK", "DE") and product.price_minor == 5900


def test_json_number_prices_are_read_exactly() -> None:
    base = {
        "title": "T",
        "currency": "USD",
        "product_url": "https://shop.example.com/",
        "markets": "US",
    }
    document = (
        "["
        + ",".join(
            json.dumps({**base, "sku": sku})[:-1] + f', "price": {price}}}'
            for sku, price in [
                ("N-1", "19.99"),
                ("N-2", "20"),
                ("N-3", "0.1234"),
                ("N-4", "1e2"),
                ("N-5", "1e999999999"),
                ("N-6", "1e-999999999"),
                ("N-7", "-5"),
            ]
        )
        + "]"
    )
    result = parse_feed(document, "json", SHOP)
    assert [(p.sku, p.price_minor) for p in result.products] == [
        ("N-1", 1999),
        ("N-2", 2000),
        ("N-4", 10000),
    ]
    assert codes(result.errors) == [
        (3, "price", RowCode.TOO_MANY_DECIMALS),
        (5, "price", RowCode.OUT_OF_RANGE),
        (6, "price", RowCode.OUT_OF_RANGE),
        (7, "price", RowCode.INVALID),
    ]


def test_json_wrong_types_are_row_errors() -> None:
    document = json.dumps(
        [
            "not an object",
            {"sku": 12, "title": ["x"], "price": True, "currency": "USD",
             "product_url": "https://shop.example.com/", "markets": 5},
        ]
    )  # fmt: skip
    result = parse_feed(document, "json", SHOP)
    assert codes(result.errors) == [
        (1, "", RowCode.NOT_AN_OBJECT),
        (2, "sku", RowCode.INVALID),
        (2, "title", RowCode.INVALID),
        (2, "price", RowCode.INVALID),
        (2, "markets", RowCode.INVALID),
    ]


@pytest.mark.parametrize("document", ["{", '{"items": []}', '"text"', "[1,", b"\xff"])
def test_json_that_is_not_a_feed(document: str | bytes) -> None:
    with pytest.raises(FeedError) as caught:
        list(iter_json(document, SHOP))
    assert caught.value.code == "MALFORMED"


def test_unknown_format() -> None:
    with pytest.raises(FeedError):
        parse_feed("", "xml", SHOP)  # type: ignore[arg-type]
