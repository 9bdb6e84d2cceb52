"""Mutations of the catalogue area, their inputs and payloads: clean the input, hand it to
`commerce.products` / `commerce.shops`, return the result or the area's typed errors."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.file_uploads import Upload

from api.catalogue.types import FeedFormat, Product, ProductError, ProductRowError, Shop, ShopError
from api.context import Info
from api.core.enums import Market
from api.core.errors import payload_errors_as
from api.core.scalars import MinorUnits
from api.permissions import IsAdmin, IsBrand
from commerce import product_images, products, shops
from commerce.error_codes import ProductErrorCode
from core.errors import UserError as CoreUserError
from media.backends import limits_for, storage_for
from posts.lifecycle import read_capped

MAX_FEED_BYTES = 20 * 1024 * 1024


@strawberry.input
class CreateProductInput:
    sku: str
    title: str
    price_minor: MinorUnits
    currency: str
    product_url: str
    markets: list[Market]
    image_url: str | None = None
    category: str | None = None


@strawberry.input
class UpdateProductInput:
    id: strawberry.ID
    title: str | None = None
    price_minor: MinorUnits | None = None
    currency: str | None = None
    product_url: str | None = None
    markets: list[Market] | None = None
    image_url: str | None = None
    category: str | None = None


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[ProductError] = strawberry.field(default_factory=list)


@strawberry.input(description="A product feed: upload a file, or paste its text.")
class ImportProductsInput:
    file: Upload | None = None
    text: str | None = None
    format: FeedFormat | None = strawberry.field(
        default=None, description="Guessed from the file name or content when left out."
    )


@strawberry.type
class ImportProductsPayload:
    rows: int = 0
    created: int = 0
    updated: int = 0
    row_errors: list[ProductRowError] = strawberry.field(default_factory=list)
    errors: list[ProductError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateShopInput:
    brand_id: strawberry.ID
    name: str
    domains: list[str]


@strawberry.type
class CreateShopPayload:
    shop: Shop | None = None
    webhook_secret: str | None = strawberry.field(
        default=None, description="Shown once: the shop signs its webhooks with it."
    )
    errors: list[ShopError] = strawberry.field(default_factory=list)


async def _read_feed(data: ImportProductsInput) -> tuple[bytes | str, str | None]:
    if (data.file is None) == (data.text is None):
        raise CoreUserError(
            ProductErrorCode.REQUIRED,
            "Upload a file or paste the feed's text (one of them).",
            "file",
        )
    if data.text is not None:
        if len(data.text) > MAX_FEED_BYTES:
            raise CoreUserError(
                ProductErrorCode.TOO_LARGE, "The feed is larger than 20 MB.", "text"
            )
        return data.text, None
    raw = await data.file.read()  # type: ignore[union-attr]
    if len(raw) > MAX_FEED_BYTES:
        raise CoreUserError(ProductErrorCode.TOO_LARGE, "The feed is larger than 20 MB.", "file")
    return raw, getattr(data.file, "filename", None)


async def _read_image(image: Upload, max_bytes: int) -> bytes:
    if not hasattr(image, "read"):
        raise CoreUserError(
            ProductErrorCode.INVALID_IMAGE,
            "Send the photo as a file (a multipart request).",
            "image",
        )
    data = await read_capped(image, max_bytes)
    if data is None:
        megabytes = max_bytes // (1024 * 1024)
        raise CoreUserError(
            ProductErrorCode.TOO_LARGE, f"The photo is larger than {megabytes} MB.", "image"
        )
    return data


def _product_payload(
    product: products.Product | None, errors: list[ProductError]
) -> ProductPayload:
    return ProductPayload(product=Product.from_core(product) if product else None, errors=errors)


@strawberry.type
class CatalogueMutation:
    @strawberry.mutation(permission_classes=[IsBrand], description="Add a product.")
    async def create_product(self, info: Info, input: CreateProductInput) -> ProductPayload:
        ctx = info.context
        row = products.form_row(
            sku=input.sku,
            title=input.title,
            price_minor=input.price_minor,
            currency=input.currency,
            product_url=input.product_url,
            image_url=input.image_url,
            category=input.category,
            markets=[m.value for m in input.markets],
        )
        product, errors = await payload_errors_as(
            lambda: products.create_product(ctx.db, ctx.require_user(), row),
            ProductError.from_core,
        )
        return _product_payload(product, errors)

    @strawberry.mutation(permission_classes=[IsBrand], description="Change a product.")
    async def update_product(self, info: Info, input: UpdateProductInput) -> ProductPayload:
        ctx = info.context
        changes: dict[str, Any] = {
            "title": input.title,
            "price_minor": input.price_minor,
            "currency": input.currency,
            "product_url": input.product_url,
            "image_url": input.image_url,
            "category": input.category,
            "markets": [m.value for m in input.markets] if input.markets is not None else None,
        }
        product, errors = await payload_errors_as(
            lambda: products.update_product(ctx.db, ctx.require_user(), str(input.id), changes),
            ProductError.from_core,
        )
        return _product_payload(product, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Take a product off sale (its brand or an admin): posts keep their tags, "
        "shown as no longer sold; new tags, links and campaign lists refuse it. Idempotent.",
    )
    async def archive_product(self, info: Info, id: strawberry.ID) -> ProductPayload:
        ctx = info.context
        product, errors = await payload_errors_as(
            lambda: products.archive_product(ctx.db, ctx.require_user(), str(id)),
            ProductError.from_core,
        )
        return _product_payload(product, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Put an archived product back on sale (its brand or an admin). Idempotent.",
    )
    async def unarchive_product(self, info: Info, id: strawberry.ID) -> ProductPayload:
        ctx = info.context
        product, errors = await payload_errors_as(
            lambda: products.unarchive_product(ctx.db, ctx.require_user(), str(id)),
            ProductError.from_core,
        )
        return _product_payload(product, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Give a product a photo (JPEG, PNG or WebP; multipart), replacing any "
        "earlier one. It is shown on the product's page and in Shop the look.",
    )
    async def upload_product_image(
        self, info: Info, product_id: strawberry.ID, image: Upload
    ) -> ProductPayload:
        ctx = info.context
        settings = ctx.settings

        async def upload() -> products.Product:
            data = await _read_image(image, settings.upload_max_bytes)
            return await product_images.set_product_image(
                ctx.db,
                storage_for(settings),
                limits_for(settings),
                ctx.require_user(),
                str(product_id),
                data,
            )

        product, errors = await payload_errors_as(upload, ProductError.from_core)
        return _product_payload(product, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand], description="Remove the photo uploaded to a product."
    )
    async def remove_product_image(self, info: Info, product_id: strawberry.ID) -> ProductPayload:
        ctx = info.context
        product, errors = await payload_errors_as(
            lambda: product_images.remove_product_image(
                ctx.db, storage_for(ctx.settings), ctx.require_user(), str(product_id)
            ),
            ProductError.from_core,
        )
        return _product_payload(product, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Import a CSV or JSON product feed; bad rows are reported, good rows stored.",
    )
    async def import_products(
        self, info: Info, input: ImportProductsInput
    ) -> ImportProductsPayload:
        ctx = info.context

        async def run() -> products.ImportSummary:
            source, name = await _read_feed(input)
            fmt = input.format.value if input.format else products.guess_format(name, source[:64])
            return await products.import_feed(ctx.db, ctx.require_user(), source, fmt)

        summary, errors = await payload_errors_as(run, ProductError.from_core)
        if summary is None:
            return ImportProductsPayload(errors=errors)
        return ImportProductsPayload(
            rows=summary.rows,
            created=summary.created,
            updated=summary.updated,
            row_errors=[
                ProductRowError(row=e.row, field=e.field, code=e.code.value, message=e.message)
                for e in summary.errors
            ],
        )

    @strawberry.mutation(permission_classes=[IsAdmin], description="Add a shop to a brand.")
    async def create_shop(self, info: Info, input: CreateShopInput) -> CreateShopPayload:
        ctx = info.context
        made, errors = await payload_errors_as(
            lambda: shops.create_shop(ctx.db, str(input.brand_id), input.name, input.domains),
            ShopError.from_core,
        )
        if made is None:
            return CreateShopPayload(errors=errors)
        shop, secret = made
        return CreateShopPayload(shop=Shop.from_core(shop), webhook_secret=secret)
