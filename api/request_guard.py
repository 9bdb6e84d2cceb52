"""GraphQL request bodies checked before Strawberry trusts them: a client's mistake is a 400
with its reason, never a 500.

- JSON (the body, or a multipart request's `operations` and `map` fields) nesting deeper than
  `MAX_JSON_DEPTH` is refused: decoding it, or coercing such variables later, would exhaust the
  interpreter's recursion limit.
- A multipart upload (the GraphQL multipart request spec) must carry an `operations` object or
  list, and a `map` object whose every key names a file part of the form and whose every value
  is a list of dotted paths; each path must lead through objects and lists that exist in the
  operations to a `null` placeholder. `__proto__`, `prototype` and `constructor` segments are
  refused outright (harmless here, but a sign of a probe). Every file part must be named by
  the map.

The checks are pure functions; `GuardedGraphQLRouter` applies them where Strawberry decodes a
request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import UploadFile
from strawberry.fastapi import GraphQLRouter
from strawberry.file_uploads.utils import replace_placeholders_with_files

from api.context import Context

MAX_JSON_DEPTH = 32
FORBIDDEN_SEGMENTS = frozenset({"__proto__", "prototype", "constructor"})


class BadRequest(ValueError):
    """A request body a client got wrong; the message says what, for that client."""


def json_depth(value: Any, limit: int) -> int:
    """How deep `value` nests (a scalar is 0, `[]` is 1), counted without recursion and
    stopping as soon as it passes `limit`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def decode_json(data: str | bytes, what: str = "The request body") -> Any:
    """Decode JSON, refusing nesting deeper than `MAX_JSON_DEPTH`."""
    try:
        value = json.loads(data)
    except RecursionError as exc:
        raise BadRequest(f"{what} nests deeper than {MAX_JSON_DEPTH} levels.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{what} is not valid JSON.") from exc
    if json_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise BadRequest(f"{what} nests deeper than {MAX_JSON_DEPTH} levels.")
    return value


def check_upload_map(operations: Any, files_map: Any, file_fields: set[str]) -> None:
    """Raise `BadRequest` unless `files_map` places each file of `file_fields` on a null
    placeholder of `operations`, as the multipart request spec describes."""
    if not isinstance(operations, dict | list):
        raise BadRequest("The 'operations' field must be a JSON object (or a list of them).")
    if not isinstance(files_map, dict):
        raise BadRequest(
            "The 'map' field must be a JSON object from file field names to lists of paths."
        )
    for name, paths in files_map.items():
        if name not in file_fields:
            raise BadRequest(f"The map names a file field '{name}' the request does not carry.")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            raise BadRequest(f"The map entry '{name}' must be a non-empty list of paths.")
        for path in paths:
            _check_path(operations, path, name)
    unmapped = sorted(file_fields - set(files_map))
    if unmapped:
        raise BadRequest(f"The map does not say where the file field '{unmapped[0]}' goes.")


def _check_path(operations: dict[str, Any] | list[Any], path: str, name: str) -> None:
    segments = path.split(".")
    where = f"The map path '{path}' (file field '{name}')"
    if any(s in FORBIDDEN_SEGMENTS for s in segments):
        raise BadRequest(f"{where} names a property that is not allowed.")
    target: Any = operations
    for index, segment in enumerate(segments):
        reached = ".".join(segments[:index]) or "the operations"
        if isinstance(target, dict):
            if segment not in target:
                raise BadRequest(f"{where} leads nowhere: {reached} has no '{segment}'.")
            target = target[segment]
        elif isinstance(target, list):
            if not segment.isdigit() or int(segment) >= len(target):
                raise BadRequest(
                    f"{where} leads nowhere: {reached} has no item '{segment}' "
                    f"(it has {len(target)})."
                )
            target = target[int(segment)]
        else:
            raise BadRequest(f"{where} goes into {reached}, which is neither a list nor an object.")
    if target is not None:
        raise BadRequest(f"{where} must end on a null placeholder for the file.")


def _form_files(form: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in form.items() if isinstance(value, UploadFile)}


class GuardedGraphQLRouter(GraphQLRouter[Context, None]):
    """Strawberry's FastAPI router with the request checks above."""

    def decode_json(self, data: str | bytes) -> object:
        try:
            return decode_json(data)
        except BadRequest as exc:
            raise HTTPException(400, str(exc)) from exc

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, str]:
        try:
            form_data = await request.get_form_data()
        except ValueError as exc:
            raise HTTPException(400, "Unable to parse the multipart body") from exc
        form = form_data.form
        operations = form.get("operations")
        files_map = form.get("map")
        if not isinstance(operations, str) or not isinstance(files_map, str):
            raise HTTPException(
                400, "A multipart request needs 'operations' and 'map' fields, as JSON text."
            )
        files = _form_files(form_data.files)
        try:
            decoded_operations = decode_json(operations, "The 'operations' field")
            decoded_map = decode_json(files_map, "The 'map' field")
            check_upload_map(decoded_operations, decoded_map, set(files))
        except BadRequest as exc:
            raise HTTPException(400, str(exc)) from exc
        replaced: dict[str, str] = replace_placeholders_with_files(
            decoded_operations, decoded_map, files
        )
        return replaced
