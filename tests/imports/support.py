"""Files and requests shared by the import tests."""

from __future__ import annotations

import io
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from openpyxl import Workbook
from sqlalchemy import func, select

from app.models import AuditEntry

API = "/api/v1"


def csv_bytes(rows: list[list[Any]], delimiter: str = ",", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(str(c) for c in row) for row in rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(
    client: AsyncClient,
    target: str,
    content: bytes,
    *,
    filename: str = "data.csv",
    mapping: int | None = None,
    dry_run: bool | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    data: dict[str, str] = {}
    if mapping is not None:
        data["mapping"] = str(mapping)
    if dry_run is not None:
        data["dry_run"] = "true" if dry_run else "false"
    return await client.post(
        f"{API}/imports/{target}",
        files={"file": (filename, content, "application/octet-stream")},
        data=data,
        headers=headers,
    )


async def count(app: FastAPI, model: Any, *where: Any) -> int:
    async with app.state.db.transaction(write=False) as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def audit(app: FastAPI, entity_type: str) -> list[AuditEntry]:
    async with app.state.db.transaction(write=False) as session:
        found = await session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == entity_type).order_by(AuditEntry.id)
        )
        return list(found.all())


def errors_of(r: Response) -> list[tuple[int, str | None, str]]:
    """(row, column, code) of a rejected import's errors, after checking the problem."""
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "import_invalid", body
    return [(e["row"], e["column"], e["code"]) for e in body["errors"]]
