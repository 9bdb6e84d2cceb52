"""Accounts: sign-up, log-in, profiles and roles.

Passwords are argon2 hashes. Failed log-ins are counted in Redis per account and per IP, and the
answer to a failed log-in never says whether the email exists (the same text, and an argon2
verify against a dummy hash so the timing matches too).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
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

from accounts.error_codes import AccountErrorCode
from core import clock
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


EMAIL_RE = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$"
)
PASSWORD_MIN, PASSWORD_MAX = 8, 128
NAME_MAX, BIO_MAX = 50, 500
INVALID_LOGIN = "Email or password is incorrect."


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
        )


def hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.password_time_cost, memory_cost=settings.password_memory_kib
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_hash(email: str) -> str:
    """Stable hash for matching a buyer to an influencer without keeping a second copy."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _check_email(email: str) -> UserError | None:
    if not email:
        return UserError(AccountErrorCode.REQUIRED, "Enter your email address.", "email")
    if len(email) > 254 or not EMAIL_RE.match(email):
        return UserError(AccountErrorCode.INVALID, "Enter a valid email address.", "email")
    return None


def _check_password(password: str) -> UserError | None:
    if len(password) < PASSWORD_MIN:
        return UserError(
            AccountErrorCode.TOO_SHORT,
            f"Use at least {PASSWORD_MIN} characters for the password.",
            "password",
        )
    if len(password) > PASSWORD_MAX:
        return UserError(
            AccountErrorCode.TOO_LONG,
            f"Use at most {PASSWORD_MAX} characters for the password.",
            "password",
        )
    return None


def _check_name(name: str) -> UserError | None:
    if not name:
        return UserError(AccountErrorCode.REQUIRED, "Enter a display name.", "displayName")
    if len(name) > NAME_MAX:
        return UserError(
            AccountErrorCode.TOO_LONG,
            f"Use at most {NAME_MAX} characters for the name.",
            "displayName",
        )
    return None


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
    db: AsyncDB, settings: Settings, email: str, password: str, display_name: str
) -> User:
    email, display_name = normalise_email(email), display_name.strip()
    raise_all(
        [
            e
            for e in (_check_email(email), _check_password(password), _check_name(display_name))
            if e is not None
        ]
    )
    # argon2 is slow on purpose: it runs on a thread, never on the event loop.
    password_hash = await asyncio.to_thread(hasher(settings).hash, password)
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


async def _attempt(redis: Redis, name: str, window: int) -> int:
    """Count one more attempt in the window (started by the first); the count after it."""
    # SET NX EX then INCR: the window starts at the first attempt and INCR keeps its TTL
    # (EXPIRE … NX would need Redis 7; the embedded server is 6.2).
    pipe = redis.pipeline()
    pipe.set(name, 0, ex=window, nx=True)
    pipe.incr(name)
    counted = await pipe.execute()
    return int(counted[1])


async def log_in(
    db: AsyncDB, redis: Redis, settings: Settings, email: str, password: str, ip: str
) -> User:
    email = normalise_email(email)
    account_key = key(settings, "login-fail", "account", email_hash(email))
    ip_key = key(settings, "login-fail", "ip", ip)
    # Each attempt is counted before its password is checked, so attempts sent all at once
    # cannot all slip under the limit; a successful one is taken off the counts again.
    window = settings.login_window_seconds
    on_account = await _attempt(redis, account_key, window)
    from_ip = await _attempt(redis, ip_key, window)
    if on_account > settings.login_max_per_account or from_ip > settings.login_max_per_ip:
        minutes = max(1, window // 60)
        raise UserError(
            AccountErrorCode.RATE_LIMITED,
            f"Too many attempts. Try again in {minutes} minutes.",
            None,
        )
    doc = await db.users.find_one({"email": email}) if email else None
    stored = doc["password_hash"] if doc else await asyncio.to_thread(_dummy_hash, settings)
    # Verified even for an unknown email, so the answer takes as long either way.
    verified = await asyncio.to_thread(_verifies, settings, stored, password)
    if not verified or doc is None:
        raise UserError(AccountErrorCode.INVALID_CREDENTIALS, INVALID_LOGIN, None)
    pipe = redis.pipeline()
    pipe.delete(account_key)
    pipe.decr(ip_key)
    await pipe.execute()
    if hasher(settings).check_needs_rehash(stored):
        rehashed = await asyncio.to_thread(hasher(settings).hash, password)
        await db.users.update_one({"_id": doc["_id"]}, {"$set": {"password_hash": rehashed}})
    return User.from_doc(doc)


def issue_token(settings: Settings, user: User) -> str:
    now = clock.now()
    claims = {
        "sub": user.id,
        "role": user.role.value,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.jwt_ttl_minutes)).timestamp()),
        "iss": "trendloop",
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def read_token(settings: Settings, token: str) -> str:
    """The user id a bearer token names; Unauthenticated when it is expired or forged."""
    try:
        # Expiry is checked against the platform clock below, so tests can move time forward.
        claims = jwt.decode(
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
    return subject


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
        display_name = display_name.strip()
        if (err := _check_name(display_name)) is not None:
            errors.append(err)
        changes["display_name"] = display_name
    if bio is not None:
        if len(bio) > BIO_MAX:
            errors.append(
                UserError(
                    AccountErrorCode.TOO_LONG, f"Keep the bio under {BIO_MAX} characters.", "bio"
                )
            )
        changes["bio"] = bio.strip()
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
