"""Alert rules (configuration) and alerts (listed and acknowledged).

Rules are evaluated in `app.quality.alerts.rules`, inside the commands that log quality events.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.audit.recorder import record
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import Invalid, NotFound, UnknownReference
from app.kit.pagination import PageParams, keyset, page_of
from app.kit.time import utcnow
from app.models import Alert, AlertKind, AlertRule, DefectCode, Workstation
from app.quality.alerts.schemas import (
    AlertOut,
    AlertRuleCreate,
    AlertRuleOut,
    AlertRuleUpdate,
    check_rule_parameters,
)
from app.quality.errors import AlreadyAcknowledged

ENTITY = "alert_rule"
AUDITED = (
    "name",
    "kind",
    "workstation_id",
    "defect_code_id",
    "threshold_pct",
    "window_units",
    "occurrences",
    "window_minutes",
    "enabled",
)


async def _defect_code_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(DefectCode.id).where(DefectCode.code == code))
    if found is None:
        raise UnknownReference(f"defect code {code!r} does not exist", field="defect_code")
    return int(found)


async def _rule_out(session: AsyncSession, rule: AlertRule) -> AlertRuleOut:
    code = None
    if rule.defect_code_id is not None:
        code = await session.scalar(
            select(DefectCode.code).where(DefectCode.id == rule.defect_code_id)
        )
    return AlertRuleOut(
        id=rule.id,
        name=rule.name,
        kind=AlertKind(rule.kind),
        workstation_id=rule.workstation_id,
        defect_code=code,
        threshold_pct=rule.threshold_pct,
        window_units=rule.window_units,
        occurrences=rule.occurrences,
        window_minutes=rule.window_minutes,
        enabled=rule.enabled,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
    )


async def create_rule(
    session: AsyncSession, principal: Principal, data: AlertRuleCreate
) -> AlertRuleOut:
    if data.workstation_id is not None:
        await crud.require_reference(session, Workstation, data.workstation_id, "workstation_id")
    values = data.model_dump(mode="json", exclude={"defect_code"})
    if data.defect_code is not None:
        values["defect_code_id"] = await _defect_code_id(session, data.defect_code)
    rule = await audited.create(
        session, principal, AlertRule(**values), entity_type=ENTITY, audited=AUDITED
    )
    return await _rule_out(session, rule)


async def _get_rule(session: AsyncSession, rule_id: int) -> AlertRule:
    return await crud.get_or_404(session, AlertRule, rule_id, "alert rule")


async def get_rule(session: AsyncSession, rule_id: int) -> AlertRuleOut:
    return await _rule_out(session, await _get_rule(session, rule_id))


async def list_rules(
    session: AsyncSession, params: PageParams, *, kind: AlertKind | None = None
) -> tuple[list[AlertRuleOut], str | None]:
    stmt = select(AlertRule)
    if kind is not None:
        stmt = stmt.where(AlertRule.kind == kind.value)
    rules, cursor = await crud.list_page(session, stmt, AlertRule, params)
    return [await _rule_out(session, r) for r in rules], cursor


async def update_rule(
    session: AsyncSession, principal: Principal, rule_id: int, data: AlertRuleUpdate
) -> AlertRuleOut:
    rule = await _get_rule(session, rule_id)
    values = data.changes()
    merged: dict[str, Any] = {
        name: values.get(name, getattr(rule, name))
        for name in ("threshold_pct", "window_units", "occurrences", "window_minutes")
    }
    try:
        check_rule_parameters(AlertKind(rule.kind), merged)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    await audited.update(session, principal, rule, values, entity_type=ENTITY)
    return await _rule_out(session, rule)


async def delete_rule(session: AsyncSession, principal: Principal, rule_id: int) -> None:
    """Delete a rule; 409 `in_use` once it has fired (disable it instead)."""
    rule = await _get_rule(session, rule_id)
    await audited.delete(session, principal, rule, entity_type=ENTITY, audited=AUDITED)


# -- alerts -----------------------------------------------------------------------------------


def _alerts() -> Any:
    return (
        select(Alert, AlertRule.name, DefectCode.code)
        .join(AlertRule, AlertRule.id == Alert.rule_id)
        .outerjoin(DefectCode, DefectCode.id == Alert.defect_code_id)
    )


def _alert_out(row: Any) -> AlertOut:
    alert, rule_name, code = row
    return AlertOut(
        id=alert.id,
        rule_id=alert.rule_id,
        rule=rule_name,
        kind=AlertKind(alert.kind),
        message=alert.message,
        workstation_id=alert.workstation_id,
        defect_code=code,
        value=alert.value,
        details=alert.details,
        at=alert.at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by,
    )


async def get_alert(session: AsyncSession, alert_id: int) -> AlertOut:
    row = (await session.execute(_alerts().where(Alert.id == alert_id))).first()
    if row is None:
        raise NotFound(f"alert {alert_id} does not exist")
    return _alert_out(row)


async def list_alerts(
    session: AsyncSession,
    params: PageParams,
    *,
    open_only: bool | None = None,
    rule_id: int | None = None,
    workstation_id: int | None = None,
) -> tuple[list[AlertOut], str | None]:
    """Alerts, newest first."""
    stmt = _alerts()
    if open_only is True:
        stmt = stmt.where(Alert.acknowledged_at.is_(None))
    elif open_only is False:
        stmt = stmt.where(Alert.acknowledged_at.is_not(None))
    if rule_id is not None:
        stmt = stmt.where(Alert.rule_id == rule_id)
    if workstation_id is not None:
        stmt = stmt.where(Alert.workstation_id == workstation_id)
    rows = (await session.execute(keyset(stmt, Alert.id, params, descending=True))).all()
    items, cursor = page_of(rows, params, lambda row: row[0].id)
    return [_alert_out(r) for r in items], cursor


async def acknowledge(session: AsyncSession, principal: Principal, alert_id: int) -> AlertOut:
    """Mark an open alert as seen; its rule may fire again for the same scope afterwards."""
    now = utcnow()
    # Compare-and-set: of two concurrent acknowledgements exactly one changes the row.
    changed = (
        await session.execute(
            update(Alert)
            .where(Alert.id == alert_id, Alert.acknowledged_at.is_(None))
            .values(acknowledged_at=now, acknowledged_by=principal.actor)
            .returning(Alert.id)
        )
    ).first()
    if changed is None:
        current = await get_alert(session, alert_id)  # NotFound when there is no such alert
        raise AlreadyAcknowledged(
            f"alert {alert_id} was acknowledged by {current.acknowledged_by}",
            acknowledged_by=current.acknowledged_by,
        )
    await record(
        session,
        actor=principal.actor,
        entity_type="alert",
        entity_id=alert_id,
        action="acknowledge",
        before={"acknowledged_at": None},
        after={"acknowledged_at": now},
    )
    return await get_alert(session, alert_id)
