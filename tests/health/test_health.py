from __future__ import annotations

from httpx import AsyncClient

from app import __version__


async def test_health_reports_database_and_version(client: AsyncClient, backend: str) -> None:
    r = await client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"]["ok"] is True
    assert body["database"]["dialect"] == backend
    assert body["database"]["revision"]
    assert body["mqtt"] == "disabled"


async def test_docs_are_served(client: AsyncClient) -> None:
    r = await client.get("/docs")
    assert r.status_code == 200
    assert "swagger" in r.text.lower()
    spec = (await client.get("/openapi.json")).json()
    assert "bearer" in spec["components"]["securitySchemes"]
    assert "apiKey" in spec["components"]["securitySchemes"]
