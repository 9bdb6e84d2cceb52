from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commerce.signing import SignatureError, SignatureErrorCode, sign, sign_with_all, verify

SECRET = "whsec_shop_1_current"
OLD_SECRET = "whsec_shop_1_previous"
BODY = b'{"order_id":"ord_1","lines":[{"sku":"DRS-1","quantity":1,"amount":"19.99"}]}'
NOW = 1_717_000_000


def _code(secrets: list[str | bytes], header: str | None, body: bytes, now: float) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(secrets, header, body, now)
    assert caught.value.message
    return caught.value.code


def test_header_format_and_known_digest() -> None:
    header = sign(SECRET, BODY, NOW)
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


def test_round_trip_with_str_and_bytes_secrets() -> None:
    verify([SECRET], sign(SECRET, BODY, NOW), BODY, NOW)
    verify([SECRET.encode()], sign(SECRET.encode(), BODY, NOW), BODY, NOW + 10)


def test_missing_header() -> None:
    assert _code([SECRET], None, BODY, NOW) == SignatureErrorCode.MISSING
    assert _code([SECRET], "  ", BODY, NOW) == SignatureErrorCode.MISSING


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        "t=1717000000",
        "v1=" + "a" * 64,
        f"t=abc,v1={'a' * 64}",
        f"t=-5,v1={'a' * 64}",
        f"t=1717000000,v1={'a' * 63}",
        f"t=1717000000,v1={'g' * 64}",
        f"t=1717000000,t=1717000001,v1={'a' * 64}",
        f"t=1717000000,v1={'a' * 64}," + ",".join(f"v1={'b' * 64}" for _ in range(20)),
        "t=1717000000,v1=" + "a" * 5000,
        "t=1717000000,v0=" + "a" * 64,
    ],
)
def test_malformed_headers(header: str) -> None:
    assert _code([SECRET], header, BODY, NOW) == SignatureErrorCode.MALFORMED


@pytest.mark.parametrize("skew", [301, -301, 3600, -86_400])
def test_stale_timestamps(skew: int) -> None:
    header = sign(SECRET, BODY, NOW)
    assert _code([SECRET], header, BODY, NOW + skew) == SignatureErrorCode.STALE


@pytest.mark.parametrize("skew", [300, -300, 0])
def test_window_edges_are_accepted(skew: int) -> None:
    verify([SECRET], sign(SECRET, BODY, NOW), BODY, NOW + skew)


def test_custom_tolerance() -> None:
    header = sign(SECRET, BODY, NOW)
    verify([SECRET], header, BODY, NOW + 30, tolerance=60)
    with pytest.raises(SignatureError):
        verify([SECRET], header, BODY, NOW + 61, tolerance=60)


def test_wrong_secret_is_a_mismatch() -> None:
    header = sign("whsec_other_shop", BODY, NOW)
    assert _code([SECRET], header, BODY, NOW) == SignatureErrorCode.MISMATCH


def test_replayed_signature_with_a_new_timestamp_is_a_mismatch() -> None:
    header = sign(SECRET, BODY, NOW - 3600)
    forged = header.replace(f"t={NOW - 3600}", f"t={NOW}")
    assert _code([SECRET], forged, BODY, NOW) == SignatureErrorCode.MISMATCH


@given(st.binary(min_size=1, max_size=200), st.data())
def test_any_change_to_the_body_is_a_mismatch(body: bytes, data: st.DataObject) -> None:
    header = sign(SECRET, body, NOW)
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    flipped = body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1 :]
    assert _code([SECRET], header, flipped, NOW) == SignatureErrorCode.MISMATCH
    assert _code([SECRET], header, body + b" ", NOW) == SignatureErrorCode.MISMATCH
    verify([SECRET], header, body, NOW)


def test_rotation_old_signature_accepted_while_both_secrets_are_active() -> None:
    header = sign(OLD_SECRET, BODY, NOW)
    verify([SECRET, OLD_SECRET], header, BODY, NOW)
    assert _code([SECRET], header, BODY, NOW) == SignatureErrorCode.MISMATCH


def test_rotation_sender_signing_with_both_secrets() -> None:
    header = sign_with_all([OLD_SECRET, SECRET], BODY, NOW)
    assert header.count("v1=") == 2
    verify([SECRET], header, BODY, NOW)
    verify([OLD_SECRET], header, BODY, NOW)
    assert _code(["whsec_unrelated"], header, BODY, NOW) == SignatureErrorCode.MISMATCH


def test_upper_case_hex_and_spaces_are_tolerated_unknown_keys_ignored() -> None:
    header = sign(SECRET, BODY, NOW)
    timestamp, signature = header.split(",")
    verify([SECRET], f"{timestamp}, {signature.upper().replace('V1=', 'v1=')}, v2=zzz", BODY, NOW)


def test_configuration_errors_are_not_signature_errors() -> None:
    with pytest.raises(ValueError):
        verify([], sign(SECRET, BODY, NOW), BODY, NOW)
    with pytest.raises(ValueError):
        sign("", BODY, NOW)
    with pytest.raises(ValueError):
        sign_with_all([], BODY, NOW)
    with pytest.raises(ValueError):
        sign(SECRET, BODY, -1)
