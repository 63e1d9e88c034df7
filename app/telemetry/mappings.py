"""Mapping rules: configuration CRUD. Every change bumps the rules version, so every
consumer reloads its rules and subscriptions (at once in this process, within seconds in
the others)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.db.session import touch
from app.kit import crud
from app.kit.errors import Invalid, UnknownReference
from app.kit.pagination import PageParams
from app.models import (
    Counter,
    DefectCode,
    TelemetryKind,
    TelemetryMapping,
    TestDefinition,
    Workstation,
)
from app.models.telemetry import TELEMETRY_RULES_COUNTER
from app.telemetry.events import RULES_TOPIC
from app.telemetry.schemas import MappingCreate, MappingUpdate

ENTITY = "telemetry_mapping"
AUDITED = (
    "name",
    "topic_filter",
    "action",
    "workstation_id",
    "fields",
    "condition",
    "priority",
    "enabled",
)


async def _changed(session: AsyncSession) -> None:
    await session.execute(
        update(Counter)
        .where(Counter.name == TELEMETRY_RULES_COUNTER)
        .values(value=Counter.value + 1)
    )
    touch(session, RULES_TOPIC)


async def _check_references(session: AsyncSession, body: MappingCreate) -> None:
    """Everything a rule names must exist now: refused (422) here, never failing later."""
    if body.workstation_id is not None:
        await crud.require_reference(session, Workstation, body.workstation_id, "workstation_id")
    test = body.fields.get("test")
    if body.action == TelemetryKind.MEASUREMENT and test is not None and test.const is not None:
        const = test.const
        if isinstance(const, bool) or not isinstance(const, int | str):
            raise Invalid("fields.test.const must be a test id or name", field="fields.test")
        column = TestDefinition.id if isinstance(const, int) else TestDefinition.name
        found = await session.scalar(select(TestDefinition.id).where(column == const).limit(1))
        if found is None:
            raise UnknownReference(f"test {const!r} does not exist", field="fields.test")
    defect = body.fields.get("defect_code")
    if defect is not None and defect.const is not None:
        found = await session.scalar(select(DefectCode.id).where(DefectCode.code == defect.const))
        if found is None:
            raise UnknownReference(
                f"defect code {defect.const!r} does not exist", field="fields.defect_code"
            )


def _stored(body: MappingCreate) -> dict[str, Any]:
    return {
        "name": body.name,
        "topic_filter": body.topic_filter,
        "action": body.action.value,
        "workstation_id": body.workstation_id,
        "fields": {k: v.model_dump(exclude_none=True) for k, v in body.fields.items()},
        "condition": body.condition,
        "priority": body.priority,
        "enabled": body.enabled,
    }


async def create_mapping(
    session: AsyncSession, principal: Principal, body: MappingCreate
) -> TelemetryMapping:
    await _check_references(session, body)
    mapping = TelemetryMapping(**_stored(body))
    await audited.create(session, principal, mapping, entity_type=ENTITY, audited=AUDITED)
    await _changed(session)
    return mapping


async def get_mapping(session: AsyncSession, mapping_id: int) -> TelemetryMapping:
    return await crud.get_or_404(session, TelemetryMapping, mapping_id, "mapping rule")


async def list_mappings(
    session: AsyncSession, params: PageParams, *, enabled: bool | None, action: str | None
) -> tuple[list[TelemetryMapping], str | None]:
    stmt = select(TelemetryMapping)
    if enabled is not None:
        stmt = stmt.where(TelemetryMapping.enabled.is_(enabled))
    if action is not None:
        stmt = stmt.where(TelemetryMapping.action == action)
    return await crud.list_page(session, stmt, TelemetryMapping, params)


async def update_mapping(
    session: AsyncSession, principal: Principal, mapping_id: int, body: MappingUpdate
) -> TelemetryMapping:
    mapping = await get_mapping(session, mapping_id)
    current = {name: getattr(mapping, name) for name in AUDITED}
    merged = current | body.model_dump(exclude_unset=True)
    try:
        validated = MappingCreate.model_validate(merged)
    except ValidationError as exc:
        errors = [
            {"loc": ["body", *[str(p) for p in e["loc"]]], "msg": e["msg"]} for e in exc.errors()
        ]
        raise Invalid(f"the changed rule is invalid: {errors[0]['msg']}", errors=errors) from exc
    await _check_references(session, validated)
    await audited.update(session, principal, mapping, _stored(validated), entity_type=ENTITY)
    await _changed(session)
    return mapping


async def delete_mapping(session: AsyncSession, principal: Principal, mapping_id: int) -> None:
    mapping = await get_mapping(session, mapping_id)
    await audited.delete(session, principal, mapping, entity_type=ENTITY, audited=AUDITED)
    await _changed(session)
