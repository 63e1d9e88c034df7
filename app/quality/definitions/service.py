"""Test definitions: configuration, written by admins through the ORM like other config."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import Invalid
from app.kit.pagination import PageParams
from app.models import Route, RouteRevision, RouteStep, TestDefinition
from app.quality.definitions.schemas import TestDefinitionCreate, TestDefinitionUpdate

ENTITY = "test_definition"
AUDITED = ("name", "route_id", "step", "unit", "lower_limit", "upper_limit", "kind", "required")


async def _step_is_gate(session: AsyncSession, route: Route, step: int) -> bool:
    """Whether the step, which must exist in the route's current revision, is a gate."""
    is_gate = await session.scalar(
        select(RouteStep.is_gate)
        .join(RouteRevision, RouteRevision.id == RouteStep.revision_id)
        .where(
            RouteRevision.route_id == route.id,
            RouteRevision.revision == route.current_revision,
            RouteStep.seq == step,
        )
    )
    if is_gate is None:
        raise Invalid(
            f"route {route.code} (revision {route.current_revision}) has no step {step}",
            code="unknown_step",
            field="step",
        )
    return bool(is_gate)


def _refuse_required_off_gate(route: Route, step: int) -> Invalid:
    """`required` is what a gate enforces; a plain move checks no tests (checking them would
    put a query on every move), so the flag is refused where it would promise nothing."""
    msg = (
        f"step {step} of route {route.code} is not a gate in its current revision "
        f"({route.current_revision}): only a gate enforces required tests"
    )
    return Invalid(f"body.required: {msg}", errors=[{"loc": ["body", "required"], "msg": msg}])


async def create(
    session: AsyncSession, principal: Principal, data: TestDefinitionCreate
) -> TestDefinition:
    """Define a test; `required` defaults to whether its step is a gate, and is refused
    (422) where the step is not a gate in the route's current revision."""
    route = await crud.require_reference(session, Route, data.route_id, "route_id")
    is_gate = await _step_is_gate(session, route, data.step)
    if data.required and not is_gate:
        raise _refuse_required_off_gate(route, data.step)
    values = data.model_dump(mode="json") | {
        "required": is_gate if data.required is None else data.required
    }
    return await audited.create(
        session,
        principal,
        TestDefinition(**values),
        entity_type=ENTITY,
        audited=AUDITED,
    )


async def get(session: AsyncSession, test_id: int) -> TestDefinition:
    return await crud.get_or_404(session, TestDefinition, test_id, "test definition")


async def list_page(
    session: AsyncSession,
    params: PageParams,
    *,
    route_id: int | None = None,
    step: int | None = None,
    name: str | None = None,
) -> tuple[list[TestDefinition], str | None]:
    stmt = select(TestDefinition)
    if route_id is not None:
        stmt = stmt.where(TestDefinition.route_id == route_id)
    if step is not None:
        stmt = stmt.where(TestDefinition.step == step)
    if name is not None:
        stmt = stmt.where(TestDefinition.name == name)
    return await crud.list_page(session, stmt, TestDefinition, params)


async def update(
    session: AsyncSession, principal: Principal, test_id: int, data: TestDefinitionUpdate
) -> TestDefinition:
    definition = await get(session, test_id)
    values = data.changes()
    lower = values.get("lower_limit", definition.lower_limit)
    upper = values.get("upper_limit", definition.upper_limit)
    if lower is None and upper is None:
        raise Invalid("a test keeps at least one limit (one may be open, not both)")
    if lower is not None and upper is not None and lower > upper:
        raise Invalid("lower_limit must not be above upper_limit")
    if values.get("required") and not definition.required:
        # Where the step is no gate in the current revision, only orders pinned to earlier
        # revisions could enforce it: setting it now would promise what moves do not check.
        route = await session.get_one(Route, definition.route_id)
        if not await _step_is_gate(session, route, definition.step):
            raise _refuse_required_off_gate(route, definition.step)
    return await audited.update(session, principal, definition, values, entity_type=ENTITY)


async def delete(session: AsyncSession, principal: Principal, test_id: int) -> None:
    """Delete a test definition; 409 `in_use` once it has measurements."""
    definition = await get(session, test_id)
    await audited.delete(session, principal, definition, entity_type=ENTITY, audited=AUDITED)
