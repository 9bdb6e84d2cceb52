from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from feeds.colours import hex_to_lab, nearest
from feeds.extract import ExtractParams, PostContent, Source, extract_elements, matcher_for
from feeds.taxonomy import Kind, default_taxonomy


def ids(post: PostContent, params: ExtractParams | None = None) -> set[str]:
    return set(extract_elements(post, params=params).element_ids())


def palette_of(image: Image.Image, colours: int = 6) -> list[tuple[str, float]]:
    """The media pipeline's kind of palette: median-cut quantisation, (hex, share) pairs."""
    quantised = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    flat = quantised.getpalette() or []
    used = quantised.getcolors() or []
    total = sum(count for count, _ in used)
    result = []
    for count, index in used:
        assert isinstance(index, int)
        r, g, b = flat[index * 3 : index * 3 + 3]
        result.append((f"#{r:02x}{g:02x}{b:02x}", count / total))
    return sorted(result, key=lambda item: -item[1])


def outfit_image() -> Image.Image:
    """A flat-lay: butter-yellow top (55 %), navy trousers (35 %), a skin-tone strip (10 %)."""
    image = Image.new("RGB", (100, 200), "#f3e2a3")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 110, 99, 179), fill="#1c2542")
    draw.rectangle((0, 180, 99, 199), fill="#e0ac69")
    return image


def test_caption_phrases_hyphens_and_plurals() -> None:
    found = ids(PostContent(caption="Obsessed with these wide-leg jeans in butter yellow!"))
    assert {"silhouette/wide-leg", "item/jeans", "colour/butter-yellow"} <= found
    assert "pattern/floral" in ids(PostContent(caption="Florals for spring? Groundbreaking."))
    assert "silhouette/wide-leg" in ids(PostContent(caption="wide leg trousers"))
    assert "pattern/ombre" in ids(PostContent(caption="an ombré skirt"))
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in "GINGHAM")
    assert "pattern/gingham" in ids(PostContent(caption=f"{full_width} everything"))


def test_longest_phrase_wins() -> None:
    found = ids(PostContent(caption="new crop top and cargo pants"))
    assert {"item/crop-top", "item/cargo-pants"} <= found
    assert "silhouette/cropped" not in found


def test_phrases_do_not_span_sentences() -> None:
    assert "silhouette/wide-leg" not in ids(PostContent(caption="It was wide. Leg day tomorrow"))


def test_hashtags_exact_split_and_chinese() -> None:
    extraction = extract_elements(
        PostContent(hashtags=["#WideLegJeans", "#格纹", "#gingham", "#cottagecoreaesthetic"])
    )
    by_id = {o.element_id: o for o in extraction.occurrences}
    assert by_id["silhouette/wide-leg"].confidence == pytest.approx(0.8)
    assert by_id["item/jeans"].source is Source.HASHTAG
    assert by_id["pattern/gingham"].confidence == pytest.approx(0.9)
    assert "style/cottagecore" in by_id
    assert ids(PostContent(hashtags=["#xqzvbnm"])) == set()


def test_hashtags_inside_the_caption_count_as_hashtags() -> None:
    extraction = extract_elements(PostContent(caption="sunday fit #maryjanes #y2k风"))
    assert extraction.get("item/mary-janes") is not None
    y2k = extraction.get("style/y2k")
    assert y2k is not None and y2k.sources == frozenset({Source.HASHTAG})


def test_chinese_caption_by_longest_substring() -> None:
    extraction = extract_elements(PostContent(caption="今天穿了格子衬衫和牛仔裤\uff0c去约会"))
    found = set(extraction.element_ids())
    assert {"pattern/gingham", "item/shirt", "item/jeans", "occasion/date-night"} <= found
    assert "item/shirt-dress" not in found
    # "牛仔裤" is jeans, not the material "牛仔"; denim only comes in as implied, weaker.
    denim = extraction.get("material/denim")
    jeans = extraction.get("item/jeans")
    assert denim is not None and jeans is not None and denim.confidence < jeans.confidence


def test_product_categories() -> None:
    extraction = extract_elements(
        PostContent(product_categories=["Women > Bottoms > Cargo Pants", "裤子/阔腿裤"])
    )
    cargo = extraction.get("item/cargo-pants")
    assert cargo is not None and cargo.source is Source.PRODUCT
    assert cargo.confidence == pytest.approx(0.95)
    assert extraction.get("silhouette/wide-leg") is not None


def test_duplicates_keep_the_best_confidence_and_every_source() -> None:
    extraction = extract_elements(
        PostContent(
            caption="gingham again",
            hashtags=["#gingham"],
            product_categories=["Dresses > Gingham Dresses"],
        )
    )
    gingham = [o for o in extraction.occurrences if o.element_id == "pattern/gingham"]
    assert len(gingham) == 1
    assert gingham[0].source is Source.PRODUCT and gingham[0].confidence == pytest.approx(0.95)
    assert gingham[0].sources == frozenset({Source.CAPTION, Source.HASHTAG, Source.PRODUCT})


def test_image_palette_names_colours_with_a_meaningful_share() -> None:
    palette = palette_of(outfit_image())
    extraction = extract_elements(PostContent(palettes=[palette]))
    found = set(extraction.element_ids())
    assert found == {"colour/butter-yellow", "colour/navy"}
    yellow = extraction.get("colour/butter-yellow")
    navy = extraction.get("colour/navy")
    assert yellow is not None and navy is not None
    assert yellow.source is Source.IMAGE and yellow.confidence > navy.confidence


def test_skin_tone_strip_counts_once_it_covers_enough() -> None:
    palette = palette_of(outfit_image())
    lower = ExtractParams(min_colour_share=0.05, max_colour_distance=20.0)
    assert len(ids(PostContent(palettes=[palette]), lower)) > 2


def test_shades_of_one_colour_add_up_within_an_image() -> None:
    # Noise around sage: many small palette entries that all name the same colour.
    rng = np.random.default_rng(3)
    base = np.array([0xA4, 0xB0, 0x8F], dtype=np.float64)
    pixels = np.clip(base + rng.normal(0, 6, (120, 120, 3)), 0, 255).astype(np.uint8)
    pixels[:, 60:] = 250  # white background on the right half
    palette = palette_of(Image.fromarray(pixels, "RGB"), colours=12)
    sage_entries = [share for _, share in palette if share < 0.12]
    assert len(sage_entries) >= 3  # no single shade would pass the threshold alone
    assert "colour/sage-green" in ids(PostContent(palettes=[palette]))


def test_colours_far_from_every_name_are_ignored() -> None:
    colours = default_taxonomy().by_kind(Kind.COLOUR)
    references = np.array([colour.lab for colour in colours])
    odd = "#7f00ff"
    _, distance = nearest(hex_to_lab(odd), references)
    assert distance[0] > ExtractParams().max_colour_distance
    assert ids(PostContent(palettes=[[(odd, 0.9)]])) == set()


def test_best_image_wins_across_images() -> None:
    extraction = extract_elements(
        PostContent(palettes=[[("#141414", 0.2)], [("#141414", 0.7)], [("#f5f5f2", 0.05)]])
    )
    assert extraction.element_ids() == ("colour/black",)
    single = extract_elements(PostContent(palettes=[[("#141414", 0.7)]])).occurrences[0]
    assert extraction.occurrences[0].confidence == single.confidence


@pytest.mark.parametrize(
    "palette", [[("not-a-colour", 0.5)], [("#ffffff", 1.5)], [("#ffffff", -0.1)]]
)
def test_malformed_palettes_are_rejected(palette: list[tuple[str, float]]) -> None:
    with pytest.raises(ValueError):
        extract_elements(PostContent(palettes=[palette]))


def test_min_confidence_and_version() -> None:
    post = PostContent(caption="gingham", palettes=[[("#141414", 0.15)]])
    everything = extract_elements(post)
    assert everything.taxonomy_version == default_taxonomy().version
    assert "colour/black" in everything.element_ids()
    strict = extract_elements(post, params=ExtractParams(min_confidence=0.6))
    assert strict.element_ids() == ("pattern/gingham",)


def test_split_words_needs_a_complete_split() -> None:
    matcher = matcher_for()
    assert matcher.split_words("widelegjeans") == ["wide", "leg", "jeans"]
    assert matcher.split_words("widelegqqq") is None


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=200),
    st.lists(st.text(max_size=30), max_size=5),
    st.lists(st.text(max_size=40), max_size=3),
)
def test_any_text_gives_a_valid_extraction(
    caption: str, hashtags: list[str], categories: list[str]
) -> None:
    taxonomy = default_taxonomy()
    extraction = extract_elements(
        PostContent(caption=caption, hashtags=hashtags, product_categories=categories)
    )
    element_ids = extraction.element_ids()
    assert len(element_ids) == len(set(element_ids))
    for occurrence in extraction.occurrences:
        assert occurrence.element_id in taxonomy
        assert 0.0 <= occurrence.confidence <= 1.0
        assert occurrence.source in occurrence.sources
    confidences = [o.confidence for o in extraction.occurrences]
    assert confidences == sorted(confidences, reverse=True)
