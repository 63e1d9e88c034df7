"""An example for every schema in the OpenAPI document.

Request bodies carry hand-written examples (`json_schema_extra`); response bodies are built
from their fields' own `examples`, the examples of the schemas they refer to, and a value by
field name or type, so a reader (and schemathesis) sees a whole document of each shape. A test
validates every example against its schema.
"""

from __future__ import annotations

from typing import Any

TIMESTAMP = "2026-01-31T08:00:00Z"
# Realistic values for fields that carry no example of their own, by field name.
BY_NAME: dict[str, Any] = {
    "serial": "SMX-00001",
    "order": "PO-0001",
    "number": "PO-0001",
    "part": "4711-100",
    "workstation": "WS10",
    "code": "L1",
    "route": "R-SMX",
    "rule": "EOL yield",
    "name": "Final assembly 1",
    "username": "admin",
    "actor": "user:admin",
    "created_by": "user:admin",
    "resolved_by": "user:admin",
    "acknowledged_by": "user:supervisor",
    "left_by": "user:operator",
    "topic": "plant/press4/WS10/result",
    "topic_filter": "plant/press4/+/result",
    "test": "Torque",
    "unit": "Nm",
    "defect_code": "SCRATCH",
    "description": "Scratch on the housing",
    "severity": "minor",
    "message": "yield at WS10 fell to 85.0% over the last 50 units",
    "notes": "checked twice",
    "reason": "tool change",
    "error": "no unit SMX-99999",
    "error_code": "not_found",
    "msg_id": "42",
    "prefix": "tk_3f9a",
    "key": "tk_3f9a2c7d1e8b4a6f0c5d9e2b7a1f4c8d",
    "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "query": "SMX",
    "grant_type": "password",
    "password": "correct-horse-battery",
    "scope": "",
    "client_secret": "",
    "client_id": "takt-1",
    "full_name": "Jane Doe",
    "external_ref": "SAP-4500012",
    "payload": '{"part": {"sn": "SMX-00001"}, "torque_cNm": 5210}',
    "condition": '$.kind == "result"',
    "entity_type": "line",
    "entity_id": "1",
    "action": "update",
    "title": "Not Found",
    "detail": "no unit SMX-99999",
    "type": "urn:takt:problem:not_found",
}


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


class _Builder:
    def __init__(self, components: dict[str, Any]) -> None:
        self.components = components
        self.building: set[str] = set()

    def of_component(self, name: str) -> Any:
        schema = self.components[name]
        examples = schema.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0]
        if name in self.building:  # a recursive shape: stop here
            return {}
        self.building.add(name)
        try:
            example = self.value(schema, None)
        finally:
            self.building.discard(name)
        schema["examples"] = [example]
        return example

    def value(self, schema: dict[str, Any], name: str | None) -> Any:
        for key in ("examples", "example"):
            if key in schema:
                found = schema[key]
                return found[0] if key == "examples" and isinstance(found, list) else found
        if "$ref" in schema:
            return self.of_component(_ref_name(schema["$ref"]))
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                options = [s for s in schema[key] if s.get("type") != "null"]
                return self.value(options[0], name) if options else None
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return {
                prop: self.value(sub, prop) for prop, sub in schema.get("properties", {}).items()
            }
        if kind == "array":
            return [self.value(schema.get("items", {}), name)]
        if kind == "integer":
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
            return max(low, 1) if low <= 1 <= schema.get("maximum", 1) else low
        if kind == "number":
            return _number(schema)
        if kind == "boolean":
            return schema.get("default", True)
        if kind == "string":
            return _string(schema, name)
        return None


def _number(schema: dict[str, Any]) -> float:
    low: float | None = schema.get("minimum", schema.get("exclusiveMinimum"))
    high: float | None = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is None and high is None:
        return 0.95  # reads as a ratio as well as a value
    if low is None:
        return float(high - 1) if high is not None else 0.95
    if high is None:
        return float(low + 1)
    return (low + high) / 2


def _string(schema: dict[str, Any], name: str | None) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return TIMESTAMP
    if fmt == "date":
        return TIMESTAMP[:10]
    if name in BY_NAME and isinstance(BY_NAME[name], str):
        return str(BY_NAME[name])
    if name and name.endswith("_at"):
        return TIMESTAMP
    return name.replace("_", " ") if name else "text"


def complete_examples(components: dict[str, Any]) -> None:
    """Give every component schema without an example one (in place)."""
    builder = _Builder(components)
    for name in sorted(components):
        builder.of_component(name)
