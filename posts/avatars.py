"""Uploading and removing a profile picture.

The picture is made by the image library (`media.avatars`: square WebP sizes and a
blurhash), stored at content-addressed keys, and the account switched to it by
`accounts.avatars`, which owns the account document. This sits in `posts` because it is the
lowest layer that may use both the image library and the accounts; its outfit photos go
through the same pipeline.
"""

from __future__ import annotations

from enum import StrEnum

from accounts import avatars as account_avatars
from accounts.users import User
from core import pools
from core.errors import UserError
from core.mongo import AsyncDB, Document
from core.settings import Settings
from media.avatars import AVATAR_SIZES, AvatarImage, avatar_key, square_avatar
from media.backends import media_url
from media.errors import MediaRejected
from media.intake import delete_keys
from media.storage import MediaStorage
from media.validate import Limits

LARGE = AVATAR_SIZES[0][0]


class AvatarErrorCode(StrEnum):
    INVALID_IMAGE = "INVALID_IMAGE"
    NOT_A_FILE = "NOT_A_FILE"
    NOT_FOUND = "NOT_FOUND"
    TOO_LARGE = "TOO_LARGE"
    UNAUTHENTICATED = "UNAUTHENTICATED"


def make_avatar(data: bytes, limits: Limits) -> AvatarImage:
    """The picture's sizes; a refused upload becomes an error on the `file` field."""
    try:
        return square_avatar(data, limits)
    except MediaRejected as exc:
        raise UserError(AvatarErrorCode.INVALID_IMAGE, exc.message, "file") from exc


def avatar_doc(image: AvatarImage, keys: dict[str, str]) -> Document:
    return {
        "side": image.side,
        "blurhash": image.blurhash,
        "variants": {
            name: {"key": keys[name], "width": v.width, "height": v.height}
            for name, v in image.variants.items()
        },
    }


def _store(storage: MediaStorage, image: AvatarImage, keys: dict[str, str]) -> None:
    for name, variant in image.variants.items():
        storage.put(keys[name], variant.data, variant.mime)


async def set_avatar(
    db: AsyncDB, storage: MediaStorage, settings: Settings, limits: Limits, user: User, data: bytes
) -> User:
    """Give the user this picture; the previous one's files are deleted once nothing names
    them."""
    image = await pools.run("cpu", make_avatar, data, limits)
    keys = {name: avatar_key(user.id, name, v.digest) for name, v in image.variants.items()}
    await pools.run("io", _store, storage, image, keys)
    updated, stale = await account_avatars.switch_avatar(
        db, user.id, avatar_doc(image, keys), media_url(settings, keys[LARGE])
    )
    if stale:
        await pools.run("io", delete_keys, storage, stale)
    return updated


async def remove_avatar(db: AsyncDB, storage: MediaStorage, user: User) -> User:
    updated, stale = await account_avatars.switch_avatar(db, user.id, None, None)
    if stale:
        await pools.run("io", delete_keys, storage, stale)
    return updated
