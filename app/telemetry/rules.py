"""Mapping rules, compiled: which messages a rule takes and the fields it reads from them.

A field is read by a JSONPath or given as a constant, then optionally transformed: `map`
first (the raw value, as JSON text for numbers and booleans, looked up in a table; a value
not in the table passes unchanged), then `scale` and `offset` (value * scale + offset, also
element-wise on lists). The result is validated exactly like a built-in payload.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.telemetry import condition as conditions
from app.telemetry import jsonpath
from app.telemetry.payloads import PayloadError
from app.telemetry.topics import matches

log = logging.getLogger("takt.telemetry")

INTEGER_FIELDS = frozenset({"good", "reject"})


def map_key(value: Any) -> str | None:
    """How a raw value is looked up in a `map` table (whose keys are JSON strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


def _number(value: Any, name: str) -> float | int:
    if isinstance(value, bool):
        raise PayloadError("invalid_payload", f"{name}: cannot scale a boolean")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    raise PayloadError("invalid_payload", f"{name}: {value!r} is not a number to scale")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    path: jsonpath.JsonPath | None
    const: Any
    scale: float | None
    offset: float | None
    table: Mapping[str, Any] | None

    @classmethod
    def compile(cls, spec: Mapping[str, Any]) -> FieldSpec:
        path = spec.get("path")
        return cls(
            path=jsonpath.parse(path) if path is not None else None,
            const=spec.get("const"),
            scale=spec.get("scale"),
            offset=spec.get("offset"),
            table=spec.get("map"),
        )

    def _transform(self, value: Any, name: str) -> Any:
        if self.table is None and self.scale is None and self.offset is None:
            return value
        if self.table is not None:
            key = map_key(value)
            if key is not None and key in self.table:
                value = self.table[key]
        if self.scale is None and self.offset is None:
            return value
        number = _number(value, name)
        result = number * (self.scale if self.scale is not None else 1) + (self.offset or 0)
        if not math.isfinite(result):
            raise PayloadError("invalid_payload", f"{name}: the scaled value is out of range")
        return result

    def read(self, document: Any, name: str) -> tuple[bool, Any]:
        """(present, value) of this field in `document`."""
        if self.path is None:
            found, value = True, self.const
        else:
            found, value = jsonpath.first(self.path, document)
        if not found:
            return False, None
        if isinstance(value, list):
            value = [self._transform(v, name) for v in value]
        else:
            value = self._transform(value, name)
        if name in INTEGER_FIELDS and isinstance(value, float) and value.is_integer():
            value = int(value)
        return True, value


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: int
    name: str
    topic_filter: str
    action: str
    workstation_id: int | None
    priority: int
    condition: conditions.Condition | None
    fields: Mapping[str, FieldSpec]

    @property
    def actor(self) -> str:
        return f"mapping:{self.id}"

    def takes(self, topic: str, document: Any) -> bool:
        """Does this rule apply to the message?"""
        if not matches(self.topic_filter, topic):
            return False
        return self.condition is None or self.condition(document)

    def extract(self, document: Any) -> dict[str, Any]:
        """The action's fields as read from the payload (absent ones left out)."""
        out: dict[str, Any] = {}
        for name, spec in self.fields.items():
            present, value = spec.read(document, name)
            if present:
                out[name] = value
        return out


def compile_rule(
    *,
    id: int,
    name: str,
    topic_filter: str,
    action: str,
    workstation_id: int | None,
    priority: int,
    condition: str | None,
    fields: Mapping[str, Any],
) -> CompiledRule:
    """A stored rule, ready to run (raises ValueError if it was stored invalid)."""
    return CompiledRule(
        id=id,
        name=name,
        topic_filter=topic_filter,
        action=action,
        workstation_id=workstation_id,
        priority=priority,
        condition=conditions.parse(condition) if condition else None,
        fields={k: FieldSpec.compile(v) for k, v in fields.items()},
    )


@dataclass(frozen=True)
class RuleSet:
    """The enabled rules, in the order they are tried (priority, then id)."""

    rules: tuple[CompiledRule, ...] = ()
    version: int = -1

    @classmethod
    def build(cls, rows: Iterable[Mapping[str, Any]], version: int) -> RuleSet:
        compiled = []
        for row in rows:
            try:
                compiled.append(compile_rule(**row))
            except ValueError:  # validated on create; a stored bad rule must not stop ingest
                log.exception("mapping rule %s cannot be compiled; skipped", row.get("id"))
        compiled.sort(key=lambda r: (r.priority, r.id))
        return cls(tuple(compiled), version)

    @property
    def filters(self) -> set[str]:
        return {r.topic_filter for r in self.rules}

    def candidates(self, topic: str) -> list[CompiledRule]:
        return [r for r in self.rules if matches(r.topic_filter, topic)]
