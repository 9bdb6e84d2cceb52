"""The style-element taxonomy: loaded from a data file a designer can edit, validated, versioned.

Input: `feeds/taxonomy.toml` (or any TOML/JSON file with the same shape, see the header of that
file). Output: a `Taxonomy` — an immutable list of `Element`s with lookup by id and kind, and a
`version` string.

Public API:
    load_taxonomy(path=None) -> Taxonomy         read + validate a file (default: the bundled one)
    parse_taxonomy(data, source) -> Taxonomy     validate an already-parsed mapping
    default_taxonomy() -> Taxonomy               the bundled file, loaded once per process
    Kind, Element, Taxonomy, TaxonomyError

Validation collects every problem before failing, so a designer sees all mistakes at once; each
message names the element (`pattern.gingham.zh[1]: ...`). Rules: known kinds only, slug format,
no unknown fields, a name, English and Chinese synonyms (Chinese at least two characters, since
they are matched as substrings), a reference colour for colours and none for other kinds, implied
ids that exist, and no synonym or hashtag form shared by two elements.

The version is a content hash over what extraction reads (ids, synonyms, hashtags, categories,
implications, reference colours) — not over comments, order or display names — so a re-run of
extraction over history happens only when matching can actually change.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from feeds.colours import hex_to_lab
from feeds.text import compact, has_cjk, normalise, phrase_key

DEFAULT_PATH = Path(__file__).with_name("taxonomy.toml")
SCHEMA_VERSION = 1

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS = frozenset(
    {"name", "name_zh", "en", "zh", "hashtags", "categories", "implies", "srgb", "lab"}
)


class Kind(StrEnum):
    COLOUR = "colour"
    PATTERN = "pattern"
    SILHOUETTE = "silhouette"
    MATERIAL = "material"
    ITEM = "item"
    STYLE = "style"
    OCCASION = "occasion"


def kind_of(element_id: str) -> Kind:
    """The kind encoded in an element id ("pattern/gingham" -> Kind.PATTERN)."""
    return Kind(element_id.split("/", 1)[0])


@dataclass(frozen=True, slots=True)
class Element:
    id: str  # "<kind>/<slug>", stable forever
    kind: Kind
    slug: str
    name: str
    name_zh: str | None
    synonyms_en: tuple[str, ...]
    synonyms_zh: tuple[str, ...]
    hashtags: tuple[str, ...]  # every accepted hashtag form, with "#", normalised
    categories: tuple[str, ...]  # shop category labels, normalised
    implies: tuple[str, ...]
    srgb: str | None  # "#rrggbb" (colours given as sRGB)
    lab: tuple[float, float, float] | None  # CIELAB D65 reference (every colour)


class TaxonomyError(ValueError):
    """The taxonomy file is unreadable or invalid; `problems` lists every issue found."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid taxonomy {source} ({len(self.problems)} problem(s)):\n{listed}")


@dataclass(frozen=True)
class Taxonomy:
    elements: tuple[Element, ...]
    version: str
    source: str = "<data>"
    _by_id: Mapping[str, Element] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {element.id: element for element in self.elements})

    def __len__(self) -> int:
        return len(self.elements)

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._by_id

    def __getitem__(self, element_id: str) -> Element:
        try:
            return self._by_id[element_id]
        except KeyError:
            raise KeyError(f"unknown element id {element_id!r}") from None

    def get(self, element_id: str) -> Element | None:
        return self._by_id.get(element_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(element.id for element in self.elements)

    def by_kind(self, kind: Kind | str) -> tuple[Element, ...]:
        wanted = Kind(kind)
        return tuple(element for element in self.elements if element.kind is wanted)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file (.toml or .json)."""
    file = Path(path) if path is not None else DEFAULT_PATH
    source = str(file)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise TaxonomyError(source, [f"cannot read file: {error.strerror or error}"]) from error
    try:
        if file.suffix.lower() == ".json":
            data = json.loads(raw)
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TaxonomyError(source, [f"not valid {file.suffix or 'TOML'}: {error}"]) from error
    if not isinstance(data, Mapping):
        raise TaxonomyError(source, ["the top level must be a table of kinds"])
    return parse_taxonomy(data, source)


@functools.cache
def default_taxonomy() -> Taxonomy:
    return load_taxonomy(DEFAULT_PATH)


def parse_taxonomy(data: Mapping[str, Any], source: str = "<data>") -> Taxonomy:
    problems: list[str] = []
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        problems.append(f"schema: expected {SCHEMA_VERSION}, found {schema!r}")

    elements: list[Element] = []
    kinds = {kind.value for kind in Kind}
    for kind_name, table in data.items():
        if kind_name == "schema":
            continue
        if kind_name not in kinds:
            problems.append(
                f"{kind_name}: unknown kind (expected one of {', '.join(sorted(kinds))})"
            )
            continue
        if not isinstance(table, Mapping):
            problems.append(f"{kind_name}: must be a table of elements")
            continue
        for slug, spec in table.items():
            element = _parse_element(Kind(kind_name), str(slug), spec, problems)
            if element is not None:
                elements.append(element)

    if not elements and not problems:
        problems.append("no elements defined")
    _check_references(elements, problems)
    _check_clashes(elements, problems)
    if problems:
        raise TaxonomyError(source, problems)
    return Taxonomy(elements=tuple(elements), version=_content_version(elements), source=source)


def _string_list(where: str, value: Any, problems: list[str], *, required: bool) -> tuple[str, ...]:
    if value is None:
        if required:
            problems.append(f"{where}: required (a list of strings)")
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        problems.append(f"{where}: must be a list of strings")
        return ()
    items: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            problems.append(f"{where}[{index}]: must be a non-empty string")
            continue
        items.append(item.strip())
    if required and not value:
        problems.append(f"{where}: needs at least one entry")
    return tuple(dict.fromkeys(items))


def _parse_element(kind: Kind, slug: str, spec: Any, problems: list[str]) -> Element | None:
    where = f"{kind.value}.{slug}"
    if not _SLUG.match(slug):
        problems.append(f"{where}: slug must be lower-case words joined by '-' (e.g. wide-leg)")
        return None
    if not isinstance(spec, Mapping):
        problems.append(f"{where}: must be a table")
        return None
    for unknown in sorted(set(spec) - _FIELDS):
        problems.append(f"{where}.{unknown}: unknown field (allowed: {', '.join(sorted(_FIELDS))})")

    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}.name: required (a non-empty string)")
        name = slug
    name_zh = spec.get("name_zh")
    if name_zh is not None and (not isinstance(name_zh, str) or not name_zh.strip()):
        problems.append(f"{where}.name_zh: must be a non-empty string")
        name_zh = None

    english = _string_list(f"{where}.en", spec.get("en"), problems, required=True)
    for index, synonym in enumerate(english):
        if has_cjk(synonym):
            problems.append(f"{where}.en[{index}]: {synonym!r} is Chinese; list it under zh")
        elif not phrase_key(synonym):
            problems.append(f"{where}.en[{index}]: {synonym!r} has no letters or digits")

    chinese = _string_list(f"{where}.zh", spec.get("zh"), problems, required=True)
    for index, synonym in enumerate(chinese):
        if not has_cjk(synonym):
            problems.append(f"{where}.zh[{index}]: {synonym!r} has no Chinese character")
        elif len(normalise(synonym)) < 2:
            problems.append(
                f"{where}.zh[{index}]: {synonym!r} is one character; Chinese synonyms are "
                "matched as substrings and need at least two"
            )

    explicit_tags = _string_list(
        f"{where}.hashtags", spec.get("hashtags"), problems, required=False
    )
    for index, tag in enumerate(explicit_tags):
        if not tag.startswith("#") or len(tag) < 2 or any(ch.isspace() for ch in tag):
            problems.append(f"{where}.hashtags[{index}]: {tag!r} must look like #word (no spaces)")

    categories = _string_list(
        f"{where}.categories", spec.get("categories"), problems, required=False
    )
    implies = _string_list(f"{where}.implies", spec.get("implies"), problems, required=False)

    srgb, lab = _parse_colour(where, kind, spec, problems)

    tags = {"#" + normalise(tag[1:]) for tag in explicit_tags if tag.startswith("#")}
    for synonym in english:
        key = phrase_key(synonym)
        if key:
            tags.add("#" + compact(key))
    for synonym in chinese:
        tags.add("#" + "".join(normalise(synonym).split()))

    return Element(
        id=f"{kind.value}/{slug}",
        kind=kind,
        slug=slug,
        name=name.strip(),
        name_zh=name_zh.strip() if isinstance(name_zh, str) else None,
        synonyms_en=english,
        synonyms_zh=tuple(normalise(synonym) for synonym in chinese),
        hashtags=tuple(sorted(tags)),
        categories=tuple(normalise(category) for category in categories),
        implies=implies,
        srgb=srgb,
        lab=lab,
    )


def _parse_colour(
    where: str, kind: Kind, spec: Mapping[str, Any], problems: list[str]
) -> tuple[str | None, tuple[float, float, float] | None]:
    srgb_raw = spec.get("srgb")
    lab_raw = spec.get("lab")
    if kind is not Kind.COLOUR:
        if srgb_raw is not None or lab_raw is not None:
            problems.append(f"{where}: only colours carry a reference colour (srgb / lab)")
        return None, None
    if (srgb_raw is None) == (lab_raw is None):
        problems.append(
            f'{where}: a colour needs exactly one of srgb = "#rrggbb" or lab = [L, a, b]'
        )
        return None, None
    if srgb_raw is not None:
        if not isinstance(srgb_raw, str) or not _HEX.match(srgb_raw):
            problems.append(f'{where}.srgb: {srgb_raw!r} is not a colour like "#a1b2c3"')
            return None, None
        lab = hex_to_lab(srgb_raw)
        return srgb_raw.lower(), (float(lab[0]), float(lab[1]), float(lab[2]))
    if (
        not isinstance(lab_raw, Sequence)
        or isinstance(lab_raw, str)
        or len(lab_raw) != 3
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in lab_raw)
    ):
        problems.append(f"{where}.lab: must be three numbers [L, a, b]")
        return None, None
    l_star, a_star, b_star = (float(v) for v in lab_raw)
    if not 0.0 <= l_star <= 100.0 or not -128.0 <= a_star <= 128.0 or not -128.0 <= b_star <= 128.0:
        problems.append(f"{where}.lab: L must be within 0..100 and a, b within -128..128")
        return None, None
    return None, (l_star, a_star, b_star)


def _check_references(elements: Sequence[Element], problems: list[str]) -> None:
    known = {element.id for element in elements}
    for element in elements:
        for target in element.implies:
            if target == element.id:
                problems.append(f"{element.id}: implies itself")
            elif target not in known:
                problems.append(f"{element.id}.implies: unknown element id {target!r}")


def _check_clashes(elements: Sequence[Element], problems: list[str]) -> None:
    """A phrase, Chinese synonym, hashtag form or category may mean one element only."""
    owners: dict[tuple[str, str], str] = {}

    def claim(space: str, value: str, element_id: str, shown: str) -> None:
        previous = owners.setdefault((space, value), element_id)
        if previous != element_id:
            problems.append(f"{element_id}: {shown} is already a synonym of {previous}")

    for element in elements:
        for synonym in element.synonyms_en:
            key = phrase_key(synonym)
            if key:
                claim("en", " ".join(key), element.id, f"English synonym {synonym!r}")
        for synonym in element.synonyms_zh:
            claim("zh", synonym, element.id, f"Chinese synonym {synonym!r}")
        for tag in element.hashtags:
            claim("tag", tag, element.id, f"hashtag form {tag!r}")
        for category in element.categories:
            claim("category", category, element.id, f"category {category!r}")


def _content_version(elements: Sequence[Element]) -> str:
    canonical = [
        {
            "id": element.id,
            "en": sorted(" ".join(phrase_key(s)) for s in element.synonyms_en),
            "zh": sorted(element.synonyms_zh),
            "hashtags": list(element.hashtags),
            "categories": sorted(element.categories),
            "implies": sorted(element.implies),
            "lab": [round(v, 3) for v in element.lab] if element.lab else None,
        }
        for element in sorted(elements, key=lambda e: e.id)
    ]
    payload = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "tx-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
