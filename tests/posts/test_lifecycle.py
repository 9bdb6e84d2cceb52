"""Post lifecycle against the real store and real files: create, visibility, edit, delete."""

from __future__ import annotations

import io
from typing import BinaryIO

import pytest

from accounts.users import Role, User
from api.state import AppState
from core.errors import UserError, UserErrors
from core.ids import new_id
from media.backends import limits_for, media_root, storage_for
from media.storage import MediaStorage
from posts import lifecycle as posts
from posts.lifecycle import Post, PostStatus, listing_filter
from posts.post_input import ProductTag
from tests.api.helpers import make_account
from tests.api.post_helpers import phone_jpeg


class Upload:
    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)


class FailingStorage:
    """The real storage whose n-th put fails (a full disk, a dropped S3 connection)."""

    def __init__(self, inner: MediaStorage, fail_on_put: int) -> None:
        self.inner, self.fail_on_put, self.puts = inner, fail_on_put, 0

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.puts += 1
        if self.puts == self.fail_on_put:
            raise OSError("No space left on device")
        self.inner.put(key, data, content_type)

    def get(self, key: str) -> bytes | None:
        return self.inner.get(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def open(self, key: str) -> BinaryIO | None:
        return self.inner.open(key)


async def _create(
    state: AppState,
    author: User,
    storage: MediaStorage | None = None,
    *,
    images: list[Upload] | None = None,
    product_tags: list[ProductTag] | None = None,
) -> Post:
    return await posts.create_post(
        state.db,
        storage or storage_for(state.settings),
        limits_for(state.settings),
        author,
        images=images or [Upload(phone_jpeg(320, 240, 1))],
        caption="hi #there",
        product_tags=product_tags or [],
        market=None,
    )


def _originals(state: AppState) -> set[str]:
    root = media_root(state.settings) / "originals"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


async def test_create_stores_originals_and_a_processing_post(state: AppState) -> None:
    author = (await make_account(state, market="DE")).user
    tag = ProductTag(new_id("prd"), 1, 0.5, 0.5)
    post = await _create(
        state,
        author,
        images=[Upload(phone_jpeg(320, 240, 1)), Upload(phone_jpeg(300, 200, 2))],
        product_tags=[tag],
    )
    assert post.status is PostStatus.PROCESSING and post.market == "DE"
    assert post.hashtags == ("there",)
    assert post.product_tags == (tag,) and post.image_count == 2 and post.images == ()
    stored = await state.db.posts.find_one({"_id": post.id})
    assert stored is not None and len(stored["originals"]) == 2
    for original in stored["originals"]:
        assert original["key"].startswith(f"originals/{post.id}/")
        data = storage_for(state.settings).get(original["key"])
        assert data is not None and b"PhoneCam" in data  # kept as received, for the task


async def test_a_storage_failure_part_way_leaves_no_original_and_no_post(state: AppState) -> None:
    author = (await make_account(state)).user
    before = _originals(state)
    failing = FailingStorage(storage_for(state.settings), fail_on_put=2)
    with pytest.raises(OSError):
        await _create(
            state,
            author,
            failing,
            images=[Upload(phone_jpeg(320, 240, 1)), Upload(phone_jpeg(300, 200, 2))],
        )
    assert failing.puts == 2
    assert _originals(state) == before
    assert await state.db.posts.count_documents({}) == 0


async def test_user_errors_store_nothing(state: AppState) -> None:
    author = (await make_account(state)).user
    before = _originals(state)
    with pytest.raises(UserErrors) as refused:
        await _create(state, author, images=[Upload(phone_jpeg(320, 240, 1)), Upload(b"")])
    assert [(e.field, e.code) for e in refused.value.errors] == [("images.1", "EMPTY")]
    assert _originals(state) == before
    assert await state.db.posts.count_documents({}) == 0


async def test_who_sees_what(state: AppState) -> None:
    author = (await make_account(state)).user
    stranger = (await make_account(state)).user
    admin = (await make_account(state, Role.ADMIN)).user
    post = await _create(state, author)
    for viewer, sees in ((author, True), (admin, True), (stranger, False), (None, False)):
        found = await posts.find_visible(state.db, viewer, post.id)
        assert (found is not None) is sees
    assert listing_filter(None, None) == {"status": "PUBLISHED"}
    assert listing_filter(stranger, author.id) == {"author_id": author.id, "status": "PUBLISHED"}
    assert listing_filter(author, author.id)["status"] == {"$ne": "DELETED"}
    assert listing_filter(admin, author.id)["status"] == {"$ne": "DELETED"}


async def test_delete_by_author_or_admin_and_twice_is_fine(state: AppState) -> None:
    author = (await make_account(state)).user
    stranger = (await make_account(state)).user
    admin = (await make_account(state, Role.ADMIN)).user
    mine = await _create(state, author)
    await state.db.posts.update_one({"_id": mine.id}, {"$set": {"status": "PUBLISHED"}})
    with pytest.raises(UserError) as forbidden:
        await posts.delete_post(state.db, stranger, mine.id)
    assert forbidden.value.code == "FORBIDDEN"
    deleted = await posts.delete_post(state.db, author, mine.id)
    assert deleted.status is PostStatus.DELETED
    stored = await state.db.posts.find_one({"_id": mine.id})
    assert stored is not None and stored["status_before_delete"] == "PUBLISHED"
    again = await posts.delete_post(state.db, author, mine.id)
    assert again == deleted
    other = await _create(state, author)
    await posts.delete_post(state.db, admin, other.id)
    by_admin = await state.db.posts.find_one({"_id": other.id})
    assert by_admin is not None and by_admin["deleted_by"] == admin.id
    with pytest.raises(UserError) as gone:
        await posts.edit_post(state.db, author, other.id, caption="new")
    assert gone.value.code == "INVALID_STATE"
