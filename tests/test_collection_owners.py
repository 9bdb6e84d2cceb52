"""A collection is written only by the package that owns it; the others call its functions.

Each package's docstring says what it owns ("Owns `posts`, `likes` …"); the source of every
package is read for writes (`db.<collection>.insert_one(…)` and the like, `db[NAME]` with a
module constant too) and each write is checked against its owner.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "accounts", "media", "posts", "commerce", "attribution", "feeds", "api", "demo")
WRITES = {
    "insert_one",
    "insert_many",
    "update_one",
    "update_many",
    "delete_one",
    "delete_many",
    "find_one_and_update",
    "find_one_and_delete",
    "find_one_and_replace",
    "replace_one",
    "bulk_write",
}


def _owners() -> dict[str, str]:
    """Collection → package, from each package's docstring ("Owns `a`, `b` and `c`.")."""
    owners = {}
    for init in sorted(ROOT.glob("*/__init__.py")) + sorted(ROOT.glob("*/*/__init__.py")):
        package = init.relative_to(ROOT).parts[0]
        if package not in PACKAGES:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        owned = re.search(r"Owns (.*?)\.(\s|$)", doc, re.S)
        for name in re.findall(r"`([a-z_]+)`", owned.group(1) if owned else ""):
            assert name not in owners, f"{name} is claimed by {owners[name]} and {package}"
            owners[name] = package
    return owners


OWNERS = _owners()


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _written(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text())
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in WRITES):
            continue
        target = node.value
        name = None
        if isinstance(target, ast.Attribute) and target.attr not in WRITES:
            name = target.attr
        elif isinstance(target, ast.Subscript):
            key = target.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                name = key.value
            elif isinstance(key, ast.Name):
                name = constants.get(key.id)
        if name is not None and not name.startswith("_"):  # a wrapper's own handle
            found.append((name, node.lineno))
    return found


def _writes() -> list[tuple[str, str, int]]:
    return [
        (str(path.relative_to(ROOT)), name, line)
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for name, line in _written(path)
    ]


def test_the_scan_sees_owners_and_writes() -> None:
    # If the scan found nothing, the check below would pass for the wrong reason.
    assert {OWNERS[c] for c in ("users", "posts", "orders", "report_cache", "test_drops")} == {
        "accounts",
        "posts",
        "commerce",
        "attribution",
        "feeds",
    }
    seen = {name for _, name, _ in _writes()}
    assert {"users", "posts", "orders", "ledger", "test_drops"} <= seen


def test_every_collection_written_has_an_owner() -> None:
    unowned = {f"{path}:{line} {name}" for path, name, line in _writes() if name not in OWNERS}
    assert not unowned, unowned


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_writes_only_the_collections_it_owns(package: str) -> None:
    foreign = [
        f"{path}:{line} writes {name}, which {OWNERS[name]}/ owns"
        for path, name, line in _writes()
        if path.startswith(f"{package}/") and OWNERS.get(name, package) != package
    ]
    assert not foreign, "\n".join(foreign)
