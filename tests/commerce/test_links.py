from __future__ import annotations

import string
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commerce.links import (
    CLICK_ID_LENGTH,
    CODE_LENGTH,
    DEDUPE_WINDOW_SECONDS,
    AllowList,
    TargetError,
    TargetErrorCode,
    append_click_id,
    check_public_url,
    check_target,
    click_id_time_ms,
    counted_clicks,
    dedupe_key,
    is_click_id,
    is_valid_code,
    new_click_id,
    new_code,
)


def fullwidth(text: str) -> str:
    """The full-width form of ASCII text (U+FF01…), a classic host-name disguise."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


ALLOWED = AllowList.from_domains(["shop.example.com", "trendloop-store.co.uk"])


# --- short codes ---------------------------------------------------------------------------


def test_new_code_is_eight_base62_characters_and_valid() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(string.ascii_letters + string.digits)
        assert is_valid_code(code)


def test_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(new_code() for _ in range(500)))
    assert len(seen) == 62


@pytest.mark.parametrize(
    "code",
    [
        "",
        "abc",
        "abcdefg",
        "abcdefghi",
        "abcd-efg",
        "abcd efg",
        "abcdefg\n",
        "abcdéfgh",
        fullwidth("12345678"),
    ],
)
def test_invalid_codes_are_refused(code: str) -> None:
    assert not is_valid_code(code)


# --- click ids -----------------------------------------------------------------------------


def test_click_id_shape_and_time_round_trip() -> None:
    click_id = new_click_id(now_ms=1_717_000_000_123)
    assert len(click_id) == CLICK_ID_LENGTH
    assert is_click_id(click_id)
    assert click_id_time_ms(click_id) == 1_717_000_000_123


def test_click_ids_are_unique() -> None:
    ids = {new_click_id(now_ms=1_717_000_000_000) for _ in range(10_000)}
    assert len(ids) == 10_000


@given(st.integers(min_value=0, max_value=(1 << 48) - 2), st.integers(min_value=1, max_value=10**9))
def test_click_ids_sort_by_time(earlier: int, gap: int) -> None:
    later = min(earlier + gap, (1 << 48) - 1)
    assert new_click_id(now_ms=earlier) < new_click_id(now_ms=later)


def test_click_id_time_defaults_to_now() -> None:
    import time

    before = time.time_ns() // 1_000_000
    click_id = new_click_id()
    after = time.time_ns() // 1_000_000
    assert before <= click_id_time_ms(click_id) <= after


@pytest.mark.parametrize("bad", [-1, 1 << 48])
def test_click_id_time_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        new_click_id(now_ms=bad)


@pytest.mark.parametrize(
    "value",
    ["", "0" * 25, "0" * 27, "8" + "0" * 25, "0" * 25 + "I", "0" * 25 + "u", "01HX-" + "0" * 21],
)
def test_not_click_ids(value: str) -> None:
    assert not is_click_id(value)
    with pytest.raises(ValueError):
        click_id_time_ms(value)


# --- redirect targets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://shop.example.com/p/1", "https://shop.example.com/p/1"),
        (
            "https://www.shop.example.com/p?x=1&y=2#top",
            "https://www.shop.example.com/p?x=1&y=2#top",
        ),
        ("HTTPS://SHOP.Example.COM/Dress", "https://shop.example.com/Dress"),
        ("https://shop.example.com:443/a", "https://shop.example.com/a"),
        ("https://shop.example.com:8443/a", "https://shop.example.com:8443/a"),
        ("https://shop.example.com./a", "https://shop.example.com/a"),
        ("https://shop.example.com", "https://shop.example.com"),
        ("https://" + fullwidth("shop.example.com") + "/a", "https://shop.example.com/a"),
        ("https://shop.example.com/été?q=ü", "https://shop.example.com/%C3%A9t%C3%A9?q=%C3%BC"),
        ("https://eu.trendloop-store.co.uk/x", "https://eu.trendloop-store.co.uk/x"),
        ("https://shop.example.com/redirect?to=https://evil.com", None),
    ],
)
def test_allowed_targets_come_back_canonical(url: str, canonical: str | None) -> None:
    result = check_target(url, ALLOWED)
    assert result == (canonical or url)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", TargetErrorCode.EMPTY),
        ("https://shop.example.com/" + "a" * 3000, TargetErrorCode.TOO_LONG),
        ("http://shop.example.com/", TargetErrorCode.BAD_SCHEME),
        ("javascript:alert(1)//shop.example.com", TargetErrorCode.BAD_SCHEME),
        ("JaVaScRiPt://shop.example.com/%0aalert(1)", TargetErrorCode.BAD_SCHEME),
        ("data:text/html,<script>", TargetErrorCode.BAD_SCHEME),
        ("ftp://shop.example.com/", TargetErrorCode.BAD_SCHEME),
        ("//shop.example.com/", TargetErrorCode.BAD_SCHEME),
        ("shop.example.com/", TargetErrorCode.BAD_SCHEME),
        ("https:shop.example.com", TargetErrorCode.BAD_SCHEME),
        ("https:/shop.example.com", TargetErrorCode.BAD_SCHEME),
        ("https:///shop.example.com", TargetErrorCode.NO_HOST),
        ("https://shop.example.com@evil.com/", TargetErrorCode.USERINFO),
        ("https://evil.com@shop.example.com/", TargetErrorCode.USERINFO),
        ("https://user:pw@shop.example.com/", TargetErrorCode.USERINFO),
        ("https://evil.com\\@shop.example.com/", TargetErrorCode.BAD_CHARACTERS),
        ("https://evil.com\\shop.example.com", TargetErrorCode.BAD_CHARACTERS),
        ("https://shop.example.com\\evil.com", TargetErrorCode.BAD_CHARACTERS),
        ("https://shop.exa\tmple.com/", TargetErrorCode.BAD_CHARACTERS),
        ("https://shop.example.com/\n", TargetErrorCode.BAD_CHARACTERS),
        (" https://shop.example.com/", TargetErrorCode.BAD_CHARACTERS),
        ("https://shop.example.com.evil.com/", TargetErrorCode.NOT_ALLOWED),
        ("https://evilshop.example.com.net/", TargetErrorCode.NOT_ALLOWED),
        ("https://notshop.example.com/", TargetErrorCode.NOT_ALLOWED),
        ("https://example.com/", TargetErrorCode.NOT_ALLOWED),
        ("https://co.uk/", TargetErrorCode.NOT_ALLOWED),
        ("https://sh\u043ep.example.com/", TargetErrorCode.NOT_ALLOWED),  # Cyrillic o
        ("https://xn--shp-ted.example.com/", TargetErrorCode.NOT_ALLOWED),
        ("https://shop.exam\u0440le.com/", TargetErrorCode.NOT_ALLOWED),  # Cyrillic p
        ("https://shop%2eexample.com/", TargetErrorCode.BAD_HOST),
        ("https://shop_example.com/", TargetErrorCode.BAD_HOST),
        ("https://-shop.example.com/", TargetErrorCode.BAD_HOST),
        ("https://shop..example.com/", TargetErrorCode.BAD_HOST),
        ("https://xn--zz.example.com/", TargetErrorCode.BAD_HOST),
        ("https://127.0.0.1/", TargetErrorCode.IP_HOST),
        ("https://0x7f.1/", TargetErrorCode.IP_HOST),
        ("https://2130706433/", TargetErrorCode.IP_HOST),
        ("https://[::1]/", TargetErrorCode.IP_HOST),
        ("https://shop.example.com:0/", TargetErrorCode.BAD_PORT),
        ("https://shop.example.com:99999/", TargetErrorCode.BAD_PORT),
        ("https://shop.example.com:evil.com/", TargetErrorCode.BAD_PORT),
        ("https://shop.example.com:" + fullwidth("443") + "/", TargetErrorCode.BAD_PORT),
    ],
)
def test_refused_targets(url: str, code: TargetErrorCode) -> None:
    with pytest.raises(TargetError) as caught:
        check_target(url, ALLOWED)
    assert caught.value.code is code
    assert caught.value.message


def test_http_only_when_allowed() -> None:
    assert (
        check_target("http://shop.example.com:80/a", ALLOWED, allow_http=True)
        == "http://shop.example.com/a"
    )


def test_allow_list_normalises_its_domains() -> None:
    allow = AllowList.from_domains([" Boutique.EXAMPLE ", "bücher.example"])
    assert allow.domains == frozenset({"boutique.example", "xn--bcher-kva.example"})
    assert check_target("https://www.bücher.example/x", allow) == (
        "https://www.xn--bcher-kva.example/x"
    )
    assert allow.allows("boutique.example")
    assert not allow.allows("example")


@pytest.mark.parametrize("domain", ["localhost", "", "bad_domain.com", "exa mple.com"])
def test_allow_list_refuses_bad_domains(domain: str) -> None:
    with pytest.raises(ValueError):
        AllowList.from_domains([domain])


def test_public_url_checks_shape_but_not_the_allow_list() -> None:
    assert check_public_url("https://cdn.images.example.net/a.jpg") == (
        "https://cdn.images.example.net/a.jpg"
    )
    with pytest.raises(TargetError):
        check_public_url("javascript:alert(1)")


_PIECES = ["shop", ".", "example", "com", "evil", "www", "@", ":", "443", "/", "\\", "?", "#"]
_PIECES += [
    "%2e",
    "%40",
    "[",
    "]",
    "-",
    "_",
    " ",
    "\t",
    "\uff0e",
    "\uff53",
    "\u043e",
    "xn--",
    "\u3002",
]
_JUNK = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
# The allowed host with junk around it: plenty of these are accepted, many are tricks.
_TRICKY = st.tuples(_JUNK, _JUNK).map(lambda parts: parts[0] + "shop.example.com" + parts[1])


@given(prefix=st.sampled_from(["https://", "HTTPS://", "https:", "http://", ""]), rest=_TRICKY)
def test_accepted_urls_resolve_to_an_allowed_host_in_other_parsers(prefix: str, rest: str) -> None:
    # urllib's and httpx's parsers are independent of ours; both must see an allowed host.
    try:
        canonical = check_target(prefix + rest, ALLOWED)
    except TargetError:
        return
    for host in (urlsplit(canonical).hostname or "", httpx.URL(canonical).host):
        assert host == "shop.example.com" or host.endswith(".shop.example.com"), canonical


# --- click id on the outgoing URL ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://s.example.com/p", "https://s.example.com/p?tl_click=CID"),
        ("https://s.example.com/p?", "https://s.example.com/p?tl_click=CID"),
        (
            "https://s.example.com/p?a=1&b=%20x+y",
            "https://s.example.com/p?a=1&b=%20x+y&tl_click=CID",
        ),
        ("https://s.example.com/p#frag", "https://s.example.com/p?tl_click=CID#frag"),
        ("https://s.example.com/p?a=1#f?x=1", "https://s.example.com/p?a=1&tl_click=CID#f?x=1"),
        ("https://s.example.com/p?tl_click=OLD&a=1", "https://s.example.com/p?a=1&tl_click=CID"),
        ("https://s.example.com/p?tl%5Fclick=OLD", "https://s.example.com/p?tl_click=CID"),
        ("https://s.example.com/p?a=1&&b", "https://s.example.com/p?a=1&b&tl_click=CID"),
    ],
)
def test_append_click_id(url: str, expected: str) -> None:
    assert append_click_id(url, "CID") == expected


def test_append_click_id_custom_parameter_is_encoded() -> None:
    assert append_click_id("https://s.example.com/", "c 1", param="ref&x") == (
        "https://s.example.com/?ref%26x=c%201"
    )


_PARAM_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)


@given(
    params=st.lists(
        st.tuples(_PARAM_TEXT.filter(lambda k: k != "tl_click"), _PARAM_TEXT), max_size=5
    ),
    fragment=st.text(alphabet=string.ascii_letters + "/?=&", max_size=10),
)
def test_append_click_id_keeps_every_other_parameter(
    params: list[tuple[str, str]], fragment: str
) -> None:
    query = urlencode(params)
    url = (
        "https://s.example.com/p"
        + (f"?{query}" if query else "")
        + (f"#{fragment}" if fragment else "")
    )
    click_id = new_click_id()
    result = urlsplit(append_click_id(url, click_id))
    pairs = parse_qsl(result.query, keep_blank_values=True)
    assert pairs == [*params, ("tl_click", click_id)]
    assert result.fragment == fragment


# --- click dedupe --------------------------------------------------------------------------


def test_dedupe_key_is_stable_short_and_separated() -> None:
    key = dedupe_key("lnk_1", "visitor-a")
    assert key == dedupe_key("lnk_1", "visitor-a")
    assert key != dedupe_key("lnk_2", "visitor-a")
    assert key != dedupe_key("lnk_1", "visitor-b")
    long_key = dedupe_key("lnk_1", "x" * 10_000 + ":evil:key")
    assert len(long_key) < 80
    assert long_key.count(":") == key.count(":")


def test_counted_clicks_one_per_visitor_link_and_hour() -> None:
    clicks = [
        ("v1", "l1", 0.0),  # counts
        ("v1", "l1", 1800.0),  # within the hour of the counted click
        ("v1", "l2", 1800.0),  # another link
        ("v2", "l1", 1900.0),  # another visitor
        ("v1", "l1", 3599.9),  # still within
        ("v1", "l1", 3600.0),  # an hour after the counted click
        ("v1", "l1", 3700.0),
        ("v1", "l1", 7199.0),  # repeats did not extend the window
        ("v1", "l1", 7200.0),
    ]
    assert counted_clicks(clicks) == [True, False, True, True, False, True, False, False, True]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["v1", "v2"]),
            st.sampled_from(["l1", "l2"]),
            st.integers(min_value=0, max_value=4 * DEDUPE_WINDOW_SECONDS),
        ),
        max_size=40,
    )
)
def test_counted_clicks_matches_set_nx_ex(raw: list[tuple[str, str, int]]) -> None:
    clicks = sorted(raw, key=lambda click: click[2])
    expires: dict[str, int] = {}  # a model of Redis keys with a TTL
    expected = []
    for visitor, link, at in clicks:
        key = dedupe_key(link, visitor)
        if key in expires and expires[key] > at:
            expected.append(False)
        else:
            expires[key] = at + DEDUPE_WINDOW_SECONDS
            expected.append(True)
    assert counted_clicks([(v, link, float(at)) for v, link, at in clicks]) == expected
