"""What a GraphQL operation will cost, read from its parsed document before anything runs.

The arithmetic is GitHub's node limit, extended to plain object fields:

- A *page field* is any field with a `first` or `last` argument. Its page size is the argument's
  literal, else the variable's value, else the variable's own default, else the schema's default
  for that argument. A page field asked for by `k` parents fetches `k * size` nodes: it costs
  `k * size`, and everything selected under it is asked for `k * size` times.
- The wrapper a page field returns (a `…Connection` with `edges`/`nodes`/`pageInfo`, and its
  `…Edge` with `node`) carries nodes already counted: its fields cost nothing and do not multiply.
- Any other field returning an object or a list of objects (an author, a post's images) costs
  `k`, one per parent, and its selection is asked for `k` times: a plain list is counted as one
  item, its length being bounded by the domain (ten photos, a handful of tags).
- Scalars, enums and `__typename` cost nothing; `__schema`/`__type` cost 1 each.

So the cost is the sum, over every path through the document, of the products of the page sizes
down that path (plus one per plain object along the way). Fragments and inline fragments are
expanded where they are spread and every alias counts on its own, exactly as they would execute
(two selections merged by the executor are still counted twice: the estimate errs high, never
low). A fragment's cost per parent is computed once, so a document that spreads fragments inside
fragments costs linear time, however many nodes it would fetch.

The document need not have been validated: unknown fields and types cost nothing (validation
refuses them), a fragment cycle is not followed, and a walk deeper than `MAX_WALK_DEPTH` fields
and fragment spreads raises `TooDeep` instead of exhausting the interpreter's stack. That lets
the cost be checked first, so an abusive document is refused before it is validated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined

PAGE_ARGUMENTS = ("first", "last")
MAX_WALK_DEPTH = 64


class TooDeep(ValueError):
    """The document nests fields and fragment spreads deeper than `MAX_WALK_DEPTH`."""


@dataclass(frozen=True)
class _FieldFacts:
    """What the arithmetic needs of one schema field, worked out once per schema."""

    named: GraphQLNamedType
    leaf: bool
    page_arguments: tuple[str, ...]
    defaults: tuple[int | None, ...]


@dataclass
class _SchemaFacts:
    fields: dict[tuple[str, str], _FieldFacts] = field(default_factory=dict)
    wrappers: dict[str, bool] = field(default_factory=dict)


_FACTS: WeakKeyDictionary[GraphQLSchema, _SchemaFacts] = WeakKeyDictionary()


@dataclass
class _Walk:
    schema: GraphQLSchema
    facts: _SchemaFacts
    variables: Mapping[str, Any]
    variable_defaults: dict[str, Any]
    fragments: dict[str, FragmentDefinitionNode]
    fragment_costs: dict[str, int] = field(default_factory=dict)
    # Fragments being expanded right now: a cycle (refused by validation anyway) costs nothing.
    expanding: set[str] = field(default_factory=set)


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> int:
    """The cost of the operation `operation_name` (or the document's only one); 0 when the
    document names no such operation (validation reports that)."""
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    root = _root_type(schema, operation.operation)
    if root is None:
        return 0
    facts = _FACTS.get(schema)
    if facts is None:
        facts = _FACTS[schema] = _SchemaFacts()
    walk = _Walk(
        schema=schema,
        facts=facts,
        variables=variables or {},
        variable_defaults=_variable_defaults(operation),
        fragments={
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        },
    )
    return _selection_cost(walk, operation.selection_set, root, 0)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    for operation in operations:
        if operation.name is not None and operation.name.value == name:
            return operation
    return None


def _root_type(schema: GraphQLSchema, kind: OperationType) -> GraphQLObjectType | None:
    if kind is OperationType.QUERY:
        return schema.query_type
    if kind is OperationType.MUTATION:
        return schema.mutation_type
    return schema.subscription_type


def _variable_defaults(operation: OperationDefinitionNode) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        value = definition.default_value
        if isinstance(value, IntValueNode):
            defaults[definition.variable.name.value] = int(value.value)
    return defaults


def _selection_cost(
    walk: _Walk, selection_set: SelectionSetNode, parent: GraphQLNamedType, depth: int
) -> int:
    """Cost of `selection_set` asked for once on a `parent`, `depth` levels down."""
    if depth > MAX_WALK_DEPTH:
        raise TooDeep(f"The query nests fields and fragments over {MAX_WALK_DEPTH} levels deep.")
    wrapper = walk.facts.wrappers.get(parent.name)
    if wrapper is None:
        wrapper = walk.facts.wrappers[parent.name] = _is_page_wrapper(parent)
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(walk, selection, parent, wrapper, depth)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = walk.schema.get_type(condition.name.value) if condition else parent
            if target is not None:
                total += _selection_cost(walk, selection.selection_set, target, depth + 1)
        elif isinstance(selection, FragmentSpreadNode):
            total += _fragment_cost(walk, selection.name.value, depth)
    return total


def _field_cost(
    walk: _Walk, node: FieldNode, parent: GraphQLNamedType, in_wrapper: bool, depth: int
) -> int:
    name = node.name.value
    if name.startswith("__"):
        return 0 if name == "__typename" else 1
    key = (parent.name, name)
    facts = walk.facts.fields.get(key)
    if facts is None:
        found = _field_facts(parent, name)
        if found is None:
            return 0
        facts = walk.facts.fields[key] = found
    if facts.leaf or node.selection_set is None:
        return 0
    below = _selection_cost(walk, node.selection_set, facts.named, depth + 1)
    if facts.page_arguments:
        size = _page_size(walk, node, facts)
        return size + size * below
    if in_wrapper:
        return below
    return 1 + below


def _fragment_cost(walk: _Walk, name: str, depth: int) -> int:
    if name in walk.fragment_costs:
        return walk.fragment_costs[name]
    fragment = walk.fragments.get(name)
    if fragment is None or name in walk.expanding:
        return 0
    target = walk.schema.get_type(fragment.type_condition.name.value)
    if target is None:
        return 0
    walk.expanding.add(name)
    cost = _selection_cost(walk, fragment.selection_set, target, depth + 1)
    walk.expanding.discard(name)
    walk.fragment_costs[name] = cost
    return cost


def _field_facts(parent: GraphQLNamedType, name: str) -> _FieldFacts | None:
    if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return None  # a union has no fields of its own; only its fragments select anything
    definition: GraphQLField | None = parent.fields.get(name)
    if definition is None:
        return None
    named = get_named_type(definition.type)
    pages = tuple(a for a in PAGE_ARGUMENTS if a in definition.args)
    defaults = []
    for argument in pages:
        default = definition.args[argument].default_value
        plain = isinstance(default, int) and not isinstance(default, bool)
        defaults.append(default if plain and default is not Undefined else None)
    return _FieldFacts(named, is_leaf_type(named), pages, tuple(defaults))


def _page_size(walk: _Walk, node: FieldNode, facts: _FieldFacts) -> int:
    """The page size a page field is asked for."""
    given = {a.name.value: a.value for a in node.arguments or ()}
    sizes: list[int] = []
    for name, default in zip(facts.page_arguments, facts.defaults, strict=True):
        value = given.get(name)
        size: Any = None
        if isinstance(value, IntValueNode):
            size = int(value.value)
        elif isinstance(value, VariableNode):
            variable = value.name.value
            size = walk.variables.get(variable, walk.variable_defaults.get(variable))
        if not isinstance(size, int) or isinstance(size, bool):
            size = default
        if size is not None:
            sizes.append(max(size, 0))
    # A page field whose size nobody states and the schema does not default (`last` alone):
    # the resolver refuses it, and it is counted as one node meanwhile.
    return max(sizes) if sizes else 1


def _is_page_wrapper(parent: GraphQLNamedType) -> bool:
    """A connection (has `edges` whose items have `node`) or one of its edges (has `node`
    and `cursor`): the nodes under them were counted by the page field."""
    if not isinstance(parent, GraphQLObjectType):
        return False
    fields = parent.fields
    if "node" in fields and "cursor" in fields:
        return True
    edges = fields.get("edges")
    if edges is None:
        return False
    edge_type = edges.type.of_type if is_non_null_type(edges.type) else edges.type
    if not is_list_type(edge_type):
        return False
    edge = get_named_type(edge_type)
    return isinstance(edge, GraphQLObjectType) and "node" in edge.fields
