"""The OpenAPI document says what the server does: the finishing pass over FastAPI's output.

FastAPI documents what it can see in the endpoint signatures; the rest happens in shared code
(the problem handlers, the JSON parser), so it is written into the document here, once, for
every operation, rather than in each decorator where it could be forgotten:

* every error response is `application/problem+json` with the `Problem` schema, or an
  extension of it an operation names (`ImportProblem`; FastAPI's `HTTPValidationError` is
  never sent);
* every operation that validates input answers 422 `validation_error`; every operation with
  a JSON body answers 400 `malformed_request` for a body that is not JSON; every list with a
  `cursor` answers 400 `invalid_cursor` for a cursor the server did not issue;
* a form field is a string or absent, never `null` (FastAPI writes optional ones as
  `string | null`, and a form cannot send a null), and an empty one counts as absent;
* integer bounds are integers: FastAPI's OpenAPI models hold them as floats
  (`9.223372036854776e+18`), which is not the bound the server applies;
* a file (a string of raw bytes: `contentMediaType` without `contentEncoding`, how OpenAPI
  3.1 says it) is `format: binary` as well, the form client generators know as a file upload
  (without it openapi-python-client sends a multipart file as a text field);
* every component schema has an example (see `app.kit.examples`), and every request body
  has one readers and generators see: its model's (through `$ref`), or, for a body whose schema
  is not a model (an optional body, `anyOf: [Model, null]`), one on its media type.
"""

from __future__ import annotations

from typing import Any

from app.kit.examples import complete_examples
from app.kit.problems import PROBLEM_DESCRIPTIONS, PROBLEM_MEDIA_TYPE
from app.kit.schemas import not_null

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
# A float64 cannot hold 2**63 - 1: it reads as 2**63. No bound the server applies exceeds the
# signed 64-bit range (ids are BIGINT), so that value is the int64 maximum.
_INT64_MAX = 2**63 - 1

DESCRIPTIONS = PROBLEM_DESCRIPTIONS


def _problem(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, "Problem"),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
    }


def _has_json_body(operation: dict[str, Any]) -> bool:
    return "application/json" in operation.get("requestBody", {}).get("content", {})


def _finish_operation(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    parameters = [p.get("name") for p in operation.get("parameters", [])]
    validates = bool(parameters) or "requestBody" in operation
    if validates:
        responses.setdefault("422", _problem(422))
    if _has_json_body(operation) or "cursor" in parameters:
        responses.setdefault("400", _problem(400))
    if "requestBody" in operation:  # the request edge (app.kit.edge): size and media type
        responses.setdefault("413", _problem(413))
        responses.setdefault("415", _problem(415))
    for status, response in responses.items():
        if int(status) < 400:
            continue
        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _problem_schema(response)}}
        if response.get("description") in (None, "", "Validation Error"):  # FastAPI's 422
            response["description"] = DESCRIPTIONS.get(int(status), "Problem")


def _problem_schema(response: dict[str, Any]) -> dict[str, Any]:
    """`Problem`, or the operation's own extension of it (a component named `…Problem`, such
    as `ImportProblem` with its row errors) when its responses name one."""
    for body in response.get("content", {}).values():
        ref = (body or {}).get("schema", {}).get("$ref", "")
        if ref.endswith("Problem") and ref != PROBLEM_REF["$ref"]:
            return {"$ref": ref}
    return PROBLEM_REF


def _form_fields_not_null(operation: dict[str, Any], components: dict[str, Any]) -> None:
    for media, body in operation.get("requestBody", {}).get("content", {}).items():
        if media not in _FORMS:
            continue
        schema = body.get("schema", {})
        if "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        required = set(schema.get("required", ()))
        for name, prop in schema.get("properties", {}).items():
            not_null(prop)
            if name in required and prop.get("type") == "string":
                prop.setdefault("minLength", 1)


def _integer_bounds(node: Any) -> None:
    """Integer bounds written as integers, everywhere in the document."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in _BOUNDS:
                value = node.get(key)
                if isinstance(value, float) and value.is_integer():
                    node[key] = min(int(value), _INT64_MAX)
        for value in node.values():
            _integer_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _integer_bounds(value)


def _files_are_binary(node: Any) -> None:
    """`format: binary` on every raw-bytes string (a multipart file part), everywhere."""
    if isinstance(node, dict):
        if (
            node.get("type") == "string"
            and "contentMediaType" in node
            and "contentEncoding" not in node
        ):
            node.setdefault("format", "binary")
        for value in node.values():
            _files_are_binary(value)
    elif isinstance(node, list):
        for value in node:
            _files_are_binary(value)


def _schema_example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The example of a body schema: its own, its model's, or its non-null option's."""
    for key in ("example", "examples"):
        if key in schema:
            found = schema[key]
            return found[0] if key == "examples" and isinstance(found, list) and found else found
    if "$ref" in schema:
        return _schema_example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf"):
        options = [s for s in schema.get(key, ()) if s.get("type") != "null"]
        if options:
            return _schema_example(options[0], components)
    return None


def _body_examples(operation: dict[str, Any], components: dict[str, Any]) -> None:
    for body in operation.get("requestBody", {}).get("content", {}).values():
        schema = body.get("schema", {})
        if {"example", "examples", "$ref"} & (body.keys() | schema.keys()):
            continue
        example = _schema_example(schema, components)
        if example is not None:
            body["example"] = example


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for path_item in schema.get("paths", {}).values()
        for method, operation in path_item.items()
        if method in HTTP_METHODS
    ]


def finish_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Complete FastAPI's document in place (see the module docstring) and return it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for operation in _operations(schema):
        _finish_operation(operation)
        _form_fields_not_null(operation, components)
    for name in _UNUSED_SCHEMAS:
        components.pop(name, None)
    _integer_bounds(schema)
    _files_are_binary(schema)
    complete_examples(components)
    for operation in _operations(schema):
        _body_examples(operation, components)
    return schema
