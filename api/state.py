"""What one API process holds open: settings, the Mongo database, Redis, the embedded worker."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis

from core.mongo import AsyncDB, MongoHandles
from core.settings import Settings
from core.worker import EmbeddedWorker


@dataclass
class AppState:
    settings: Settings
    mongo: MongoHandles
    redis: Redis
    redis_url: str
    worker: EmbeddedWorker | None = None
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def db(self) -> AsyncDB:
        return self.mongo.db
