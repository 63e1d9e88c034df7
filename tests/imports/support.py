"""Files and requests shared by the import tests."""

from __future__ import annotations

import io
from typing import Any

from httpx import AsyncClient, Response
from openpyxl import Workbook

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
