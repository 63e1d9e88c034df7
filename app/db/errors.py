"""Database errors, classified once.

Every way to the database (the asyncpg hot path, SQLite's, SQLAlchemy sessions) fails with
its own driver's exceptions. The executors wrap them at their boundary into `DatabaseError`,
and whatever still escapes raw (an ORM flush) is put through the same `classify`. Callers
decide on the `kind` alone:

- `integrity`: a constraint refused the change (the caller's fault; `app.db.integrity`
  turns it into a domain error);
- `transient`: the transaction lost a race (serialization failure, deadlock, lock not
  available, SQLite busy): running it again may succeed;
- `unavailable`: the database cannot be reached or refuses work for now (connection lost or
  refused, too many connections, shutting down);
- `other`: the database refused the statement for any other reason.

Only this module reads SQLSTATEs and driver messages.
"""

from __future__ import annotations

import re
import sqlite3
from typing import ClassVar, Literal

import asyncpg
from asyncpg.exceptions import _base as asyncpg_base
from sqlalchemy.exc import DBAPIError, EmulatedDBAPIException

Kind = Literal["integrity", "transient", "unavailable", "other"]
Rule = Literal["unique", "foreign_key", "check", "not_null", "other"]

# What a driver (or SQLAlchemy around it) raises for a database failure: wrapped at the
# executors' boundary, and what `classify` accepts besides our own.
DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    DBAPIError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    sqlite3.Error,
    OSError,  # a connection that cannot be opened, or dies (timeouts included)
)


class DatabaseError(Exception):
    """A database failure; as itself, the `other` kind (the statement was refused)."""

    kind: ClassVar[Kind] = "other"

    def __init__(
        self, message: str, *, sqlstate: str | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.detail = detail  # PostgreSQL's DETAIL line, when there is one


# Everything `classify` makes sense of.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, *DRIVER_ERRORS)


class IntegrityViolation(DatabaseError):
    """A constraint refused the change."""

    kind = "integrity"

    def __init__(
        self,
        message: str,
        *,
        rule: Rule,
        sqlstate: str | None = None,
        detail: str | None = None,
        constraint: str | None = None,
        table: str | None = None,
        columns: tuple[str, ...] = (),
        key: str | None = None,
        on_delete: bool = False,
    ) -> None:
        super().__init__(message, sqlstate=sqlstate, detail=detail)
        self.rule: Rule = rule
        self.constraint = constraint
        # The constraint's table: for a foreign key, the referencing one (also when deleting
        # a row it still refers to).
        self.table = table
        self.columns = columns
        self.key = key  # the offending key as PostgreSQL prints it, e.g. "code = ERR"
        self.on_delete = on_delete  # a foreign key broken by deleting (updating) its target


class TransientFailure(DatabaseError):
    """The transaction raced another one; running it again may succeed."""

    kind = "transient"


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached or takes no work for now."""

    kind = "unavailable"


_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock wait
# Too many connections, admin/crash shutdown, cannot connect now (plus all of class 08).
_PG_UNAVAILABLE = frozenset({"53300", "57P01", "57P02", "57P03"})
_PG_RULES: dict[str, Rule] = {
    "23505": "unique",
    "23503": "foreign_key",
    "23001": "foreign_key",  # restrict_violation: still referenced
    "23514": "check",
    "23502": "not_null",
}
_PG_KEY = re.compile(r"Key \((?P<cols>.*?)\)=\((?P<vals>.*)\) (?:already|is|conflicts)")
_PG_CONSTRAINT = re.compile(r'constraint "(?P<name>[^"]+)"')
_PG_TABLE = re.compile(r'(?:table|relation) "([^"]+)"')

_SQLITE_RULES: tuple[tuple[str, Rule], ...] = (
    ("UNIQUE constraint failed: ", "unique"),
    ("FOREIGN KEY constraint failed", "foreign_key"),
    ("CHECK constraint failed: ", "check"),
    ("NOT NULL constraint failed: ", "not_null"),
)
_SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_SQLITE_UNAVAILABLE = ("SQLITE_CANTOPEN", "SQLITE_IOERR")


def classify(exc: BaseException) -> DatabaseError:
    """The `DatabaseError` for a driver's (or SQLAlchemy's) exception; ours as it is."""
    if isinstance(exc, DatabaseError):
        return exc
    driver = _driver_exception(exc)
    sqlstate = _text(getattr(driver, "sqlstate", None) or getattr(driver, "pgcode", None))
    if sqlstate is not None:
        error = _postgres(driver, sqlstate)
    elif isinstance(driver, sqlite3.Error):
        error = _sqlite(driver)
    elif isinstance(driver, asyncpg_base.DataError):  # an argument asyncpg cannot encode
        error = DatabaseError(str(driver))
    elif isinstance(driver, asyncpg.InterfaceError | OSError):
        error = DatabaseUnavailable(f"{type(driver).__name__}: {driver}")
    else:
        error = DatabaseError(str(driver))
    if error.kind == "other" and isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable(str(error), sqlstate=error.sqlstate)
    return error


def _driver_exception(exc: BaseException) -> BaseException:
    """The driver's own exception inside SQLAlchemy's wrapping (and inside the DBAPI errors
    SQLAlchemy emulates for asyncpg)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, EmulatedDBAPIException):
        inner = exc.orig or exc.__cause__
        if inner is not None:
            return inner
    return exc


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _field(driver: BaseException, name: str) -> str | None:
    """A diagnostic field: asyncpg's attribute, or psycopg's `diag`."""
    return _text(getattr(driver, name, None)) or _text(
        getattr(getattr(driver, "diag", None), name, None)
    )


def _postgres(driver: BaseException, sqlstate: str) -> DatabaseError:
    message = str(driver)
    detail = _field(driver, "detail")
    if sqlstate.startswith("23"):
        return _pg_violation(driver, sqlstate, message, detail)
    if sqlstate in _PG_TRANSIENT:
        return TransientFailure(message, sqlstate=sqlstate, detail=detail)
    if sqlstate.startswith("08") or sqlstate in _PG_UNAVAILABLE:
        return DatabaseUnavailable(message, sqlstate=sqlstate, detail=detail)
    return DatabaseError(message, sqlstate=sqlstate, detail=detail)


def _pg_violation(
    driver: BaseException, sqlstate: str, message: str, detail: str | None
) -> IntegrityViolation:
    constraint = _field(driver, "constraint_name")
    if constraint is None and (m := _PG_CONSTRAINT.search(message)):
        constraint = m.group("name")
    table = _field(driver, "table_name")
    if table is None and (tables := _PG_TABLE.findall(message.partition("\n")[0])):
        table = tables[-1]  # a foreign key's referencing table comes last
    key = None
    columns: tuple[str, ...] = ()
    if m := _PG_KEY.search(detail or message):
        key = f"{m.group('cols')} = {m.group('vals')}"
        columns = _split(m.group("cols"))
    elif column := _field(driver, "column_name"):
        columns = (column,)
    return IntegrityViolation(
        message,
        rule=_PG_RULES.get(sqlstate, "other"),
        sqlstate=sqlstate,
        detail=detail,
        constraint=constraint,
        table=table,
        columns=columns,
        key=key,
        on_delete=message.startswith("update or delete on table"),
    )


def _split(columns: str) -> tuple[str, ...]:
    """`a, lower(b, c)` → ('a', 'lower(b, c)'): commas inside parentheses stay."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(columns):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(columns[start:i].strip())
            start = i + 1
    parts.append(columns[start:].strip())
    return tuple(p for p in parts if p)


def _sqlite(driver: sqlite3.Error) -> DatabaseError:
    message = str(driver)
    name = getattr(driver, "sqlite_errorname", "") or ""
    if isinstance(driver, sqlite3.IntegrityError):
        for prefix, rule in _SQLITE_RULES:
            if message.startswith(prefix):
                return _sqlite_violation(message, rule, message[len(prefix) :])
        return IntegrityViolation(message, rule="other")  # e.g. a trigger's RAISE(ABORT)
    if name.startswith(_SQLITE_BUSY) or "database is locked" in message.lower():
        return TransientFailure(message)
    if name.startswith(_SQLITE_UNAVAILABLE):
        return DatabaseUnavailable(message)
    return DatabaseError(message)


def _sqlite_violation(message: str, rule: Rule, rest: str) -> IntegrityViolation:
    """`t.a, t.b` (unique, not null), `index 'name'` (unique), or a CHECK's name."""
    table = constraint = None
    columns: tuple[str, ...] = ()
    if rest.startswith("index '"):
        constraint = rest[len("index '") :].rstrip("'")
    elif rule == "check":
        constraint = rest or None
    elif rest:
        qualified = [c.strip() for c in rest.split(",")]
        table = qualified[0].rpartition(".")[0] or None
        columns = tuple(c.rpartition(".")[2] for c in qualified)
    return IntegrityViolation(
        message, rule=rule, constraint=constraint, table=table, columns=columns
    )
