"""Sessions a person can end: changing the password and logging out everywhere refuse every
token made before, with a message that says why; the current password is checked like a
log-in, and counted like one."""

from __future__ import annotations

from typing import Any

import jwt

from accounts.users import Role
from api.state import AppState
from tests.api.helpers import Account, make_account
from tests.conftest import GraphQL

ME = "query { me { id role } }"
LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token errors { field code message } }
}"""
CHANGE_PASSWORD = """
mutation Change($input: ChangePasswordInput!) {
  changePassword(input: $input) { token user { id } errors { field code message } }
}"""
LOG_OUT_EVERYWHERE = "mutation { logOutEverywhere { loggedOut errors { field code message } } }"
UPDATE_PROFILE = """
mutation { updateProfile(input: {bio: "still me"}) { user { bio } errors { code } } }"""
NEW_PASSWORD = "a brand new passphrase"


async def log_in(gql: GraphQL, account: Account, password: str) -> dict[str, Any]:
    answer = await gql(LOG_IN, {"input": {"email": account.user.email, "password": password}})
    payload: dict[str, Any] = answer["data"]["logIn"]
    return payload


async def refused(gql: GraphQL, token: str) -> str:
    """The message `me` answers a refused token with."""
    result = await gql(ME, token=token, expect_errors=True)
    assert result["data"] is None or result["data"]["me"] is None
    error = result["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    message: str = error["message"]
    return message


async def change(gql: GraphQL, token: str, current: str, new: str) -> dict[str, Any]:
    answer = await gql(
        CHANGE_PASSWORD, {"input": {"currentPassword": current, "newPassword": new}}, token=token
    )
    payload: dict[str, Any] = answer["data"]["changePassword"]
    return payload


async def test_changing_the_password_logs_out_every_other_session(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state)
    other_device = await log_in(gql, account, account.password)
    assert isinstance(other_device["token"], str)

    changed = await change(gql, account.token, account.password, NEW_PASSWORD)
    assert changed["errors"] == []
    new_token = changed["token"]
    assert isinstance(new_token, str)

    for old in (account.token, other_device["token"]):
        assert await refused(gql, old) == "You were logged out; log in again."
        # A mutation sent with it is refused with the same reason.
        denied = await gql(UPDATE_PROFILE, token=old, expect_errors=True)
        assert denied["errors"][0]["message"] == "You were logged out; log in again."
    assert (await gql(ME, token=new_token))["data"]["me"]["id"] == account.user.id
    assert (await gql(UPDATE_PROFILE, token=new_token))["data"]["updateProfile"]["errors"] == []

    old_password = await log_in(gql, account, account.password)
    assert old_password["token"] is None
    fresh = await log_in(gql, account, NEW_PASSWORD)
    assert isinstance(fresh["token"], str)
    assert (await gql(ME, token=fresh["token"]))["data"]["me"]["id"] == account.user.id


async def test_a_wrong_current_password_is_refused_and_counted_like_a_log_in(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state)
    for _ in range(state.settings.login_max_per_account):
        wrong = await change(gql, account.token, "not my password", NEW_PASSWORD)
        assert wrong["token"] is None
        assert wrong["errors"] == [
            {
                "field": "currentPassword",
                "code": "INVALID_CREDENTIALS",
                "message": "The current password is incorrect.",
            }
        ]
    # The guesses count against the account: the right password is held back now, in a
    # password change and in a log-in alike.
    held = await change(gql, account.token, account.password, NEW_PASSWORD)
    assert [e["code"] for e in held["errors"]] == ["RATE_LIMITED"]
    login = await log_in(gql, account, account.password)
    assert [e["code"] for e in login["errors"]] == ["RATE_LIMITED"]
    # Nothing changed: the token still works and the new password does not.
    assert (await gql(ME, token=account.token))["data"]["me"]["id"] == account.user.id
    stored = await state.db.users.find_one({"_id": account.user.id})
    assert stored is not None and stored.get("session_version", 0) == 0


async def test_a_weak_new_password_is_refused_beside_its_field(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state)
    weak = await change(gql, account.token, account.password, "short")
    assert weak["token"] is None
    errors = weak["errors"]
    assert isinstance(errors, list) and [e["field"] for e in errors] == ["newPassword"]
    # The policy of sign-up, with the person's own details: their email will not do.
    personal = await change(gql, account.token, account.password, account.user.email)
    assert [e["field"] for e in personal["errors"]] == ["newPassword"]
    same = await change(gql, account.token, account.password, account.password)
    assert same["errors"] == [
        {
            "field": "newPassword",
            "code": "INVALID",
            "message": "Choose a password different from the current one.",
        }
    ]
    assert (await gql(ME, token=account.token))["data"]["me"]["id"] == account.user.id
    assert isinstance((await log_in(gql, account, account.password))["token"], str)


async def test_changing_the_password_needs_a_session(gql: GraphQL) -> None:
    result = await gql(
        CHANGE_PASSWORD,
        {"input": {"currentPassword": "whatever1", "newPassword": NEW_PASSWORD}},
        expect_errors=True,
    )
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_logging_out_everywhere_refuses_every_token_made_before(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state)
    phone = await log_in(gql, account, account.password)
    assert isinstance(phone["token"], str)

    done = await gql(LOG_OUT_EVERYWHERE, token=account.token)
    assert done["data"]["logOutEverywhere"] == {"loggedOut": True, "errors": []}

    for old in (account.token, phone["token"]):
        assert await refused(gql, old) == "You were logged out; log in again."
    again = await log_in(gql, account, account.password)
    assert isinstance(again["token"], str)
    assert (await gql(ME, token=again["token"]))["data"]["me"]["id"] == account.user.id


async def test_a_token_from_before_session_versions_lasts_until_the_first_log_out(
    gql: GraphQL, state: AppState
) -> None:
    account = await make_account(state)
    claims = jwt.decode(account.token, state.settings.jwt_secret, algorithms=["HS256"])
    del claims["sv"]
    legacy = jwt.encode(claims, state.settings.jwt_secret, algorithm="HS256")
    assert (await gql(ME, token=legacy))["data"]["me"]["id"] == account.user.id
    await gql(LOG_OUT_EVERYWHERE, token=account.token)
    assert await refused(gql, legacy) == "You were logged out; log in again."


async def test_a_demoted_account_loses_the_role_its_token_was_made_with(
    gql: GraphQL, state: AppState
) -> None:
    admin = await make_account(state, Role.ADMIN)
    demoted = await make_account(state, Role.ADMIN)
    users = "query { users(first: 5) { nodes { id } } }"
    assert (await gql(users, token=demoted.token))["data"]["users"]["nodes"]
    demote = """mutation($input: SetUserRoleInput!) {
      setUserRole(input: $input) { user { role } errors { code } } }"""
    done = await gql(
        demote, {"input": {"userId": demoted.user.id, "role": "SHOPPER"}}, token=admin.token
    )
    assert done["data"]["setUserRole"]["user"]["role"] == "SHOPPER"
    denied = await gql(users, token=demoted.token, expect_errors=True)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(ME, token=demoted.token))["data"]["me"]["role"] == "SHOPPER"
