"""The unit of work: one transaction per command, whatever runs in it (both databases)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from app.audit.recorder import audit_row
from app.models import AuditEntry, Line


async def _audit_count(app: FastAPI) -> int:
    async with app.state.db.transaction(write=False) as session:
        return int(await session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


async def test_orm_and_core_share_the_transaction_and_roll_back_together(app: FastAPI) -> None:
    db = app.state.db
    before = await _audit_count(app)
    with pytest.raises(RuntimeError, match="boom"):
        async with db.command() as cmd:
            session = await cmd.session()
            session.add(Line(code="L-CMD", name="command line"))
            await session.flush()
            await cmd.audit(audit_row(actor="test", entity_type="line", entity_id=1, action="x"))
            raise RuntimeError("boom")
    async with db.transaction(write=False) as session:
        assert await session.scalar(select(Line).where(Line.code == "L-CMD")) is None
    assert await _audit_count(app) == before

    async with db.command() as cmd:
        session = await cmd.session()
        session.add(Line(code="L-CMD", name="command line"))
        await cmd.audit(audit_row(actor="test", entity_type="line", entity_id=1, action="x"))
    async with db.transaction(write=False) as session:
        assert await session.scalar(select(Line.name).where(Line.code == "L-CMD")) == (
            "command line"
        )
    assert await _audit_count(app) == before + 1


async def test_listeners_and_callbacks_run_only_after_a_commit(app: FastAPI) -> None:
    db = app.state.db
    heard: list[str] = []
    db.on_commit("test-topic", lambda: heard.append("topic"))
    with pytest.raises(ValueError):
        async with db.command() as cmd:
            await cmd.audit(audit_row(actor="t", entity_type="x", entity_id=1, action="y"))
            cmd.touch("test-topic")
            cmd.after_commit(lambda: heard.append("callback"))
            raise ValueError
    assert heard == []
    async with db.command() as cmd:
        await cmd.audit(audit_row(actor="t", entity_type="x", entity_id=1, action="y"))
        cmd.touch("test-topic")
        cmd.after_commit(lambda: heard.append("callback"))
        assert heard == []
    assert heard == ["topic", "callback"]


async def test_the_session_comes_first_and_single_statements_only_when_allowed(
    app: FastAPI,
) -> None:
    db = app.state.db
    async with db.command() as cmd:
        await cmd.audit(audit_row(actor="t", entity_type="x", entity_id=1, action="y"))
        with pytest.raises(RuntimeError, match="before the first statement"):
            await cmd.session()
    async with db.command() as cmd:
        assert cmd.single_statement() is None  # not the caller's whole work (a batch)
    async with db.command(whole=True) as cmd:
        single = cmd.single_statement()
        assert (single is not None) == (db.dialect == "postgresql")
        await cmd.audit(audit_row(actor="t", entity_type="x", entity_id=1, action="y"))
        assert cmd.single_statement() is None  # a transaction is open now
    async with db.command(whole=True) as cmd:
        await cmd.session()
        assert cmd.single_statement() is None
