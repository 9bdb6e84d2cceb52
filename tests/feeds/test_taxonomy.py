from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from feeds.extract import PostContent, extract_elements
from feeds.taxonomy import (
    DEFAULT_PATH,
    Kind,
    TaxonomyError,
    default_taxonomy,
    kind_of,
    load_taxonomy,
    parse_taxonomy,
)


def bundled_data() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def problems_of(data: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(data, "test")
    return caught.value.problems


def test_bundled_taxonomy_is_realistic_and_bilingual() -> None:
    taxonomy = default_taxonomy()
    assert 150 <= len(taxonomy) <= 230
    assert len(set(taxonomy.ids)) == len(taxonomy)
    for kind in Kind:
        assert len(taxonomy.by_kind(kind)) >= 10, kind
    for element in taxonomy:
        assert element.id == f"{element.kind.value}/{element.slug}"
        assert kind_of(element.id) is element.kind
        assert element.synonyms_en and element.synonyms_zh
        assert all(tag.startswith("#") for tag in element.hashtags)
        assert (element.lab is not None) == (element.kind is Kind.COLOUR)


def test_gingham_has_english_chinese_and_hashtag_forms() -> None:
    gingham = default_taxonomy()["pattern/gingham"]
    assert {"gingham", "vichy"} <= set(gingham.synonyms_en)
    assert {"格纹", "格子"} <= set(gingham.synonyms_zh)
    assert {"#gingham", "#vichy", "#格纹", "#格子"} <= set(gingham.hashtags)


def test_fashion_colours_carry_reference_values() -> None:
    taxonomy = default_taxonomy()
    for slug in (
        "butter-yellow",
        "sage-green",
        "cherry-red",
        "chocolate-brown",
        "baby-blue",
        "lavender",
        "hot-pink",
        "ivory",
        "black",
        "white",
    ):
        colour = taxonomy[f"colour/{slug}"]
        assert colour.lab is not None and colour.srgb is not None
    black = taxonomy["colour/black"].lab
    white = taxonomy["colour/white"].lab
    assert black is not None and white is not None and black[0] < 15 < 90 < white[0]


def test_version_is_a_content_hash_of_what_matching_reads() -> None:
    data = bundled_data()
    version = parse_taxonomy(data).version
    assert version == default_taxonomy().version
    assert version.startswith("tx-")

    renamed = copy.deepcopy(data)
    renamed["pattern"]["gingham"]["name"] = "Gingham check"
    reordered = {key: data[key] for key in reversed(list(data))}
    assert parse_taxonomy(renamed).version == version
    assert parse_taxonomy(reordered).version == version

    extended = copy.deepcopy(data)
    extended["pattern"]["gingham"]["en"].append("buffalo check")
    assert parse_taxonomy(extended).version != version


def test_designer_can_add_an_element_without_code(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8") + (
        '\n[style.tomato-girl]\nname = "Tomato girl"\nen = ["tomato girl", "tomato girl summer"]\n'
        'zh = ["番茄女孩"]\n'
    )
    path = tmp_path / "taxonomy.toml"
    path.write_text(text, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert "style/tomato-girl" in taxonomy
    assert taxonomy.version != default_taxonomy().version

    found = extract_elements(
        PostContent(caption="Living my tomato girl era", hashtags=["#番茄女孩穿搭"]), taxonomy
    )
    assert "style/tomato-girl" in found.element_ids()
    assert found.taxonomy_version == taxonomy.version


def test_json_files_load_too(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(bundled_data(), ensure_ascii=False), encoding="utf-8")
    assert load_taxonomy(path).version == default_taxonomy().version


def test_unreadable_and_malformed_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text('[pattern.gingham]\nname = "Gingham\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="line 2"):
        load_taxonomy(broken)


def test_every_problem_is_reported_at_once_with_its_location() -> None:
    data: dict[str, Any] = {
        "colours": {},  # typo for a kind
        "pattern": {
            "Bad_Slug": {"name": "x", "en": ["x"], "zh": ["格子"]},
            "gingham": {"name": "Gingham", "en": ["gingham"], "zh": ["格"], "synonym": ["x"]},
            "plaid": {
                "name": "Plaid",
                "en": ["plaid", "Gingham"],
                "zh": ["格呢"],
                "srgb": "#ffffff",
            },
        },
        "colour": {
            "black": {"name": "Black", "en": ["black"], "zh": ["黑色"]},
            "white": {"name": "White", "en": ["white"], "zh": ["白色"], "srgb": "#fff"},
        },
        "item": {
            "jeans": {"en": ["jeans"], "zh": ["牛仔裤"], "implies": ["material/denim"]},
            "shirt": {"name": "Shirt", "en": ["格子衬衫"], "zh": []},
        },
    }
    problems = problems_of(data)
    text = "\n".join(problems)
    assert "colours: unknown kind" in text
    assert "pattern.Bad_Slug: slug" in text
    assert "pattern.gingham.zh[0]" in text and "one character" in text
    assert "pattern.gingham.synonym: unknown field" in text
    assert (
        "pattern/plaid: English synonym 'Gingham' is already a synonym of pattern/gingham" in text
    )
    assert "pattern.plaid: only colours carry a reference colour" in text
    assert "colour.black: a colour needs exactly one of srgb" in text
    assert "colour.white.srgb" in text
    assert "item.jeans.name: required" in text
    assert "item/jeans.implies: unknown element id 'material/denim'" in text
    assert "item.shirt.en[0]" in text and "list it under zh" in text
    assert "item.shirt.zh: needs at least one entry" in text
    assert len(problems) >= 12


def test_chinese_and_hashtag_clashes_are_reported() -> None:
    data = {
        "pattern": {
            "gingham": {"name": "Gingham", "en": ["gingham"], "zh": ["格子"]},
            "plaid": {"name": "Plaid", "en": ["plaid"], "zh": ["格子"]},
        },
        "silhouette": {
            "wide-leg": {"name": "Wide-leg", "en": ["wide leg"], "zh": ["阔腿"]},
            "wideleg": {"name": "Wideleg", "en": ["wideleg"], "zh": ["阔腿裤"]},
        },
    }
    text = "\n".join(problems_of(data))
    assert "pattern/plaid: Chinese synonym '格子' is already a synonym of pattern/gingham" in text
    assert "'#wideleg' is already a synonym of silhouette/wide-leg" in text


def test_colours_may_be_given_in_cielab() -> None:
    data = {
        "colour": {
            "sage": {"name": "Sage", "en": ["sage"], "zh": ["灰绿色"], "lab": [70.0, -9.0, 13.0]}
        }
    }
    element = parse_taxonomy(data)["colour/sage"]
    assert element.lab == (70.0, -9.0, 13.0) and element.srgb is None
    data["colour"]["sage"]["lab"] = [170.0, 0.0, 0.0]
    assert any("colour.sage.lab" in problem for problem in problems_of(data))


def test_lookup_errors_name_the_id() -> None:
    with pytest.raises(KeyError, match="pattern/nope"):
        default_taxonomy()["pattern/nope"]
    assert default_taxonomy().get("pattern/nope") is None
