"""HTTP routes for alert rules and alerts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from app.auth.principal import Allow, Principal, Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import AlertKind, Role
from app.quality.alerts import service
from app.quality.alerts.schemas import AlertOut, AlertRuleCreate, AlertRuleOut, AlertRuleUpdate

_SUPERVISORS = frozenset({Role.ADMIN, Role.SUPERVISOR})
# Rules are configuration; acknowledging an alert is a quality decision.
RuleAdmin = Annotated[Principal, Depends(Allow(_SUPERVISORS, "config:write"))]
QualityDecider = Annotated[Principal, Depends(Allow(_SUPERVISORS, "quality:write"))]

RuleId = Annotated[int, Path(ge=1, le=MAX_ID, description="alert rule id")]
AlertId = Annotated[int, Path(ge=1, le=MAX_ID, description="alert id")]
_NO_CONTENT = status.HTTP_204_NO_CONTENT

router = APIRouter(tags=["alerts"], responses=problem_responses(401, 403), route_class=CommandRoute)


@router.post(
    "/alert-rules",
    status_code=status.HTTP_201_CREATED,
    response_model=AlertRuleOut,
    responses=problem_responses(422),
)
async def create_alert_rule(
    body: AlertRuleCreate, session: DbSession, principal: RuleAdmin
) -> AlertRuleOut:
    """Create a rule evaluated on each quality event. A firing rule creates an alert and a
    realtime `{"type": "alert"}` message on the WIP WebSocket; while that alert is open the
    rule does not fire again for the same workstation (yield) or defect code (defects)."""
    return await service.create_rule(session, principal, body)


@router.get(
    "/alert-rules", response_model=Page[AlertRuleOut], responses=problem_responses(400, 422)
)
async def list_alert_rules(
    session: DbSession,
    _: Reader,
    paging: Paging,
    kind: Annotated[AlertKind | None, Query()] = None,
) -> Page[AlertRuleOut]:
    """List alert rules, oldest first."""
    items, cursor = await service.list_rules(session, paging, kind=kind)
    return Page(items=items, next_cursor=cursor)


@router.get("/alert-rules/{rule_id}", response_model=AlertRuleOut, responses=problem_responses(404))
async def get_alert_rule(rule_id: RuleId, session: DbSession, _: Reader) -> AlertRuleOut:
    """One alert rule."""
    return await service.get_rule(session, rule_id)


@router.patch(
    "/alert-rules/{rule_id}", response_model=AlertRuleOut, responses=problem_responses(404, 422)
)
async def update_alert_rule(
    rule_id: RuleId, body: AlertRuleUpdate, session: DbSession, principal: RuleAdmin
) -> AlertRuleOut:
    """Rename, enable/disable or retune a rule."""
    return await service.update_rule(session, principal, rule_id, body)


@router.delete(
    "/alert-rules/{rule_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_alert_rule(rule_id: RuleId, session: DbSession, principal: RuleAdmin) -> Response:
    """Delete a rule that never fired; 409 `in_use` otherwise (disable it instead)."""
    await service.delete_rule(session, principal, rule_id)
    return Response(status_code=_NO_CONTENT)


@router.get("/alerts", response_model=Page[AlertOut], responses=problem_responses(400, 422))
async def list_alerts(
    session: DbSession,
    _: Reader,
    paging: Paging,
    open_: Annotated[
        bool | None,
        Query(alias="open", description="true: unacknowledged only; false: acknowledged only"),
    ] = None,
    rule_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    workstation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[AlertOut]:
    """Alerts, newest first."""
    items, cursor = await service.list_alerts(
        session, paging, open_only=open_, rule_id=rule_id, workstation_id=workstation_id
    )
    return Page(items=items, next_cursor=cursor)


@router.get("/alerts/{alert_id}", response_model=AlertOut, responses=problem_responses(404))
async def get_alert(alert_id: AlertId, session: DbSession, _: Reader) -> AlertOut:
    """One alert."""
    return await service.get_alert(session, alert_id)


@router.post(
    "/alerts/{alert_id}/acknowledge", response_model=AlertOut, responses=problem_responses(404, 409)
)
async def acknowledge_alert(
    alert_id: AlertId, session: DbSession, principal: QualityDecider
) -> AlertOut:
    """Acknowledge an open alert (409 `already_acknowledged` otherwise); the rule may fire
    again for the same scope afterwards."""
    return await service.acknowledge(session, principal, alert_id)
