"""Statement builders whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.db.base import Base


def insert_ignoring_conflicts(session: AsyncSession, model: type[Base]) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` for the session's dialect."""
    if is_postgres(session):
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def connect_arguments(database_url: str, application_name: str) -> dict[str, Any]:
    """asyncpg.connect() arguments for an SQLAlchemy `postgresql+asyncpg://` URL (for the
    dedicated LISTEN connections, which live outside SQLAlchemy's pool)."""
    url = make_url(database_url)
    arguments: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "database": url.database,
        "server_settings": {"application_name": application_name},
    }
    ssl = url.query.get("ssl") or url.query.get("sslmode")
    if isinstance(ssl, str):
        arguments["ssl"] = ssl
    return {k: v for k, v in arguments.items() if v is not None}


class joined_strings(FunctionElement[str]):
    """The group's strings joined with a newline: `string_agg` on PostgreSQL, `group_concat`
    on SQLite. The separator is written into the SQL (SQLAlchemy's own `aggregate_strings`
    makes it a parameter expanded at execution, which the hot executor's compiled statements
    do not do)."""

    type = String()
    inherit_cache = True
    name = "joined_strings"

    def __init__(self, value: Any) -> None:
        super().__init__(value, literal_column("'\n'"))


@compiles(joined_strings, "postgresql")
def _string_agg(element: joined_strings, compiler: SQLCompiler, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)})"


@compiles(joined_strings, "sqlite")
def _group_concat(element: joined_strings, compiler: SQLCompiler, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)})"


class json_rows(FunctionElement[str]):
    """The group's rows as a JSON array of arrays (`[[a, b, …], …]`, as text; no defined
    order): `json_agg(json_build_array(…))` on PostgreSQL, `json_group_array(json_array(…))`
    on SQLite. Timestamps come back as ISO strings, booleans as true/false or 1/0."""

    type = String()
    inherit_cache = True
    name = "json_rows"


@compiles(json_rows, "postgresql")
def _json_agg(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))::text"


@compiles(json_rows, "sqlite")
def _json_group_array(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


class json_object(FunctionElement[Any]):
    """A JSON object from alternating keys and values: `jsonb_build_object` on PostgreSQL,
    `json_object` on SQLite."""

    inherit_cache = True
    name = "json_object"


@compiles(json_object, "postgresql")
def _jsonb_build_object(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_build_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object, "sqlite")
def _sqlite_json_object(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


class seconds_between(FunctionElement[float]):
    """Seconds from one timestamp to another, as a float: `EXTRACT(EPOCH FROM …)` of their
    difference on PostgreSQL, the difference of their Julian days on SQLite (which stores
    timestamps as ISO text and resolves them to the millisecond)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(start, end)


@compiles(seconds_between, "postgresql")
def _epoch_difference(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end}) - ({start})) AS DOUBLE PRECISION)"


@compiles(seconds_between, "sqlite")
def _julian_difference(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"
