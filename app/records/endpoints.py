"""HTTP routes: the unit record and the batch record, as JSON, a printable page or a PDF.

Anyone who may read may read a record (every role, API keys with `read`), as for the unit's
history and the batch itself: the record is those reads in one document. Docs: docs/records.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.auth.principal import Reader
from app.batches.endpoints import BatchId
from app.db.session import DbSession
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import Serial
from app.records import service
from app.records.schemas import BatchRecord, UnitRecord
from app.records.service import RecordFormat

router = APIRouter(
    tags=["records"], responses=problem_responses(401, 403, 404, 422), route_class=CommandRoute
)

Format = Annotated[
    RecordFormat,
    Query(
        description="`json` (the document), `html` (a printable page, inline) or `pdf` "
        "(an attachment named after the serial or batch)"
    ),
]
_RENDERED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


def _response(rendered: service.RenderedRecord) -> Response:
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": rendered.disposition},
    )


@router.get("/units/{serial}/record", response_model=UnitRecord, responses=_RENDERED)
async def unit_record(
    serial: Serial, session: DbSession, principal: Reader, format: Format = RecordFormat.JSON
) -> UnitRecord | Response:
    """**The unit record** (device history record): the unit, its order (with the ERP
    reference), part, route revision and pinned BOM revision; every stay at a step (entered,
    left, by whom, seconds); every measurement with the limits it was judged against; quality
    events; labour; lots consumed; sub-assemblies installed (and removed), each with its own
    summary, recursively; issues touching it; its whole history; who generated it and when.
    Rebuilt from append-only rows in one consistent read. `format=html`: a printable page;
    `format=pdf`: a PDF. Shape and sources: docs/records.md."""
    record = await service.unit_document(session, principal, serial)
    if format == RecordFormat.JSON:
        return record
    return _response(await service.render(record, format))


@router.get("/batches/{batch_id}/record", response_model=BatchRecord, responses=_RENDERED)
async def batch_record(
    batch_id: BatchId, session: DbSession, principal: Reader, format: Format = RecordFormat.JSON
) -> BatchRecord | Response:
    """**The electronic batch record**: the batch, its order, part, route and BOM revisions;
    every step with its quantities (in, good, scrap) and who started and completed it when;
    sample measurements with the limits they were judged against; quality events; labour;
    lots consumed; issues touching it; its history. `format=html` / `format=pdf` as for the
    unit record. Docs: docs/records.md."""
    record = await service.batch_document(session, principal, batch_id)
    if format == RecordFormat.JSON:
        return record
    return _response(await service.render(record, format))
