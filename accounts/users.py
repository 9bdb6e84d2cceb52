"""Accounts: sign-up, log-in, sessions, profiles and roles.

Passwords are argon2 hashes. Sign-ups are counted per address and per network, log-in attempts
per account and per address (`accounts.throttle`), before any hash is made or checked. The
answer to a failed log-in never says whether the email exists (the same text, and an argon2
verify against a dummy hash so the timing matches too).

A bearer token carries its account's session version (`sv`); changing the password or logging
out everywhere bumps the version, so every token made before is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pymongo import ReturnDocument
from redis.asyncio import Redis

from accounts import email_policy, name_policy, password_policy, throttle
from accounts.error_codes import AccountErrorCode
from core import clock, pools, text_policy
from core.errors import Forbidden, NotFound, Unauthenticated, UserError, raise_all
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page
from core.redis import key
from core.settings import MARKETS, Settings


class Role(StrEnum):
    SHOPPER = "SHOPPER"
    INFLUENCER = "INFLUENCER"
    DESIGNER = "DESIGNER"
    BRAND = "BRAND"
    ADMIN = "ADMIN"
    # A supplier organisation's member (`commerce.suppliers`), invited by a brand.
    SUPPLIER = "SUPPLIER"


NAME_MAX, BIO_MAX = 50, 500
INVALID_LOGIN = "Email or password is incorrect."
LOGGED_OUT = "You were logged out; log in again."


@dataclass(frozen=True)
class User:
    id: str
    email: str
    display_name: str
    role: Role
    bio: str
    home_market: str | None
    avatar_url: str | None
    created_at: datetime
    # Bumped by a password change or "log out everywhere": tokens carrying an older one are
    # refused.
    session_version: int = 0
    # The @handle people find them by (`accounts.handles`); None until one is given.
    handle: str | None = None
    # Kept by `accounts.records.move_follow_counts` as follows are made and undone.
    follower_count: int = 0
    following_count: int = 0

    @classmethod
    def from_doc(cls, doc: Document) -> User:
        return cls(
            id=doc["_id"],
            email=doc["email"],
            display_name=doc["display_name"],
            role=Role(doc["role"]),
            bio=doc.get("bio", ""),
            home_market=doc.get("home_market"),
            avatar_url=doc.get("avatar_url"),
            created_at=clock.as_utc(doc["created_at"]),
            session_version=int(doc.get("session_version", 0)),
            handle=doc.get("handle"),
            follower_count=max(0, int(doc.get("follower_count", 0))),
            following_count=max(0, int(doc.get("following_count", 0))),
        )


def hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.password_time_cost, memory_cost=settings.password_memory_kib
    )


def normalise_email(email: str) -> str:
    """Trimmed, NFKC, case-folded: the form an account is stored and looked up by."""
    return email_policy.normalise(email)


def email_hash(email: str) -> str:
    """Stable hash for matching a buyer to an influencer without keeping a second copy."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _check_email(email: str) -> UserError | None:
    """What is wrong with an email address; give it as typed, so look-alike forms that
    normalising would hide are seen (`accounts.email_policy`)."""
    return email_policy.check(email)


def _check_password(password: str, email: str = "", display_name: str = "") -> UserError | None:
    """NIST SP 800-63B rules, with the person's email and name when known
    (`accounts.password_policy`)."""
    return password_policy.check_password(password, email, display_name)


def _check_name(
    name: str, reserved: name_policy.ReservedNames = name_policy.ROLE_NAMES
) -> UserError | None:
    """The text policy and reserved names (`accounts.name_policy`); by default only the role
    words are reserved: `reserved_names` adds the brands on the platform."""
    return name_policy.check(name, reserved, max_length=NAME_MAX)


async def reserved_names(db: AsyncDB, *, owner: User | None = None) -> name_policy.ReservedNames:
    """The names a display name may not hold: the role words and every brand's name. `owner`
    keeps their own name (a brand renaming itself) and, for an admin, the role words."""
    query: dict[str, Any] = {"role": Role.BRAND.value}
    if owner is not None:
        query["_id"] = {"$ne": owner.id}
    brands = await db.users.find(query, {"display_name": 1}).to_list()
    return name_policy.ReservedNames.of(
        (doc["display_name"] for doc in brands),
        role_words=owner is None or owner.role is not Role.ADMIN,
    )


async def sign_up_problems(
    db: AsyncDB, email: str, password: str, display_name: str
) -> list[UserError]:
    """Every problem with a sign-up form, checked on what the person typed."""
    checks = (
        _check_email(email),
        _check_password(password, email, display_name),
        _check_name(display_name, await reserved_names(db)),
    )
    return [e for e in checks if e is not None]


def new_user_doc(
    email: str, password_hash: str, display_name: str, role: Role = Role.SHOPPER, **extra: Any
) -> Document:
    now = clock.now()
    email = normalise_email(email)
    return {
        "_id": new_id("usr"),
        "email": email,
        "email_hash": email_hash(email),
        "password_hash": password_hash,
        "display_name": display_name,
        "role": role.value,
        "bio": "",
        "home_market": None,
        "avatar_url": None,
        "created_at": now,
        "updated_at": now,
        **extra,
    }


async def sign_up(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    email: str,
    password: str,
    display_name: str,
    ip: str,
) -> User:
    raise_all(await sign_up_problems(db, email, password, display_name))
    email, display_name = normalise_email(email), name_policy.clean(display_name)
    await _count_sign_up(redis, settings, ip)
    # argon2 is slow on purpose: it runs on a thread, never on the event loop.
    password_hash = await pools.run("auth", hasher(settings).hash, password)
    doc = new_user_doc(email, password_hash, display_name)
    try:
        await db.users.insert_one(doc)
    except Exception as exc:
        if is_duplicate(exc):
            raise UserError(
                AccountErrorCode.DUPLICATE,
                "An account with this email already exists; log in instead.",
                "email",
            ) from exc
        raise
    return User.from_doc(doc)


async def _count_sign_up(redis: Redis, settings: Settings, ip: str) -> None:
    """Counts a sign-up from `ip` and its network before its password is hashed (the hash is
    what makes sign-up costly), so requests sent all at once are held to the limits too."""
    window = settings.signup_window_seconds
    await throttle.count(
        redis,
        [
            throttle.Limit(key(settings, "signup", "ip", ip), settings.signup_max_per_ip, window),
            throttle.Limit(
                key(settings, "signup", "net", throttle.network_of(ip)),
                settings.signup_max_per_network,
                window,
            ),
        ],
        "Too many sign-ups from your network.",
    )


def _verifies(settings: Settings, stored: str, password: str) -> bool:
    try:
        return bool(hasher(settings).verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


# Hash of a random password: verifying against it costs what a real check costs.
_DUMMY_HASH_CACHE: dict[tuple[int, int], str] = {}


def _dummy_hash(settings: Settings) -> str:
    cache_key = (settings.password_time_cost, settings.password_memory_kib)
    if cache_key not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[cache_key] = hasher(settings).hash(new_id("dummy"))
    return _DUMMY_HASH_CACHE[cache_key]


async def _checked_password(
    db: AsyncDB, redis: Redis, settings: Settings, email: str, password: str, ip: str
) -> Document:
    """The account whose password this is; INVALID_CREDENTIALS otherwise, RATE_LIMITED past
    the limits. Log-in and a password change both check a password through here."""
    account_key = key(settings, "login-fail", "account", email_hash(email))
    ip_key = key(settings, "login-fail", "ip", ip)
    # Each attempt is counted before its password is checked, so attempts sent all at once
    # cannot all slip under the limit; a successful one is taken off the counts again.
    window = settings.login_window_seconds
    await throttle.count(
        redis,
        [
            throttle.Limit(account_key, settings.login_max_per_account, window),
            throttle.Limit(ip_key, settings.login_max_per_ip, window),
        ],
        "Too many attempts.",
    )
    doc = await db.users.find_one({"email": email}) if email else None
    stored = doc["password_hash"] if doc else await pools.run("auth", _dummy_hash, settings)
    # Verified even for an unknown email, so the answer takes as long either way.
    verified = await pools.run("auth", _verifies, settings, stored, password)
    if not verified or doc is None:
        raise UserError(AccountErrorCode.INVALID_CREDENTIALS, INVALID_LOGIN, None)
    pipe = redis.pipeline()
    pipe.delete(account_key)
    pipe.decr(ip_key)
    await pipe.execute()
    return doc


async def log_in(
    db: AsyncDB, redis: Redis, settings: Settings, email: str, password: str, ip: str
) -> User:
    doc = await _checked_password(db, redis, settings, normalise_email(email), password, ip)
    stored = doc["password_hash"]
    if hasher(settings).check_needs_rehash(stored):
        rehashed = await pools.run("auth", hasher(settings).hash, password)
        await db.users.update_one({"_id": doc["_id"]}, {"$set": {"password_hash": rehashed}})
    return User.from_doc(doc)


def issue_token(settings: Settings, user: User) -> str:
    now = clock.now()
    claims = {
        "sub": user.id,
        "role": user.role.value,
        # The account's session version when the token was made: see `authenticate`.
        "sv": user.session_version,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.jwt_ttl_minutes)).timestamp()),
        "iss": "trendloop",
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def _claims(settings: Settings, token: str) -> dict[str, Any]:
    try:
        # Expiry is checked against the platform clock below, so tests can move time forward.
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=["HS256"],
            issuer="trendloop",
            options={"require": ["sub", "exp", "iat"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        raise Unauthenticated("The access token is not valid. Log in again.") from exc
    expires = claims.get("exp")
    if not isinstance(expires, int) or expires <= clock.now().timestamp():
        raise Unauthenticated("Your session has expired. Log in again.")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not is_valid_id(subject, "usr"):
        raise Unauthenticated("The access token is not valid. Log in again.")
    return claims


def read_token(settings: Settings, token: str) -> str:
    """The user id a bearer token names; Unauthenticated when it is expired or forged.

    It does not see whether the account logged out everywhere since: use `authenticate`."""
    subject: str = _claims(settings, token)["sub"]
    return subject


async def authenticate(db: AsyncDB, settings: Settings, token: str) -> User:
    """The account a bearer token signs in, as it is now; Unauthenticated when the token is
    expired or forged, the account is gone, or its sessions were ended after the token was
    made (a password change, "log out everywhere")."""
    claims = _claims(settings, token)
    user = await get_user(db, claims["sub"])
    if user is None:
        raise Unauthenticated("This account no longer exists.")
    # Tokens made before session versions existed carry none: they belong to version 0.
    if claims.get("sv", 0) != user.session_version:
        raise Unauthenticated(LOGGED_OUT)
    return user


def _new_password_problem(user: User, password: str) -> UserError | None:
    """What is wrong with a new password (the same policy as at sign-up, with the person's
    email and name), reported against the `newPassword` field."""
    problem = password_policy.check_password(password, user.email, user.display_name)
    if problem is None:
        return None
    return UserError(problem.code, problem.message, "newPassword")


async def change_password(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    user: User,
    current_password: str,
    new_password: str,
    ip: str,
) -> User:
    """Sets a new password and ends every session of the account; the account as it is after
    (issue it a token to keep this session).

    The current password is checked like a log-in (the same counts and limits), so a stolen
    token cannot be used to guess it."""
    raise_all([e for e in (_new_password_problem(user, new_password),) if e is not None])
    try:
        doc = await _checked_password(db, redis, settings, user.email, current_password, ip)
    except UserError as exc:
        if exc.code != AccountErrorCode.INVALID_CREDENTIALS:
            raise
        raise UserError(
            AccountErrorCode.INVALID_CREDENTIALS,
            "The current password is incorrect.",
            "currentPassword",
        ) from exc
    if current_password == new_password:
        raise UserError(
            AccountErrorCode.INVALID,
            "Choose a password different from the current one.",
            "newPassword",
        )
    new_hash = await pools.run("auth", hasher(settings).hash, new_password)
    changed = await db.users.find_one_and_update(
        # Only over the hash just checked: of two changes sent at once, one wins.
        {"_id": doc["_id"], "password_hash": doc["password_hash"]},
        {
            "$set": {"password_hash": new_hash, "updated_at": clock.now()},
            "$inc": {"session_version": 1},
        },
        projection={"password_hash": 0},
        return_document=ReturnDocument.AFTER,
    )
    if changed is None:
        raise UserError(
            AccountErrorCode.INVALID_CREDENTIALS,
            "The password was changed meanwhile; log in again.",
            "currentPassword",
        )
    return User.from_doc(changed)


async def log_out_everywhere(db: AsyncDB, user: User) -> User:
    """Ends every session of the account: each token made before is refused from now on."""
    doc = await db.users.find_one_and_update(
        {"_id": user.id},
        {"$inc": {"session_version": 1}, "$set": {"updated_at": clock.now()}},
        projection={"password_hash": 0},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("User")
    return User.from_doc(doc)


async def users_by_ids(db: AsyncDB, user_ids: Sequence[str]) -> dict[str, User]:
    """The accounts among `user_ids`, by id (unknown ids are left out)."""
    docs = await db.users.find(
        {"_id": {"$in": sorted(set(user_ids))}}, {"password_hash": 0}
    ).to_list()
    return {doc["_id"]: User.from_doc(doc) for doc in docs}


async def list_users(
    db: AsyncDB, role: Role | None, *, first: int, after: str | None, maximum: int
) -> Page[User]:
    """Every account (or those with one role), newest first."""
    return await keyset_page(
        db.users,
        {"role": role.value} if role else {},
        first=first,
        after=after,
        maximum=maximum,
        to_item=User.from_doc,
        projection={"password_hash": 0},
    )


async def get_user(db: AsyncDB, user_id: str) -> User | None:
    if not is_valid_id(user_id, "usr"):
        return None
    doc = await db.users.find_one({"_id": user_id}, {"password_hash": 0})
    return User.from_doc(doc) if doc else None


async def get_user_by_email(db: AsyncDB, email: str) -> User | None:
    doc = await db.users.find_one({"email": normalise_email(email)}, {"password_hash": 0})
    return User.from_doc(doc) if doc else None


async def update_profile(
    db: AsyncDB,
    user: User,
    *,
    display_name: str | None = None,
    bio: str | None = None,
    home_market: str | None = None,
    avatar_url: str | None = None,
) -> User:
    changes: dict[str, Any] = {}
    errors: list[UserError] = []
    if display_name is not None:
        # Keeping the name one has is always allowed, even if a brand took it since.
        reserved = (
            name_policy.ReservedNames.of(())
            if name_policy.clean(display_name) == user.display_name
            else await reserved_names(db, owner=user)
        )
        if (err := _check_name(display_name, reserved)) is not None:
            errors.append(err)
        changes["display_name"] = name_policy.clean(display_name)
    if bio is not None:
        bio, err = text_policy.clean(
            bio, "The bio", code=AccountErrorCode.INVISIBLE_CHARACTERS, field="bio", multiline=True
        )
        if err is not None:
            errors.append(err)
        if len(bio) > BIO_MAX:
            errors.append(
                UserError(
                    AccountErrorCode.TOO_LONG, f"Keep the bio under {BIO_MAX} characters.", "bio"
                )
            )
        changes["bio"] = bio
    if home_market is not None:
        if home_market not in MARKETS:
            errors.append(
                UserError(
                    AccountErrorCode.INVALID,
                    f"Choose one of the markets {', '.join(MARKETS)}.",
                    "homeMarket",
                )
            )
        changes["home_market"] = home_market
    if avatar_url is not None:
        changes["avatar_url"] = avatar_url or None
    raise_all(errors)
    if not changes:
        return user
    changes["updated_at"] = clock.now()
    doc = await db.users.find_one_and_update(
        {"_id": user.id},
        {"$set": changes},
        projection={"password_hash": 0},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("User")
    return User.from_doc(doc)


async def set_role(db: AsyncDB, actor: User, user_id: str, role: str) -> User:
    if actor.role is not Role.ADMIN:
        raise Forbidden("Only an admin can change roles.")
    try:
        new_role = Role(role)
    except ValueError as exc:
        raise UserError(
            AccountErrorCode.INVALID,
            f"Unknown role; choose one of {', '.join(r.value for r in Role)}.",
            "role",
        ) from exc
    if not is_valid_id(user_id, "usr"):
        raise UserError(AccountErrorCode.INVALID_ID, "That is not a user id.", "userId")
    doc = await db.users.find_one_and_update(
        {"_id": user_id},
        {"$set": {"role": new_role.value, "updated_at": clock.now()}},
        projection={"password_hash": 0},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("User", "userId")
    return User.from_doc(doc)
