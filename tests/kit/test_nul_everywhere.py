"""A NUL in any string of any operation is refused (404 in a path, 422 elsewhere), never a
5xx, and changes nothing — on both databases. The operations and their string inputs come
from the app's own OpenAPI document, so a new operation is covered without a new test."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import FastAPI
from httpx import AsyncClient

from tests.support import shop_floor

NUL_TEXT = "a\x00b"
METHODS = ("get", "post", "put", "patch", "delete")
REFUSED = ("not_found", "validation_error")


class Schemas:
    """Resolves `$ref`s of one OpenAPI document and builds minimal valid-looking values."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.spec
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema = node
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(s) for s in schema[key]]
                chosen = [s for s in options if s.get("type") != "null"] or options
                return chosen[0]
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self.resolve(schema["allOf"][0])
        return schema

    def is_string(self, schema: dict[str, Any]) -> bool:
        return self.resolve(schema).get("type") == "string"

    def example(self, schema: dict[str, Any], depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if "enum" in schema:
            return schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            if depth > 4:
                return {}
            properties = schema.get("properties", {})
            return {
                name: self.example(properties[name], depth + 1)
                for name in schema.get("required", [])
                if name in properties
            }
        if kind == "array":
            return [self.example(schema.get("items", {}), depth + 1)] * schema.get("minItems", 0)
        if kind == "integer":
            return max(1, int(schema.get("minimum", 1)))
        if kind == "number":
            return max(1.0, float(schema.get("minimum", 1)))
        if kind == "boolean":
            return False
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "date-time":
                return "2030-01-01T00:00:00Z"
            if fmt == "date":
                return "2030-01-01"
            return "A1" + "x" * max(0, int(schema.get("minLength", 0)) - 2)
        return None

    def string_paths(self, schema: dict[str, Any], depth: int = 0) -> list[list[str | int]]:
        """Where strings go in a body of this schema (object properties, one array item)."""
        schema = self.resolve(schema)
        if schema.get("type") == "string" and "enum" not in schema:
            return [[]]
        if depth > 3:
            return []
        found: list[list[str | int]] = []
        for name, sub in schema.get("properties", {}).items():
            found += [[name, *inner] for inner in self.string_paths(sub, depth + 1)]
        if schema.get("type") == "array":
            found += [[0, *inner] for inner in self.string_paths(schema["items"], depth + 1)]
        return found

    def body_with(self, schema: dict[str, Any], where: list[str | int]) -> Any:
        """A minimal body of `schema` with NUL_TEXT at `where`."""
        if not where:
            return NUL_TEXT
        schema = self.resolve(schema)
        head, rest = where[0], where[1:]
        if isinstance(head, int):
            return [self.body_with(schema["items"], rest)]
        body = self.example(schema)
        body = body if isinstance(body, dict) else {}
        body[head] = self.body_with(schema["properties"][head], rest)
        return body


async def database_contents(app: FastAPI) -> dict[str, list[str]]:
    engine = app.state.db.engine
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
        contents = {}
        for name in names:
            rows = (await conn.execute(sa.text(f'SELECT * FROM "{name}"'))).all()
            contents[name] = sorted(repr(tuple(row)) for row in rows)
    return contents


def _path_with(path: str, parameters: list[dict[str, Any]], nul_in: str | None) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            value = quote(NUL_TEXT) if parameter["name"] == nul_in else "1"
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


async def test_a_nul_anywhere_is_refused_and_changes_nothing(
    app: FastAPI, admin: AsyncClient
) -> None:
    await shop_floor(admin, steps=2)
    spec = app.openapi()
    schemas = Schemas(spec)
    before = await database_contents(app)
    tried: list[str] = []
    failures: list[str] = []

    async def check(method: str, url: str, expected: int, **kwargs: Any) -> None:
        r = await admin.request(method.upper(), url, **kwargs)
        where = f"{method.upper()} {url} {kwargs}"
        tried.append(where)
        refused = r.status_code == expected and r.json().get("code") in REFUSED
        if not refused:
            failures.append(f"{where} -> {r.status_code} {r.text[:200]}")

    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [p for p in operation.get("parameters", []) if "schema" in p]
            strings = [p for p in parameters if schemas.is_string(p["schema"])]
            for parameter in strings:
                if parameter["in"] == "path":
                    url = _path_with(path, parameters, parameter["name"])
                    await check(method, url, 404)
                elif parameter["in"] == "query":
                    url = _path_with(path, parameters, None)
                    await check(method, url, 422, params={parameter["name"]: NUL_TEXT})
            content = operation.get("requestBody", {}).get("content", {})
            url = _path_with(path, parameters, None)
            for media, body in content.items():
                for where in schemas.string_paths(body["schema"]):
                    document = schemas.body_with(body["schema"], where)
                    if media == "application/json":
                        await check(method, url, 422, json=document)
                    elif media == "application/x-www-form-urlencoded":
                        form = {k: v for k, v in document.items() if isinstance(v, str)}
                        await check(method, url, 422, data=form)

    assert not failures, "\n".join(failures)
    assert len(tried) > 100, tried  # the sweep reached the operations
    assert await database_contents(app) == before
