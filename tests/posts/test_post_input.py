"""Captions, hashtags and product tags as people type them, in several scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.ids import new_id
from posts.post_input import (
    CAPTION_MAX,
    HASHTAGS_MAX,
    ProductTag,
    check_image_count,
    clean_caption,
    clean_market,
    clean_product_tags,
    parse_hashtags,
)


@pytest.mark.parametrize(
    ("caption", "tags"),
    [
        ("Sunday fit #OOTD #linen #ootd", ["ootd", "linen"]),
        ("#ootd#streetstyle", ["ootd", "streetstyle"]),
        ("今天的#穿搭分享 好看", ["穿搭分享"]),
        ("微博话题 #春季穿搭# 真好看", ["春季穿搭"]),
        ("小红书 #穿搭[话题]# 日常", ["穿搭"]),
        ("＃全角タグ and #Été", ["全角タグ", "été"]),  # noqa: RUF001
        ("नया लुक #नमस्ते", ["नमस्ते"]),
        ("#tag_with_underscore-and-hyphen", ["tag_with_underscore"]),
        ("see page#anchor, C# and #1 #2026", []),
        ("#2026trends", ["2026trends"]),
        ("no tags here", []),
    ],
)
def test_hashtags_are_read_the_way_people_write_them(caption: str, tags: list[str]) -> None:
    assert parse_hashtags(caption) == tags


@given(st.text(max_size=300))
def test_hashtag_parsing_never_fails_and_keeps_tags_clean(text: str) -> None:
    tags = parse_hashtags(text)
    assert len(tags) == len(set(tags))
    for tag in tags:
        assert tag and "#" not in tag and not any(c.isspace() for c in tag)
        assert tag == tag.casefold()


def test_caption_limits() -> None:
    text, tags, errors = clean_caption("  hello #world  ")
    assert (text, tags, errors) == ("hello #world", ["world"], [])
    assert clean_caption(None)[0] == ""
    assert clean_caption("x" * CAPTION_MAX)[2] == []
    [too_long] = clean_caption("x" * (CAPTION_MAX + 1))[2]
    assert (too_long.field, too_long.code) == ("caption", "TOO_LONG")
    [flood] = clean_caption(" ".join(f"#t{i}" for i in range(HASHTAGS_MAX + 1)))[2]
    assert flood.code == "TOO_MANY_HASHTAGS"
    [control] = clean_caption("bell\x07")[2]
    assert (control.field, control.code) == ("caption", "INVISIBLE_CHARACTERS")
    assert clean_caption("two\nlines\tok")[2] == []


def test_image_count() -> None:
    assert check_image_count(1) is None and check_image_count(10) is None
    assert check_image_count(0).code == "REQUIRED"  # type: ignore[union-attr]
    assert check_image_count(11).code == "TOO_MANY"  # type: ignore[union-attr]


def test_product_tags_are_checked_field_by_field() -> None:
    good = ProductTag(new_id("prd"), 1, 0.0, 1.0)
    cleaned, errors = clean_product_tags(
        [
            good,
            ProductTag("usr_" + new_id("prd")[4:], 0, 0.5, 0.5),
            ProductTag(new_id("prd"), 2, float("nan"), 0.5),
        ],
        image_count=2,
    )
    assert cleaned == [good]
    assert [(e.field, e.code) for e in errors] == [
        ("productTags.1.productId", "INVALID_ID"),
        ("productTags.2.imageIndex", "OUT_OF_RANGE"),
        ("productTags.2.x", "OUT_OF_RANGE"),
    ]
    _, errors = clean_product_tags([good] * 21, image_count=2)
    assert [e.code for e in errors] == ["TOO_MANY"]


def test_market_defaults_to_the_author_then_us() -> None:
    assert clean_market("DE", "UK") == ("DE", None)
    assert clean_market(None, "UK") == ("UK", None)
    assert clean_market(None, None) == ("US", None)
    _, error = clean_market("XX", None)
    assert error is not None and error.field == "market"
