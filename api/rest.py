"""Operational endpoints: liveness, readiness (Mongo and Redis answer), Prometheus metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.state import AppState

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check(name: str, probe: object) -> str | None:
    try:
        await asyncio.wait_for(probe, timeout=2.0)  # type: ignore[arg-type]
        return None
    except Exception:
        return name


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    state: AppState = request.app.state.trendloop
    failed = [
        name
        for name in await asyncio.gather(
            _check("mongodb", state.mongo.ping()), _check("redis", state.redis.ping())
        )
        if name
    ]
    if failed:
        return JSONResponse({"status": "unavailable", "failed": failed}, status_code=503)
    return JSONResponse({"status": "ready", "mongodb": "ok", "redis": "ok"})
