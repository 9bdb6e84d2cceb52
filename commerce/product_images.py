"""A product's photo: uploaded by its brand, made into the sizes the app shows (the feed size
for the product page and Shop the look, a thumbnail for lists) by the same image pipeline as
outfit photos, stored at content-addressed keys and served at /media/ while the product
names them.

The product switches to its new photo in one update and the previous photo's files are deleted
after it, so a reader never finds a product naming missing files: a crash in between leaves
only files nobody names.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument

from accounts.users import User
from commerce.error_codes import ProductErrorCode
from commerce.products import Product, owned_product
from core import clock, pools
from core.errors import UserError
from core.mongo import AsyncDB, Document
from media.errors import MediaRejected
from media.intake import delete_keys
from media.pipeline import ProcessedImage, VariantSpec, process_image
from media.storage import MediaStorage, product_image_key
from media.validate import Limits

PRODUCT_VARIANTS: tuple[VariantSpec, ...] = (
    VariantSpec("feed", 1080, 2),
    VariantSpec("thumb", 320, 4),
)


def image_doc(processed: ProcessedImage, keys: dict[str, str]) -> Document:
    """What a product stores of its photo: sizes, placeholder and each variant's key."""
    return {
        "width": processed.width,
        "height": processed.height,
        "blurhash": processed.blurhash,
        "variants": {
            name: {"key": keys[name], "width": variant.width, "height": variant.height}
            for name, variant in processed.variants.items()
        },
    }


def image_keys(doc: Document | None) -> set[str]:
    """The media keys a product document names."""
    image = (doc or {}).get("image") or {}
    return {str(v["key"]) for v in (image.get("variants") or {}).values()}


def make_variants(data: bytes, limits: Limits) -> ProcessedImage:
    """The product photo's variants; a refused upload becomes a field error."""
    try:
        return process_image(data, limits=limits, variants=PRODUCT_VARIANTS)
    except MediaRejected as exc:
        raise UserError(ProductErrorCode.INVALID_IMAGE, exc.message, "image") from exc


def _store(storage: MediaStorage, processed: ProcessedImage, keys: dict[str, str]) -> None:
    for name, variant in processed.variants.items():
        storage.put(keys[name], variant.data, variant.mime)


async def _switch(
    db: AsyncDB, storage: MediaStorage, product_id: str, update: dict[str, Any]
) -> Product:
    before = await db.products.find_one_and_update(
        {"_id": product_id}, update, return_document=ReturnDocument.BEFORE
    )
    after = await db.products.find_one({"_id": product_id})
    if before is None or after is None:
        raise UserError(ProductErrorCode.NOT_FOUND, "That product no longer exists.", "id")
    stale = image_keys(before) - image_keys(after)
    if stale:
        await pools.run("io", delete_keys, storage, stale)
    return Product.from_doc(after)


async def set_product_image(
    db: AsyncDB, storage: MediaStorage, limits: Limits, user: User, product_id: str, data: bytes
) -> Product:
    """Give the user's product this photo (replacing any earlier one)."""
    product = await owned_product(db, user, product_id)
    processed = await pools.run("cpu", make_variants, data, limits)
    keys = {
        name: product_image_key(product.id, name, variant.digest)
        for name, variant in processed.variants.items()
    }
    await pools.run("io", _store, storage, processed, keys)
    update = {"$set": {"image": image_doc(processed, keys), "updated_at": clock.now()}}
    return await _switch(db, storage, product.id, update)


async def remove_product_image(
    db: AsyncDB, storage: MediaStorage, user: User, product_id: str
) -> Product:
    product = await owned_product(db, user, product_id)
    update = {"$unset": {"image": ""}, "$set": {"updated_at": clock.now()}}
    return await _switch(db, storage, product.id, update)
