"""Malformed GraphQL requests are the client's mistake: a 400 with its reason, or a GraphQL
error with a code, never a 500 — and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from accounts.users import Role
from api.request_guard import MAX_JSON_DEPTH, BadRequest, check_upload_map, json_depth
from api.state import AppState
from tests.api.helpers import make_account
from tests.api.post_helpers import CREATE_POST, phone_jpeg

GOOD = phone_jpeg(320, 240, seed=5)
DEEP = 100_000

# blurhash-python reads pixels with a Pillow call deprecated upstream; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


async def _post_json_text(client: httpx.AsyncClient, text: str) -> httpx.Response:
    return await client.post(
        "/graphql", content=text.encode(), headers={"content-type": "application/json"}
    )


async def test_variables_nested_a_hundred_thousand_deep_are_a_400(
    client: httpx.AsyncClient,
) -> None:
    body = '{"query": "query ($v: [Int]) { posts { nodes { id } } }", "variables": {"v": '
    body += _nested(DEEP) + "}}"
    response = await _post_json_text(client, body)
    assert response.status_code == 400, response.text
    assert f"deeper than {MAX_JSON_DEPTH} levels" in response.text


async def test_a_body_nested_just_past_the_limit_is_a_400_and_at_the_limit_is_not(
    client: httpx.AsyncClient,
) -> None:
    query = "query ($v: JSON) { posts(first: 1) { nodes { id } } }"
    # The body object is one level, "variables" two, "v" three: the list adds the rest.
    over = await _post_json_text(
        client,
        json.dumps({"query": query, "variables": {"v": json.loads(_nested(MAX_JSON_DEPTH - 1))}}),
    )
    assert over.status_code == 400, over.text
    within = await _post_json_text(
        client,
        json.dumps({"query": query, "variables": {"v": json.loads(_nested(MAX_JSON_DEPTH - 2))}}),
    )
    # Decoded and handed to GraphQL, which reports the unknown type itself.
    assert within.status_code == 200, within.text
    assert within.json()["errors"]


async def test_deep_variables_in_a_get_query_string_are_a_400(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "{ posts { nodes { id } } }", "variables": '{"v": ' + _nested(5000) + "}"},
    )
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    "query",
    [
        "{" + "posts { nodes {" * 300 + "id" + "}}" * 300 + "}",
        "{" + "posts { nodes {" * DEEP + "id" + "}}" * DEEP + "}",
        "{ posts(first: " + _nested(DEEP) + ") { nodes { id } } }",
        "{ posts(first: 1) { nodes { id } } } query Q { a(b: " + "{c: " * DEEP + "}" * DEEP + ") }",
    ],
    ids=["selections-300", "selections-100000", "list-value-100000", "object-value-100000"],
)
async def test_a_query_text_nested_too_deep_is_a_syntax_error_not_a_crash(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    error = response.json()["errors"][0]
    assert "nested too deeply" in error["message"], error


def _operations() -> dict[str, Any]:
    return {"query": CREATE_POST, "variables": {"input": {"images": [None], "caption": "hi"}}}


MALFORMED: dict[str, tuple[Any, Any, str]] = {
    # name: (operations, map, what the reason says)
    "index past the list": (_operations(), {"0": ["variables.input.images.5"]}, "no item '5'"),
    "into a placeholder": (_operations(), {"0": ["variables.input.images.0.x"]}, "neither a list"),
    "into a string": (_operations(), {"0": ["variables.input.caption.x"]}, "neither a list"),
    "map is a list": (_operations(), [["variables.input.images.0"]], "must be a JSON object"),
    "map is a string": (_operations(), "variables.input.images.0", "must be a JSON object"),
    "__proto__": (_operations(), {"0": ["variables.input.images.0.__proto__"]}, "not allowed"),
    "constructor": (_operations(), {"0": ["variables.constructor"]}, "not allowed"),
    "value not a list": (_operations(), {"0": "variables.input.images.0"}, "list of paths"),
    "paths not strings": (_operations(), {"0": [["variables"]]}, "list of paths"),
    "empty path list": (_operations(), {"0": []}, "list of paths"),
    "missing key": (_operations(), {"0": ["variables.input.photos.0"]}, "has no 'photos'"),
    "not a placeholder": (_operations(), {"0": ["variables.input.caption"]}, "null placeholder"),
    "negative index": (_operations(), {"0": ["variables.input.images.-1"]}, "no item '-1'"),
    "unknown file": (_operations(), {"7": ["variables.input.images.0"]}, "does not carry"),
    "file not in map": (_operations(), {}, "does not say where"),
    "operations a string": ("hello", {"0": ["variables.input.images.0"]}, "JSON object"),
    "operations a number": (3, {"0": ["variables.input.images.0"]}, "JSON object"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
async def test_each_malformed_upload_map_is_a_400_with_its_reason(
    client: httpx.AsyncClient, state: AppState, case: str
) -> None:
    operations, files_map, reason = MALFORMED[case]
    account = await make_account(state, Role.SHOPPER)
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(files_map)},
        files=[("0", ("p.jpg", GOOD, "image/jpeg"))],
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert response.status_code == 400, response.text
    assert reason in response.text
    assert await state.db.posts.count_documents({}) == 0


@pytest.mark.parametrize(
    ("operations", "files_map", "reason"),
    [
        ("{not json", '{"0": ["variables.input.images.0"]}', "'operations' field is not valid"),
        (json.dumps(_operations()), "{not json", "'map' field is not valid JSON"),
        (json.dumps(_operations()), '{"0": ' + _nested(DEEP) + "}", "'map' field nests deeper"),
        ('{"query": ' + _nested(DEEP) + "}", "{}", "'operations' field nests deeper"),
    ],
)
async def test_operations_or_map_that_are_not_json_are_a_400(
    client: httpx.AsyncClient, state: AppState, operations: str, files_map: str, reason: str
) -> None:
    account = await make_account(state, Role.SHOPPER)
    response = await client.post(
        "/graphql",
        data={"operations": operations, "map": files_map},
        files=[("0", ("p.jpg", GOOD, "image/jpeg"))],
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert response.status_code == 400, response.text
    assert reason in response.text


async def test_a_multipart_request_without_operations_is_a_400(
    client: httpx.AsyncClient, state: AppState
) -> None:
    account = await make_account(state, Role.SHOPPER)
    response = await client.post(
        "/graphql",
        data={"map": "{}"},
        files=[("0", ("p.jpg", GOOD, "image/jpeg"))],
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert response.status_code == 400, response.text
    assert "'operations' and 'map'" in response.text


async def test_a_well_formed_upload_still_posts(client: httpx.AsyncClient, state: AppState) -> None:
    account = await make_account(state, Role.SHOPPER)
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps(_operations()),
            "map": json.dumps({"0": ["variables.input.images.0"]}),
        },
        files=[("0", ("p.jpg", GOOD, "image/jpeg"))],
        headers={"authorization": f"Bearer {account.token}"},
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["createPost"]
    assert payload["errors"] == [] and payload["post"]["id"]


def test_json_depth_counts_containers_without_recursing() -> None:
    assert json_depth(1, 5) == 0
    assert json_depth([], 5) == 1
    assert json_depth({"a": [{"b": []}]}, 5) == 4
    # Stops as soon as the limit is passed, whatever lies deeper.
    assert json_depth(json.loads(_nested(900)), 5) == 6


def test_one_file_may_fill_two_placeholders() -> None:
    operations = {"variables": {"a": None, "b": [None, None]}}
    check_upload_map(operations, {"0": ["variables.a", "variables.b.1"]}, {"0"})
    with pytest.raises(BadRequest, match="null placeholder"):
        check_upload_map({"variables": {"a": 1}}, {"0": ["variables.a"]}, {"0"})
