"""The OpenAPI document says what the server does (issue 11, items 15 and 20)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import MetaData, select, text

from app.config import Settings
from app.main import create_app
from tests.support import assert_problem, shop_floor

API = "/api/v1"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app(Settings()).openapi()


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def _validator(spec: dict[str, Any], name: str) -> jsonschema_rs.Draft202012Validator:
    """Validates against the component `name`, its references resolved in the document."""
    ref = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema_rs.Draft202012Validator(ref, validate_formats=True)


# -- item 20: the document ----------------------------------------------------------------------


def test_every_error_is_documented_as_problem_json(spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    schemas = spec["components"]["schemas"]
    problem = schemas["Problem"]
    for method, path, operation in _operations(spec):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"]
                ref = response["content"]["application/problem+json"]["schema"]["$ref"]
                name = ref.removeprefix("#/components/schemas/")
                # `Problem`, or an extension of it (an operation's own members, e.g. the row
                # errors of an import): every member of a problem, required as there.
                assert name.endswith("Problem"), (method, path, status)
                found = schemas[name]
                assert set(problem["properties"]) <= set(found["properties"]), name
                assert set(problem["required"]) <= set(found.get("required", [])), name


def test_json_bodies_and_cursors_document_400(spec: dict[str, Any]) -> None:
    for method, path, operation in _operations(spec):
        body = "application/json" in operation.get("requestBody", {}).get("content", {})
        cursor = any(p["name"] == "cursor" for p in operation.get("parameters", []))
        if body or cursor:
            assert "400" in operation["responses"], (method, path)
        if body or operation.get("parameters"):
            assert "422" in operation["responses"], (method, path)


def test_integer_bounds_are_integers(spec: dict[str, Any]) -> None:
    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    bounds = [
        node[key]
        for node in walk(spec)
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        if key in node
    ]
    assert bounds and all(type(b) is int for b in bounds), [b for b in bounds if type(b) is not int]
    assert 2**63 - 1 in bounds


def test_every_schema_has_an_example_that_fits_it(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        examples = schema.get("examples")
        assert examples, f"{name} has no example"
        for example in examples:
            errors = list(_validator(spec, name).iter_errors(example))
            assert not errors, f"{name}: {example} does not fit: {errors[0].message}"


def test_patch_fields_take_null_only_where_the_server_does(spec: dict[str, Any]) -> None:
    line_update = spec["components"]["schemas"]["LineUpdate"]["properties"]
    assert line_update["name"].get("type") == "string" and "anyOf" not in line_update["name"]
    order_update = spec["components"]["schemas"]["OrderUpdate"]["properties"]
    assert {"type": "null"} in order_update["due_date"]["anyOf"]


async def test_options_and_other_methods_answer_405_with_the_paths_methods(
    admin: AsyncClient,
) -> None:
    for path, allowed in (
        (f"{API}/lines", {"GET", "HEAD", "POST"}),
        (f"{API}/lines/1", {"GET", "HEAD", "PATCH", "DELETE"}),
        (f"{API}/orders/PO-0001", {"GET", "HEAD", "PATCH"}),
    ):
        for method in ("OPTIONS", "PUT"):
            r = await admin.request(method, path)
            assert_problem(r, 405, "method_not_allowed")
            assert set(r.headers["allow"].split(", ")) == allowed, (method, path, r.headers)


@pytest.mark.parametrize("value", ["0", "0.5", "1700000000", "-1", "1e9", "2026-01-31T08:00:00"])
async def test_time_windows_take_iso_8601_with_an_offset_only(
    admin: AsyncClient, value: str
) -> None:
    for name in ("from", "to"):
        for path in (f"{API}/analytics/scrap-rework", f"{API}/audit-log"):
            r = await admin.get(path, params={name: value})
            body = assert_problem(r, 422, "validation_error")
            assert body["errors"][0]["loc"] == ["query", name], body
    r = await admin.get(f"{API}/audit-log", params={"from": "2026-01-31T08:00:00+01:00"})
    assert r.status_code == 200, r.text


async def test_a_body_that_is_not_json_is_a_documented_400(
    admin: AsyncClient, spec: dict[str, Any]
) -> None:
    r = await admin.post(
        f"{API}/lines", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(r, 400, "malformed_request")
    assert "400" in spec["paths"][f"{API}/lines"]["post"]["responses"]


# -- item 15: strict request bodies --------------------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _types(spec: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    schema = _resolve(spec, schema)
    options = schema.get("anyOf") or schema.get("oneOf") or [schema]
    found: set[str] = set()
    for option in options:
        option = _resolve(spec, option)
        if "enum" in option or "const" in option:
            found.add("string")
        found.add(str(option.get("type", "any")))
    return found - {"null"}


def _mutations(
    spec: dict[str, Any], schema: dict[str, Any], value: Any
) -> Iterator[tuple[str, Any]]:
    """(field path, body with one number/boolean replaced by a boolean/number or a string)."""
    schema = _resolve(spec, schema)
    types = _types(spec, schema)
    if types <= {"integer", "number"} and types:
        yield "", True
        yield "", "5"
        return
    if types == {"boolean"}:
        yield "", 1
        yield "", "true"
        return
    branches = [_resolve(spec, s) for s in schema.get("anyOf", [schema])]
    for branch in branches:
        if branch.get("type") == "object" or "properties" in branch:
            current = value if isinstance(value, dict) else {}
            for name, sub in branch.get("properties", {}).items():
                for where, mutated in _mutations(spec, sub, current.get(name)):
                    yield f"{name}.{where}".rstrip("."), {**current, name: mutated}
            extra = branch.get("additionalProperties")
            if isinstance(extra, dict) and current:
                key = next(iter(current))
                for where, mutated in _mutations(spec, extra, current[key]):
                    yield f"{key}.{where}".rstrip("."), {**current, key: mutated}
        elif branch.get("type") == "array" and isinstance(value, list) and value:
            for where, mutated in _mutations(spec, branch["items"], value[0]):
                yield f"0.{where}".rstrip("."), [mutated, *copy.deepcopy(value[1:])]


PATH_VALUES = {"serial": "SMX-00001", "number": "PO-0001"}


def _url(path: str, operation: dict[str, Any]) -> str:
    for p in operation.get("parameters", []):
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", PATH_VALUES.get(p["name"], "1"))
    return path


async def _snapshot(app: FastAPI) -> dict[str, list[Any]]:
    metadata = MetaData()
    async with app.state.db.engine.connect() as conn:
        await conn.run_sync(metadata.reflect)
        rows = {}
        for table in metadata.sorted_tables:
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [tuple(r) for r in result]
        await conn.execute(text("SELECT 1"))
    return rows


async def test_numbers_and_booleans_in_bodies_are_strict(app: FastAPI, admin: AsyncClient) -> None:
    """For every operation with a JSON body, a boolean or a numeric string where a number is
    due (and a number or string where a boolean is due) is a 422 and changes nothing."""
    spec = app.openapi()
    await shop_floor(admin)
    before = await _snapshot(app)
    checked = 0
    for method, path, operation in _operations(spec):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        schema = content["application/json"]["schema"]
        example = (_resolve(spec, schema).get("examples") or [{}])[0]
        for where, body in _mutations(spec, schema, example):
            r = await admin.request(method, _url(path, operation), json=body)
            problem = assert_problem(r, 422, "validation_error")
            locs = [".".join(str(p) for p in e["loc"][1:]) for e in problem["errors"]]
            assert where in locs, (method, path, where, body, problem)
            checked += 1
    assert checked > 50
    assert await _snapshot(app) == before
