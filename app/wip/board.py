"""The board, a plant's wall display: a static page (no build step) fed by
`WS /api/v1/wip/ws` and a few REST reads (docs/board.md)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
# The page loads only its own script and style, and talks only to this server.
HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws: wss:; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)


def _file(name: str, media_type: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type=media_type, headers=HEADERS)


@router.get("/")
async def home() -> RedirectResponse:
    """A person opening the service in a browser wants the board."""
    return RedirectResponse("/board")


@router.get("/board")
async def board() -> FileResponse:
    return _file("board.html", "text/html; charset=utf-8")


@router.get("/board.js")
async def board_script() -> FileResponse:
    return _file("board.js", "text/javascript; charset=utf-8")


@router.get("/wall.js")
async def wall_script() -> FileResponse:
    return _file("wall.js", "text/javascript; charset=utf-8")


@router.get("/board.css")
async def board_style() -> FileResponse:
    return _file("board.css", "text/css; charset=utf-8")
