"""Comment sentiment in every market's language: detection, the scoring rules in each language,
the per-post summary and stored counters, and accuracy on the labelled sets."""

# ruff: noqa: RUF001 - Chinese comments use full-width punctuation.
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from feeds.language import LANGUAGES, detect_language, language_candidates
from feeds.sentiment import (
    UNDETERMINED,
    CommentSentiment,
    comment_sentiment,
    counters,
    score_comment,
    summarise_sentiment,
)

SETS = Path(__file__).with_name("sentiment_sets")
LABELS = ("positive", "negative", "neutral")


def score(text: str) -> float:
    value = comment_sentiment(text)
    assert value is not None, text
    return value


def labelled(language: str) -> list[tuple[str, str]]:
    with (SETS / f"{language}.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row["label"], row["text"]) for row in rows]


# --- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I love how this jacket fits", "en"),
        ("adorei essa saia, ficou perfeita em você", "pt"),
        ("me encanta cómo te queda ese vestido", "es"),
        ("Die Jacke steht dir richtig gut", "de"),
        ("j'adore cette jupe, elle te va très bien", "fr"),
        ("这条裙子太好看了", "zh"),
        ("الفستان حلو مره", "ar"),
        ("这件 dress 好好看", "zh"),  # Han characters weigh more than the Latin letters
    ],
)
def test_detects_each_served_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert language in LANGUAGES


def test_text_in_no_served_language_or_without_letters_is_not_detected() -> None:
    assert detect_language("이 옷 정말 예뻐요") is None  # Korean
    assert detect_language("Это платье прекрасно") is None  # Russian
    assert detect_language("😍😍🔥") is None
    assert detect_language("10/10") is None
    assert detect_language("") is None


def test_candidates_put_the_likeliest_first() -> None:
    candidates = language_candidates("obrigada, chegou super rápido e o tecido é ótimo")
    assert candidates[0][0] == "pt"
    confidences = [confidence for _, confidence in candidates]
    assert confidences == sorted(confidences, reverse=True)
    assert language_candidates("الفستان حلو") == [("ar", 1.0)]


def test_close_calls_go_to_the_language_whose_words_they_are() -> None:
    # Lingua alone reads these short comments as the neighbouring language.
    assert score_comment("que tecido horrível").language == "pt"
    assert score_comment("qué padre se ve").language == "es"


def test_the_posts_market_settles_what_lingua_is_unsure_of() -> None:
    # Without a market Lingua's trigrams call this German; under a Brazilian post the
    # Portuguese lexicon, which reads "amei", wins.
    assert score_comment("Amei esse look!").language != "pt"
    assert score_comment("Amei esse look!", "BR").language == "pt"
    assert score_comment("Amei esse look!", "BR").label() == "positive"
    # Clear English stays English in any market; script decides whatever the market.
    assert score_comment("love it, so cute", "BR").language == "en"
    assert score_comment("好看", "MX").language == "zh"
    assert (
        score_comment("Amei esse look!", "XX").language == score_comment("Amei esse look!").language
    )


# --- scoring rules, language by language -----------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "negated"),
    [
        ("I like this colour", "I don't like this colour"),
        ("gostei do tecido", "não gostei do tecido"),
        ("gostei do tecido", "gostei do tecido não"),  # Brazilian negation after the verb
        ("me gusta la tela", "no me gusta la tela"),
        ("der Stoff gefällt mir", "der Stoff gefällt mir nicht"),  # German: after the verb
        ("j'aime la couleur", "je n'aime pas la couleur"),  # ne … pas: one negation
        ("j'aime la couleur", "j'aime pas la couleur"),
        ("这件好看", "这件不好看"),
        ("الفستان حلو", "الفستان مو حلو"),
    ],
)
def test_negation_turns_praise_negative(positive: str, negated: str) -> None:
    assert score(positive) > 0.05
    assert score(negated) < -0.05


@pytest.mark.parametrize(
    "text",
    ["not bad at all", "não é ruim", "no está mal", "nicht schlecht", "pas mal du tout", "还不错"],
)
def test_a_negated_complaint_reads_mildly_positive(text: str) -> None:
    assert 0.05 < score(text) < 0.8


def test_negation_stops_at_punctuation() -> None:
    # "não" belongs to the first clause; "amei" stands on its own.
    assert score("não tem defeito nenhum, amei") > 0.5
    assert score("je ne recommande pas, la fermeture a cassé") < -0.3


@pytest.mark.parametrize(
    ("plain", "boosted"),
    [
        ("this is cute", "this is so cute"),
        ("vestido lindo", "vestido muito lindo"),
        ("vestido lindo", "vestido lindo demais"),  # Portuguese intensifies after the word
        ("es bonito", "es muy bonito"),
        ("das ist schön", "das ist echt schön"),
        ("c'est beau", "c'est trop beau"),
        ("好看", "很好看"),
        ("حلو", "حلو مره"),
    ],
)
def test_intensifiers_strengthen(plain: str, boosted: str) -> None:
    assert score(boosted) > score(plain) > 0


def test_dampeners_soften() -> None:
    assert 0 < score("kinda cute") < score("cute")
    assert score("有点难看") > score("难看")


def test_after_but_counts_more() -> None:
    assert score("lindo, mas muito caro") < 0
    assert score("caro, mas muito lindo") > 0
    assert score("好看但是质量很差") < 0


def test_emoji_exclamation_and_caps() -> None:
    assert score("ok 😍") > 0.5
    assert score("ok 👎") < -0.3
    assert score("fire 🔥") > 0.5  # praise under a post, not a blaze
    assert score("love it!!!") > score("love it")
    assert score("this is AWFUL") < score("this is awful") < 0
    assert score("lindo :)") > score("lindo")


def test_spelling_as_people_type_it() -> None:
    # Letters held, accents dropped, umlauts spelt out, Arabic with the article attached.
    assert score("que vestido lindoooo") == pytest.approx(score("que vestido lindo"))
    assert score("otimo") == pytest.approx(score("ótimo"))
    assert score("sooo schoen") > 0.3
    assert score("القماش الرديء") < -0.3


def test_laughter_reads_mildly_positive() -> None:
    for text in ("kkkkkk", "jajajaja", "hahaha", "mdr", "哈哈哈", "ههههه"):
        assert 0.05 < score(text) < 0.6, text


def test_emoji_only_comments_are_scored_as_undetermined() -> None:
    result = score_comment("😍😍🔥")
    assert result.language == UNDETERMINED and result.score is not None and result.score > 0.5
    assert result.label() == "positive"
    assert score_comment("👎").label() == "negative"


def test_comments_without_evidence_are_skipped() -> None:
    for text in ("", "   ", "10/10", "이 옷 정말 예뻐요", "Это платье прекрасно"):
        result = score_comment(text)
        assert result == CommentSentiment(None, None), text
        assert result.label() is None


def test_a_korean_comment_with_emoji_is_scored_from_its_emoji() -> None:
    result = score_comment("이 옷 정말 예뻐요 😍")
    assert result.language == UNDETERMINED and result.label() == "positive"


def test_plain_questions_are_neutral() -> None:
    for text in ("Which shop is this from?", "tem em preto?", "¿de qué tienda es?", "有黑色吗？"):
        result = score_comment(text)
        assert result.label() == "neutral", (text, result)


# --- summary and stored counters ------------------------------------------------------------


def test_summary_counts_per_language_and_skipped() -> None:
    summary = summarise_sentiment(
        [
            "love it",
            "terrible quality",
            "amei demais",
            "péssima qualidade, não recomendo",
            "好看",
            "😍",
            "이 옷 정말 예뻐요",
            "it arrived on tuesday",
        ]
    )
    assert summary.scored == 7 and summary.skipped == 1
    assert summary.by_language == {"en": 3, "pt": 2, "und": 1, "zh": 1}
    assert summary.positive == 4 and summary.negative == 2
    assert summary.mean is not None and -1.0 <= summary.mean <= 1.0
    empty = summarise_sentiment([])
    assert empty.mean is None and empty.scored == 0 and empty.by_language == {}


def test_counters_move_the_language_or_the_skipped_count() -> None:
    added = counters(score_comment("adorei"), 1)
    assert added["sentiment_n"] == 1 and added["sentiment_langs.pt"] == 1
    assert float(added["sentiment_sum"]) > 0
    removed = counters(score_comment("adorei"), -1)
    assert removed == {key: -value for key, value in added.items()}
    assert counters(score_comment("이 옷 정말 예뻐요"), 1) == {"sentiment_skipped": 1}


# --- the labelled sets ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_labelled_sets_are_large_and_balanced(language: str) -> None:
    rows = labelled(language)
    assert len(rows) >= 100
    counts = {label: sum(1 for got, _ in rows if got == label) for label in LABELS}
    assert set(label for label, _ in rows) == set(LABELS)
    assert min(counts.values()) >= 0.25 * len(rows), counts
    assert len({text for _, text in rows}) == len(rows)  # no duplicates


@pytest.mark.parametrize("language", LANGUAGES)
def test_accuracy_per_language_is_at_least_three_quarters(language: str) -> None:
    rows = labelled(language)
    right = sum(1 for label, text in rows if score_comment(text).label() == label)
    detected = sum(1 for _, text in rows if score_comment(text).language in (language, "und"))
    assert right / len(rows) >= 0.75, (language, right, len(rows))
    assert detected / len(rows) >= 0.9, (language, detected, len(rows))
