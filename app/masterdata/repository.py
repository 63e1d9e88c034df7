"""Core lookups of configuration that commands on the hot path need."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from app.db.executor import Executor
from app.models import DefectCode

_DEFECT_CODE_ID = select(DefectCode.id).where(
    DefectCode.code == bindparam("code", type_=DefectCode.code.type)
)


async def defect_code_id(ex: Executor, code: str) -> int | None:
    """The id of the defect code `code`, None when there is none."""
    value = await ex.fetchval(_DEFECT_CODE_ID, {"code": code})
    return int(value) if value is not None else None
