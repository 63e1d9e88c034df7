"""The one classifier of database errors, its translation into domain errors, and the problem
documents and ingest decisions built on it. Database-free: the errors are built in the shapes
each driver (and SQLAlchemy around it) raises them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest
from asyncpg.exceptions import _base as asyncpg_base
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import create_engine, text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi as AdaptedAsyncpg
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.db.errors import (
    DatabaseError,
    DatabaseUnavailable,
    IntegrityViolation,
    TransientFailure,
    classify,
)
from app.db.integrity import translate
from app.kit import errors
from app.kit.problems import install_problem_handlers
from app.telemetry.apply import classify as classify_failure


def pg(sqlstate: str, message: str, **fields: str) -> asyncpg.PostgresError:
    """An asyncpg error as the server reports it (D detail, n constraint, t table, c column)."""
    error = asyncpg.PostgresError.new({"C": sqlstate, "M": message, **fields})
    assert isinstance(error, asyncpg.PostgresError)
    return error


def via_sqlalchemy(error: asyncpg.PostgresError, *, invalidated: bool = False) -> DBAPIError:
    """The same error raised through an ORM session (SQLAlchemy's asyncpg dialect)."""
    message = f"{type(error)}: {error}"
    if isinstance(error, asyncpg.IntegrityConstraintViolationError):
        violation = AdaptedAsyncpg.IntegrityError(message, error)  # type: ignore[no-untyped-call]
        return IntegrityError("INSERT ...", {}, violation)
    adapted = AdaptedAsyncpg.Error(message, error)  # type: ignore[no-untyped-call]
    return DBAPIError("UPDATE ...", {}, adapted, connection_invalidated=invalidated)


UNIQUE = pg(
    "23505",
    'duplicate key value violates unique constraint "uq_lines_code"',
    D="Key (code)=(ERR) already exists.",
    n="uq_lines_code",
    t="lines",
)
FK_INSERT = pg(
    "23503",
    'insert or update on table "workstations" violates foreign key constraint '
    '"fk_workstations_line_id_lines"',
    D='Key (line_id)=(999) is not present in table "lines".',
    n="fk_workstations_line_id_lines",
    t="workstations",
)
FK_DELETE = pg(
    "23503",
    'update or delete on table "lines" violates foreign key constraint '
    '"fk_route_steps_line_id_lines" on table "route_steps"',
    D='Key (id)=(1) is still referenced from table "route_steps".',
    n="fk_route_steps_line_id_lines",
    t="route_steps",
)
CHECK = pg(
    "23514",
    'new row for relation "orders" violates check constraint "ck_orders_quantity"',
    D="Failing row contains (1, -1).",
    n="ck_orders_quantity",
    t="orders",
)
NOT_NULL = pg(
    "23502",
    'null value in column "name" of relation "lines" violates not-null constraint',
    D="Failing row contains (1, X, null).",
    t="lines",
    c="name",
)


def both(error: asyncpg.PostgresError) -> list[BaseException]:
    """Raw from the hot path, and wrapped by SQLAlchemy: both must classify alike."""
    return [error, via_sqlalchemy(error)]


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.parametrize("exc", both(UNIQUE))
def test_a_unique_violation_names_constraint_and_key(exc: BaseException) -> None:
    error = classify(exc)
    assert isinstance(error, IntegrityViolation) and error.kind == "integrity"
    assert (error.rule, error.sqlstate) == ("unique", "23505")
    assert (error.constraint, error.table, error.columns) == ("uq_lines_code", "lines", ("code",))
    assert error.key == "code = ERR" and error.detail == "Key (code)=(ERR) already exists."
    domain = translate(exc)
    assert isinstance(domain, errors.DuplicateKey)
    assert domain.detail == "a record with the same code = ERR already exists"
    assert domain.extra == {"field": "code = ERR"}


@pytest.mark.parametrize("exc", both(FK_INSERT))
def test_a_missing_reference_is_unknown_unless_deleting(exc: BaseException) -> None:
    error = classify(exc)
    assert isinstance(error, IntegrityViolation)
    assert (error.rule, error.on_delete) == ("foreign_key", False)
    assert (error.constraint, error.table) == ("fk_workstations_line_id_lines", "workstations")
    assert error.columns == ("line_id",)
    assert isinstance(translate(exc), errors.UnknownReference)
    in_use = translate(exc, deleting=True)
    assert isinstance(in_use, errors.InUse)
    assert in_use.detail == "it is still referenced by other records; remove those first"


@pytest.mark.parametrize("exc", both(FK_DELETE))
def test_deleting_a_referenced_row_names_the_referencing_table(exc: BaseException) -> None:
    error = classify(exc)
    assert isinstance(error, IntegrityViolation)
    assert (error.rule, error.on_delete, error.table) == ("foreign_key", True, "route_steps")
    for deleting in (False, True):
        domain = translate(exc, deleting=deleting)
        assert isinstance(domain, errors.InUse) and domain.code == "in_use"
        assert domain.detail == "it is still referenced by route steps; remove those first"


@pytest.mark.parametrize("exc", [*both(CHECK), *both(NOT_NULL)])
def test_check_and_not_null_are_invalid_values(exc: BaseException) -> None:
    error = classify(exc)
    assert isinstance(error, IntegrityViolation) and error.rule in ("check", "not_null")
    domain = translate(exc)
    assert isinstance(domain, errors.Invalid) and domain.code == "constraint_violation"


def test_constraint_and_column_fields() -> None:
    check, not_null = classify(CHECK), classify(NOT_NULL)
    assert isinstance(check, IntegrityViolation) and isinstance(not_null, IntegrityViolation)
    assert (check.constraint, check.table) == ("ck_orders_quantity", "orders")
    assert (not_null.constraint, not_null.table, not_null.columns) == (None, "lines", ("name",))


def test_a_driver_without_diagnostic_fields_is_read_from_its_message() -> None:
    class Bare(Exception):
        pgcode = "23503"

    message = f"{FK_DELETE.args[0]}\nDETAIL:  {FK_DELETE.detail}"
    error = classify(DBAPIError("DELETE ...", {}, Bare(message)))
    assert isinstance(error, IntegrityViolation)
    assert (error.constraint, error.table, error.on_delete) == (
        "fk_route_steps_line_id_lines",
        "route_steps",
        True,
    )
    assert error.key == "id = 1" and error.columns == ("id",)
    expression = pg(
        "23505",
        'duplicate key value violates unique constraint "uq_users_name"',
        D="Key (lower(name::text), coalesce(site, 'x'::text))=(bob, x) already exists.",
    )
    error = classify(expression)
    assert isinstance(error, IntegrityViolation)
    assert error.columns == ("lower(name::text)", "coalesce(site, 'x'::text)")
    assert error.key == "lower(name::text), coalesce(site, 'x'::text) = bob, x"


@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "55P03"])
def test_races_are_transient(sqlstate: str) -> None:
    for exc in both(pg(sqlstate, "could not serialize access")):
        error = classify(exc)
        assert isinstance(error, TransientFailure) and error.kind == "transient"
        assert error.sqlstate == sqlstate


@pytest.mark.parametrize("sqlstate", ["08006", "08001", "53300", "57P01", "57P02", "57P03"])
def test_lost_or_refused_connections_are_unavailable(sqlstate: str) -> None:
    for exc in both(pg(sqlstate, "the database system is shutting down")):
        error = classify(exc)
        assert isinstance(error, DatabaseUnavailable) and error.kind == "unavailable"


def test_client_side_failures() -> None:
    for exc in (
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.InterfaceError("connection is closed"),
        ConnectionRefusedError(111, "Connect call failed"),
        TimeoutError(),
        via_sqlalchemy(pg("XX000", "internal"), invalidated=True),
    ):
        assert isinstance(classify(exc), DatabaseUnavailable), exc
    # An argument asyncpg cannot encode is the statement's fault, not the connection's.
    encoding = asyncpg_base.DataError("invalid input for query argument $1: 'x'")
    assert type(classify(encoding)) is DatabaseError


@pytest.mark.parametrize(
    ("sqlstate", "message"),
    [("22012", "division by zero"), ("P0001", "audit_log is append-only: UPDATE is not allowed")],
)
def test_everything_else_is_other(sqlstate: str, message: str) -> None:
    for exc in both(pg(sqlstate, message)):
        error = classify(exc)
        assert type(error) is DatabaseError and error.kind == "other"
        assert message in str(error) and error.sqlstate == sqlstate
        assert translate(error).code == "integrity_error"  # not a violation: generic


def test_classify_keeps_ours() -> None:
    error = TransientFailure("deadlock", sqlstate="40P01")
    assert classify(error) is error


# -- SQLite ----------------------------------------------------------------------------------


@pytest.fixture
def sqlite() -> Iterator[Connection]:
    """Real SQLite errors, raised through SQLAlchemy as the SQLite executor sees them."""
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        for ddl in (
            "CREATE TABLE lines (id INTEGER PRIMARY KEY, code TEXT, site TEXT NOT NULL, name TEXT,"
            " CONSTRAINT uq_lines_code UNIQUE (code, site),"
            " CONSTRAINT ck_lines_code CHECK (code <> ''))",
            "CREATE UNIQUE INDEX ix_lines_lower ON lines (lower(name))",
            "CREATE TABLE stations (id INTEGER PRIMARY KEY, line_id INTEGER REFERENCES lines (id))",
            "CREATE TRIGGER no_delete BEFORE DELETE ON stations"
            " BEGIN SELECT RAISE(ABORT, 'stations are append-only'); END",
            "INSERT INTO lines VALUES (1, 'A', 's', 'n')",
            "INSERT INTO stations VALUES (1, 1)",
        ):
            conn.exec_driver_sql(ddl)
        yield conn
    engine.dispose()


def failure(conn: Connection, sql: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as raised:
        conn.execute(text(sql))
    return raised.value


def test_sqlite_violations(sqlite: Connection) -> None:
    unique = classify(failure(sqlite, "INSERT INTO lines VALUES (2, 'A', 's', 'm')"))
    assert isinstance(unique, IntegrityViolation) and unique.rule == "unique"
    assert (unique.table, unique.columns, unique.key) == ("lines", ("code", "site"), None)
    duplicate = translate(unique)
    assert isinstance(duplicate, errors.DuplicateKey)
    assert duplicate.detail == "a record with the same code, site already exists"

    index = classify(failure(sqlite, "INSERT INTO lines VALUES (2, 'B', 's', 'N')"))
    assert isinstance(index, IntegrityViolation) and index.rule == "unique"
    # An expression index: SQLite names the index instead of columns.
    assert (index.constraint, index.columns) == ("ix_lines_lower", ())
    assert translate(index).detail == "a record with the same key already exists"

    fk = failure(sqlite, "INSERT INTO stations VALUES (2, 99)")
    error = classify(fk)
    assert isinstance(error, IntegrityViolation)
    assert (error.rule, error.on_delete) == ("foreign_key", False)
    assert isinstance(translate(fk), errors.UnknownReference)
    referenced = failure(sqlite, "DELETE FROM lines WHERE id = 1")
    in_use = translate(referenced, deleting=True)
    assert isinstance(in_use, errors.InUse)
    assert in_use.detail == "it is still referenced by other records; remove those first"

    check = classify(failure(sqlite, "INSERT INTO lines VALUES (3, '', 'x', 'x')"))
    assert isinstance(check, IntegrityViolation) and check.rule == "check"
    assert check.constraint == "ck_lines_code"
    not_null = classify(failure(sqlite, "INSERT INTO lines (id, code) VALUES (4, 'C')"))
    assert isinstance(not_null, IntegrityViolation) and not_null.rule == "not_null"
    assert (not_null.table, not_null.columns) == ("lines", ("site",))

    trigger = failure(sqlite, "DELETE FROM stations")
    error = classify(trigger)
    assert isinstance(error, IntegrityViolation) and error.rule == "other"
    assert "append-only" in str(error)
    assert translate(trigger).code == "integrity_error"


def test_sqlite_busy_is_transient_and_other_failures_other(sqlite: Connection) -> None:
    locked = DBAPIError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
    assert isinstance(classify(locked), TransientFailure)
    error = classify(failure(sqlite, "SELECT * FROM nowhere"))
    assert type(error) is DatabaseError and "no such table" in str(error)


# -- what the API and the MQTT ingest make of them --------------------------------------------


@pytest.fixture
def raising_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/raise/{case}")
    async def raise_(case: str) -> None:
        raise CASES[case]

    return app


CASES: dict[str, BaseException] = {
    "unique": classify(UNIQUE),
    "unique_orm": via_sqlalchemy(UNIQUE),
    "fk_delete": classify(FK_DELETE),
    "fk_insert_orm": via_sqlalchemy(FK_INSERT),
    "check": classify(CHECK),
    "deadlock": classify(pg("40P01", "deadlock detected")),
    "serialization_orm": via_sqlalchemy(pg("40001", "could not serialize access")),
    "locked_orm": DBAPIError("BEGIN", {}, sqlite3.OperationalError("database is locked")),
    "shutdown": classify(pg("57P01", "terminating connection due to administrator command")),
    "refused": classify(ConnectionRefusedError(111, "Connect call failed")),
    "invalidated_orm": via_sqlalchemy(pg("XX000", "lost"), invalidated=True),
    "other": classify(pg("22012", "division by zero")),
    "other_orm": via_sqlalchemy(pg("P0001", "audit_log is append-only")),
}


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("unique", 409, "duplicate"),
        ("unique_orm", 409, "duplicate"),
        ("fk_delete", 409, "in_use"),
        ("fk_insert_orm", 422, "unknown_reference"),
        ("check", 422, "constraint_violation"),
        ("deadlock", 409, "concurrent_update"),
        ("serialization_orm", 409, "concurrent_update"),
        ("locked_orm", 409, "concurrent_update"),
        ("shutdown", 503, "database_error"),
        ("refused", 503, "database_error"),
        ("invalidated_orm", 503, "database_error"),
        ("other", 503, "database_error"),
        ("other_orm", 503, "database_error"),
    ],
)
async def test_one_problem_handler(raising_app: FastAPI, case: str, status: int, code: str) -> None:
    transport = ASGITransport(app=raising_app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://takt") as client:
        r = await client.get(f"/raise/{case}")
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["code"] == code and body["status"] == status
    assert r.headers["content-type"] == "application/problem+json"
    if code == "database_error":
        assert body["title"] == "Database error"
        assert body["detail"] == "the database could not complete the request"


@pytest.mark.parametrize(
    ("exc", "failure", "code"),
    [
        (classify(UNIQUE), "race", "duplicate"),
        (via_sqlalchemy(UNIQUE), "race", "duplicate"),
        (UNIQUE, "race", "duplicate"),
        (classify(FK_INSERT), "refused", "constraint_violation"),
        (classify(CHECK), "refused", "constraint_violation"),
        (classify(pg("40001", "could not serialize access")), "transient", "database_busy"),
        (DBAPIError("BEGIN", {}, sqlite3.OperationalError("database is locked")), "transient", ""),
        (classify(pg("57P01", "terminating")), "transient", "database_unavailable"),
        (classify(pg("53300", "too many clients")), "transient", "database_unavailable"),
        (asyncpg.InterfaceError("connection is closed"), "transient", "database_unavailable"),
        (OSError("network is unreachable"), "transient", "database_unavailable"),
        (classify(pg("22003", "numeric field overflow")), "refused", "database_rejected"),
        (via_sqlalchemy(pg("22003", "numeric field overflow")), "refused", "database_rejected"),
    ],
)
def test_ingest_retries_what_the_database_may_do_later(
    exc: BaseException, failure: str, code: str
) -> None:
    got_failure, got_code, detail = classify_failure(exc)
    assert got_failure == failure
    assert got_code == code or not code
    assert detail
