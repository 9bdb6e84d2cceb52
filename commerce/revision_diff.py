"""What changed in a deliverable between the version the brand sent back and the one in front of
it now: a word-level caption diff, hashtags and product tags added or removed.

Pure: snapshots in, a `Changes` value out. The caption is compared word by word (difflib's
longest-matching-block algorithm over the words), keeping each word's trailing whitespace so
joining the parts gives back the captions word for word: the removed-or-same parts rebuild the
old caption, the added-or-same parts the new one (kept words carry the new caption's spacing).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

_WORD = re.compile(r"\S+\s*")
_LEADING_SPACE = re.compile(r"^\s+")


class DiffKind(StrEnum):
    SAME = "SAME"
    ADDED = "ADDED"
    REMOVED = "REMOVED"


@dataclass(frozen=True)
class DiffPart:
    kind: DiffKind
    text: str


@dataclass(frozen=True)
class Snapshot:
    """The reviewable content of a post at one moment."""

    caption: str
    hashtags: tuple[str, ...]
    product_ids: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    caption: tuple[DiffPart, ...]
    hashtags_added: tuple[str, ...]
    hashtags_removed: tuple[str, ...]
    products_added: tuple[str, ...]
    products_removed: tuple[str, ...]

    @property
    def caption_changed(self) -> bool:
        return any(part.kind is not DiffKind.SAME for part in self.caption)

    @property
    def unchanged(self) -> bool:
        return not (
            self.caption_changed
            or self.hashtags_added
            or self.hashtags_removed
            or self.products_added
            or self.products_removed
        )

    @property
    def words_added(self) -> int:
        return _count_words(p for p in self.caption if p.kind is DiffKind.ADDED)

    @property
    def words_removed(self) -> int:
        return _count_words(p for p in self.caption if p.kind is DiffKind.REMOVED)


def _count_words(parts: Iterable[DiffPart]) -> int:
    return sum(len(part.text.split()) for part in parts)


def _tokens(text: str) -> list[str]:
    """Words with their trailing whitespace; leading whitespace rides on the first token."""
    lead = _LEADING_SPACE.match(text)
    tokens = _WORD.findall(text)
    if lead and tokens:
        tokens[0] = lead.group(0) + tokens[0]
    elif lead:
        tokens = [lead.group(0)]
    return tokens


def caption_diff(before: str, after: str) -> tuple[DiffPart, ...]:
    """Word-level diff of two captions; adjacent parts of one kind are merged.

    Words are matched on their text alone, so a changed line break or double space between two
    kept words is not reported as a change.
    """
    old, new = _tokens(before), _tokens(after)
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in old], b=[t.strip() for t in new], autojunk=False
    )
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(parts, DiffKind.SAME, "".join(new[j1:j2]))
            continue
        if op in ("delete", "replace"):
            _append(parts, DiffKind.REMOVED, "".join(old[i1:i2]))
        if op in ("insert", "replace"):
            _append(parts, DiffKind.ADDED, "".join(new[j1:j2]))
    return tuple(parts)


def _append(parts: list[DiffPart], kind: DiffKind, text: str) -> None:
    if not text:
        return
    if parts and not parts[-1].text[-1:].isspace() and not text[:1].isspace():
        # A caption's last word has no trailing space; once another part follows it, it needs
        # one, or the two words would run together.
        parts[-1] = DiffPart(parts[-1].kind, parts[-1].text + " ")
    if parts and parts[-1].kind is kind:
        parts[-1] = DiffPart(kind, parts[-1].text + text)
    else:
        parts.append(DiffPart(kind, text))


def _added(before: Sequence[str], after: Sequence[str]) -> tuple[str, ...]:
    seen = set(before)
    return tuple(dict.fromkeys(x for x in after if x not in seen))


def changes_between(before: Snapshot, after: Snapshot) -> Changes:
    """What `after` changed relative to `before` (tags and hashtags as sets, in `after`'s order
    for additions and `before`'s for removals)."""
    return Changes(
        caption=caption_diff(before.caption, after.caption),
        hashtags_added=_added(before.hashtags, after.hashtags),
        hashtags_removed=_added(after.hashtags, before.hashtags),
        products_added=_added(before.product_ids, after.product_ids),
        products_removed=_added(after.product_ids, before.product_ids),
    )
