"""Records as documents or rendered files: the endpoints' one entry point.

Rendering (HTML, PDF) works on the finished document, off the event loop for the PDF.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.kit.time import utcnow
from app.records.batch_document import batch_record
from app.records.html import render_html
from app.records.layout import Layout, batch_layout, unit_layout
from app.records.pdf import render_pdf
from app.records.schemas import BatchRecord, UnitRecord
from app.records.unit_document import unit_record


class RecordFormat(StrEnum):
    JSON = "json"
    HTML = "html"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class RenderedRecord:
    content: bytes
    media_type: str
    disposition: str


async def unit_document(session: AsyncSession, principal: Principal, serial: str) -> UnitRecord:
    return await unit_record(session, serial, principal.actor, utcnow())


async def batch_document(session: AsyncSession, principal: Principal, batch_id: int) -> BatchRecord:
    return await batch_record(session, batch_id, principal.actor, utcnow())


def _filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


async def render(record: UnitRecord | BatchRecord, fmt: RecordFormat) -> RenderedRecord:
    """The record as an HTML page (shown inline) or a PDF (an attachment) named after it."""
    layout: Layout = unit_layout(record) if isinstance(record, UnitRecord) else batch_layout(record)
    name = _filename(layout.name)
    if fmt == RecordFormat.HTML:
        return RenderedRecord(
            render_html(layout).encode(),
            "text/html; charset=utf-8",
            f'inline; filename="{name}.html"',
        )
    pdf = await asyncio.to_thread(render_pdf, layout)
    return RenderedRecord(pdf, "application/pdf", f'attachment; filename="{name}.pdf"')
