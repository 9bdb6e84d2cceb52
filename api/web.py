"""Serves the built single-page app: hashed assets as files, every other page as index.html."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

# Paths owned by the API; a typo there is a 404, not the app shell.
API_PREFIXES = ("/graphql", "/l/", "/webhooks/", "/media/", "/healthz", "/readyz", "/metrics")

_NOT_BUILT = """<!doctype html><title>Trendloop</title>
<p>The web app has not been built. Run <code>make run</code> (it runs
<code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>).</p>
<p>GraphiQL is at <a href="/graphql">/graphql</a>.</p>"""


def mount_frontend(app: FastAPI, dist: Path) -> None:
    assets = dist / "assets"
    if assets.is_dir():
        app.mount(
            "/assets",
            StaticFiles(directory=assets),
            name="assets",
        )

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if request.url.path.startswith(API_PREFIXES):
            raise HTTPException(status_code=404, detail="Not found.")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        index = dist / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
