"""Profile picture mutations: upload one (a GraphQL multipart request) or remove it. They
hand off to `posts.avatars`; the picture shows wherever `User.avatarUrl` is read."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from accounts.users import User as CoreUser
from api.accounts.types import User
from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsAuthenticated
from core.errors import UserError as CoreUserError
from media.backends import limits_for, storage_for
from posts import avatars
from posts.avatars import AvatarErrorCode
from posts.lifecycle import read_capped

strawberry.enum(
    AvatarErrorCode, name="AvatarErrorCode", description="Why a profile picture was refused."
)


@strawberry.type(description="A problem with a profile picture, for the person who sent it.")
class AvatarError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: AvatarErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> AvatarError:
        known = error.code in AvatarErrorCode._value2member_map_
        code = AvatarErrorCode(error.code) if known else AvatarErrorCode.INVALID_IMAGE
        return cls(field=error.field, code=code, message=error.message)


@strawberry.type
class AvatarPayload:
    user: User | None = None
    errors: list[AvatarError] = strawberry.field(default_factory=list)


async def _read(file: Upload, max_bytes: int) -> bytes:
    if not hasattr(file, "read"):
        raise CoreUserError(
            AvatarErrorCode.NOT_A_FILE, "Send the picture as a file (a multipart request).", "file"
        )
    data = await read_capped(file, max_bytes)
    if data is None:
        megabytes = max_bytes // (1024 * 1024)
        raise CoreUserError(
            AvatarErrorCode.TOO_LARGE, f"The picture is larger than {megabytes} MB.", "file"
        )
    return data


def _payload(user: CoreUser | None, errors: list[AvatarError]) -> AvatarPayload:
    return AvatarPayload(user=User.from_core(user) if user else None, errors=errors)


@strawberry.type
class AvatarsMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Set one's profile picture (JPEG, PNG or WebP): the centre square is kept, "
        "at 256 and 96 px. Replaces (and deletes) the previous picture.",
    )
    async def upload_avatar(self, info: Info, file: Upload) -> AvatarPayload:
        ctx = info.context
        settings = ctx.settings

        async def upload() -> CoreUser:
            data = await _read(file, settings.upload_max_bytes)
            return await avatars.set_avatar(
                ctx.db,
                storage_for(settings),
                settings,
                limits_for(settings),
                ctx.require_user(),
                data,
            )

        user, errors = await payload_errors_as(upload, AvatarError.from_core)
        return _payload(user, errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Remove one's profile picture (its files are deleted). Idempotent.",
    )
    async def remove_avatar(self, info: Info) -> AvatarPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: avatars.remove_avatar(ctx.db, storage_for(ctx.settings), ctx.require_user()),
            AvatarError.from_core,
        )
        return _payload(user, errors)
