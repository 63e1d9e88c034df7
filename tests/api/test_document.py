"""What client generators read in the document: operation ids, request examples, schema names.

`clients/generate.py` turns `openapi/openapi.json` into the Python and TypeScript clients; these
rules keep what it generates stable and readable as endpoints are added (issue 16).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

import jsonschema_rs
import pytest
from fastapi import FastAPI, File, Form, UploadFile
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from app.config import Settings
from app.kit.openapi import HTTP_METHODS, finish_openapi
from app.main import create_app

# `{first tag}-{endpoint function}`: a tag is kebab-case, a function snake_case.
OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*-[a-z][a-z0-9_]*$")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(Settings())


@pytest.fixture(scope="module")
def spec(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def _component(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return dict(schemas[ref.rsplit("/", 1)[-1]])


def _example(spec: dict[str, Any], media: dict[str, Any]) -> tuple[bool, Any]:
    """(found, value): the example a reader sees for a body: on the media type, on its
    schema, or on the model its schema refers to."""
    schema = media.get("schema", {})
    for where in (media, schema, _component(spec, schema["$ref"]) if "$ref" in schema else {}):
        if "example" in where:
            return True, where["example"]
        if where.get("examples"):
            examples = where["examples"]
            return True, examples[0] if isinstance(examples, list) else examples
    return False, None


def test_operation_ids_are_the_first_tag_and_the_function_name(
    app: FastAPI, spec: dict[str, Any]
) -> None:
    """Stable across releases: not derived from paths or methods (FastAPI's default), so a
    generated client's function names change only when an endpoint is renamed."""
    expected: dict[tuple[str, str], str] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.include_in_schema and context.path_format:
            for method in route.methods or ():
                expected[(method.lower(), context.path_format)] = f"{route.tags[0]}-{route.name}"
    ids = [
        (method, path, operation.get("operationId", ""))
        for method, path, operation in _operations(spec)
    ]
    assert len(ids) > 100
    for method, path, operation_id in ids:
        assert OPERATION_ID.match(operation_id), (method, path, operation_id)
        assert operation_id == expected[(method, path)], (method, path, operation_id)
        assert "api_v1" not in operation_id and not operation_id.endswith(f"_{method}")
    duplicates = [i for i, n in Counter(i for _, _, i in ids).items() if n > 1]
    assert not duplicates, duplicates


def test_every_operation_has_a_tag(spec: dict[str, Any]) -> None:
    """Generators group operations by their first tag (modules, files)."""
    untagged = [(m, p) for m, p, op in _operations(spec) if not op.get("tags")]
    assert not untagged


def test_every_request_body_has_an_example_that_fits_it(spec: dict[str, Any]) -> None:
    """JSON, form and multipart alike: an example on the media type or on its schema."""
    seen = Counter[str]()
    for method, path, operation in _operations(spec):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            seen[media_type] += 1
            found, example = _example(spec, media)
            assert found, f"{method} {path} {media_type}: the request body has no example"
            validator = jsonschema_rs.Draft202012Validator(
                {**media["schema"], "components": spec["components"]}, validate_formats=True
            )
            errors = list(validator.iter_errors(example))
            assert not errors, f"{method} {path}: {example} does not fit: {errors[0].message}"
    assert seen["application/json"] > 50 and seen["application/x-www-form-urlencoded"] >= 1


def test_json_request_models_carry_examples_of_their_own(app: FastAPI) -> None:
    """Written with the model (`json_schema_extra`), not made up by `app.kit.examples`: the
    document as FastAPI writes it, before the finishing pass, already has them. (Form and
    multipart bodies are FastAPI's own `Body_…` models: their examples come from their
    fields.)"""
    raw = get_openapi(title=app.title, version=app.version, routes=app.routes)
    missing = []
    for method, path, operation in _operations(raw):
        media = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        schema = media["schema"]
        options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
        for option in options:
            target = _component(raw, option["$ref"]) if "$ref" in option else option
            if not (target.get("examples") or "example" in target):
                missing.append(f"{method} {path}: {option.get('$ref', option)}")
    assert not missing, missing


def test_schema_names_and_titles_are_unique_and_plain(spec: dict[str, Any]) -> None:
    """Generators name classes by title: two schemas titled alike collide (one is dropped or
    renamed), and FastAPI's module-path names (`app__x__y__Name`) leak into client code."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    titles = Counter(str(s.get("title", name)).lower() for name, s in schemas.items())
    assert not [t for t, n in titles.items() if n > 1]
    assert not [name for name in schemas if "__" in name]


def test_a_multipart_file_is_binary_with_an_example() -> None:
    """An upload (`UploadFile`): FastAPI writes the file as OpenAPI 3.1's `contentMediaType`
    only, which openapi-python-client sends as a text field; `format: binary` makes it a file
    in both clients (`File` in Python, `Blob` in TypeScript). The body has an example too."""
    upload = FastAPI()

    @upload.post("/api/v1/uploads", tags=["uploads"])
    async def upload_file(
        file: Annotated[UploadFile, File(description="the file")],
        kind: Annotated[str, Form(description="what it holds")] = "parts",
    ) -> dict[str, str]:
        return {"kind": kind}

    spec = finish_openapi(upload.openapi())
    media = spec["paths"]["/api/v1/uploads"]["post"]["requestBody"]["content"]
    body = _component(spec, media["multipart/form-data"]["schema"]["$ref"])
    assert body["properties"]["file"]["format"] == "binary"
    assert body["properties"]["file"]["contentMediaType"] == "application/octet-stream"
    assert "format" not in body["properties"]["kind"]
    found, example = _example(spec, media["multipart/form-data"])
    assert found and set(example) == {"file", "kind"}
