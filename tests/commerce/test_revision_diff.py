"""The word-level caption diff and the tag changes a brand reads on a resubmitted deliverable."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from commerce.revision_diff import DiffKind, DiffPart, Snapshot, caption_diff, changes_between

SAME, ADDED, REMOVED = DiffKind.SAME, DiffKind.ADDED, DiffKind.REMOVED


def test_words_added_and_removed_are_marked_and_runs_merged() -> None:
    parts = caption_diff("Summer dress for the beach", "Summer linen dress for city nights")
    assert parts == (
        DiffPart(SAME, "Summer "),
        DiffPart(ADDED, "linen "),
        DiffPart(SAME, "dress for "),
        DiffPart(REMOVED, "the beach "),
        DiffPart(ADDED, "city nights"),
    )


def test_identical_captions_are_one_kept_part_and_whitespace_moves_are_not_changes() -> None:
    assert caption_diff("Red coat", "Red coat") == (DiffPart(SAME, "Red coat"),)
    assert caption_diff("Red  coat", "Red\ncoat") == (DiffPart(SAME, "Red\ncoat"),)
    assert caption_diff("", "") == ()
    assert caption_diff("", "New") == (DiffPart(ADDED, "New"),)


def test_tags_and_hashtags_are_compared_as_sets() -> None:
    before = Snapshot("Dress #summer", ("summer",), ("prd_a", "prd_b"))
    after = Snapshot("Dress #summer #beach", ("summer", "beach"), ("prd_b", "prd_c"))
    changes = changes_between(before, after)
    assert changes.hashtags_added == ("beach",) and changes.hashtags_removed == ()
    assert changes.products_added == ("prd_c",) and changes.products_removed == ("prd_a",)
    assert (changes.words_added, changes.words_removed) == (1, 0)
    assert not changes.unchanged
    reordered = Snapshot("Dress #summer", ("summer",), ("prd_b", "prd_a"))
    assert changes_between(before, reordered).unchanged


_words = st.lists(st.sampled_from(["red", "coat", "#sale", "linen", "a", "the"]), max_size=12)
_space = st.sampled_from([" ", "  ", "\n"])


@given(_words, _words, _space)
def test_the_parts_rebuild_both_captions_word_for_word(
    old: list[str], new: list[str], space: str
) -> None:
    before, after = space.join(old), " ".join(new)
    parts = caption_diff(before, after)
    kept_old = "".join(p.text for p in parts if p.kind is not ADDED)
    kept_new = "".join(p.text for p in parts if p.kind is not REMOVED)
    assert kept_old.split() == before.split()
    assert kept_new.split() == after.split()
    assert all(a.kind is not b.kind for a, b in itertools.pairwise(parts))
