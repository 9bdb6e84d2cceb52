"""Accounts through the GraphQL documents the mobile client sends."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import jwt
import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from tests.api.helpers import make_account
from tests.conftest import GraphQL

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id displayName role email } errors { field code message } }
}"""
LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token user { id email role } errors { field code message } }
}"""
ME = "query { me { id displayName email role homeMarket bio } }"


async def test_sign_up_then_log_in_then_me(gql: GraphQL) -> None:
    created = await gql(
        SIGN_UP,
        {"input": {"email": " Ana@Example.com ", "password": "s3cret-pass", "displayName": "Ana"}},
    )
    payload = created["data"]["signUp"]
    assert payload["errors"] == []
    assert payload["user"]["role"] == "SHOPPER"
    assert payload["user"]["email"] == "ana@example.com"

    logged = await gql(LOG_IN, {"input": {"email": "ana@example.com", "password": "s3cret-pass"}})
    token = logged["data"]["logIn"]["token"]
    me = await gql(ME, token=token)
    assert me["data"]["me"]["displayName"] == "Ana"
    assert me["data"]["me"]["id"] == payload["user"]["id"]


async def test_me_is_null_when_signed_out(gql: GraphQL) -> None:
    assert (await gql(ME))["data"]["me"] is None


async def test_duplicate_email_is_refused_and_nothing_changes(
    gql: GraphQL, state: AppState
) -> None:
    data = {"email": "dup@example.com", "password": "s3cret-pass", "displayName": "One"}
    await gql(SIGN_UP, {"input": data})
    again = await gql(SIGN_UP, {"input": {**data, "displayName": "Two"}})
    errors = again["data"]["signUp"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("email", "DUPLICATE")]
    assert again["data"]["signUp"]["token"] is None
    assert await state.db.users.count_documents({"email": "dup@example.com"}) == 1
    stored = await state.db.users.find_one({"email": "dup@example.com"})
    assert stored is not None and stored["display_name"] == "One"


async def test_every_bad_field_is_reported_at_once_and_nothing_is_stored(
    gql: GraphQL, state: AppState
) -> None:
    result = await gql(
        SIGN_UP, {"input": {"email": "not-an-email", "password": "short", "displayName": "x" * 51}}
    )
    errors = {(e["field"], e["code"]) for e in result["data"]["signUp"]["errors"]}
    assert errors == {("email", "INVALID"), ("password", "TOO_SHORT"), ("displayName", "TOO_LONG")}
    assert await state.db.users.count_documents({}) == 0


async def test_over_long_password_is_refused(gql: GraphQL) -> None:
    result = await gql(
        SIGN_UP, {"input": {"email": "a@example.com", "password": "p" * 129, "displayName": "A"}}
    )
    assert result["data"]["signUp"]["errors"][0]["code"] == "TOO_LONG"


async def test_wrong_password_and_unknown_email_get_the_same_answer(gql: GraphQL) -> None:
    await gql(
        SIGN_UP,
        {"input": {"email": "b@example.com", "password": "s3cret-pass", "displayName": "B"}},
    )
    wrong = await gql(LOG_IN, {"input": {"email": "b@example.com", "password": "nope-nope"}})
    unknown = await gql(LOG_IN, {"input": {"email": "nobody@example.com", "password": "nope-nope"}})
    assert wrong["data"]["logIn"]["errors"] == unknown["data"]["logIn"]["errors"]
    assert wrong["data"]["logIn"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert wrong["data"]["logIn"]["token"] is None


async def test_failed_logins_are_rate_limited_per_account(gql: GraphQL, state: AppState) -> None:
    await gql(
        SIGN_UP,
        {"input": {"email": "c@example.com", "password": "s3cret-pass", "displayName": "C"}},
    )
    for _ in range(state.settings.login_max_per_account):
        await gql(LOG_IN, {"input": {"email": "c@example.com", "password": "guess-guess"}})
    # Even the right password is refused while the account is locked out.
    locked = await gql(LOG_IN, {"input": {"email": "c@example.com", "password": "s3cret-pass"}})
    assert locked["data"]["logIn"]["errors"][0]["code"] == "RATE_LIMITED"
    other = await gql(LOG_IN, {"input": {"email": "other@example.com", "password": "guess-guess"}})
    assert other["data"]["logIn"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_wrong_passwords_sent_at_once_are_held_to_the_limit(
    gql: GraphQL, state: AppState
) -> None:
    await gql(
        SIGN_UP,
        {"input": {"email": "burst@example.com", "password": "s3cret-pass", "displayName": "B"}},
    )
    attempt = {"input": {"email": "burst@example.com", "password": "guess-guess"}}
    answers = await asyncio.gather(*(gql(LOG_IN, attempt) for _ in range(20)))
    codes = [a["data"]["logIn"]["errors"][0]["code"] for a in answers]
    # The passwords are checked off the event loop, so all twenty are in flight together; only
    # as many as the limit may be checked.
    limit = state.settings.login_max_per_account
    assert codes.count("INVALID_CREDENTIALS") == limit
    assert codes.count("RATE_LIMITED") == 20 - limit


async def test_a_good_login_takes_itself_off_the_counts(gql: GraphQL, state: AppState) -> None:
    await gql(
        SIGN_UP,
        {"input": {"email": "good@example.com", "password": "s3cret-pass", "displayName": "G"}},
    )
    right = {"input": {"email": "good@example.com", "password": "s3cret-pass"}}
    for _ in range(max(state.settings.login_max_per_account, state.settings.login_max_per_ip) + 2):
        answer = await gql(LOG_IN, right)
        assert answer["data"]["logIn"]["errors"] == [] and answer["data"]["logIn"]["token"]


async def test_failed_logins_are_rate_limited_per_ip(gql: GraphQL, state: AppState) -> None:
    for n in range(state.settings.login_max_per_ip):
        await gql(LOG_IN, {"input": {"email": f"spray{n}@example.com", "password": "guess-guess"}})
    blocked = await gql(LOG_IN, {"input": {"email": "fresh@example.com", "password": "x" * 8}})
    assert blocked["data"]["logIn"]["errors"][0]["code"] == "RATE_LIMITED"


async def test_expired_token_is_refused_with_a_clear_reason(
    gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    account = await make_account(state)
    assert (await gql(ME, token=account.token))["data"]["me"]["id"] == account.user.id
    frozen_clock.advance(timedelta(minutes=state.settings.jwt_ttl_minutes + 1))
    result = await gql(ME, token=account.token, expect_errors=True)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in result["errors"][0]["message"]


async def test_forged_token_is_refused(gql: GraphQL, state: AppState) -> None:
    account = await make_account(state)
    forged = jwt.encode(
        {"sub": account.user.id, "iat": 1, "exp": 4_000_000_000, "iss": "trendloop"},
        "another-secret-of-enough-length-0123456789",
        algorithm="HS256",
    )
    result = await gql(ME, token=forged, expect_errors=True)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    none_alg = jwt.encode(
        {"sub": account.user.id, "exp": 4_000_000_000}, key=None, algorithm="none"
    )
    result = await gql(ME, token=none_alg, expect_errors=True)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_update_profile_validates_and_saves(gql: GraphQL, state: AppState) -> None:
    account = await make_account(state)
    mutation = """
    mutation($input: UpdateProfileInput!) {
      updateProfile(input: $input) { user { displayName bio homeMarket } errors { field code } }
    }"""
    bad = await gql(mutation, {"input": {"bio": "b" * 501}}, token=account.token)
    assert bad["data"]["updateProfile"]["errors"] == [{"field": "bio", "code": "TOO_LONG"}]
    good = await gql(
        mutation,
        {"input": {"displayName": "New Name", "bio": "Hi", "homeMarket": "DE"}},
        token=account.token,
    )
    assert good["data"]["updateProfile"]["user"] == {
        "displayName": "New Name",
        "bio": "Hi",
        "homeMarket": "DE",
    }


async def test_unknown_role_or_market_is_a_validation_error(gql: GraphQL, state: AppState) -> None:
    admin = await make_account(state, Role.ADMIN)
    result = await gql(
        'mutation { setUserRole(input: {userId: "usr_x", role: OVERLORD}) { errors { code } } }',
        token=admin.token,
        expect_errors=True,
    )
    assert "OVERLORD" in result["errors"][0]["message"]


async def test_only_an_admin_raises_a_role(gql: GraphQL, state: AppState) -> None:
    shopper = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    mutation = """
    mutation($input: SetUserRoleInput!) {
      setUserRole(input: $input) { user { role } errors { field code } }
    }"""
    variables = {"input": {"userId": shopper.user.id, "role": "INFLUENCER"}}
    denied = await gql(mutation, variables, token=shopper.token, expect_errors=True)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = await gql(mutation, variables, token=admin.token)
    assert done["data"]["setUserRole"]["user"]["role"] == "INFLUENCER"
    missing = await gql(
        mutation,
        {"input": {"userId": "usr_00000000000000000000000000", "role": "BRAND"}},
        token=admin.token,
    )
    assert missing["data"]["setUserRole"]["errors"] == [{"field": "userId", "code": "NOT_FOUND"}]
    invalid = await gql(
        mutation, {"input": {"userId": "../etc", "role": "BRAND"}}, token=admin.token
    )
    assert invalid["data"]["setUserRole"]["errors"] == [{"field": "userId", "code": "INVALID_ID"}]


@pytest.mark.parametrize(
    "document",
    [
        "{ me { id ",
        "{ nope }",
        "query { me { id } } query { me { id } }",
    ],
)
async def test_malformed_graphql_gets_a_clear_error(gql: GraphQL, document: str) -> None:
    result = await gql(document, expect_errors=True)
    assert result["errors"] and result["errors"][0]["message"] != "Unexpected error."


async def test_abusive_queries_are_refused(gql: GraphQL, state: AppState) -> None:
    aliases = " ".join(f"a{i}: me {{ id }}" for i in range(state.settings.graphql_max_aliases + 1))
    result = await gql("{ " + aliases + " }", expect_errors=True)
    assert "aliases" in result["errors"][0]["message"].lower()
    tokens = "{ " + " ".join("me { id }" for _ in range(state.settings.graphql_max_tokens)) + " }"
    result = await gql(tokens, expect_errors=True)
    assert "token" in result["errors"][0]["message"].lower()


async def test_users_connection_pages_without_repeats(gql: GraphQL, state: AppState) -> None:
    admin = await make_account(state, Role.ADMIN)
    for _ in range(5):
        await make_account(state)
    query = """
    query($after: String) {
      users(first: 2, after: $after) {
        edges { cursor node { id } }
        pageInfo { hasNextPage endCursor }
      }
    }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(query, {"after": after}, token=admin.token))["data"]["users"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 6 == len(set(seen))
    bad = await gql(query, {"after": "%%%"}, token=admin.token, expect_errors=True)
    assert bad["errors"][0]["extensions"] == {"code": "INVALID_CURSOR", "field": "after"}
