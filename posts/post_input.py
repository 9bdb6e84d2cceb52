"""What a shopper types into a post, checked: caption, hashtags, product tags, market.

Pure functions: plain values in, cleaned values and `UserError`s (with the GraphQL field path
at fault, e.g. `productTags.1.x`) out. The I/O around a post lives in `posts.lifecycle`.

Hashtags are read from the caption the way people write them in every script: `#` followed by
letters, digits, combining marks or `_` (so `#穿搭`, `#été`, `#नमस्ते` and `#ootd_2026` are whole
tags), normalised with NFKC (a full-width number sign counts) and case-folded. A `#` inside a
Latin word (`page#anchor`, `C#`) starts nothing, but one right after an ideograph does (Chinese
runs words together); a tag of digits only (`#1`) is not a tag, and the Weibo style `#话题#`
closes a CJK tag with a second `#`. Tags come back deduplicated, in caption order.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from core import text_policy
from core.errors import UserError
from core.ids import is_valid_id
from core.settings import MARKETS
from posts.error_codes import PostErrorCode

CAPTION_MAX = 2200
IMAGES_MIN, IMAGES_MAX = 1, 10
HASHTAGS_MAX = 30
HASHTAG_MAX_CHARS = 100
PRODUCT_TAGS_MAX = 20


@dataclass(frozen=True)
class ProductTag:
    """A product worn in the photo, pinned at (x, y): fractions of the image's width and height."""

    product_id: str
    image_index: int
    x: float
    y: float

    def as_doc(self) -> dict[str, object]:
        return {
            "product_id": self.product_id,
            "image_index": self.image_index,
            "x": self.x,
            "y": self.y,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, object]) -> ProductTag:
        return cls(
            product_id=str(doc["product_id"]),
            image_index=int(doc["image_index"]),  # type: ignore[call-overload]
            x=float(doc["x"]),  # type: ignore[arg-type]
            y=float(doc["y"]),  # type: ignore[arg-type]
        )


def _is_tag_char(char: str) -> bool:
    return char == "_" or unicodedata.category(char)[0] in "LNM"


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL"))


def _may_precede_tag(char: str) -> bool:
    # Chinese and Japanese run words together, so a tag may follow an ideograph directly;
    # after a Latin letter or digit a "#" is part of the word (a URL fragment, "C#").
    return not _is_tag_char(char) or _is_cjk(char)


def parse_hashtags(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    tags: list[str] = []
    seen: set[str] = set()
    position, length = 0, len(text)
    previous_end = -1  # where the last tag ended: "#ootd#fashion" holds two tags
    while position < length:
        char = text[position]
        starts = char == "#" and (
            position == 0 or position == previous_end or _may_precede_tag(text[position - 1])
        )
        if not starts:
            position += 1
            continue
        end = position + 1
        while end < length and _is_tag_char(text[end]):
            end += 1
        body = text[position + 1 : end]
        if body and len(body) <= HASHTAG_MAX_CHARS and not body.replace("_", "").isdigit():
            tag = body.casefold()
            if tag not in seen:
                seen.add(tag)
                tags.append(tag)
        if body and end < length and text[end] == "#" and any(_is_cjk(c) for c in body):
            end += 1  # the closing mark of a Weibo-style #话题#
            previous_end = -1
        else:
            previous_end = end
        position = max(end, position + 1)
    return tags


def clean_caption(caption: str | None) -> tuple[str, list[str], list[UserError]]:
    """The caption as stored, its hashtags, and what is wrong with it.

    The caption follows the text policy (`core.text_policy`) as a multi-line field; hashtags
    come from it, so they do too."""
    text, refused = text_policy.clean(
        caption or "",
        "The caption",
        code=PostErrorCode.INVISIBLE_CHARACTERS,
        field="caption",
        multiline=True,
    )
    errors: list[UserError] = [refused] if refused is not None else []
    if len(text) > CAPTION_MAX:
        errors.append(
            UserError(
                PostErrorCode.TOO_LONG,
                f"Keep the caption to {CAPTION_MAX:,} characters (this one has {len(text):,}).",
                "caption",
            )
        )
    hashtags = parse_hashtags(text)
    if len(hashtags) > HASHTAGS_MAX:
        errors.append(
            UserError(
                PostErrorCode.TOO_MANY_HASHTAGS,
                f"Use at most {HASHTAGS_MAX} hashtags in a caption.",
                "caption",
            )
        )
    return text, hashtags, errors


def check_image_count(count: int) -> UserError | None:
    if count < IMAGES_MIN:
        return UserError(PostErrorCode.REQUIRED, "Add at least one photo.", "images")
    if count > IMAGES_MAX:
        return UserError(
            PostErrorCode.TOO_MANY,
            f"A post has at most {IMAGES_MAX} photos (this one has {count}).",
            "images",
        )
    return None


def clean_product_tags(
    tags: Sequence[ProductTag], image_count: int
) -> tuple[list[ProductTag], list[UserError]]:
    errors: list[UserError] = []
    if len(tags) > PRODUCT_TAGS_MAX:
        errors.append(
            UserError(
                PostErrorCode.TOO_MANY, f"Tag at most {PRODUCT_TAGS_MAX} products.", "productTags"
            )
        )
    cleaned: list[ProductTag] = []
    for index, tag in enumerate(tags):
        path = f"productTags.{index}"
        product_id = tag.product_id.strip()
        tag_errors: list[UserError] = []
        if not is_valid_id(product_id, "prd"):
            tag_errors.append(
                UserError(
                    PostErrorCode.INVALID_ID, "That is not a product id.", f"{path}.productId"
                )
            )
        if not 0 <= tag.image_index < image_count:
            tag_errors.append(
                UserError(
                    PostErrorCode.OUT_OF_RANGE,
                    f"There is no photo {tag.image_index + 1}; this post has {image_count}.",
                    f"{path}.imageIndex",
                )
            )
        for axis, value in (("x", tag.x), ("y", tag.y)):
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                tag_errors.append(
                    UserError(
                        PostErrorCode.OUT_OF_RANGE,
                        f"Place the tag on the photo: {axis} goes from 0 to 1.",
                        f"{path}.{axis}",
                    )
                )
        errors.extend(tag_errors)
        if not tag_errors:
            cleaned.append(ProductTag(product_id, tag.image_index, float(tag.x), float(tag.y)))
    return cleaned, errors


def clean_market(market: str | None, fallback: str | None) -> tuple[str, UserError | None]:
    """The post's market: the one given, else the author's home market, else US."""
    chosen = market or fallback or "US"
    if chosen not in MARKETS:
        return chosen, UserError(
            PostErrorCode.INVALID, f"Choose one of the markets {', '.join(MARKETS)}.", "market"
        )
    return chosen, None
