"""Explore through GraphQL: hashtag and style-element pages (published looks only, TOP and
RECENT), the trending strip, and search over people, hashtags, products and elements — by
prefix, whatever the case, accents or script, answered from the `search_terms` index."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.users import Role
from api.state import AppState
from core import embedded_speedups
from core.indexes import INDEXES
from core.mongo import embedded_store
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.search import index_io, query_io
from posts.lifecycle import PostStatus
from tests.api.commerce_world import CREATE_PRODUCT, SHOP_DOMAIN, make_shop
from tests.api.helpers import Account, make_account
from tests.conftest import GraphQL
from tests.feeds.feeds_world import insert_post, sync_db

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) { user { id handle } token errors { field code message } }
}"""
RENAME = """
mutation($name: String!) {
  updateProfile(input: {displayName: $name}) { user { displayName } errors { code } }
}"""
SEARCH = """
query($q: String!, $kinds: [SearchKind!], $first: Int) {
  search(query: $q, kinds: $kinds, first: $first) {
    query
    people { id handle displayName viewerFollows }
    hashtags { tag postCount }
    products { id title sku imageUrl productUrl price { amountMinor currency } }
    elements { id name nameZh }
  }
}"""
HASHTAG = """
query($tag: String!, $order: LookOrder!, $first: Int!, $after: String) {
  hashtag(tag: $tag) {
    tag postCount
    looks(order: $order, first: $first, after: $after) {
      edges { cursor node { id likeCount } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
ELEMENT = """
query($id: ID!, $order: LookOrder!) {
  styleElement(id: $id) {
    id name nameZh hashtags { tag }
    looks(order: $order, first: 10) { edges { node { id } } }
  }
}"""
TRENDING = """
query($market: Market) {
  exploreTrending(market: $market) { market elements { id name } hashtags { tag postCount } }
}"""


async def _sign_up(gql: GraphQL, name: str, email: str) -> dict[str, Any]:
    body = await gql(
        SIGN_UP,
        {"input": {"email": email, "password": "a long enough passphrase", "displayName": name}},
    )
    payload: dict[str, Any] = body["data"]["signUp"]
    assert payload["errors"] == [], payload
    return payload


async def _search(
    gql: GraphQL, q: str, kinds: list[str] | None = None, token: str | None = None
) -> dict[str, Any]:
    body = await gql(SEARCH, {"q": q, "kinds": kinds, "first": 10}, token=token)
    found: dict[str, Any] = body["data"]["search"]
    return found


def _names(found: dict[str, Any]) -> set[str]:
    return {person["displayName"] for person in found["people"]}


async def _product(gql: GraphQL, brand: Account, sku: str, title: str) -> str:
    result = await gql(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": title,
                "priceMinor": 3900,
                "currency": "USD",
                "productUrl": f"https://{SHOP_DOMAIN}/p/{sku.lower()}",
                "markets": ["US"],
            }
        },
        token=brand.token,
    )
    payload = result["data"]["createProduct"]
    assert payload["errors"] == [], payload
    return str(payload["product"]["id"])


# --- people --------------------------------------------------------------------------------


async def test_people_are_found_by_prefix_whatever_the_case_accents_or_script(
    gql: GraphQL, state: AppState
) -> None:
    await _sign_up(gql, "Zoé Martin", "zoe@example.com")
    await _sign_up(gql, "Ana Lima", "ana@example.com")
    await _sign_up(gql, "林小雨", "lin@example.com")
    await _sign_up(gql, "Zack Stone", "zack@example.com")

    assert _names(await _search(gql, "zoe")) == {"Zoé Martin"}
    assert _names(await _search(gql, "ZO")) == {"Zoé Martin"}
    assert _names(await _search(gql, "@ANA")) == {"Ana Lima"}
    assert _names(await _search(gql, "ana.li")) == {"Ana Lima"}
    assert _names(await _search(gql, "z")) == {"Zoé Martin", "Zack Stone"}
    assert _names(await _search(gql, "zoe mar")) == {"Zoé Martin"}
    assert _names(await _search(gql, "zoe st")) == set()
    assert _names(await _search(gql, "林小")) == {"林小雨"}
    assert _names(await _search(gql, "小雨")) == {"林小雨"}


async def test_a_new_name_or_handle_is_found_at_once_and_the_old_one_no_more(
    gql: GraphQL, state: AppState
) -> None:
    made = await _sign_up(gql, "Mia Chen", "mia@example.com")
    assert _names(await _search(gql, "mia")) == {"Mia Chen"}
    renamed = await gql(RENAME, {"name": "Élodie Roux"}, token=made["token"])
    assert renamed["data"]["updateProfile"]["errors"] == []
    assert _names(await _search(gql, "elodie")) == {"Élodie Roux"}
    # Still found as "mia" by the handle @mia.chen, until that changes too.
    assert _names(await _search(gql, "mia")) == {"Élodie Roux"}
    changed = await gql(
        'mutation { changeHandle(input: {handle: "lodie.style"}) { errors { code } } }',
        token=made["token"],
    )
    assert changed["data"]["changeHandle"]["errors"] == []
    found = await _search(gql, "lodie")
    assert [p["handle"] for p in found["people"]] == ["lodie.style"]
    assert _names(await _search(gql, "mia")) == set()


async def test_staff_accounts_are_not_listed_and_viewer_follows_is_answered(
    gql: GraphQL, state: AppState
) -> None:
    await make_account(state, Role.ADMIN, name="Zelda Staff")
    star = await make_account(state, Role.INFLUENCER, name="Zelda Style")
    viewer = await make_account(state)
    await gql(
        "mutation($id: ID!) { follow(userId: $id) { following } }",
        {"id": star.user.id},
        token=viewer.token,
    )
    found = await _search(gql, "zelda", token=viewer.token)
    assert [(p["displayName"], p["viewerFollows"]) for p in found["people"]] == [
        ("Zelda Style", True)
    ]


# --- hashtags and products -----------------------------------------------------------------


async def test_hashtags_are_found_with_their_counts_and_hidden_looks_never_count(
    gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    await insert_post(state, author.user, "sunny day #Été #ootd")
    await insert_post(state, author.user, "again #été")
    await insert_post(state, author.user, "gone #été #ghosttag", status=PostStatus.DELETED)
    await insert_post(state, author.user, "hidden #ghosttag", status=PostStatus.HIDDEN)
    await insert_post(state, author.user, "#碎花连衣裙 好看")

    found = await _search(gql, "ete", ["HASHTAGS"])
    assert found["hashtags"] == [{"tag": "été", "postCount": 2}]
    assert (await _search(gql, "#OOT", ["HASHTAGS"]))["hashtags"] == [
        {"tag": "ootd", "postCount": 1}
    ]
    assert (await _search(gql, "ghost", ["HASHTAGS"]))["hashtags"] == []
    assert (await _search(gql, "碎花", ["HASHTAGS"]))["hashtags"] == [
        {"tag": "碎花连衣裙", "postCount": 1}
    ]
    assert (await _search(gql, "连衣裙", ["HASHTAGS"]))["hashtags"][0]["tag"] == "碎花连衣裙"


async def test_products_are_found_by_title_and_sku_in_english_and_chinese(
    gql: GraphQL, state: AppState
) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    await make_shop(state, brand)
    dress = await _product(gql, brand, "FLR-DRS-01", "碎花连衣裙 Floral Midi Dress")
    await _product(gql, brand, "DNM-77", "Wide-Leg Jeans")

    by_zh = await _search(gql, "碎花", ["PRODUCTS"])
    assert [p["id"] for p in by_zh["products"]] == [dress]
    assert by_zh["products"][0]["price"] == {"amountMinor": 3900, "currency": "USD"}
    assert by_zh["products"][0]["productUrl"].startswith("https://")
    assert [p["sku"] for p in (await _search(gql, "flr-d", ["PRODUCTS"]))["products"]] == [
        "FLR-DRS-01"
    ]
    assert [p["sku"] for p in (await _search(gql, "WIDE leg", ["PRODUCTS"]))["products"]] == [
        "DNM-77"
    ]
    edited = await gql(
        'mutation($id: ID!) { updateProduct(input: {id: $id, title: "Straight Jeans"}) '
        "{ errors { code } } }",
        {"id": dress},
        token=brand.token,
    )
    assert edited["data"]["updateProduct"]["errors"] == []
    assert (await _search(gql, "碎花", ["PRODUCTS"]))["products"] == []
    assert len((await _search(gql, "straight", ["PRODUCTS"]))["products"]) == 1


async def test_elements_are_found_by_english_and_chinese_names(gql: GraphQL) -> None:
    found = await _search(gql, "碎花", ["ELEMENTS"])
    assert "pattern/floral" in [e["id"] for e in found["elements"]]
    assert "pattern/floral" in [e["id"] for e in (await _search(gql, "flor"))["elements"]]


@pytest.mark.parametrize(
    ("query", "code"), [("", "EMPTY_QUERY"), ("  #@ ", "EMPTY_QUERY"), ("z" * 65, "TOO_LONG")]
)
async def test_an_empty_or_long_query_is_a_clear_error(gql: GraphQL, query: str, code: str) -> None:
    body = await gql(SEARCH, {"q": query}, expect_errors=True)
    error = body["errors"][0]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["field"] == "query"


async def test_search_reads_the_index_by_an_anchored_range_never_a_regex(
    gql: GraphQL, state: AppState
) -> None:
    await _sign_up(gql, "Zoé Martin", "zoe@example.com")
    await _sign_up(gql, "Ana Lima", "ana@example.com")
    # The query the index is probed with ranges over the indexed (k, t) key.
    assert query_io.term_query("person", "zo") == {
        "k": "person",
        "t": {"$gte": "zo", "$lt": "zo\U0010ffff"},
    }
    assert any(
        index.collection == index_io.TERMS and index.keys[:2] == [("k", 1), ("t", 1)]
        for index in INDEXES
    )
    recording = RecordingDB(state.db)
    found = await query_io.search(
        recording,  # type: ignore[arg-type]
        current_taxonomy(state.settings),
        "zoe",
        [query_io.SearchKind.PEOPLE],
        5,
    )
    assert [user.display_name for user in found.people] == ["Zoé Martin"]
    # The people search probes the index by its key range, then reads the users it names by
    # id: no filter anywhere is a $regex or a scan of names.
    probes = [f for name, f in recording.finds if name == index_io.TERMS and "t" in f]
    assert probes == [query_io.term_query("person", "zoe")]
    users = [f for name, f in recording.finds if name == "users"]
    assert users[-1] == {"_id": {"$in": [found.people[0].id]}}
    # Before it, the catch-up pass reads what changed since its cursor (an `updated_at` range).
    assert all("display_name" not in repr(f) and "handle" not in repr(f) for f in users)
    assert "$regex" not in repr(recording.finds)
    if not state.settings.mongodb_uri:
        # The embedded store serves the probe from the declared index: only its slice is read.
        raw = embedded_store(state.settings).client[state.settings.mongodb_db][index_io.TERMS]
        visited = embedded_speedups.indexed_documents(
            raw._store, query_io.term_query("person", "zo")
        )
        everything = await state.db[index_io.TERMS].count_documents({})
        assert visited is not None and len(visited) == 1 < everything


class RecordingCollection:
    """Keeps the filter of every `find` that reaches the store."""

    def __init__(self, inner: Any, finds: list[tuple[str, Any]]) -> None:
        self._inner = inner
        self._finds = finds

    def find(self, *args: Any, **kwargs: Any) -> Any:
        self._finds.append((self._inner.name, args[0] if args else kwargs.get("filter")))
        return self._inner.find(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class RecordingDB:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.finds: list[tuple[str, Any]] = []

    def __getitem__(self, name: str) -> RecordingCollection:
        return RecordingCollection(self._inner[name], self.finds)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]


# --- looks -----------------------------------------------------------------------------------


async def test_a_hashtag_page_lists_published_looks_top_and_recent(
    gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    kept = []
    for number in range(4):
        post = await insert_post(state, author.user, f"look {number} #Floral")
        kept.append(post["_id"])
    await state.db.posts.update_one({"_id": kept[1]}, {"$set": {"like_count": 9}})
    for status in (
        PostStatus.DELETED,
        PostStatus.HIDDEN,
        PostStatus.REMOVED,
        PostStatus.PROCESSING,
    ):
        await insert_post(state, author.user, "never shown #floral", status=status)

    top = await gql(HASHTAG, {"tag": "#FLORAL", "order": "TOP", "first": 3})
    page = top["data"]["hashtag"]
    assert page["tag"] == "floral" and page["postCount"] == 4
    ids = [edge["node"]["id"] for edge in page["looks"]["edges"]]
    assert ids[0] == kept[1] and page["looks"]["pageInfo"]["hasNextPage"]
    rest = await gql(
        HASHTAG,
        {
            "tag": "floral",
            "order": "TOP",
            "first": 3,
            "after": page["looks"]["pageInfo"]["endCursor"],
        },
    )
    more = [edge["node"]["id"] for edge in rest["data"]["hashtag"]["looks"]["edges"]]
    assert sorted(ids + more) == sorted(kept)

    recent = await gql(HASHTAG, {"tag": "floral", "order": "RECENT", "first": 10})
    listed = [edge["node"]["id"] for edge in recent["data"]["hashtag"]["looks"]["edges"]]
    assert listed == sorted(kept, reverse=True)


async def test_a_bad_tag_or_cursor_is_refused(gql: GraphQL) -> None:
    body = await gql(HASHTAG, {"tag": "#", "order": "TOP", "first": 3}, expect_errors=True)
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "tag"}
    body = await gql(
        HASHTAG, {"tag": "ok", "order": "TOP", "first": 3, "after": "bm9wZQ"}, expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_an_element_page_shows_its_names_tags_and_published_looks(
    gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    db, taxonomy = sync_db(state), current_taxonomy(state.settings)
    shown = await insert_post(state, author.user, "my floral dress")
    gone = await insert_post(state, author.user, "another floral dress")
    for post in (shown, gone):
        extract_post(db, taxonomy, post["_id"])
    await state.db.posts.update_one({"_id": gone["_id"]}, {"$set": {"status": "DELETED"}})
    extract_post(db, taxonomy, gone["_id"])

    for order in ("TOP", "RECENT"):
        body = await gql(ELEMENT, {"id": "pattern/floral", "order": order})
        element = body["data"]["styleElement"]
        assert element["name"] == "Floral" and element["nameZh"]
        assert element["hashtags"]
        assert [e["node"]["id"] for e in element["looks"]["edges"]] == [shown["_id"]]
    missing = await gql(ELEMENT, {"id": "pattern/nothing", "order": "TOP"})
    assert missing["data"]["styleElement"] is None


async def test_the_trending_strip_is_open_to_visitors(gql: GraphQL, state: AppState) -> None:
    author = await make_account(state)
    db, taxonomy = sync_db(state), current_taxonomy(state.settings)
    for caption in ("#gingham picnic", "#gingham again", "#plaid"):
        post = await insert_post(state, author.user, caption)
        extract_post(db, taxonomy, post["_id"])
    body = await gql(TRENDING, {"market": "US"})
    strip = body["data"]["exploreTrending"]
    assert strip["market"] == "US"
    assert [t["tag"] for t in strip["hashtags"]][:2] == ["gingham", "plaid"]
    assert strip["hashtags"][0]["postCount"] == 2
