"""The PostgreSQL hot-path executor's one-round-trip scripts (the WIP sequencer uses them)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import cast

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import Integer, Table, bindparam, func, insert, literal, select, update

from app.db import executor
from app.db.errors import DatabaseError, DatabaseUnavailable, IntegrityViolation
from app.db.executor import AsyncpgExecutor, inline_sql
from app.models import Counter, OutboxEvent
from tests.conftest import _reset_postgres
from tests.support import create_order, shop_floor

counters = cast(Table, Counter.__table__)
insert_counter = insert(counters)
_BUMP = (
    update(counters)
    .where(counters.c.name == literal("it's"))  # a quote, to be escaped
    .values(value=counters.c.value + 7)
)


@pytest.fixture
def database_url(postgres_url: str) -> Iterator[str]:
    """PostgreSQL only: scripts are an asyncpg feature (SQLite has no round trips)."""
    asyncio.run(_reset_postgres(postgres_url))
    yield postgres_url


async def _counter(app: FastAPI, name: str) -> int | None:
    async with app.state.db.transaction(write=False) as session:
        value = await session.scalar(select(Counter.value).where(Counter.name == name))
    return None if value is None else int(value)


def test_inline_sql_writes_constants_and_refuses_anything_else() -> None:
    sql = inline_sql(_BUMP)
    assert "'it''s'" in sql and "7" in sql and "$" not in sql
    with pytest.raises(TypeError, match="not an int or str constant"):
        inline_sql(update(counters).values(value=bindparam("value", type_=counters.c.value.type)))


async def test_a_script_prepares_what_it_executes_once_per_connection(app: FastAPI) -> None:
    db = app.state.db
    async with db.transaction() as session:
        await session.merge(Counter(name="it's", value=0))  # counters outlive the reset
    name = f"takt_test_bump_{uuid.uuid4().hex[:8]}"
    script = f"BEGIN; EXECUTE {name}; COMMIT"
    for _ in range(3):  # prepared on the first run, executed on the others
        async with db.command() as cmd:
            ex = cmd.ex
            assert isinstance(ex, AsyncpgExecutor)
            await ex.run_script(script, prepare=f"PREPARE {name} AS {inline_sql(_BUMP)}")
    assert await _counter(app, "it's") == 21
    async with db.command() as cmd:
        ex = cmd.ex
        assert isinstance(ex, AsyncpgExecutor)
        with pytest.raises(DatabaseError) as raised:
            await ex.run_script("BEGIN; EXECUTE takt_test_nothing_prepared; COMMIT")
        assert isinstance(raised.value.__cause__, asyncpg.InvalidSQLStatementNameError)


async def test_a_script_runs_in_one_go_and_a_failed_one_changes_nothing(app: FastAPI) -> None:
    db = app.state.db
    async with db.transaction() as session:
        await session.merge(Counter(name="it's", value=0))  # counters outlive the reset
    script = f"BEGIN; {inline_sql(_BUMP)}; {inline_sql(_BUMP)}; COMMIT"
    async with db.command() as cmd:
        ex = cmd.ex
        assert isinstance(ex, AsyncpgExecutor)
        await ex.run_script(script)
    assert await _counter(app, "it's") == 14

    failing = f"BEGIN; {inline_sql(_BUMP)}; SELECT 1 / 0; COMMIT"
    for _ in range(3):  # the leased connection is clean again after each failure
        async with db.command() as cmd:
            ex = cmd.ex
            assert isinstance(ex, AsyncpgExecutor)
            with pytest.raises(DatabaseError) as raised:
                await ex.run_script(failing)
            assert isinstance(raised.value.__cause__, asyncpg.DivisionByZeroError)
    assert await _counter(app, "it's") == 14  # rolled back
    async with db.command() as cmd:
        ex = cmd.ex
        assert isinstance(ex, AsyncpgExecutor)
        await ex.run_script(script)
    assert await _counter(app, "it's") == 28
    async with db.command() as cmd:
        ex = cmd.ex
        assert isinstance(ex, AsyncpgExecutor)
        assert await ex.fetchval(select(literal(1))) == 1
        with pytest.raises(RuntimeError, match="has run statements"):
            await ex.run_script(script)  # a script ends its own transaction: not inside one
    assert await _counter(app, "it's") == 28


async def test_the_sequencer_numbers_a_commit_by_script_and_tells_the_hub(
    app: FastAPI, admin: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a move commits, its event gets the next number without anyone asking (the
    sequencer's one-round-trip run after the kick) and this process's hub hears of it
    through NOTIFY alone."""
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"/api/v1/orders/{order['number']}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]
    outbox = app.state.outbox
    before = await app.state.sequencer.catch_up()  # the creation event numbered
    scripts = 0
    real = AsyncpgExecutor.run_script
    notified: list[int] = []
    announce = outbox.listener._on_notify

    def heard(seq: int) -> None:
        notified.append(seq)
        announce(seq)

    monkeypatch.setattr(outbox.listener, "_on_notify", heard)

    async def counting(self: AsyncpgExecutor, script: str, *, prepare: str | None = None) -> None:
        nonlocal scripts
        scripts += 1
        await real(self, script, prepare=prepare)

    monkeypatch.setattr(AsyncpgExecutor, "run_script", counting)
    assert (await admin.post(f"/api/v1/units/{serial}/move")).status_code == 200
    for _ in range(250):
        if before + 1 in notified:
            break
        await asyncio.sleep(0.02)
    assert scripts >= 1
    assert notified[-1] == before + 1  # by the script's NOTIFY (it returns nothing itself)
    async with app.state.db.transaction(write=False) as session:
        seqs = (await session.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.id))).all()
    assert seqs == list(range(1, before + 2))  # every event numbered, gap-free


def test_the_compile_cache_stays_bounded_and_correct(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its bound the cache drops its oldest entries. Statements made and dropped in a
    loop (whose id()s Python reuses) still each get their own SQL."""
    monkeypatch.setattr(executor, "PREPARED_CACHE_SIZE", 8)
    kept = [select(literal(i)) for i in range(3)]
    for stmt in kept:
        inline_sql(stmt)
    for i in range(200):
        assert inline_sql(select(literal(1000 + i))) == f"SELECT {1000 + i}::INTEGER AS anon_1"
        assert len(executor._prepared) <= 8
    for i, stmt in enumerate(kept):  # evicted long ago: compiled again
        assert inline_sql(stmt) == f"SELECT {i}::INTEGER AS anon_1"
    assert {id(entry.stmt) for entry in executor._prepared.values()} == set(executor._prepared)


async def test_statements_past_the_cache_bound_still_run(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executor, "PREPARED_CACHE_SIZE", 4)
    statements = [select(literal(i) + bindparam("add", type_=Integer)) for i in range(20)]
    for _ in range(2):
        async with app.state.db.command() as cmd:
            ex = cmd.ex
            for i, stmt in enumerate(statements):
                assert await ex.fetchval(stmt, {"add": 100}) == 100 + i
    assert len(executor._prepared) <= 4


async def test_driver_errors_leave_the_executor_as_database_errors(app: FastAPI) -> None:
    """Wrapped once, at the boundary: a violation names its constraint, and a failed statement
    leaves the connection fit for the next command."""
    insert = insert_counter.values(name=bindparam("name"), value=bindparam("value"))
    async with app.state.db.command() as cmd:
        ex = cmd.ex
        await ex.execute(insert, {"name": "takt_test_dup", "value": 1})
    for _ in range(2):
        with pytest.raises(IntegrityViolation) as raised:
            async with app.state.db.command() as cmd:
                ex = cmd.ex
                await ex.execute(insert, {"name": "takt_test_dup", "value": 2})
        error = raised.value
        assert (error.rule, error.constraint, error.table) == ("unique", "pk_counters", "counters")
        assert error.key == "name = takt_test_dup"
        assert isinstance(error.__cause__, asyncpg.UniqueViolationError)
    async with app.state.db.command() as cmd:
        ex = cmd.ex
        assert isinstance(ex, AsyncpgExecutor)
        with pytest.raises(DatabaseError) as failed:
            await ex.fetchrow_autocommit(
                select(literal(1) / bindparam("zero", type_=Integer)), {"zero": 0}
            )
        assert failed.value.kind == "other" and failed.value.sqlstate == "22012"
        assert (
            await ex.fetchval(select(counters.c.value).where(counters.c.name == "takt_test_dup"))
            == 1
        )
    async with app.state.db.transaction() as session:
        await session.execute(counters.delete().where(counters.c.name == "takt_test_dup"))


async def test_a_write_that_must_not_run_twice_is_not_retried_on_a_fresh_connection(
    app: FastAPI, database_url: str
) -> None:
    """An idle connection that turns out dead is replaced by a fresh one and the statement
    run there, unless it is a write that may have committed before the connection was lost
    (`repeatable=False`, unit generation): that failure is reported instead."""
    db = app.state.db
    leases = db._leases
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)

    async def one_dead_idle_connection() -> None:
        await leases.close()  # the idle ones back to the pool
        async with db.command(whole=True) as cmd:
            single = cmd.single_statement()
            assert single is not None
            row = await single.fetchrow_autocommit(select(func.pg_backend_pid()))
            pid = row[0]
        assert [p.driver_connection.get_server_pid() for p in leases._idle] == [pid]
        killer = await asyncpg.connect(dsn)
        try:
            assert await killer.fetchval("SELECT pg_terminate_backend($1)", pid)
            for _ in range(500):
                if not await killer.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid
                ):
                    break
                await asyncio.sleep(0.01)
        finally:
            await killer.close()

    await one_dead_idle_connection()
    async with db.command(whole=True) as cmd:
        single = cmd.single_statement()
        assert single is not None
        with pytest.raises(DatabaseUnavailable) as lost:
            await single.fetchrow_autocommit(select(literal(1)), repeatable=False)
        assert isinstance(lost.value.__cause__, asyncpg.InterfaceError | OSError)
    await one_dead_idle_connection()
    async with db.command(whole=True) as cmd:
        single = cmd.single_statement()
        assert single is not None
        row = await single.fetchrow_autocommit(select(literal(2)))  # on a fresh connection
        assert row is not None and row[0] == 2
