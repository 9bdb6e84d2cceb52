# ruff: noqa: RUF001 - Chinese comments are written with full-width punctuation.
"""The demo world's comment texts: the same few comments in each market's language, so every
market's sentiment index has comments to read from the first day."""

from __future__ import annotations

import numpy as np

from feeds.language import MARKET_LANGUAGES

COMMENTS_POSITIVE = (
    "Love this look!",
    "Obsessed with this colour, where is it from?",
    "So good, saving for later.",
    "This is perfect for summer!",
    "Great styling, you always nail it.",
    "Need this in my wardrobe asap.",
)
COMMENTS_NEUTRAL = (
    "What size are you wearing?",
    "Does it run true to size?",
    "Is this still available?",
    "Which shop is this from?",
)
COMMENTS_NEGATIVE = (
    "Not a fan of the fit, honestly.",
    "The fabric looks cheap, sadly.",
    "Mine arrived damaged, disappointed.",
)
# The same pools in each market's language (same sizes, so a comment's draws are the same in
# every market): positive, neutral, negative.
COMMENT_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (COMMENTS_POSITIVE, COMMENTS_NEUTRAL, COMMENTS_NEGATIVE),
    "pt": (
        (
            "Amei esse look!",
            "Apaixonada por essa cor, é de onde?",
            "Muito lindo, vou salvar.",
            "Perfeito pro verão!",
            "Que estilo incrível, você sempre arrasa.",
            "Preciso disso no meu guarda-roupa 😍",
        ),
        ("Qual tamanho você está usando?", "Veste certinho?", "Ainda tem?", "É de qual loja?"),
        ("Não curti o caimento.", "O tecido parece barato.", "O meu chegou rasgado, decepção."),
    ),
    "es": (
        (
            "¡Me encanta este look!",
            "Enamorada de este color, ¿de dónde es?",
            "Qué bonito, lo guardo.",
            "¡Perfecto para el verano!",
            "Qué buen estilo, siempre lo logras.",
            "Lo necesito en mi clóset 😍",
        ),
        ("¿Qué talla traes?", "¿Queda de talla normal?", "¿Todavía hay?", "¿De qué tienda es?"),
        ("No me gusta cómo queda.", "La tela se ve corriente.", "El mío llegó roto, qué mal."),
    ),
    "de": (
        (
            "Ich liebe diesen Look!",
            "Verliebt in die Farbe, wo ist die her?",
            "Richtig schön, gleich gespeichert.",
            "Perfekt für den Sommer!",
            "Toller Style, du triffst es immer.",
            "Brauche ich sofort im Schrank 😍",
        ),
        (
            "Welche Größe trägst du?",
            "Fällt es normal aus?",
            "Gibt es das noch?",
            "Aus welchem Shop?",
        ),
        (
            "Die Passform gefällt mir nicht.",
            "Der Stoff wirkt billig.",
            "Kam kaputt an, enttäuscht.",
        ),
    ),
    "fr": (
        (
            "J'adore ce look !",
            "Fan de cette couleur, ça vient d'où ?",
            "Trop beau, je sauvegarde.",
            "Parfait pour l'été !",
            "Super style, tu assures toujours.",
            "Il me le faut dans mon dressing 😍",
        ),
        (
            "Tu portes quelle taille ?",
            "Ça taille normalement ?",
            "Encore dispo ?",
            "Ça vient de quelle boutique ?",
        ),
        ("Je n'aime pas la coupe.", "Le tissu fait cheap.", "Le mien est arrivé abîmé, déçue."),
    ),
    "ar": (
        (
            "اللوك يجنن!",
            "حبيت اللون، من وين؟",
            "حلو مره، حفظته.",
            "مثالي للصيف!",
            "ستايلك رهيب دايم.",
            "لازم يكون عندي 😍",
        ),
        ("وش المقاس اللي لابسته؟", "المقاس مضبوط؟", "لسه متوفر؟", "من أي محل؟"),
        ("ما عجبني التفصيل.", "القماش شكله رخيص.", "وصلني مقطوع، خيبة أمل."),
    ),
    "zh": (
        (
            "这套太好看了！",
            "好喜欢这个颜色，哪里买的？",
            "好美，先收藏了。",
            "夏天穿刚好！",
            "搭配绝了，每次都很会穿。",
            "我也想要😍",
        ),
        ("你穿什么码？", "尺码正吗？", "还有货吗？", "是哪家店的？"),
        ("版型不喜欢。", "面料看起来很廉价。", "收到就破了，失望。"),
    ),
}


def comment(rng: np.random.Generator, market: str) -> str:
    """A comment in the market's language; some in English everywhere, and some in Chinese in
    the English-speaking markets. The language comes from the same draw as the tone (its far
    digits), so every market draws the same numbers and the rest of the world is unchanged."""
    draw = float(rng.random())
    mix = (draw * 997.0) % 1.0
    language = MARKET_LANGUAGES.get(market, "en")
    if language == "en" and mix < 0.08:
        language = "zh"
    elif language != "en" and mix < 0.15:
        language = "en"
    positive, neutral, negative = COMMENT_POOLS[language]
    pool = positive if draw < 0.7 else neutral if draw < 0.9 else negative
    return pool[int(rng.integers(len(pool)))]
