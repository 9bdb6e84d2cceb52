"""A product's page for shoppers: the published looks that tag it, and where "Buy" goes.

Looks are read from the posts' tags through the index on (tagged product, status, publication
time), newest first: a page costs one indexed range read, however many posts there are. Posts
that are deleted, hidden, removed or still processing are not published, so they never show.
"""

from __future__ import annotations

from accounts.users import User
from commerce.linkstore import public_link_url
from commerce.products import Product
from core.ids import is_valid_id
from core.mongo import AsyncDB
from core.paging import Page, keyset_page
from core.settings import Settings
from posts.lifecycle import Post, PostStatus


def looks_query(product_id: str) -> dict[str, str]:
    """The published posts tagging a product (what the looks index serves)."""
    return {"product_tags.product_id": product_id, "status": PostStatus.PUBLISHED.value}


async def product_looks(
    db: AsyncDB, product_id: str, *, first: int, after: str | None, maximum: int
) -> Page[Post]:
    """A page of the published looks that tag the product, newest first."""
    return await keyset_page(
        db.posts,
        looks_query(product_id),
        first=first,
        after=after,
        maximum=maximum,
        to_item=Post.from_doc,
        sort_field="published_at",
    )


async def buy_url(
    db: AsyncDB, settings: Settings, viewer: User | None, product: Product, look_id: str | None
) -> str | None:
    """Where the viewer's "Buy" goes: nowhere for an archived product; through the look's
    tracked link when they came from a look whose author has one (the author is credited, as
    in Shop the look) unless the viewer is that author; else the product's page at the shop."""
    if product.archived:
        return None
    if look_id and is_valid_id(look_id, "post"):
        look = await db.posts.find_one(
            {"_id": look_id, **looks_query(product.id)}, {"author_id": 1, "tag_links": 1}
        )
        code = (look or {}).get("tag_links", {}).get(product.id)
        # Buying through one's own link is not a sale one drove.
        if code and look and (viewer is None or look.get("author_id") != viewer.id):
            return public_link_url(settings, str(code))
    return product.product_url
