"""@mentions in captions and comments: which handles a text names, and telling their holders.

A mention is `@` then a handle, at the start of the text or after anything that is not part of
a word (so an email address mentions nobody). Trailing dots and underscores are punctuation,
not handle ("thanks @ana." names `ana`). At most `MAX_MENTIONS` distinct handles per text are
notified, so one comment cannot page a crowd.
"""

from __future__ import annotations

import re

from accounts import handles, social_notices
from accounts.social_notices import SocialKind
from core.mongo import AsyncDB

MAX_MENTIONS = 10
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9._]{1,29})")


def mentioned_handles(text: str) -> list[str]:
    """The distinct handles `text` mentions, in order, normalised."""
    found: list[str] = []
    for match in _MENTION.finditer(text):
        handle = handles.normalise(match.group(1).rstrip("._"))
        if len(handle) >= 3 and handle not in found:
            found.append(handle)
    return found[:MAX_MENTIONS]


async def notify_mentions(
    db: AsyncDB,
    text: str,
    *,
    actor_id: str,
    actor_name: str,
    post_id: str,
    comment_id: str | None = None,
    skip: frozenset[str] = frozenset(),
) -> int:
    """Tell each person `text` mentions (but those in `skip`); how many were told."""
    told = 0
    for handle in mentioned_handles(text):
        user_id = await handles.owner_of(db, handle)
        if user_id is None or user_id in skip:
            continue
        told += await social_notices.notify(
            db,
            recipient_id=user_id,
            actor_id=actor_id,
            actor_name=actor_name,
            kind=SocialKind.MENTION,
            post_id=post_id,
            comment_id=comment_id,
        )
    return told
