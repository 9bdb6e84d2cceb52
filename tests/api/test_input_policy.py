"""One input policy through the API: weak or deceptive sign-ups, profiles, comments and captions
are refused with the field at fault and a code that says why; ordinary text in any script is
kept as typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts import email_policy, name_policy
from accounts.password_policy import check_password
from accounts.users import NAME_MAX, Role, sign_up_problems
from api.state import AppState
from core import clock
from core.settings import Settings
from demo.people import plan_accounts
from demo.plan import SIZES, SizeName
from tests.api.commerce_world import CREATE_CAMPAIGN, make_campaign, make_product, make_shop
from tests.api.helpers import make_account
from tests.api.post_helpers import multipart_create, phone_jpeg, published_post
from tests.conftest import GraphQL

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { displayName email } errors { field code message } }
}"""
UPDATE_PROFILE = """
mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { user { displayName bio } errors { field code message } }
}"""
COMMENT = """
mutation($id: ID!, $body: String!) {
  commentOnPost(postId: $id, body: $body) { comment { body } errors { field code message } }
}"""

GOOD_PASSWORD = "lantern orbit gravel"
CYRILLIC_IE = "\u0435"  # looks like a Latin "e"
FULLWIDTH_S = "\uff53"
ZWSP, RLO, NUL = "\u200b", "\u202e", "\x00"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"


async def sign_up(gql: GraphQL, email: str, password: str, name: str) -> dict[str, Any]:
    result = await gql(
        SIGN_UP, {"input": {"email": email, "password": password, "displayName": name}}
    )
    payload: dict[str, Any] = result["data"]["signUp"]
    return payload


def only_error(payload: dict[str, Any]) -> tuple[str, str]:
    assert payload.get("token") is None and payload.get("user") is None, payload
    [error] = payload["errors"]
    assert error["message"], error
    return error["field"], error["code"]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password", "PASSWORD_TOO_COMMON"),
        ("12345678", "PASSWORD_TOO_COMMON"),
        (" " * 8, "PASSWORD_ONLY_WHITESPACE"),
        pytest.param("grace.hopper@example.com", "PASSWORD_CONTAINS_EMAIL"),
        pytest.param("Grace Hopper", "PASSWORD_CONTAINS_NAME"),
    ],
)
async def test_weak_passwords_are_refused(
    gql: GraphQL, state: AppState, password: str, code: str
) -> None:
    payload = await sign_up(gql, "grace.hopper@example.com", password, "Grace Hopper")
    assert only_error(payload) == ("password", code)
    assert await state.db.users.count_documents({}) == 0


@pytest.mark.parametrize(
    ("email", "code"),
    [
        (f"ad{CYRILLIC_IE}le@example.com", "CONFUSABLE"),
        pytest.param(f"ro{FULLWIDTH_S}a@example.com", "CONFUSABLE"),
        (f"ada{ZWSP}@example.com", "INVISIBLE_CHARACTERS"),
        (f"ada{NUL}@example.com", "INVISIBLE_CHARACTERS"),
        (f"{RLO}moc.elpmaxe@ada", "INVISIBLE_CHARACTERS"),
    ],
)
async def test_deceptive_emails_are_refused(
    gql: GraphQL, state: AppState, email: str, code: str
) -> None:
    payload = await sign_up(gql, email, GOOD_PASSWORD, "Grace Hopper")
    assert only_error(payload) == ("email", code)
    assert await state.db.users.count_documents({}) == 0


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ada Admin", "RESERVED_NAME"),
        ("trendloop_support", "RESERVED_NAME"),
        ("OFFICIAL store", "RESERVED_NAME"),
        (f"{RLO}nimdA adA", "INVISIBLE_CHARACTERS"),
        (f"Ada{NUL}", "INVISIBLE_CHARACTERS"),
        (ZWSP * 3, "INVISIBLE_CHARACTERS"),
        (f"Ada Adm{ZWSP}in", "INVISIBLE_CHARACTERS"),
        (f"Gr{CYRILLIC_IE}ta", "CONFUSABLE"),
    ],
)
async def test_deceptive_display_names_are_refused(
    gql: GraphQL, state: AppState, name: str, code: str
) -> None:
    payload = await sign_up(gql, "grace@example.com", GOOD_PASSWORD, name)
    assert only_error(payload) == ("displayName", code)
    assert await state.db.users.count_documents({}) == 0


async def test_a_brand_on_the_platform_is_a_reserved_name(gql: GraphQL, state: AppState) -> None:
    await make_account(state, Role.BRAND, name="Harbor & Pine")
    payload = await sign_up(gql, "fan@example.com", GOOD_PASSWORD, "harbor pine outlet")
    assert only_error(payload) == ("displayName", "RESERVED_NAME")
    # A word that merely contains a reserved one is fine.
    accepted = await sign_up(gql, "fan@example.com", GOOD_PASSWORD, "Badminton Harbor")
    assert accepted["errors"] == []


async def test_sign_up_problems_sees_what_was_typed_and_the_brands(state: AppState) -> None:
    await make_account(state, Role.BRAND, name="Harbor & Pine")
    problems = await sign_up_problems(
        state.db, f"ro{FULLWIDTH_S}a@example.com", "Rosa@Example.com", "Harbor & Pine Deals"
    )
    assert [(p.field, p.code) for p in problems] == [
        ("email", "CONFUSABLE"),
        ("password", "PASSWORD_CONTAINS_EMAIL"),
        ("displayName", "RESERVED_NAME"),
    ]
    named = await sign_up_problems(state.db, "gh1906@example.com", "grace hopper", "Grace Hopper")
    assert [(p.field, p.code) for p in named] == [("password", "PASSWORD_CONTAINS_NAME")]
    assert await sign_up_problems(state.db, "rosa@example.com", GOOD_PASSWORD, "Rosa Harbor") == []


async def test_every_problem_of_a_form_comes_back_at_once(gql: GraphQL) -> None:
    payload = await sign_up(gql, f"ada{ZWSP}@example.com", "password", "Ada Admin")
    codes = {(e["field"], e["code"]) for e in payload["errors"]}
    assert codes == {
        ("email", "INVISIBLE_CHARACTERS"),
        ("password", "PASSWORD_TOO_COMMON"),
        ("displayName", "RESERVED_NAME"),
    }
    [email_error] = [e for e in payload["errors"] if e["field"] == "email"]
    assert "invisible or direction-changing characters" in email_error["message"]
    assert "U+200B ZERO WIDTH SPACE" in email_error["message"]


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("jose@example.com", "José Ñúñez"),
        ("li@example.com", "李小龍"),
        ("noor@example.com", "نور حداد"),
        ("ivan@example.com", "Иван Петров"),
        ("иван@example.com", "Ivan"),
        ("family@example.com", f"The Parks {FAMILY}"),
    ],
)
async def test_ordinary_names_in_any_script_are_accepted(
    gql: GraphQL, email: str, name: str
) -> None:
    payload = await sign_up(gql, email, GOOD_PASSWORD, name)
    assert payload["errors"] == []
    assert payload["user"] == {"displayName": name, "email": email}


async def test_an_email_is_kept_trimmed_and_case_folded(gql: GraphQL) -> None:
    payload = await sign_up(gql, "  Grace@Example.COM ", GOOD_PASSWORD, "Grace")
    assert payload["user"]["email"] == "grace@example.com"


async def test_bio_and_display_name_updates_follow_the_policy(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state, name="Mara Mode")
    for bio in (f"hello{NUL}", f"{RLO}olleh", f"hi{ZWSP}"):
        bad = await gql(UPDATE_PROFILE, {"input": {"bio": bio}}, token=account.token)
        [error] = bad["data"]["updateProfile"]["errors"]
        assert (error["field"], error["code"]) == ("bio", "INVISIBLE_CHARACTERS")
        assert "The bio contains invisible or direction-changing characters" in error["message"]
    bad_name = await gql(
        UPDATE_PROFILE, {"input": {"displayName": "Staff Pick"}}, token=account.token
    )
    assert [(e["field"], e["code"]) for e in bad_name["data"]["updateProfile"]["errors"]] == [
        ("displayName", "RESERVED_NAME")
    ]
    stored = await state.db.users.find_one({"_id": account.user.id})
    assert stored is not None and stored["bio"] == "" and stored["display_name"] == "Mara Mode"

    # A multi-line bio keeps its line breaks; a decomposed accent is stored composed.
    bio = "Thrift + vintage.\nCre\u0300me de la cre\u0300me \U0001f469\u200d\U0001f4bb\n"
    good = await gql(UPDATE_PROFILE, {"input": {"bio": bio}}, token=account.token)
    assert good["data"]["updateProfile"]["errors"] == []
    assert good["data"]["updateProfile"]["user"]["bio"] == (
        "Thrift + vintage.\nCrème de la crème \U0001f469\u200d\U0001f4bb"
    )


async def test_a_brand_keeps_its_own_name_and_others_cannot_take_it(
    gql: GraphQL, state: AppState
) -> None:
    brand = await make_account(state, Role.BRAND, name="Lumen Studio")
    own = await gql(
        UPDATE_PROFILE, {"input": {"displayName": "Lumen Studio", "bio": "Hi"}}, token=brand.token
    )
    assert own["data"]["updateProfile"]["errors"] == []
    renamed = await gql(
        UPDATE_PROFILE, {"input": {"displayName": "Lumen Studio Official"}}, token=brand.token
    )
    assert [e["code"] for e in renamed["data"]["updateProfile"]["errors"]] == ["RESERVED_NAME"]
    other = await make_account(state, name="Mara Mode")
    taken = await gql(UPDATE_PROFILE, {"input": {"displayName": "lumen studio"}}, token=other.token)
    assert [e["code"] for e in taken["data"]["updateProfile"]["errors"]] == ["RESERVED_NAME"]


async def test_comments_and_captions_follow_the_policy(
    gql: GraphQL, client: httpx.AsyncClient, state: AppState
) -> None:
    author = await make_account(state, Role.INFLUENCER, name="Lena Style")
    fan = await make_account(state, name="Mara Mode")
    post = await published_post(client, state, author.token)
    for body in (f"nice{NUL}", f"{RLO}ecin", f"{ZWSP}"):
        result = await gql(COMMENT, {"id": post["_id"], "body": body}, token=fan.token)
        [error] = result["data"]["commentOnPost"]["errors"]
        assert (error["field"], error["code"]) == ("body", "INVISIBLE_CHARACTERS")
    assert await state.db.comments.count_documents({}) == 0
    kept = await gql(
        COMMENT, {"id": post["_id"], "body": f"Love this {FAMILY}\nso good"}, token=fan.token
    )
    assert kept["data"]["commentOnPost"]["comment"] == {"body": f"Love this {FAMILY}\nso good"}

    refused = await multipart_create(
        client, author.token, [phone_jpeg(64, 48)], caption=f"ootd {RLO}#gnihtolc"
    )
    [error] = refused.json()["data"]["createPost"]["errors"]
    assert (error["field"], error["code"]) == ("caption", "INVISIBLE_CHARACTERS")
    accepted = await multipart_create(
        client, author.token, [phone_jpeg(64, 48)], caption="今天的穿搭 #穿搭 #été\n"
    )
    created = accepted.json()["data"]["createPost"]
    assert created["errors"] == []
    assert created["post"]["caption"] == "今天的穿搭 #穿搭 #été"
    assert created["post"]["hashtags"] == ["穿搭", "été"]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_demo_world_passes_the_policy(size: SizeName) -> None:
    accounts = plan_accounts(7, SIZES[size])
    brands = {a.display_name for a in accounts if a.role is Role.BRAND}
    everyone_else = name_policy.ReservedNames.of(brands)
    demo_password = Settings().demo_password
    for account in accounts:
        reserved = everyone_else
        if account.role is Role.BRAND:  # a brand's own name is not reserved against itself
            reserved = name_policy.ReservedNames.of(brands - {account.display_name})
        assert name_policy.check(account.display_name, reserved, max_length=NAME_MAX) is None
        assert email_policy.check(account.email) is None
        assert check_password(demo_password, account.email, account.display_name) is None


async def test_campaign_text_follows_the_policy(gql: GraphQL, state: AppState) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    influencer = await make_account(state, Role.INFLUENCER, name="Lena Style")
    await make_shop(state, brand)
    product_id = await make_product(gql, brand, "TEE-1")
    now = clock.now()
    form = {
        "name": f"Summer {RLO}pord",
        "brief": f"Show the tees{NUL}",
        "markets": ["US"],
        "startsAt": (now - timedelta(days=1)).isoformat(),
        "endsAt": (now + timedelta(days=30)).isoformat(),
        "budgetMinor": 100_000,
        "currency": "USD",
        "ruleKind": "PERCENT",
        "ruleBasisPoints": 1000,
        "productIds": [product_id],
    }
    refused = await gql(CREATE_CAMPAIGN, {"input": form}, token=brand.token)
    errors = refused["data"]["createCampaign"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("name", "INVISIBLE_CHARACTERS"),
        ("brief", "INVISIBLE_CHARACTERS"),
    }
    campaign_id = await make_campaign(gql, brand, [product_id], brief="Été 夏天\nShow the tees.")
    apply = """mutation($c: ID!, $p: String!) { applyToCampaign(campaignId: $c, pitch: $p) {
      membership { pitch } errors { field code } } }"""
    bad = await gql(apply, {"c": campaign_id, "p": f"pick me{ZWSP}"}, token=influencer.token)
    assert bad["data"]["applyToCampaign"]["errors"] == [
        {"field": "pitch", "code": "INVISIBLE_CHARACTERS"}
    ]
    good = await gql(apply, {"c": campaign_id, "p": "Pick me 🙋\u200d♀️"}, token=influencer.token)
    assert good["data"]["applyToCampaign"]["errors"] == []
