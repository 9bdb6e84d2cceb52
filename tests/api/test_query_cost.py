"""Query cost: worked out from the document before it runs, refused over the asker's ceiling or
past their budget for the minute, stated on every answer; the schema closed in production."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    parse,
)

from accounts.users import Role
from api.app import create_app
from api.core.cost import TooDeep, query_cost
from api.schema import build_schema
from api.state import AppState
from core.clock import FrozenClock
from core.settings import Settings
from tests.api.helpers import make_account

REPO = Path(__file__).resolve().parents[2]

# The query that took six seconds and 2.5 MB before there was a cost limit.
HEAVY_ALIAS = (
    "posts(first:100){nodes{id author{id} images{variants{url}} productTags{product{id}} "
    "comments(first:100){nodes{body author{id}}}}}"
)
HEAVY = "{" + " ".join(f"a{i}: {HEAVY_ALIAS}" for i in range(30)) + "}"
# Per alias: 100 posts, and for each 1 author + 1 images + 1 variants + 1 tags + 1 product,
# 100 comments and 100 comment authors.
HEAVY_COST = 30 * (100 + 100 * (5 + 100 + 100))

# 100 posts and 17 comments on each.
COSTLY = "{ posts(first: 100) { nodes { comments(first: 17) { nodes { id } } } } }"
COSTLY_COST = 1800


@pytest.fixture(scope="module")
def schema(settings: Settings) -> Any:
    return build_schema(settings)._schema


def cost(schema: Any, query: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema, parse(query), variables)


async def _post(client: httpx.AsyncClient, query: str, token: str | None = None) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# --- the arithmetic ------------------------------------------------------------------------


def test_the_heavy_query_costs_what_it_would_fetch(schema: Any) -> None:
    assert cost(schema, HEAVY) == HEAVY_COST == 618_000


def test_page_sizes_multiply_down_a_path_and_add_across_paths(schema: Any) -> None:
    assert cost(schema, "{ posts(first: 10) { nodes { id caption } } }") == 10
    # 10 posts, then per post 5 comments and 5 comment authors.
    nested = "{ posts(first: 10) { nodes { comments(first: 5) { nodes { author { id } } } } } }"
    assert cost(schema, nested) == 10 + 10 * (5 + 5)
    # Edges and nodes carry the same nodes: neither adds to the count.
    edges = "{ posts(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }"
    assert cost(schema, edges) == 10


def test_every_alias_counts(schema: Any) -> None:
    one = cost(schema, "{ posts(first: 10) { nodes { author { id } } } }")
    three = cost(
        schema,
        "{ a: posts(first: 10) { nodes { author { id } } } "
        "b: posts(first: 10) { nodes { author { id } } } "
        "c: posts(first: 10) { nodes { author { id } } } }",
    )
    assert one == 20 and three == 3 * one


def test_fragments_and_inline_fragments_are_expanded_where_spread(schema: Any) -> None:
    plain = "{ posts(first: 10) { nodes { author { id } comments(first: 3) { nodes { id } } } } }"
    spread = """
      { posts(first: 10) { ...Page } }
      fragment Page on PostConnection { nodes { ...Post } }
      fragment Post on Post { author { id } comments(first: 3) { nodes { id } } }
    """
    inline = """
      { posts(first: 10) { ... on PostConnection { nodes { ... { author { id } }
        ... on Post { comments(first: 3) { nodes { id } } } } } } }
    """
    assert cost(schema, plain) == cost(schema, spread) == cost(schema, inline) == 10 + 10 * 4
    # A fragment spread twice counts twice.
    twice = "{ a: posts(first: 10) { ...P } b: posts(first: 10) { ...P } } " + (
        "fragment P on PostConnection { nodes { author { id } } }"
    )
    assert cost(schema, twice) == 2 * 20


def test_variables_their_defaults_and_the_schema_default_give_the_page_size(schema: Any) -> None:
    query = "query ($n: Int!) { posts(first: $n) { nodes { author { id } } } }"
    assert cost(schema, query, {"n": 7}) == 14
    assert cost(schema, query, {"n": 70}) == 140
    defaulted = "query ($n: Int = 9) { posts(first: $n) { nodes { id } } }"
    assert cost(schema, defaulted) == 9
    # No `first` at all: the field's own default (20 posts).
    assert cost(schema, "{ posts { nodes { id } } }") == 20


def test_fragments_spread_inside_fragments_cost_linear_time(schema: Any) -> None:
    """Each level spreads the next twice: 2^24 paths, counted without walking them."""
    levels = 24
    fragments = " ".join(
        f"fragment F{i} on Query {{ posts(first: 1) {{ nodes {{ id }} }} ...F{i + 1} ...F{i + 1} }}"
        for i in range(levels)
    )
    query = "{ ...F0 } " + fragments + f" fragment F{levels} on Query {{ me {{ id }} }}"
    # F_i = 1 + 2 F_(i+1), F_levels = 1 (`me`): 2^(levels+1) - 1.
    assert cost(schema, query) == 2 ** (levels + 1) - 1


def test_an_unknown_operation_name_costs_nothing(schema: Any) -> None:
    document = parse("query A { posts { nodes { id } } } query B { me { id } }")
    assert query_cost(schema, document, None, "C") == 0
    assert query_cost(schema, document, None, "B") == 1


# --- the web app's own documents -----------------------------------------------------------

# Operations the web app sends to visitors who are not signed in.
ANONYMOUS_OPERATIONS = {"Feed", "Posts", "Post", "PublicUser", "Product", "LogIn", "SignUp", "Me"}
# Page sizes the app sends where it sends less than the page maximum (CampaignPosts.tsx).
APP_VARIABLES = {"MyCampaignPosts": {"first": 50, "perCampaign": 20}}
TEMPLATE = re.compile(r"gql`(.*?)`", re.S)
INTERPOLATION = re.compile(r"\$\{[^}]*\}")


def web_documents() -> list[tuple[str, DocumentNode, dict[str, Any]]]:
    """Every operation in frontend/src (the documents codegen reads), with the fragments it
    may spread and its largest realistic variables: the page maximum for every Int
    variable unless the app is known to send less."""
    operations: list[OperationDefinitionNode] = []
    fragments: list[FragmentDefinitionNode] = []
    for path in sorted((REPO / "frontend" / "src").rglob("*.ts*")):
        parts = set(path.relative_to(REPO / "frontend" / "src").parts)
        if "generated" in parts or "test" in parts or ".test." in path.name:
            continue
        for body in TEMPLATE.findall(path.read_text()):
            for definition in parse(INTERPOLATION.sub("", body)).definitions:
                if isinstance(definition, FragmentDefinitionNode):
                    fragments.append(definition)
                elif isinstance(definition, OperationDefinitionNode):
                    operations.append(definition)
    documents = []
    for operation in operations:
        assert operation.name is not None
        name = operation.name.value
        variables: dict[str, Any] = {}
        for definition in operation.variable_definitions or ():
            kind = definition.type
            if isinstance(kind, NonNullTypeNode):
                kind = kind.type
            if isinstance(kind, NamedTypeNode) and kind.name.value == "Int":
                variables[definition.variable.name.value] = 100
        variables.update(APP_VARIABLES.get(name, {}))
        documents.append((name, DocumentNode(definitions=[operation, *fragments]), variables))
    return documents


def test_the_web_app_documents_are_found() -> None:
    names = {name for name, _, _ in web_documents()}
    assert len(names) > 50
    assert names >= ANONYMOUS_OPERATIONS
    assert set(APP_VARIABLES) <= names


def test_every_web_app_document_is_under_the_ceilings(schema: Any, settings: Settings) -> None:
    costs = sorted(
        (
            (query_cost(schema, document, variables), name)
            for name, document, variables in web_documents()
        ),
        reverse=True,
    )
    biggest = ", ".join(f"{name} {value}" for value, name in costs[:5])
    over = [
        (name, value)
        for value, name in costs
        if value > settings.graphql_cost_ceiling_signed_in
        or (name in ANONYMOUS_OPERATIONS and value > settings.graphql_cost_ceiling_anonymous)
    ]
    assert not over, f"over the ceilings: {over}; the biggest: {biggest}"
    # The ceilings are not so loose that the app's biggest query is far below them.
    assert costs[0][0] * 4 > settings.graphql_cost_ceiling_signed_in, biggest


# --- over HTTP -----------------------------------------------------------------------------


async def test_the_heavy_query_is_refused_for_anonymous_clients_with_its_figures(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # Five at once, as the abusive client sent them: each refused, none run.
    bodies = await asyncio.gather(*(_post(client, HEAVY) for _ in range(5)))
    ceiling = settings.graphql_cost_ceiling_anonymous
    for body in bodies:
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {
            "code": "QUERY_TOO_COSTLY",
            "cost": HEAVY_COST,
            "ceiling": ceiling,
        }
        assert f"{HEAVY_COST}" in error["message"] and f"{ceiling}" in error["message"]
        assert body["extensions"]["cost"] == {"requested": HEAVY_COST, "ceiling": ceiling}
    # Refusals spend nothing: the whole minute's budget is still there.
    after = await _post(client, "{ posts(first: 1) { nodes { id } } }")
    assert after["extensions"]["cost"]["remaining"] == settings.graphql_cost_budget_anonymous - 1


async def test_the_heavy_query_is_refused_for_signed_in_users_too(
    client: httpx.AsyncClient, state: AppState, settings: Settings
) -> None:
    account = await make_account(state, Role.SHOPPER)
    body = await _post(client, HEAVY, account.token)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert body["errors"][0]["extensions"]["ceiling"] == settings.graphql_cost_ceiling_signed_in


async def test_a_feed_page_runs_and_states_its_cost(
    client: httpx.AsyncClient, state: AppState, settings: Settings
) -> None:
    account = await make_account(state, Role.SHOPPER)
    query = "{ feed(first: 20) { edges { node { id author { id } } } pageInfo { hasNextPage } } }"
    body = await _post(client, query, account.token)
    assert "errors" not in body, body
    assert body["extensions"]["cost"] == {
        "requested": 40,
        "ceiling": settings.graphql_cost_ceiling_signed_in,
        "remaining": settings.graphql_cost_budget_signed_in - 40,
    }
    anonymous = await _post(client, "{ posts(first: 20) { nodes { id } } }")
    assert anonymous["extensions"]["cost"]["ceiling"] == settings.graphql_cost_ceiling_anonymous


async def test_the_budget_runs_out_and_comes_back_as_the_minute_passes(
    client: httpx.AsyncClient, state: AppState, settings: Settings, frozen_clock: FrozenClock
) -> None:
    budget = settings.graphql_cost_budget_anonymous
    runs = budget // COSTLY_COST
    for i in range(runs):
        body = await _post(client, COSTLY)
        assert "errors" not in body, body
        assert body["extensions"]["cost"]["remaining"] == budget - COSTLY_COST * (i + 1)
    refused = await _post(client, COSTLY)
    [error] = refused["errors"]
    left = budget - COSTLY_COST * runs
    assert 1 < left < COSTLY_COST
    # The bucket refills budget/60 a second: the missing cost takes this long.
    wait = -(-(COSTLY_COST - left) * 60 // budget)
    assert error["extensions"] == {
        "code": "QUERY_BUDGET_EXHAUSTED",
        "cost": COSTLY_COST,
        "remaining": left,
        "retryAfter": wait,
    }
    assert refused["data"] is None
    # A cheaper query that fits in what is left still runs; a signed-in user has their own budget.
    cheap = await _post(client, "{ posts(first: 1) { nodes { id } } }")
    assert cheap["extensions"]["cost"]["remaining"] == left - 1
    account = await make_account(state, Role.SHOPPER)
    assert "errors" not in await _post(client, COSTLY, account.token)

    frozen_clock.advance(timedelta(seconds=wait - 1))
    assert (await _post(client, COSTLY))["errors"][0]["extensions"]["code"] == (
        "QUERY_BUDGET_EXHAUSTED"
    )
    frozen_clock.advance(timedelta(seconds=1))
    recovered = await _post(client, COSTLY)
    assert "errors" not in recovered, recovered


async def test_concurrent_queries_never_overspend_the_budget(
    client: httpx.AsyncClient, settings: Settings, frozen_clock: FrozenClock
) -> None:
    runs = settings.graphql_cost_budget_anonymous // COSTLY_COST
    bodies = await asyncio.gather(*(_post(client, COSTLY) for _ in range(runs + 5)))
    codes = [b["errors"][0]["extensions"]["code"] if "errors" in b else "OK" for b in bodies]
    assert codes.count("OK") == runs
    assert codes.count("QUERY_BUDGET_EXHAUSTED") == 5


# --- the schema in production --------------------------------------------------------------


@pytest.fixture
async def production(state: AppState, settings: Settings) -> Any:
    closed = settings.model_copy(
        update={"environment": "production", "jwt_secret": "a-private-production-secret-0123456789"}
    )
    app = create_app(closed, state=dataclasses.replace(state, settings=closed))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELT = "{ postz { nodes { id } } }"


async def test_introspection_and_suggestions_are_on_outside_production(
    client: httpx.AsyncClient,
) -> None:
    body = await _post(client, INTROSPECTION)
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
    assert (
        "Did you mean 'post' or 'posts'?" in (await _post(client, MISSPELT))["errors"][0]["message"]
    )


async def test_production_refuses_introspection_and_suggests_no_names(
    production: httpx.AsyncClient, state: AppState
) -> None:
    admin = await make_account(state, Role.ADMIN)
    for token in (None, admin.token):
        body = await _post(production, INTROSPECTION, token)
        assert body.get("data") is None
        assert "introspection" in body["errors"][0]["message"].lower()
    [error] = (await _post(production, MISSPELT))["errors"]
    assert error["message"] == "Cannot query field 'postz' on type 'Query'."
    bad_enum = await _post(production, "{ feed(first: 1, market: USS) { nodes { id } } }")
    assert bad_enum["errors"] and all(
        "Did you mean" not in e["message"] for e in bad_enum["errors"]
    )
    response = await production.post(
        "/graphql",
        json={
            "query": "query ($m: Market) { feed(first: 1, market: $m) { nodes { id } } }",
            "variables": {"m": "USS"},
        },
    )
    [error] = response.json()["errors"]
    assert "USS" in error["message"] and "Did you mean" not in error["message"]
    # __typename is not introspection: clients add it to every selection.
    assert "errors" not in await _post(production, "{ __typename }")


def test_a_walk_too_deep_for_the_stack_is_refused_not_crashed(schema: Any) -> None:
    """Fragments spreading each other in a chain nest without nesting the text."""
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(600))
    document = parse("{ ...F0 } " + chain + " fragment F600 on Query { me { id } }")
    with pytest.raises(TooDeep):
        query_cost(schema, document)


async def test_an_over_ceiling_query_is_refused_before_validation(
    client: httpx.AsyncClient,
) -> None:
    """The heavy query with a field that does not exist: refused for its cost, not its typo
    (validation, the expensive part of refusing, never runs)."""
    body = await _post(client, HEAVY.replace("body", "bodyy"))
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"


async def test_a_fragment_chain_deeper_than_the_walk_is_a_graphql_error(
    client: httpx.AsyncClient,
) -> None:
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300))
    query = "{ ...F0 } " + chain + " fragment F300 on Query { me { id } }"
    body = await _post(client, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
