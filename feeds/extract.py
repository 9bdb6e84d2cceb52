"""Element extraction: which taxonomy elements a published post carries, and how sure we are.

Input: a `PostContent` — caption, hashtags, the categories of the products tagged on the photos,
and the palette of each image from the media pipeline (a list of ("#rrggbb", share) per image).
Output: an `Extraction` — the taxonomy version it was made with and one `Occurrence` per element
(element id, the source of the strongest evidence, confidence 0..1, every source that saw it).

Public API:
    extract_elements(post, taxonomy=None, params=ExtractParams()) -> Extraction
    matcher_for(taxonomy) -> Matcher        the compiled indexes, built once per taxonomy version
    Matcher.match_text(text) / match_hashtag(tag) / match_category(label) / match_palettes(...)
    PostContent, Occurrence, Extraction, Source, ExtractParams

How each source is read:
- Caption: NFKC + case-folded; "#tags" inside it are treated as hashtags; the rest is split at
  punctuation into token runs and matched against English phrases longest-first ("wide leg jeans"
  -> wide-leg + jeans; "wide-leg" tokenises the same way), singular or plural. Chinese synonyms
  are matched as substrings by forward maximum matching (the longest synonym wins).
- Hashtags: an exact hashtag form ("#wideleg", "#格纹") is the strongest text evidence; otherwise a
  Latin hashtag is split into known words when it can be split completely ("#widelegjeans" ->
  wide leg jeans), and a Chinese or mixed one is matched like caption text.
- Product categories: category labels listed in the taxonomy, then the same phrase matching.
- Image palettes: each palette colour is named by the nearest taxonomy colour in CIELAB
  (CIEDE2000 by default) when it is within `max_colour_distance`; the shares of colours that get
  the same name within one image are added up, and only names covering `min_colour_share` of the
  image count. Confidence grows with share and shrinks with distance.
- An element's `implies` (jeans -> denim) are added with a reduced confidence.

Deduplication keeps the best confidence per element and records all sources.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from feeds.colours import Metric, nearest, parse_hex, srgb_to_lab
from feeds.taxonomy import Kind, Taxonomy, default_taxonomy
from feeds.text import (
    compact,
    forward_max_matches,
    hashtags_in,
    latin_chunks,
    latin_tokens,
    normalise,
    phrase_key,
    plural_variant,
    remove_hashtags,
)

# Words that may appear inside a run-together hashtag without naming an element, so that
# "#ginghamdressinspo" can still be split completely.
_FILLER_TEXT = """
a an and the of my our your in on for with to by this that new day daily today look looks lookbook
ootd outfit outfits fit fits fitcheck style styled styling styles fashion inspo inspiration
aesthetic vibe vibes love lover lovers season summer spring fall autumn winter trend trends
trending wear wearing worn girl girls women womens men mens core era haul idea ideas street dress
dresses skirt skirts pants top tops jacket jackets coat coats shoe shoes bag bags set sets hat boots
boot jean print prints pattern fabric colour color colours colors outfitinspo chic cute pretty mood
obsessed goals club
"""
_FILLER_WORDS = frozenset(_FILLER_TEXT.split())
_CATEGORY_SPLIT = re.compile("\\s*[>/|\u203a\u00bb,;]\\s*")
_MAX_HASHTAG_SPLIT = 40


class Source(StrEnum):
    CAPTION = "CAPTION"
    HASHTAG = "HASHTAG"
    PRODUCT = "PRODUCT"
    IMAGE = "IMAGE"


@dataclass(frozen=True)
class ExtractParams:
    caption_confidence: float = 0.7
    hashtag_confidence: float = 0.9  # exact hashtag form
    hashtag_split_confidence: float = 0.8  # hashtag split into words / matched inside
    product_confidence: float = 0.95
    implied_factor: float = 0.8
    image_max_confidence: float = 0.9
    min_colour_share: float = 0.12
    full_colour_share: float = 0.5  # share at which image confidence stops growing
    max_colour_distance: float = 12.0
    colour_metric: Metric = "ciede2000"
    min_confidence: float = 0.0


@dataclass(frozen=True)
class PostContent:
    caption: str = ""
    hashtags: Sequence[str] = ()
    product_categories: Sequence[str] = ()
    palettes: Sequence[Sequence[tuple[str, float]]] = ()


@dataclass(frozen=True, slots=True)
class Occurrence:
    element_id: str
    source: Source  # where the strongest evidence came from
    confidence: float
    sources: frozenset[Source]


@dataclass(frozen=True)
class Extraction:
    taxonomy_version: str
    occurrences: tuple[Occurrence, ...]

    def element_ids(self) -> tuple[str, ...]:
        return tuple(occurrence.element_id for occurrence in self.occurrences)

    def get(self, element_id: str) -> Occurrence | None:
        for occurrence in self.occurrences:
            if occurrence.element_id == element_id:
                return occurrence
        return None


class Matcher:
    """Indexes compiled from one taxonomy. Build it once (`matcher_for`) and reuse it."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.version = taxonomy.version
        self._phrases: dict[tuple[str, ...], str] = {}
        self._compact: dict[str, str] = {}
        self._chinese: dict[str, str] = {}
        self._categories: dict[str, str] = {}
        variants: list[tuple[tuple[str, ...], str]] = []
        for element in taxonomy:
            for synonym in element.synonyms_en:
                key = phrase_key(synonym)
                self._phrases[key] = element.id
                variant = plural_variant(key)
                if variant is not None:
                    variants.append((variant, element.id))
            for synonym in element.synonyms_zh:
                self._chinese[synonym] = element.id
            for tag in element.hashtags:
                self._compact[tag[1:]] = element.id
            for category in element.categories:
                self._categories[category] = element.id
        # A derived plural never overrides a synonym someone wrote down.
        for variant, element_id in variants:
            self._phrases.setdefault(variant, element_id)
            self._compact.setdefault(compact(variant), element_id)
        self._max_phrase = max((len(key) for key in self._phrases), default=1)
        self._max_chinese = max((len(word) for word in self._chinese), default=2)
        self._chinese_starts = frozenset(word[0] for word in self._chinese)
        self._vocabulary = frozenset(
            {word for key in self._phrases for word in key} | _FILLER_WORDS
        )
        self._max_word = max(len(word) for word in self._vocabulary)

        colours = taxonomy.by_kind(Kind.COLOUR)
        self._colour_ids = tuple(element.id for element in colours)
        self._colour_labs = np.array(
            [element.lab for element in colours if element.lab is not None], dtype=np.float64
        ).reshape(-1, 3)

    # ── text ──────────────────────────────────────────────────────────

    def match_phrases(self, tokens: Sequence[str]) -> list[str]:
        """Longest-first phrase matching over one run of tokens."""
        found: list[str] = []
        index = 0
        count = len(tokens)
        while index < count:
            for size in range(min(self._max_phrase, count - index), 0, -1):
                element_id = self._phrases.get(tuple(tokens[index : index + size]))
                if element_id is not None:
                    found.append(element_id)
                    index += size
                    break
            else:
                index += 1
        return found

    def match_chinese(self, text: str) -> list[str]:
        if not self._chinese:
            return []
        matches = forward_max_matches(text, self._chinese, self._max_chinese, self._chinese_starts)
        return [element_id for _, element_id in matches]

    def match_text(self, text: str) -> list[str]:
        """Element ids named in free text (no hashtag handling), in order of appearance."""
        normalised = normalise(text)
        found: list[str] = []
        for tokens in latin_chunks(normalised):
            found.extend(self.match_phrases(tokens))
        found.extend(self.match_chinese(normalised))
        return found

    def match_hashtag(self, tag: str) -> tuple[list[str], bool]:
        """Element ids for one hashtag (with or without "#") and whether the match was exact."""
        body = "".join(normalise(tag).lstrip("#").split())
        if not body:
            return [], False
        exact = self._compact.get(body)
        if exact is not None:
            return [exact], True
        if body.isascii() and body.isalnum():
            words = self.split_words(body)
            return (self.match_phrases(words) if words else []), False
        found = self.match_chinese(body)
        found.extend(self.match_phrases(latin_tokens(body)))
        return found, False

    def split_words(self, body: str) -> list[str] | None:
        """Split a run-together Latin hashtag into known words, fewest pieces first; None when
        it cannot be split completely (then it is not matched at all, to avoid guessing)."""
        if len(body) > _MAX_HASHTAG_SPLIT:
            return None
        size = len(body)
        best: list[int | None] = [0] + [None] * size
        back = [0] * (size + 1)
        for end in range(1, size + 1):
            for start in range(max(0, end - self._max_word), end):
                pieces = best[start]
                if pieces is None or body[start:end] not in self._vocabulary:
                    continue
                current = best[end]
                if current is None or pieces + 1 < current:
                    best[end] = pieces + 1
                    back[end] = start
        if best[size] is None:
            return None
        words: list[str] = []
        end = size
        while end > 0:
            start = back[end]
            words.append(body[start:end])
            end = start
        words.reverse()
        return words

    def match_category(self, label: str) -> list[str]:
        normalised = normalise(label).strip()
        found: list[str] = []
        for part in [normalised, *_CATEGORY_SPLIT.split(normalised)]:
            element_id = self._categories.get(part.strip())
            if element_id is not None:
                found.append(element_id)
        found.extend(self.match_text(label))
        return found

    # ── images ────────────────────────────────────────────────────────

    def match_palettes(
        self, palettes: Sequence[Sequence[tuple[str, float]]], params: ExtractParams
    ) -> list[tuple[str, float]]:
        """(colour element id, confidence) per image, for names covering enough of the image."""
        if not palettes or len(self._colour_ids) == 0:
            return []
        rgb: list[tuple[int, int, int]] = []
        shares: list[float] = []
        image_of: list[int] = []
        for image_index, palette in enumerate(palettes):
            for hex_value, share in palette:
                rgb.append(parse_hex(hex_value))
                if not isinstance(share, int | float) or not 0.0 <= float(share) <= 1.0:
                    raise ValueError(f"palette share must be within 0..1, got {share!r}")
                shares.append(float(share))
                image_of.append(image_index)
        if not rgb:
            return []
        labs = srgb_to_lab(np.array(rgb, dtype=np.float64))
        index, distance = nearest(labs, self._colour_labs, params.colour_metric)

        # Per (image, colour name): summed share and share-weighted distance.
        totals: dict[tuple[int, int], list[float]] = {}
        for row, image_index in enumerate(image_of):
            if distance[row] > params.max_colour_distance:
                continue
            slot = totals.setdefault((image_index, int(index[row])), [0.0, 0.0])
            slot[0] += shares[row]
            slot[1] += shares[row] * float(distance[row])
        found: list[tuple[str, float]] = []
        for (_, colour_index), (share, weighted) in totals.items():
            if share < params.min_colour_share or share <= 0.0:
                continue
            mean_distance = weighted / share
            closeness = 1.0 - 0.5 * mean_distance / max(params.max_colour_distance, 1e-9)
            coverage = math.sqrt(min(1.0, share / params.full_colour_share))
            found.append(
                (self._colour_ids[colour_index], params.image_max_confidence * coverage * closeness)
            )
        return found


_MATCHERS: dict[str, Matcher] = {}


def matcher_for(taxonomy: Taxonomy | None = None) -> Matcher:
    chosen = taxonomy if taxonomy is not None else default_taxonomy()
    matcher = _MATCHERS.get(chosen.version)
    if matcher is None:
        matcher = Matcher(chosen)
        _MATCHERS[chosen.version] = matcher
    return matcher


def extract_elements(
    post: PostContent, taxonomy: Taxonomy | None = None, params: ExtractParams | None = None
) -> Extraction:
    settings = params if params is not None else ExtractParams()
    matcher = matcher_for(taxonomy)
    evidence: list[tuple[str, Source, float]] = []

    def add(element_ids: Iterable[str], source: Source, confidence: float) -> None:
        evidence.extend((element_id, source, confidence) for element_id in element_ids)

    caption = post.caption or ""
    tags = [*post.hashtags, *hashtags_in(normalise(caption))]
    for tag in tags:
        element_ids, exact = matcher.match_hashtag(tag)
        confidence = settings.hashtag_confidence if exact else settings.hashtag_split_confidence
        add(element_ids, Source.HASHTAG, confidence)
    add(matcher.match_text(remove_hashtags(caption)), Source.CAPTION, settings.caption_confidence)
    for label in post.product_categories:
        add(matcher.match_category(label), Source.PRODUCT, settings.product_confidence)
    for element_id, confidence in matcher.match_palettes(post.palettes, settings):
        evidence.append((element_id, Source.IMAGE, confidence))

    implied: list[tuple[str, Source, float]] = []
    for element_id, source, confidence in evidence:
        for target in matcher.taxonomy[element_id].implies:
            implied.append((target, source, confidence * settings.implied_factor))
    evidence.extend(implied)

    best: dict[str, tuple[float, Source]] = {}
    seen_by: dict[str, set[Source]] = {}
    for element_id, source, confidence in evidence:
        seen_by.setdefault(element_id, set()).add(source)
        current = best.get(element_id)
        if current is None or confidence > current[0]:
            best[element_id] = (confidence, source)
    occurrences = [
        Occurrence(
            element_id=element_id,
            source=source,
            confidence=round(min(1.0, max(0.0, confidence)), 4),
            sources=frozenset(seen_by[element_id]),
        )
        for element_id, (confidence, source) in best.items()
        if confidence >= settings.min_confidence
    ]
    occurrences.sort(key=lambda occurrence: (-occurrence.confidence, occurrence.element_id))
    return Extraction(taxonomy_version=matcher.version, occurrences=tuple(occurrences))
