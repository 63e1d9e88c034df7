"""`/docs` works offline: its page references only this server, and each asset is served."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient

from app.config import Settings
from app.main import create_app

# src=, href= and url() references, and any absolute URL written in the page's script
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']""")
ABSOLUTE = re.compile(r"""\b(?:https?:)?//[^\s"'<>)]+""")


@pytest.fixture
async def docs_client() -> AsyncIterator[AsyncClient]:
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # no lifespan
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
        yield c


async def test_the_docs_page_references_only_this_server(docs_client: AsyncClient) -> None:
    r = await docs_client.get("/docs")
    assert r.status_code == 200
    page = r.text
    assert ABSOLUTE.findall(page) == [], "the page loads something from elsewhere"
    references = {a or b for a, b in REFERENCE.findall(page)}
    assert {
        "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/swagger-ui.css",
        "/docs/assets/favicon-32x32.png",
        "/openapi.json",
    } <= references, references
    expected_types = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for url in references:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await docs_client.get(url)
        assert asset.status_code == 200, url
        suffix = url[url.rfind(".") :]
        if suffix in expected_types:
            assert asset.headers["content-type"].startswith(expected_types[suffix]), url
            assert len(asset.content) > 0
    assert '"validatorUrl": null' in page  # no badge from the public validator


async def test_the_other_docs_urls(docs_client: AsyncClient) -> None:
    r = await docs_client.get("/docs/oauth2-redirect")
    assert r.status_code == 200 and ABSOLUTE.findall(r.text) == []
    r = await docs_client.get("/redoc")
    assert r.status_code == 308 and r.headers["location"] == "/docs"
    r = await docs_client.get("/docs/assets/LICENSE")
    assert r.status_code == 404
    r = await docs_client.get("/docs/assets/..%2Fboard.html")
    assert r.status_code == 404
