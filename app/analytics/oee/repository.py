"""The SQL of OEE: machine states, machine counts, unit events and batch steps aggregated in
the database per workstation and per bucket of planned busy time.

Every (workstation, piece of its line's planned busy time) goes in as a pair (the CTE `pair`:
one array parameter per column on PostgreSQL, one JSON parameter on SQLite). Each aggregate
then finds its rows per pair with
an index range scan: machine states by (workstation_id, started_at) — from the last interval
that started at or before the piece (it may reach into it) to the piece's end — counts by
(workstation_id, at), unit events by (from_workstation_id, at), batch steps by the partial
index of done steps (workstation_id, completed_at).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, bindparam, column, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.oee.plan import Piece
from app.analytics.sql import is_postgres
from app.db.base import UTCDateTime


@dataclass(frozen=True)
class Station:
    id: int
    line_id: int
    ideal_cycle_s: float | None


async def stations(
    session: AsyncSession, line_id: int | None, workstation_id: int | None
) -> list[Station]:
    where, params = [], {}
    if line_id is not None:
        where.append("line_id = :line_id")
        params["line_id"] = line_id
    if workstation_id is not None:
        where.append("id = :ws_id")
        params["ws_id"] = workstation_id
    sql = "SELECT id, line_id, ideal_cycle_s FROM workstations"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = (await session.execute(text(sql + " ORDER BY id"), params)).all()
    return [Station(r[0], r[1], r[2]) for r in rows]


class _Sql:
    """Dialect pieces and the `pair` CTE: every (workstation, bucket, start, end) of the
    workstations' pieces, one array parameter each on PostgreSQL (`unnest`), one JSON
    parameter on SQLite (`json_each`)."""

    def __init__(self, session: AsyncSession, pairs: Sequence[tuple[int, Piece]]):
        self.pg = is_postgres(session)
        if self.pg:
            self.params: dict[str, Any] = {
                "pw": [w for w, _ in pairs],
                "pb": [p.bucket for _, p in pairs],
                "ps": [p.start for _, p in pairs],
                "pe": [p.end for _, p in pairs],
            }
            self.ctes = (
                "WITH pair AS (SELECT * FROM unnest(CAST(:pw AS BIGINT[]), "
                "CAST(:pb AS INTEGER[]), CAST(:ps AS TIMESTAMP WITH TIME ZONE[]), "
                "CAST(:pe AS TIMESTAMP WITH TIME ZONE[])) AS t(w, b, s, e))"
            )
        else:
            stored = "%Y-%m-%d %H:%M:%S.%f"  # how SQLite stores UTC timestamps
            rows = [
                [w, p.bucket, _naive(p.start).strftime(stored), _naive(p.end).strftime(stored)]
                for w, p in pairs
            ]
            self.params = {"pairs": json.dumps(rows)}
            self.ctes = (
                "WITH pair(w, b, s, e) AS (SELECT json_extract(value, '$[0]'), "
                "json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                "json_extract(value, '$[3]') FROM json_each(:pairs))"
            )

    def total_seconds(self, later: str, earlier: str) -> str:
        """Σ (the least of `later` - the greatest of `earlier`) in seconds, an aggregate
        (PostgreSQL sums intervals and converts once per group)."""
        if self.pg:
            return f"CAST(EXTRACT(EPOCH FROM SUM(LEAST({later}) - GREATEST({earlier}))) AS FLOAT)"
        return f"SUM(julianday(MIN({later})) - julianday(MAX({earlier}))) * 86400.0"

    async def rows(self, session: AsyncSession, sql: str, **extra: Any) -> list[Any]:
        binds: list[Any] = []
        for name, value in extra.items():
            if isinstance(value, datetime):
                binds.append(bindparam(name, type_=UTCDateTime()))
        stmt = text(f"{self.ctes} {sql}").bindparams(*binds)
        return list((await session.execute(stmt, self.params | extra)).all())


# The plan every aggregate here wants: for each pair, an index range scan. PostgreSQL cannot
# estimate range conditions against an unnested array and otherwise picks hash or merge joins
# on the workstation alone, filtering millions of combinations (seconds instead of tens of
# milliseconds); parallel workers only add their start-up to these short scans. For this
# transaction only.
_RANGE_JOINS = text(
    "SELECT set_config('enable_hashjoin', 'off', true), "
    "set_config('enable_mergejoin', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true)"
)


@dataclass(frozen=True)
class Figures:
    """Per (workstation, bucket): state seconds by (state, reason_id); counts (good,
    reject); unit events (produced, good, Σ ideal cycle, produced without one); batch steps
    (the same four)."""

    states: list[Any]
    counts: dict[tuple[int, int], tuple[int, int]]
    units: dict[tuple[int, int], tuple[int, int, float, int]]
    batches: dict[tuple[int, int], tuple[int, int, float, int]]


async def figures(
    session: AsyncSession, pairs: Sequence[tuple[int, Piece]], now: datetime
) -> Figures:
    q = _Sql(session, pairs)
    if q.pg:
        await session.execute(_RANGE_JOINS)
    overlap = q.total_seconds("COALESCE(m.ended_at, :now), p.e", "m.started_at, p.s")
    states = await q.rows(
        session,
        f""", bound AS (
            SELECT p.w, p.b, p.s, p.e, COALESCE((
                SELECT MAX(x.started_at) FROM machine_states x
                WHERE x.workstation_id = p.w AND x.started_at <= p.s), p.s) AS lo
            FROM pair p)
        SELECT p.w, p.b, m.state, m.reason_id, {overlap}
        FROM bound p JOIN machine_states m ON m.workstation_id = p.w
            AND m.started_at >= p.lo AND m.started_at < p.e
        WHERE COALESCE(m.ended_at, :now) > p.s AND COALESCE(m.ended_at, :now) > m.started_at
        GROUP BY p.w, p.b, m.state, m.reason_id
        """,
        now=now,
    )
    counts = await q.rows(
        session,
        """
        SELECT p.w, p.b, SUM(c.good), SUM(c.reject)
        FROM pair p JOIN machine_counts c ON c.workstation_id = p.w
            AND c.at >= p.s AND c.at < p.e
        GROUP BY p.w, p.b
        """,
    )
    # Aggregated per order and step first, then priced with the order's pinned route.
    units = await q.rows(
        session,
        """
        SELECT x.w, x.b, SUM(x.n), SUM(x.good),
            COALESCE(SUM(rs.ideal_cycle_s * x.n), 0),
            SUM(CASE WHEN rs.ideal_cycle_s IS NULL THEN x.n ELSE 0 END)
        FROM (
            SELECT p.w, p.b, ue.order_id, ue.from_step, COUNT(*) AS n,
                SUM(CASE WHEN ue.type = 'scrapped' THEN 0 ELSE 1 END) AS good
            FROM pair p JOIN unit_events ue ON ue.from_workstation_id = p.w
                AND ue.at >= p.s AND ue.at < p.e
            WHERE ue.type IN ('moved', 'completed', 'scrapped')
            GROUP BY p.w, p.b, ue.order_id, ue.from_step
        ) x
        JOIN orders o ON o.id = x.order_id
        LEFT JOIN route_steps rs ON rs.revision_id = o.route_revision_id
            AND rs.seq = x.from_step
        GROUP BY x.w, x.b
        """,
    )
    batches = await q.rows(
        session,
        """
        SELECT p.w, p.b, SUM(bs.quantity_in), SUM(bs.good),
            COALESCE(SUM(bs.ideal_cycle_s * bs.quantity_in), 0),
            SUM(CASE WHEN bs.ideal_cycle_s IS NULL THEN bs.quantity_in ELSE 0 END)
        FROM pair p JOIN batch_steps bs ON bs.workstation_id = p.w
            AND bs.status = 'done' AND bs.completed_at >= p.s AND bs.completed_at < p.e
        GROUP BY p.w, p.b
        """,
    )
    return Figures(
        states=states,
        counts={(r[0], r[1]): (int(r[2]), int(r[3])) for r in counts},
        units={(r[0], r[1]): (int(r[2]), int(r[3]), float(r[4]), int(r[5])) for r in units},
        batches={(r[0], r[1]): (int(r[2]), int(r[3]), float(r[4]), int(r[5])) for r in batches},
    )


@dataclass(frozen=True)
class Blocking:
    line_id: int
    workstation_id: int | None
    start: datetime
    end: datetime


async def blocking_issues(
    session: AsyncSession, since: datetime, until: datetime, line_ids: Sequence[int]
) -> list[Blocking]:
    """Blocking issues at a workstation, or at a whole line (no workstation), of `line_ids`
    that block at some time in [since, until): from opening until resolved (or closed)."""
    if not line_ids:
        return []
    ids = ", ".join(str(int(i)) for i in line_ids)
    stmt = (
        text(
            "SELECT COALESCE(w.line_id, i.line_id) AS line_id, i.workstation_id, "
            "i.opened_at AS start, COALESCE(i.resolved_at, i.closed_at, :until) AS finish "
            "FROM issues i LEFT JOIN workstations w ON w.id = i.workstation_id "
            f"WHERE i.blocking AND COALESCE(w.line_id, i.line_id) IN ({ids}) "
            "AND i.opened_at < :until "
            "AND COALESCE(i.resolved_at, i.closed_at, :until) > :since"
        )
        .bindparams(
            bindparam("since", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime())
        )
        .columns(
            column("line_id", BigInteger),
            column("workstation_id", BigInteger),
            column("start", UTCDateTime()),
            column("finish", UTCDateTime()),
        )
    )
    rows = (await session.execute(stmt, {"since": since, "until": until})).all()
    return [Blocking(r[0], r[1], r[2], r[3]) for r in rows]


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)
