"""GET /p/{post_id}: a look that travels outside the app.

The address a shopper shares. It answers the web app's shell (which shows the look to anyone,
signed in or not) with the post's Open Graph and Twitter card tags in its head, so chat and
social apps draw a preview: their fetchers read the head and never run the app. Only published
posts are described; any other id gets the shell with a 404 status and nothing of the post.

A person's view is counted (once per visitor per hour, `posts.views`); link-preview fetchers,
crawlers and HEAD requests are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from accounts.users import get_user
from api.context import client_address
from api.state import AppState
from commerce.clicks import VISITOR_COOKIE, valid_visitor_id
from commerce.useragent import classify
from core.ids import is_valid_id
from core.settings import Settings
from media.backends import media_url
from posts import views
from posts.lifecycle import Post, PostStatus

DESCRIPTION_MAX = 200
# The feed size (1080 px on the long edge) is what preview cards are drawn from: large enough
# for a full-width card, a fraction of the original's bytes for the fetcher to download.
PREVIEW_VARIANTS = ("feed", "full", "thumb")


@dataclass(frozen=True)
class Card:
    """What a link preview says about a post."""

    title: str
    description: str
    url: str
    image_url: str | None
    image_width: int | None
    image_height: int | None
    image_alt: str


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


def post_card(settings: Settings, post: Post, author_name: str) -> Card:
    """The preview of a published post (pure: the post and its author's name in, tags out)."""
    tags = " ".join(f"#{tag}" for tag in post.hashtags)
    description = _shorten(post.caption or tags or f"An outfit by {author_name}.", DESCRIPTION_MAX)
    image_url = width = height = None
    if post.images:
        first = post.images[0]
        by_name = {variant.name: variant for variant in first.variants}
        for name in PREVIEW_VARIANTS:
            variant = by_name.get(name)
            if variant is not None:
                image_url = media_url(settings, variant.key)
                width, height = variant.width, variant.height
                break
    return Card(
        title=f"{author_name}'s look on Trendloop",
        description=description,
        url=settings.public_url.rstrip("/") + f"/p/{post.id}",
        image_url=image_url,
        image_width=width,
        image_height=height,
        image_alt=_shorten(f"Outfit photo by {author_name}. {post.caption}".strip(), 160),
    )


def card_tags(card: Card) -> str:
    """The head tags of a card, every value escaped."""
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", "Trendloop"),
        ("property", "og:title", card.title),
        ("property", "og:description", card.description),
        ("property", "og:url", card.url),
        ("name", "description", card.description),
        ("name", "twitter:title", card.title),
        ("name", "twitter:description", card.description),
    ]
    if card.image_url is not None:
        tags += [
            ("property", "og:image", card.image_url),
            ("property", "og:image:alt", card.image_alt),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:image", card.image_url),
            ("name", "twitter:image:alt", card.image_alt),
        ]
        if card.image_width and card.image_height:
            tags += [
                ("property", "og:image:width", str(card.image_width)),
                ("property", "og:image:height", str(card.image_height)),
            ]
    else:
        tags.append(("name", "twitter:card", "summary"))
    lines = [
        f'<meta {kind}="{escape(name)}" content="{escape(value)}" />' for kind, name, value in tags
    ]
    lines.append(f'<link rel="canonical" href="{escape(card.url)}" />')
    return "\n    ".join(lines)


def with_head(shell: str, title: str, tags: str) -> str:
    """The app's shell with its title replaced and `tags` added; the shell's own generic
    description is dropped when the tags bring one."""
    if 'name="description"' in tags:
        start = shell.find('<meta name="description"')
        if start != -1:
            end = shell.find(">", start)
            shell = shell[:start] + shell[end + 1 :].lstrip()
    start, end = shell.find("<title>"), shell.find("</title>")
    if start != -1 and end != -1:
        shell = shell[:start] + f"<title>{escape(title)}</title>" + shell[end + len("</title>") :]
    return shell.replace("</head>", f"  {tags}\n  </head>", 1)


def _visitor(request: Request, settings: Settings) -> str:
    cookie = request.cookies.get(VISITOR_COOKIE)
    if cookie and valid_visitor_id(cookie):
        return "v:" + cookie
    address = client_address(
        request.client.host if request.client else None,
        request.headers.getlist("x-forwarded-for"),
        settings.trusted_proxies,
    )
    return f"a:{address}:{request.headers.get('user-agent', '')}"


def mount_public_pages(app: FastAPI, dist: Path) -> None:
    """Serve /p/{post_id} from the built app in `dist` (before the app's catch-all route)."""
    index = dist / "index.html"

    @app.api_route("/p/{post_id}", methods=["GET", "HEAD"], include_in_schema=False)
    async def public_post(post_id: str, request: Request) -> Response:
        state: AppState = request.app.state.trendloop
        settings = state.settings
        if not index.is_file():
            return HTMLResponse("The web app has not been built (run `make run`).", status_code=503)
        shell = index.read_text(encoding="utf-8")
        doc = (
            await state.db.posts.find_one({"_id": post_id})
            if is_valid_id(post_id, "post")
            else None
        )
        post = Post.from_doc(doc) if doc is not None else None
        if post is None or post.status is not PostStatus.PUBLISHED:
            robots = '<meta name="robots" content="noindex" />'
            page = with_head(shell, "Post not found · Trendloop", robots)
            return HTMLResponse(page, status_code=404, headers={"Cache-Control": "no-cache"})
        author = await get_user(state.db, post.author_id)
        card = post_card(settings, post, author.display_name if author else "A Trendloop member")
        agent = classify(request.headers.get("user-agent"), request.method)
        if agent.countable and not agent.is_bot:
            visitor = _visitor(request, settings)
            await views.record_view(state.db, state.redis, settings, post.id, visitor)
        page = with_head(shell, card.title, card_tags(card))
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
