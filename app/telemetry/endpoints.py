"""HTTP routes for machines over MQTT: mapping rules, dead letters, the message ledger and the
consumer's status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth.principal import ConfigAdmin, Reader
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import DeadLetterStatus, MessageOutcome, TelemetryKind
from app.telemetry import mappings, service
from app.telemetry.schemas import (
    ConsumerStatus,
    DeadLetterOut,
    MappingCreate,
    MappingOut,
    MappingUpdate,
    MessageOut,
    ReplayOut,
)

router = APIRouter(
    prefix="/telemetry",
    tags=["telemetry"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

MappingId = Annotated[int, Path(ge=1, le=MAX_ID, description="mapping rule id")]
DeadLetterId = Annotated[int, Path(ge=1, le=MAX_ID, description="dead letter id")]
TopicFilter = Annotated[str | None, Query(max_length=1000, description="exact topic")]
_NO_CONTENT = status.HTTP_204_NO_CONTENT


# -- mapping rules ---------------------------------------------------------------------------------


@router.post(
    "/mappings",
    status_code=status.HTTP_201_CREATED,
    response_model=MappingOut,
    responses=problem_responses(422),
)
async def create_mapping(
    body: MappingCreate, session: DbSession, principal: ConfigAdmin
) -> MappingOut:
    """Create a mapping rule. A bad topic filter, JSONPath or condition, fields that do not
    suit the action, or an unknown workstation, test or defect code is 422: a rule is never
    accepted to fail later. Consumers pick it up (and subscribe to its filter) at once."""
    return MappingOut.model_validate(await mappings.create_mapping(session, principal, body))


@router.get("/mappings", response_model=Page[MappingOut], responses=problem_responses(400, 422))
async def list_mappings(
    session: DbSession,
    _: Reader,
    paging: Paging,
    enabled: Annotated[bool | None, Query(description="only enabled or disabled rules")] = None,
    action: Annotated[TelemetryKind | None, Query(description="only rules of this action")] = None,
) -> Page[MappingOut]:
    """List mapping rules, oldest first."""
    items, cursor = await mappings.list_mappings(
        session, paging, enabled=enabled, action=action.value if action else None
    )
    return Page(items=[MappingOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/mappings/{mapping_id}", response_model=MappingOut, responses=problem_responses(404))
async def get_mapping(mapping_id: MappingId, session: DbSession, _: Reader) -> MappingOut:
    """One mapping rule."""
    return MappingOut.model_validate(await mappings.get_mapping(session, mapping_id))


@router.patch(
    "/mappings/{mapping_id}", response_model=MappingOut, responses=problem_responses(404, 422)
)
async def update_mapping(
    mapping_id: MappingId, body: MappingUpdate, session: DbSession, principal: ConfigAdmin
) -> MappingOut:
    """Change a mapping rule (validated as a whole, like a new one)."""
    mapping = await mappings.update_mapping(session, principal, mapping_id, body)
    return MappingOut.model_validate(mapping)


@router.delete("/mappings/{mapping_id}", status_code=_NO_CONTENT, responses=problem_responses(404))
async def delete_mapping(
    mapping_id: MappingId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a mapping rule (what it applied stays, with `mapping:<id>` as its actor)."""
    await mappings.delete_mapping(session, principal, mapping_id)
    return Response(status_code=_NO_CONTENT)


# -- dead letters ----------------------------------------------------------------------------------


@router.get(
    "/dead-letters", response_model=Page[DeadLetterOut], responses=problem_responses(400, 422)
)
async def list_dead_letters(
    session: DbSession,
    _: Reader,
    paging: Paging,
    status_: Annotated[DeadLetterStatus | None, Query(alias="status")] = None,
    topic: TopicFilter = None,
    error_code: Annotated[str | None, Query(max_length=64, description="error code")] = None,
) -> Page[DeadLetterOut]:
    """Messages that could not be applied, newest first, with their topic, payload, error
    and time."""
    items, cursor = await service.list_dead_letters(
        session,
        paging,
        status=status_.value if status_ else None,
        topic=topic,
        error_code=error_code,
    )
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/dead-letters/{dead_letter_id}",
    response_model=DeadLetterOut,
    responses=problem_responses(404),
)
async def get_dead_letter(
    dead_letter_id: DeadLetterId, session: DbSession, _: Reader
) -> DeadLetterOut:
    """One dead letter."""
    return await service.get_dead_letter(session, dead_letter_id)


@router.post(
    "/dead-letters/{dead_letter_id}/replay",
    response_model=ReplayOut,
    responses=problem_responses(404, 409),
)
async def replay_dead_letter(
    dead_letter_id: DeadLetterId, request: Request, cmd: DbCommand, principal: ConfigAdmin
) -> ReplayOut:
    """Apply the message again, after its cause was fixed (the unit now exists, the rule is
    corrected, …), with the current rules. 409 `replay_failed` (nothing changes) when it still
    cannot be applied; 409 `dead_letter_resolved` when it was already replayed or discarded."""
    root = request.app.state.settings.mqtt_topic_root
    return await service.replay_dead_letter(cmd, principal, dead_letter_id, topic_root=root)


@router.post(
    "/dead-letters/{dead_letter_id}/discard",
    response_model=DeadLetterOut,
    responses=problem_responses(404, 409),
)
async def discard_dead_letter(
    dead_letter_id: DeadLetterId, session: DbSession, principal: ConfigAdmin
) -> DeadLetterOut:
    """Mark a dead letter as dealt with, without applying it."""
    return await service.discard_dead_letter(session, principal, dead_letter_id)


# -- ledger and consumer ---------------------------------------------------------------------------


@router.get("/messages", response_model=Page[MessageOut], responses=problem_responses(400, 422))
async def list_messages(
    session: DbSession,
    _: Reader,
    paging: Paging,
    topic: TopicFilter = None,
    outcome: Annotated[MessageOutcome | None, Query(description="applied or dead_letter")] = None,
    msg_id: Annotated[str | None, Query(max_length=100, description="machine message id")] = None,
) -> Page[MessageOut]:
    """Handled messages (within the de-duplication window), newest first: what each did, or
    its dead letter."""
    items, cursor = await service.list_messages(
        session, paging, topic=topic, outcome=outcome.value if outcome else None, msg_id=msg_id
    )
    return Page(items=[MessageOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/status", response_model=ConsumerStatus)
async def consumer_status(request: Request, _: Reader) -> ConsumerStatus:
    """This process's MQTT consumer: connection, client id, subscriptions, last error,
    counters."""
    consumer = getattr(request.app.state, "mqtt", None)
    if consumer is None:
        return ConsumerStatus(
            mqtt="disabled",
            client_id=None,
            last_error=None,
            subscriptions=[],
            applied=0,
            dead_letters=0,
            duplicates=0,
            batches=0,
        )
    stats = consumer.ingestor.stats
    return ConsumerStatus(
        mqtt=consumer.status,
        client_id=consumer.client_id,
        last_error=consumer.last_error,
        subscriptions=sorted(consumer.subscriptions),
        applied=stats.applied,
        dead_letters=stats.dead_letters,
        duplicates=stats.duplicates,
        batches=stats.batches,
    )
