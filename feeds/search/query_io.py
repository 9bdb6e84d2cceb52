"""Answering a search: people, hashtags, products and style elements whose tokens start with
what was typed (`feeds.search.terms`).

People, products and hashtags are found through `search_terms` by an anchored range on its
(kind, token) index, `SCAN` entries at most per kind; style elements through an in-memory
sorted token list built once per taxonomy version (the taxonomy is a few hundred elements and
already in memory). Every hit is checked against its entity as it is now (all the query's
tokens must match), then ranked: whole tokens typed first, shorter names, then A to Z; hashtags
by how many published looks carry them. People are the accounts that post and sell (shoppers,
influencers, brands); staff and supplier accounts are not listed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from accounts.users import Role, User, users_by_ids
from commerce.products import Product, products_by_ids
from core.errors import UserError
from core.mongo import AsyncDB
from feeds.looks import hashtag_post_count
from feeds.search import index_io
from feeds.search.index_io import HASHTAG, PERSON, PRODUCT, TERMS
from feeds.search.terms import (
    QUERY_MAX,
    SearchErrorCode,
    hashtag_tokens,
    index_tokens,
    matches,
    prefix_range,
    probe,
    query_tokens,
    rank_key,
)
from feeds.taxonomy import Element, Taxonomy

SCAN = 200
FIRST_MAX = 20
LISTED_ROLES = frozenset({Role.SHOPPER, Role.INFLUENCER, Role.BRAND})


class SearchKind(StrEnum):
    PEOPLE = "PEOPLE"
    HASHTAGS = "HASHTAGS"
    PRODUCTS = "PRODUCTS"
    ELEMENTS = "ELEMENTS"


@dataclass(frozen=True)
class HashtagHit:
    tag: str
    post_count: int


@dataclass(frozen=True)
class SearchResults:
    query: str
    people: list[User] = field(default_factory=list)
    hashtags: list[HashtagHit] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)


def clean_query(text: str) -> list[str]:
    """The query's tokens, or a user error on `query` (empty, or longer than `QUERY_MAX`)."""
    typed = text.strip()
    if len(typed) > QUERY_MAX:
        raise UserError(
            SearchErrorCode.TOO_LONG, f"Search for at most {QUERY_MAX} characters.", "query"
        )
    tokens = query_tokens(typed)
    if not tokens:
        raise UserError(
            SearchErrorCode.EMPTY_QUERY, "Type a name, a #hashtag or a product to search.", "query"
        )
    return tokens


def term_query(kind: str, prefix: str) -> dict[str, object]:
    """The index probe: an anchored range over the (k, t) index of `search_terms`."""
    return {"k": kind, "t": prefix_range(prefix)}


async def candidate_refs(db: AsyncDB, kind: str, prefix: str, scan: int = SCAN) -> list[str]:
    docs = (
        await db[TERMS]
        .find(term_query(kind, prefix), {"r": 1, "_id": 0})
        .sort([("k", 1), ("t", 1)])
        .limit(scan)
        .to_list()
    )
    return list(dict.fromkeys(str(doc["r"]) for doc in docs))


def _person_label(user: User) -> str:
    return user.display_name


async def _people(db: AsyncDB, tokens: Sequence[str], first: int) -> list[User]:
    refs = await candidate_refs(db, PERSON, probe(tokens))
    found = await users_by_ids(db, refs)
    hits = []
    for user in found.values():
        own = index_io.person_tokens({"display_name": user.display_name, "handle": user.handle})
        if user.role in LISTED_ROLES and matches(tokens, own):
            hits.append((rank_key(tokens, own, user.handle or user.display_name), user.id, user))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [user for _, _, user in hits[:first]]


async def _products(db: AsyncDB, tokens: Sequence[str], first: int) -> list[Product]:
    refs = await candidate_refs(db, PRODUCT, probe(tokens))
    found = await products_by_ids(db, refs)
    hits = []
    for product in found.values():
        own = index_io.product_tokens({"title": product.title, "sku": product.sku})
        if matches(tokens, own):
            hits.append((rank_key(tokens, own, product.title), product.id, product))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [product for _, _, product in hits[:first]]


async def _hashtags(db: AsyncDB, tokens: Sequence[str], first: int) -> list[HashtagHit]:
    refs = await candidate_refs(db, HASHTAG, probe(tokens))
    ranked = sorted(
        (rank_key(tokens, hashtag_tokens(tag), tag), tag)
        for tag in refs
        if matches(tokens, hashtag_tokens(tag))
    )
    hits = []
    # Counted in rank order until the page is full: a tag with no published look is skipped.
    for _, tag in ranked[: first * 3]:
        count = await hashtag_post_count(db, tag)
        if count:
            hits.append(HashtagHit(tag, count))
    hits.sort(key=lambda hit: (-hit.post_count, hit.tag))
    return hits[:first]


def element_tokens(element: Element) -> set[str]:
    return index_tokens(
        element.name,
        element.name_zh,
        *element.synonyms_en,
        *element.synonyms_zh,
        *(tag.lstrip("#") for tag in element.hashtags),
    )


_ELEMENT_INDEXES: dict[str, tuple[list[str], list[str]]] = {}


def _element_index(taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """Every element token, sorted, beside the element it belongs to (a bisectable index),
    built once per taxonomy version."""
    built = _ELEMENT_INDEXES.get(taxonomy.version)
    if built is None:
        pairs = sorted((t, element.id) for element in taxonomy for t in element_tokens(element))
        built = ([token for token, _ in pairs], [element_id for _, element_id in pairs])
        _ELEMENT_INDEXES.clear()  # one taxonomy is current at a time
        _ELEMENT_INDEXES[taxonomy.version] = built
    return built


def search_elements(taxonomy: Taxonomy, tokens: Sequence[str], first: int) -> list[Element]:
    keys, ids = _element_index(taxonomy)
    prefix = probe(tokens)
    position = bisect.bisect_left(keys, prefix)
    refs: dict[str, None] = {}
    while position < len(keys) and keys[position].startswith(prefix) and len(refs) < SCAN:
        refs[ids[position]] = None
        position += 1
    hits = []
    for element_id in refs:
        element = taxonomy[element_id]
        own = element_tokens(element)
        if matches(tokens, own):
            hits.append((rank_key(tokens, own, element.name), element.id, element))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [element for _, _, element in hits[:first]]


async def search(
    db: AsyncDB, taxonomy: Taxonomy, text: str, kinds: Iterable[SearchKind], first: int
) -> SearchResults:
    """Up to `first` of each kind asked for (1 to `FIRST_MAX`)."""
    tokens = clean_query(text)
    if not 1 <= first <= FIRST_MAX:
        raise UserError(
            SearchErrorCode.INVALID, f"Ask for between 1 and {FIRST_MAX} of each kind.", "first"
        )
    chosen = set(kinds) or set(SearchKind)
    if chosen & {SearchKind.PEOPLE, SearchKind.HASHTAGS, SearchKind.PRODUCTS}:
        await index_io.catch_up(db)
    return SearchResults(
        query=" ".join(tokens),
        people=await _people(db, tokens, first) if SearchKind.PEOPLE in chosen else [],
        hashtags=await _hashtags(db, tokens, first) if SearchKind.HASHTAGS in chosen else [],
        products=await _products(db, tokens, first) if SearchKind.PRODUCTS in chosen else [],
        elements=search_elements(taxonomy, tokens, first) if SearchKind.ELEMENTS in chosen else [],
    )
