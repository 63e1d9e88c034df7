"""The reference for bench/commands.py: every unit command with the rows Takt writes for it,
as hand-written SQL on a raw asyncpg pool behind a bare ASGI app (no framework, no ORM, no
auth, no schema validation).

    POST /ref/units/{serial}/move            {}
    POST /ref/units/{serial}/gate            {"result": "pass"|"fail", "defect_code"?}
    POST /ref/units/{serial}/rework          {"to_step", "defect_code"?}
    POST /ref/units/{serial}/scrap           {"reason", "defect_code"?}
    POST /ref/units/{serial}/measurements    {"test": <name>, "value": <number>}
    POST /ref/orders/{number}/units          {"count"}

The shape is the leanest a hand-written server would use, with no lock held across a
client round trip:

- move, gate, rework, scrap: one read of the unit with what the command needs (its order,
  current and next step; the gate's blocking tests; the defect code; the rework target),
  then one compare-and-set statement that commits by itself: it updates the unit only if it
  is still as read and its order still running, and inserts the history, outbox, audit and
  quality event rows with it (data-modifying CTEs); a unit that finishes is counted on its
  order, and the order completes, in the same statement (the order row is locked for that
  statement only).
- measurement: one statement reads the unit and the test, judges the value and inserts the
  measurement, its history row, its inspection quality event and its audit entry.
- generation: one statement checks and counts the units on the order (its row locked for that
  statement only), advances the part's serial counter and inserts the units, their history
  and outbox rows and the order's audit entry.

Deliberately left out: Takt's alert rules (the bench defines none), the operator/station
checks (the bench acts as admin), a failing measurement failing the gate (the bench measures
passing values), orders that are not running (the bench starts them through Takt's API).
Losing a compare-and-set race is answered 409 (the bench gives each unit to one connection).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench.reference_app import send_json

ACTOR = "user:reference"
_pool: asyncpg.Pool | None = None


class Sql:
    """A statement written with `:name` parameters, run by asyncpg as `$n`."""

    def __init__(self, text: str) -> None:
        self.names: list[str] = []

        def number(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.names:
                self.names.append(name)
            return f"${self.names.index(name) + 1}"

        self.text = re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", number, text)

    def args(self, values: Mapping[str, Any]) -> list[Any]:
        return [values[name] for name in self.names]


async def _fetchrow(sql: Sql, values: Mapping[str, Any]) -> asyncpg.Record | None:
    assert _pool is not None
    async with _pool.acquire() as conn:
        return await conn.fetchrow(sql.text, *sql.args(values))


async def _fetch(sql: Sql, values: Mapping[str, Any]) -> list[asyncpg.Record]:
    assert _pool is not None
    async with _pool.acquire() as conn:
        return list(await conn.fetch(sql.text, *sql.args(values)))


# -- reading a unit ------------------------------------------------------------------------


def _read(extra_columns: str = "", extra_joins: str = "") -> Sql:
    return Sql(
        f"""
        SELECT u.id, u.serial, u.order_id, o.number AS order_number, o.status AS order_status,
               p.number AS part_number, u.line_id, u.status, u.step, u.awaiting,
               u.workstation_id, cws.code AS workstation_code, coalesce(cur.is_gate, false)
               AS is_gate, u.rework_count, u.created_at, u.updated_at, u.step_entered_at,
               nxt.seq AS next_step, nxt.workstation_id AS next_workstation_id,
               nws.code AS next_workstation_code, coalesce(nxt.is_gate, false) AS next_is_gate
               {extra_columns}
        FROM units u
        JOIN orders o ON o.id = u.order_id
        JOIN parts p ON p.id = u.part_id
        LEFT JOIN route_steps cur ON cur.revision_id = u.route_revision_id AND cur.seq = u.step
        LEFT JOIN workstations cws ON cws.id = u.workstation_id
        LEFT JOIN route_steps nxt
            ON nxt.revision_id = u.route_revision_id AND nxt.seq = u.step + 1
        LEFT JOIN workstations nws ON nws.id = nxt.workstation_id
        {extra_joins}
        WHERE u.serial = :serial
        """
    )


_DEFECT = ", (SELECT d.id FROM defect_codes d WHERE d.code = :defect_code) AS defect_code_id"
READ = _read()
READ_DEFECT = _read(_DEFECT)
# What keeps the unit from passing its gate: required tests without a measurement in this
# rework cycle, and tests whose latest measurement in it failed.
READ_GATE = _read(
    _DEFECT
    + """,
    (SELECT count(*) FROM test_definitions t
     JOIN route_revisions rr ON rr.route_id = t.route_id AND rr.id = u.route_revision_id
     LEFT JOIN LATERAL (
         SELECT m.result FROM measurements m
         WHERE m.unit_id = u.id AND m.test_definition_id = t.id
           AND m.rework_count = u.rework_count
         ORDER BY m.id DESC LIMIT 1
     ) latest ON true
     WHERE t.step = u.step
       AND ((t.required AND latest.result IS NULL) OR latest.result = 'fail')) AS blockers"""
)
READ_REWORK = _read(
    _DEFECT + ", tgt.seq AS target_step, tgt.workstation_id AS target_workstation_id,"
    " tws.code AS target_workstation_code, tgt.is_gate AS target_is_gate",
    "LEFT JOIN route_steps tgt ON tgt.revision_id = u.route_revision_id"
    " AND tgt.seq = :to_step::int LEFT JOIN workstations tws ON tws.id = tgt.workstation_id",
)


# -- writing a transition ------------------------------------------------------------------

_EVENT_COLUMNS = ("type", "from_step", "to_step", "from_ws", "to_ws", "result", "notes", "status")


def _events(count: int) -> str:
    """The transition's events (history and outbox rows), in order, as a row source."""
    rows = [
        f"SELECT {i} AS ord, :e{i}_type::text AS type, :e{i}_from_step::int AS from_step,"
        f" :e{i}_to_step::int AS to_step, :e{i}_from_ws::bigint AS from_ws,"
        f" :e{i}_to_ws::bigint AS to_ws, :e{i}_result::text AS result,"
        f" :e{i}_notes::text AS notes, :e{i}_status::text AS status"
        for i in range(count)
    ]
    return "(" + " UNION ALL ".join(rows) + ") e"


def _transition(events: int, *, quality: bool, finish: bool) -> Sql:
    """The compare-and-set statement of a transition with `events` events; with `quality`
    a quality event for the first one; with `finish` the unit is counted on its order and
    the completion rule applied. Returns how many units it wrote (0: the unit had changed)."""
    parts = [
        """
        WITH u AS (
            UPDATE units SET step = :step::int, workstation_id = :workstation_id::bigint,
                status = :status::text, awaiting = :awaiting::text,
                rework_count = :rework_count::int, updated_at = :at::timestamptz,
                step_entered_at = :step_entered_at::timestamptz,
                finished_at = :finished_at::timestamptz
            WHERE id = :unit_id::bigint AND status = 'in_progress'
              AND step = :was_step::int AND updated_at = :was_updated_at::timestamptz
              AND EXISTS (SELECT 1 FROM orders o
                          WHERE o.id = units.order_id AND o.status = ANY(:order_statuses::text[]))
            RETURNING id
        )"""
    ]
    source = "u CROSS JOIN " + _events(events)
    order = " ORDER BY e.ord" if events > 1 else ""
    parts.append(
        f"""
        h AS (
            INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step,
                from_workstation_id, to_workstation_id, result, defect_code_id, notes, actor, at)
            SELECT u.id, :order_id::bigint, e.type, e.from_step, e.to_step, e.from_ws, e.to_ws,
                e.result, CASE WHEN e.ord = 0 THEN :defect_code_id::bigint END, e.notes,
                :actor::text, :at::timestamptz
            FROM {source}{order}
        ),
        ob AS (
            INSERT INTO outbox_events (type, unit_id, serial, order_number, line_id, from_step,
                to_step, from_workstation_id, to_workstation_id, status, at)
            SELECT e.type, u.id, :serial::text, :order_number::text, :line_id::bigint,
                e.from_step, e.to_step, e.from_ws, e.to_ws, e.status, :at::timestamptz
            FROM {source}{order}
        ),
        a AS (
            INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before, after)
            SELECT :at::timestamptz, :actor::text, 'unit', :serial::text, :action::text,
                :before::jsonb, :after::jsonb
            FROM u
        )"""
    )
    if quality:
        parts.append(
            """
        q AS (
            INSERT INTO quality_events (type, result, unit_id, order_id, step, workstation_id,
                defect_code_id, notes, actor, at)
            SELECT :q_type::text, :e0_result::text, u.id, :order_id::bigint,
                :e0_from_step::int, :e0_from_ws::bigint, :defect_code_id::bigint,
                :e0_notes::text, :actor::text, :at::timestamptz
            FROM u
        )"""
        )
    if finish:
        parts.append(
            """
        f AS (
            UPDATE orders SET completed = completed + :f_completed::int,
                scrapped = scrapped + :f_scrapped::int, updated_at = :at::timestamptz,
                status = CASE WHEN status = 'running'
                    AND completed + :f_completed::int >= quantity
                    AND started = completed + :f_completed::int + scrapped + :f_scrapped::int
                    THEN 'complete' ELSE status END,
                finished_at = CASE WHEN status = 'running'
                    AND completed + :f_completed::int >= quantity
                    AND started = completed + :f_completed::int + scrapped + :f_scrapped::int
                    THEN :at::timestamptz ELSE finished_at END
            WHERE id = :order_id::bigint AND EXISTS (SELECT 1 FROM u)
            RETURNING number, status = 'complete' AND finished_at = :at::timestamptz AS done
        ),
        fa AS (
            INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before, after)
            SELECT :at::timestamptz, :actor::text, 'order', f.number, 'auto_complete',
                '{"status": "running"}'::jsonb, '{"status": "complete"}'::jsonb
            FROM f WHERE f.done
        )"""
        )
    return Sql(",".join(parts) + "\nSELECT count(*) FROM u")


MOVE = _transition(1, quality=False, finish=False)
MOVE_COMPLETING = _transition(1, quality=False, finish=True)
GATE_PASS = _transition(2, quality=True, finish=False)
GATE_PASS_COMPLETING = _transition(2, quality=True, finish=True)
ONE_QUALITY_EVENT = _transition(1, quality=True, finish=False)  # gate fail, rework
SCRAP = _transition(1, quality=True, finish=True)

RUNNING = ("running",)
SCRAPPABLE = ("running", "paused", "blocked", "complete", "cancelled")


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


def _position(
    step: int, workstation_id: int | None, code: str | None, status: str, awaiting: str | None
) -> dict[str, Any]:
    return {
        "step": step,
        "workstation_id": workstation_id,
        "workstation": code,
        "status": status,
        "awaiting": awaiting,
    }


def _here(unit: asyncpg.Record) -> dict[str, Any]:
    return _position(
        unit["step"],
        unit["workstation_id"],
        unit["workstation_code"],
        unit["status"],
        unit["awaiting"],
    )


def _advanced(unit: asyncpg.Record) -> tuple[str, dict[str, Any]]:
    """Where a move takes the unit: the next step, or completion from the last one."""
    if unit["next_step"] is None:
        return "completed", _position(unit["step"], None, None, "completed", None)
    awaiting = "gate_decision" if unit["next_is_gate"] else "move"
    return "moved", _position(
        unit["next_step"],
        unit["next_workstation_id"],
        unit["next_workstation_code"],
        "in_progress",
        awaiting,
    )


def _workable(unit: asyncpg.Record | None, statuses: tuple[str, ...] = RUNNING) -> asyncpg.Record:
    if unit is None:
        raise Refused(404, "no such unit")
    if unit["status"] != "in_progress":
        raise Refused(409, f"unit is {unit['status']}")
    if unit["order_status"] not in statuses:
        raise Refused(409, f"order is {unit['order_status']}")
    return unit


async def _write(
    sql: Sql,
    unit: asyncpg.Record,
    action: str,
    events: list[tuple[str, dict[str, Any], str | None, str | None]],
    *,
    order_statuses: tuple[str, ...] = RUNNING,
    rework: bool = False,
    defect_code_id: int | None = None,
    quality_type: str | None = None,
) -> dict[str, Any]:
    """Write the transition (events: type, position after it, result, notes) and answer
    the unit as it is after it."""
    at = datetime.now(UTC)
    origin, values = _here(unit), {}
    for i, (type_, to, result, notes) in enumerate(events):
        values.update(
            {
                f"e{i}_type": type_,
                f"e{i}_from_step": origin["step"],
                f"e{i}_to_step": to["step"],
                f"e{i}_from_ws": origin["workstation_id"],
                f"e{i}_to_ws": to["workstation_id"],
                f"e{i}_result": result,
                f"e{i}_notes": notes,
                f"e{i}_status": to["status"],
            }
        )
        origin = to
    to = origin
    moved = to["step"] != unit["step"] or to["workstation_id"] != unit["workstation_id"]
    finished = to["status"] != "in_progress"
    rework_count = unit["rework_count"] + (1 if rework else 0)
    values.update(
        unit_id=unit["id"],
        was_step=unit["step"],
        was_updated_at=unit["updated_at"],
        order_statuses=list(order_statuses),
        step=to["step"],
        workstation_id=to["workstation_id"],
        status=to["status"],
        awaiting=to["awaiting"],
        rework_count=rework_count,
        at=at,
        step_entered_at=at if moved else unit["step_entered_at"],
        finished_at=at if finished else None,
        order_id=unit["order_id"],
        serial=unit["serial"],
        order_number=unit["order_number"],
        line_id=unit["line_id"],
        actor=ACTOR,
        action=action,
        defect_code_id=defect_code_id,
        before=json.dumps(
            {"step": unit["step"], "status": unit["status"], "awaiting": unit["awaiting"]}
        ),
        after=json.dumps({"step": to["step"], "status": to["status"], "awaiting": to["awaiting"]}),
        q_type=quality_type,
        f_completed=1 if to["status"] == "completed" else 0,
        f_scrapped=1 if to["status"] == "scrapped" else 0,
    )
    written = await _fetchrow(sql, values)
    if written is None or written[0] != 1:
        raise Refused(409, "the unit changed meanwhile")
    return {
        "serial": unit["serial"],
        "order": unit["order_number"],
        "part": unit["part_number"],
        "status": to["status"],
        "step": to["step"],
        "workstation": to["workstation"],
        "workstation_id": to["workstation_id"],
        "awaiting": to["awaiting"],
        "rework_count": rework_count,
        "created_at": unit["created_at"].isoformat(),
        "updated_at": at.isoformat(),
    }


async def move(serial: str, body: dict[str, Any]) -> dict[str, Any]:
    unit = _workable(await _fetchrow(READ, {"serial": serial}))
    if unit["awaiting"] != "move":
        raise Refused(409, f"the unit awaits {unit['awaiting']}")
    event, to = _advanced(unit)
    sql = MOVE_COMPLETING if event == "completed" else MOVE
    return await _write(sql, unit, "move", [(event, to, None, None)])


async def gate(serial: str, body: dict[str, Any]) -> dict[str, Any]:
    defect_code = body.get("defect_code")
    unit = _workable(await _fetchrow(READ_GATE, {"serial": serial, "defect_code": defect_code}))
    if unit["step"] == 0 or not unit["is_gate"]:
        raise Refused(409, "not a gate")
    if unit["awaiting"] != "gate_decision":
        raise Refused(409, "disposition required")
    if defect_code is not None and unit["defect_code_id"] is None:
        raise Refused(422, "unknown defect code")
    if body["result"] == "pass":
        if unit["blockers"]:
            raise Refused(409, "tests incomplete or failed")
        event, to = _advanced(unit)
        sql = GATE_PASS_COMPLETING if event == "completed" else GATE_PASS
        events = [("gate_passed", _here(unit), "pass", body.get("notes")), (event, to, None, None)]
        action = "gate_pass"
    else:
        failed = _here(unit) | {"awaiting": "disposition"}
        sql, events = ONE_QUALITY_EVENT, [("gate_failed", failed, "fail", body.get("notes"))]
        action = "gate_fail"
    return await _write(
        sql,
        unit,
        action,
        events,
        defect_code_id=unit["defect_code_id"],
        quality_type="inspection",
    )


async def rework(serial: str, body: dict[str, Any]) -> dict[str, Any]:
    defect_code = body.get("defect_code")
    unit = _workable(
        await _fetchrow(
            READ_REWORK,
            {"serial": serial, "defect_code": defect_code, "to_step": body["to_step"]},
        )
    )
    if unit["step"] == 0:
        raise Refused(409, "not started")
    if unit["target_step"] is None:
        raise Refused(422, "unknown step")
    if unit["target_step"] > unit["step"]:
        raise Refused(409, "rework goes back")
    if defect_code is not None and unit["defect_code_id"] is None:
        raise Refused(422, "unknown defect code")
    to = _position(
        unit["target_step"],
        unit["target_workstation_id"],
        unit["target_workstation_code"],
        "in_progress",
        "gate_decision" if unit["target_is_gate"] else "move",
    )
    return await _write(
        ONE_QUALITY_EVENT,
        unit,
        "rework",
        [("reworked", to, None, body.get("notes"))],
        rework=True,
        defect_code_id=unit["defect_code_id"],
        quality_type="rework",
    )


async def scrap(serial: str, body: dict[str, Any]) -> dict[str, Any]:
    defect_code = body.get("defect_code")
    unit = _workable(
        await _fetchrow(READ_DEFECT, {"serial": serial, "defect_code": defect_code}), SCRAPPABLE
    )
    if defect_code is not None and unit["defect_code_id"] is None:
        raise Refused(422, "unknown defect code")
    to = _position(unit["step"], None, None, "scrapped", None)
    return await _write(
        SCRAP,
        unit,
        "scrap",
        [("scrapped", to, None, body["reason"])],
        order_statuses=SCRAPPABLE,
        defect_code_id=unit["defect_code_id"],
        quality_type="scrap",
    )


# -- a measurement, in one statement -------------------------------------------------------

MEASURE = Sql(
    """
    WITH c AS (
        SELECT u.id AS unit_id, u.order_id, u.step, u.workstation_id, u.rework_count,
               t.id AS test_id, t.name AS test_name, t.unit AS test_unit, t.lower_limit,
               t.upper_limit, t.step AS test_step, ts.workstation_id AS test_workstation_id
        FROM units u
        JOIN orders o ON o.id = u.order_id
        JOIN route_revisions rr ON rr.id = u.route_revision_id
        JOIN test_definitions t ON t.route_id = rr.route_id AND t.name = :test::text
        JOIN route_steps ts ON ts.revision_id = u.route_revision_id AND ts.seq = t.step
        WHERE u.serial = :serial::text AND u.status = 'in_progress' AND o.status = 'running'
          AND t.kind = 'scalar'
    ),
    m AS (
        INSERT INTO measurements (unit_id, order_id, test_definition_id, step, workstation_id,
            rework_count, value, points, mean, m2, min_value, max_value, lower_limit,
            upper_limit, result, source, actor, at)
        SELECT unit_id, order_id, test_id, test_step, test_workstation_id, rework_count,
            :value::float8, 1, :value::float8, 0, :value::float8, :value::float8, lower_limit,
            upper_limit,
            CASE WHEN (lower_limit IS NULL OR :value::float8 >= lower_limit)
                  AND (upper_limit IS NULL OR :value::float8 <= upper_limit)
                 THEN 'pass' ELSE 'fail' END,
            'operator', :actor::text, :at::timestamptz
        FROM c
        RETURNING id, result
    ),
    h AS (
        INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step,
            from_workstation_id, to_workstation_id, result, notes, actor, at)
        SELECT c.unit_id, c.order_id, 'measured', c.step, c.step, c.workstation_id,
            c.workstation_id, m.result, c.test_name || ': ' || :shown::text || ' ' || c.test_unit,
            :actor::text, :at::timestamptz
        FROM c, m
    ),
    q AS (
        INSERT INTO quality_events (type, result, unit_id, order_id, step, workstation_id,
            measurement_id, actor, at)
        SELECT 'inspection', m.result, c.unit_id, c.order_id, c.test_step,
            c.test_workstation_id, m.id, :actor::text, :at::timestamptz
        FROM c, m
    ),
    a AS (
        INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before, after)
        SELECT :at::timestamptz, :actor::text, 'measurement', m.id::text, 'record', NULL,
            jsonb_build_object('serial', :serial::text, 'test', c.test_name,
                               'result', m.result, 'source', 'operator')
        FROM c, m
    )
    SELECT m.id, m.result, c.* FROM c, m
    """
)


async def measure(serial: str, body: dict[str, Any]) -> dict[str, Any]:
    value = float(body["value"])
    at = datetime.now(UTC)
    row = await _fetchrow(
        MEASURE,
        {
            "serial": serial,
            "test": body["test"],
            "value": value,
            "shown": f"{value:g}",
            "actor": ACTOR,
            "at": at,
        },
    )
    if row is None:
        raise Refused(409, "no such unit or test, or the unit cannot be measured")
    return {
        "id": row["id"],
        "serial": serial,
        "test_id": row["test_id"],
        "test": row["test_name"],
        "kind": "scalar",
        "unit": row["test_unit"],
        "value": value,
        "values": None,
        "lower_limit": row["lower_limit"],
        "upper_limit": row["upper_limit"],
        "result": row["result"],
        "source": "operator",
        "step": row["test_step"],
        "workstation_id": row["test_workstation_id"],
        "rework_count": row["rework_count"],
        "actor": ACTOR,
        "at": at.isoformat(),
        "failed_gate": False,
    }


# -- generating units, in one statement ----------------------------------------------------

GENERATE = Sql(
    """
    WITH o AS (
        UPDATE orders SET started = started + :count::int, updated_at = :at::timestamptz
        WHERE number = :number::text AND status = 'running'
          AND started - scrapped + :count::int <= quantity
        RETURNING id, number, part_id, route_revision_id, line_id
    ),
    fs AS (
        SELECT coalesce(o.line_id, w.line_id) AS line_id
        FROM o
        JOIN route_steps s ON s.revision_id = o.route_revision_id AND s.seq = 1
        JOIN workstations w ON w.id = s.workstation_id
    ),
    p AS (
        UPDATE parts SET serial_counter = serial_counter + :count::int
        FROM o WHERE parts.id = o.part_id
        RETURNING parts.serial_counter AS last, parts.serial_prefix AS prefix,
            parts.serial_digits AS digits, parts.number AS part_number
    ),
    new_units AS (
        INSERT INTO units (serial, order_id, part_id, route_revision_id, line_id, status, step,
            awaiting, rework_count, created_at, updated_at)
        SELECT p.prefix || '-' || lpad(n::text, greatest(p.digits, length(n::text)), '0'),
            o.id, o.part_id, o.route_revision_id, fs.line_id, 'in_progress', 0, 'move', 0,
            :at::timestamptz, :at::timestamptz
        FROM o, fs, p, generate_series(p.last - :count::int + 1, p.last) AS n
        ORDER BY n
        RETURNING id, serial, order_id, line_id
    ),
    h AS (
        INSERT INTO unit_events (unit_id, order_id, type, to_step, actor, at)
        SELECT id, order_id, 'created', 0, :actor::text, :at::timestamptz FROM new_units
    ),
    ob AS (
        INSERT INTO outbox_events (type, unit_id, serial, order_number, line_id, to_step,
            status, at)
        SELECT 'created', n.id, n.serial, o.number, n.line_id, 0, 'in_progress',
            :at::timestamptz
        FROM new_units n, o ORDER BY n.id
    ),
    a AS (
        INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before, after)
        SELECT :at::timestamptz, :actor::text, 'order', o.number, 'generate_units', NULL,
            jsonb_build_object('count', :count::int, 'first_serial', min(n.serial),
                               'last_serial', max(n.serial))
        FROM o, new_units n GROUP BY o.number
    )
    SELECT n.serial, o.number, p.part_number FROM new_units n, o, p ORDER BY n.id
    """
)


async def generate(number: str, body: dict[str, Any]) -> dict[str, Any]:
    at = datetime.now(UTC)
    count = int(body["count"])
    rows = await _fetch(GENERATE, {"number": number, "count": count, "at": at, "actor": ACTOR})
    if not rows:
        raise Refused(409, "no such running order, or the quantity would be exceeded")
    stamp = at.isoformat()
    return {
        "items": [
            {
                "serial": row["serial"],
                "order": row["number"],
                "part": row["part_number"],
                "status": "in_progress",
                "step": 0,
                "workstation": None,
                "workstation_id": None,
                "awaiting": "move",
                "rework_count": 0,
                "created_at": stamp,
                "updated_at": stamp,
            }
            for row in rows
        ]
    }


# -- the ASGI app --------------------------------------------------------------------------

UNIT_COMMANDS = {
    "move": move,
    "gate": gate,
    "rework": rework,
    "scrap": scrap,
    "measurements": measure,
}
CREATED = {"measurements"}


async def _lifespan(receive: Any, send: Any) -> None:
    global _pool
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _pool = await asyncpg.create_pool(os.environ["REF_DSN"], min_size=2, max_size=12)
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            if _pool is not None:
                await _pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    chunks = []
    more = True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    path: str = scope["path"]
    if path == "/health":
        await send_json(send, 200, b'{"status": "ok"}')
        return
    parts = path.strip("/").split("/")
    if scope["method"] != "POST" or len(parts) != 4 or parts[0] != "ref":
        await send_json(send, 404, b'{"detail": "no such path"}')
        return
    raw = b"".join(chunks)
    body = json.loads(raw) if raw else {}
    try:
        if parts[1] == "units" and parts[3] in UNIT_COMMANDS:
            answer = await UNIT_COMMANDS[parts[3]](parts[2], body)
            status = 201 if parts[3] in CREATED else 200
        elif parts[1] == "orders" and parts[3] == "units":
            answer, status = await generate(parts[2], body), 201
        else:
            await send_json(send, 404, b'{"detail": "no such path"}')
            return
    except Refused as refused:
        await send_json(send, refused.status, json.dumps({"detail": str(refused)}).encode())
        return
    await send_json(send, status, json.dumps(answer).encode())
