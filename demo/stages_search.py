"""The seeding stage that fills the search index (`feeds.search`) from the seeded accounts,
products and posts, so the first search finds the whole world at once."""

from __future__ import annotations

from demo.replay import World
from demo.timeline import Progress
from feeds.search import index_io


async def seed_search(world: World, progress: Progress) -> None:
    progress.begin("search", 1)
    await index_io.catch_up_all(world.state.db)
    progress.advance()
