"""User-Agent classification for the redirect hot path.

``classify(user_agent, method="GET") -> UAInfo`` tells the ``GET /l/{code}`` handler what kind of
client followed a link and whether the click may be credited:

* ``ua_class``: one of :class:`UAClass` — PREVIEW (link-preview fetchers of chat and social apps:
  WhatsApp, X/Twitter, Facebook/iMessage, Slack, Telegram, Discord, LinkedIn, Pinterest,
  Skype/Teams, Viber, Snapchat, LINE …), BOT (crawlers, monitors, HTTP libraries, headless
  browsers, an empty User-Agent), TABLET, MOBILE, DESKTOP, or UNKNOWN (nothing recognisable).
* ``is_preview``: the class is PREVIEW. ``is_bot``: the class is BOT *or* PREVIEW — both are
  automated fetches, so the click stream's bot flag is set for either.
* ``countable``: the click may be credited — a GET from a client that is neither a bot nor a
  preview fetcher. HEAD requests never count, whatever their User-Agent.

Precedence when several signals appear: PREVIEW > BOT > TABLET > MOBILE > DESKTOP. That order
matters: iMessage announces itself as "Macintosh … Safari … facebookexternalhit Facebot
Twitterbot", iPads send "Mobile/15E148", and in-app browsers of X, Facebook, LinkedIn or
Pinterest carry their app's name without the preview fetcher's token (they are people, not bots).
iPadOS Safari in its default "desktop site" mode sends a Mac User-Agent and is counted as DESKTOP;
no User-Agent rule can tell them apart.

Cost: one scan of at most the first 1024 characters with one compiled pattern that splits the
string into words, then one dictionary lookup per word (each distinct word is judged once and
remembered, in a bounded cache): a few microseconds per User-Agent, with no per-string cache
that a stream of distinct strings could defeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_

__all__ = ["UAClass", "UAInfo", "classify"]

_MAX_SCAN = 1024


class UAClass(StrEnum):
    MOBILE = "MOBILE"
    DESKTOP = "DESKTOP"
    TABLET = "TABLET"
    BOT = "BOT"
    PREVIEW = "PREVIEW"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class UAInfo:
    ua_class: UAClass
    is_bot: bool
    is_preview: bool
    countable: bool


# Signals are bit flags; a User-Agent's signals are the union of its words' signals.
_PREVIEW, _BOT, _TABLET, _ANDROID, _MOBILE, _DESKTOP = 1, 2, 4, 8, 16, 32

# One compiled pattern splits the lower-cased string into words (dots and slashes end a word,
# so "facebookexternalhit/1.1" gives "facebookexternalhit"). Words repeat across User-Agents
# ("mozilla", "applewebkit", "safari" …), so each distinct word is judged once and remembered:
# a classification costs one regex scan plus a dictionary lookup per word.
_WORD_RE = re.compile(r"[a-z][a-z0-9_-]*")

_PREVIEW_WORDS = frozenset(
    {
        "whatsapp",
        "twitterbot",
        "facebookexternalhit",
        "facebot",
        "meta-externalfetcher",
        "slackbot",
        "slackbot-linkexpanding",
        "slack-imgproxy",
        "telegrambot",
        "discordbot",
        "linkedinbot",
        "pinterestbot",
        "skypeuripreview",
        "microsoftpreview",
        "snapurlpreview",
        "line-poker",
        "embedly",
        "iframely",
        "redditbot",
        "vkshare",
        "kakaotalk-scrap",
        "mastodon",
        "cardyb",
    }
)
# Pieces that mark an automated client wherever they appear inside a word.
_BOT_PARTS = (
    "crawl",
    "spider",
    "slurp",
    "scrap",
    "archiver",
    "fetcher",
    "headless",
    "phantomjs",
    "lighthouse",
    "puppeteer",
    "playwright",
    "selenium",
    "webdriver",
    "python-",
    "aiohttp",
    "go-http-client",
    "okhttp",
    "httpclient",
    "libwww-perl",
    "libcurl",
    "postmanruntime",
    "insomnia",
    "http_request2",
    "google-inspectiontool",
    "googleother",
    "mediapartners-google",
    "google-extended",
    "bytespider",
    "chatgpt-user",
    "claude-web",
    "perplexity",
    "meta-externalagent",
    "facebookcatalog",
)
# HTTP libraries name themselves first; matched on the start of the whole string.
_BOT_PREFIXES = (
    "curl/",
    "wget/",
    "java/",
    "node-fetch",
    "axios/",
    "undici",
    "guzzlehttp",
    "ruby",
    "http.rb",
)
# Googlebot, bingbot, AhrefsBot, "archive.org_bot", "; bot;" … but not the CUBOT phone brand.
_BOT_WORD_RE = re.compile(
    r"(?<!cu)bot(?![a-z])|" + "|".join(re.escape(part) for part in _BOT_PARTS)
)
_WORD_SIGNALS = {
    "ipad": _TABLET,
    "tablet": _TABLET,
    "kindle": _TABLET,
    "silk": _TABLET,
    "playbook": _TABLET,
    "android": _ANDROID,
    "iphone": _MOBILE,
    "ipod": _MOBILE,
    "blackberry": _MOBILE,
    "bb10": _MOBILE,
    "webos": _MOBILE,
    "symbian": _MOBILE,
    "j2me": _MOBILE,
    "midp": _MOBILE,
    "windows": _DESKTOP,
    "macintosh": _DESKTOP,
    "x11": _DESKTOP,
    "cros": _DESKTOP,
}
# In-app browsers name their app ("[Pinterest/iOS]") while the fetcher sends "Pinterest/0.2".
_PINTEREST_FETCHER_RE = re.compile(r"pinterest/\d")
_MAX_WORD_CACHE = 50_000
_word_cache: dict[str, int] = {}


def _judge_word(word: str) -> int:
    if word in _PREVIEW_WORDS:
        return _PREVIEW
    signal = _WORD_SIGNALS.get(word, 0)
    if "mobi" in word:  # Mobile, IEMobile, "Opera Mobi"
        signal |= _MOBILE
    if _BOT_WORD_RE.search(word):
        signal |= _BOT
    return signal


def _learn_word(word: str) -> int:
    signal = _judge_word(word)
    if len(_word_cache) >= _MAX_WORD_CACHE:
        # Random model names and garbage must not grow the cache without bound.
        _word_cache.clear()
    _word_cache[word] = signal
    return signal


def _signals(text: str) -> int:
    words = _WORD_RE.findall(text)
    try:
        # The common case, every word already judged, stays in C (map + reduce).
        signals: int = reduce(or_, map(_word_cache.__getitem__, words), 0)
    except KeyError:
        signals = 0
        for word in words:
            signal = _word_cache.get(word)
            signals |= _learn_word(word) if signal is None else signal
    if text.startswith(_BOT_PREFIXES):
        signals |= _BOT
    if text.startswith("viber/"):
        # The Viber app's own fetcher ("Viber/20.9 CFNetwork/… Darwin/…"), not a browser.
        signals |= _PREVIEW
    if "snap url preview" in text or (
        "pinterest" in text and _PINTEREST_FETCHER_RE.search(text) is not None
    ):
        signals |= _PREVIEW
    return signals


def _classify_agent(user_agent: str) -> UAClass:
    text = user_agent[:_MAX_SCAN].strip().lower()
    if not text:
        return UAClass.BOT
    signals = _signals(text)
    if signals & _PREVIEW:
        return UAClass.PREVIEW
    if signals & _BOT:
        return UAClass.BOT
    if signals & _TABLET:
        return UAClass.TABLET
    if signals & _ANDROID:
        # Android phones add "Mobile" to their User-Agent; Android tablets leave it out.
        return UAClass.MOBILE if signals & _MOBILE else UAClass.TABLET
    if signals & _MOBILE:
        return UAClass.MOBILE
    if signals & _DESKTOP:
        return UAClass.DESKTOP
    return UAClass.UNKNOWN


_PREVIEW_INFO = UAInfo(UAClass.PREVIEW, is_bot=True, is_preview=True, countable=False)
_BOT_INFO = UAInfo(UAClass.BOT, is_bot=True, is_preview=False, countable=False)


_HUMAN_INFO = {
    (ua_class, countable): UAInfo(ua_class, is_bot=False, is_preview=False, countable=countable)
    for ua_class in (UAClass.MOBILE, UAClass.DESKTOP, UAClass.TABLET, UAClass.UNKNOWN)
    for countable in (True, False)
}


def classify(user_agent: str | None, method: str = "GET") -> UAInfo:
    """Classify a request's User-Agent header (``None`` when absent) and HTTP method."""
    ua_class = _classify_agent(user_agent or "")
    if ua_class is UAClass.PREVIEW:
        return _PREVIEW_INFO
    if ua_class is UAClass.BOT:
        return _BOT_INFO
    return _HUMAN_INFO[ua_class, method == "GET" or method.upper() == "GET"]
