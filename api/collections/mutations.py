"""Saved-collections mutations: create, update (rename, public or private), delete, and adding
or removing a look. Each hands off to `posts.collections`; adding saves the look through
`posts.social` so the feeds learn from it as from any save."""

from __future__ import annotations

import strawberry

from accounts.users import User as CoreUser
from api.collections.types import Collection, CollectionError
from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsAuthenticated
from api.posts.types import Post
from core.mongo import AsyncDB
from feeds import feed_store
from posts import collections, social
from posts.lifecycle import Post as CorePost


@strawberry.type
class CollectionPayload:
    collection: Collection | None = None
    errors: list[CollectionError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteCollectionPayload:
    deleted_id: strawberry.ID | None = None
    errors: list[CollectionError] = strawberry.field(default_factory=list)


@strawberry.type
class CollectionPostPayload:
    collection: Collection | None = None
    post: Post | None = None
    errors: list[CollectionError] = strawberry.field(default_factory=list)


async def _save(db: AsyncDB, user: CoreUser, post_id: str) -> CorePost:
    return await social.save(db, user, post_id, engagement=feed_store)


async def _unsave(db: AsyncDB, user: CoreUser, post_id: str) -> CorePost:
    return await social.unsave(db, user, post_id, engagement=feed_store)


@strawberry.type
class RemoveFromSavedPayload:
    post: Post | None = None
    errors: list[CollectionError] = strawberry.field(default_factory=list)


def _payload(
    found: collections.Collection | None, errors: list[CollectionError]
) -> CollectionPayload:
    return CollectionPayload(
        collection=Collection.from_core(found) if found else None, errors=errors
    )


@strawberry.type
class CollectionsMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"A new collection, private unless isPublic. Names are 1 to "
        f"{collections.NAME_MAX} characters and unique per person (whatever the case); up to "
        f"{collections.COLLECTIONS_MAX} collections each.",
    )
    async def create_collection(
        self, info: Info, name: str, is_public: bool = False
    ) -> CollectionPayload:
        ctx = info.context
        found, errors = await payload_errors_as(
            lambda: collections.create_collection(
                ctx.db, ctx.require_user(), name, is_public=is_public
            ),
            CollectionError.from_core,
        )
        return _payload(found, errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Rename a collection and/or make it public or private (owner only).",
    )
    async def update_collection(
        self,
        info: Info,
        id: strawberry.ID,
        name: str | None = None,
        is_public: bool | None = None,
    ) -> CollectionPayload:
        ctx = info.context
        found, errors = await payload_errors_as(
            lambda: collections.update_collection(
                ctx.db, ctx.require_user(), str(id), name=name, is_public=is_public
            ),
            CollectionError.from_core,
        )
        return _payload(found, errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Delete a collection (owner only); its looks stay saved.",
    )
    async def delete_collection(self, info: Info, id: strawberry.ID) -> DeleteCollectionPayload:
        ctx = info.context
        found, errors = await payload_errors_as(
            lambda: collections.delete_collection(ctx.db, ctx.require_user(), str(id)),
            CollectionError.from_core,
        )
        return DeleteCollectionPayload(
            deleted_id=strawberry.ID(found.id) if found else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"Put a published look in one's collection and save it. Idempotent; up to "
        f"{collections.POSTS_MAX} looks per collection.",
    )
    async def add_to_collection(
        self, info: Info, collection_id: strawberry.ID, post_id: strawberry.ID
    ) -> CollectionPostPayload:
        ctx = info.context
        result, errors = await payload_errors_as(
            lambda: collections.add_to_collection(
                ctx.db, ctx.require_user(), str(collection_id), str(post_id), save=_save
            ),
            CollectionError.from_core,
        )
        if result is None:
            return CollectionPostPayload(errors=errors)
        found, post = result
        return CollectionPostPayload(
            collection=Collection.from_core(found), post=Post.from_core(post)
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Take a look out of one's collection; it stays saved. Idempotent.",
    )
    async def remove_from_collection(
        self, info: Info, collection_id: strawberry.ID, post_id: strawberry.ID
    ) -> CollectionPostPayload:
        ctx = info.context
        found, errors = await payload_errors_as(
            lambda: collections.remove_from_collection(
                ctx.db, ctx.require_user(), str(collection_id), str(post_id)
            ),
            CollectionError.from_core,
        )
        return CollectionPostPayload(
            collection=Collection.from_core(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Take a look out of Saved and out of every one of one's collections "
        "(`unsavePost` leaves it in the collections). Idempotent.",
    )
    async def remove_from_saved(self, info: Info, post_id: strawberry.ID) -> RemoveFromSavedPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: collections.unsave_everywhere(
                ctx.db, ctx.require_user(), str(post_id), unsave=_unsave
            ),
            CollectionError.from_core,
        )
        return RemoveFromSavedPayload(post=Post.from_core(post) if post else None, errors=errors)
