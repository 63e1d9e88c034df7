"""A small plant for the simulator's tests, and running it on a test database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from app.config import Settings
from app.db.session import Database
from app.main import register_hooks
from app.simulator.engine import World
from app.simulator.plant import Plant, parse_plant
from app.simulator.runner import Outcome, backfill, prepare

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday

SMALL_PLANT = """\
name: Test plant
users:
  - {username: boss, password: boss-password-123, role: supervisor}
lines:
  - code: A
    name: Line A
    operators: 2
    workstations:
      - {code: A-ASM, name: Assembly, ideal_cycle_s: 300, mtbf_min: 200, mttr_min: 10}
      - {code: A-TST, name: Test, ideal_cycle_s: 280, mtbf_min: 150, mttr_min: 20,
         auto_issue_type: STOP}
  - code: B
    name: Line B
    operators: 1
    workstations:
      - {code: B-MIX, name: Mixer, ideal_cycle_s: 3, mtbf_min: 200, auto_issue_type: STOP}
      - {code: B-QC, name: Inspection, ideal_cycle_s: 1}
  - code: C
    name: Line C
    operators: 1
    workstations:
      - {code: C-PRE, name: Pre-assembly, ideal_cycle_s: 250}
parts:
  - {number: WID-1, name: Widget, serial_prefix: WID, serial_digits: 5}
  - {number: CORE-1, name: Widget core, serial_prefix: CORE, serial_digits: 5}
  - {number: PASTE, name: Paste, serial_prefix: PST}
  - {number: SCR-2, name: Screw, kind: component, lot_size: 50, shelf_life_days: 0.5}
boms:
  - part: WID-1
    items: [{component: SCR-2, quantity: 4, step: 1}]
routes:
  - code: WID
    name: Widget route
    part: WID-1
    line: A
    steps:
      - {name: Assemble, workstation: A-ASM, ideal_cycle_s: 300, labour: true, install: [CORE-1]}
      - name: Test
        workstation: A-TST
        ideal_cycle_s: 280
        gate: true
        defect: LEAK
        tests:
          - {name: Leak rate, unit: mbar, high: 2.0, mean: 1.0, sd: 0.45}
  - code: PST
    name: Paste route
    part: PASTE
    line: B
    steps:
      - {name: Mix, workstation: B-MIX, ideal_cycle_s: 3}
      - name: Inspect
        workstation: B-QC
        ideal_cycle_s: 1
        gate: true
        tests:
          - {name: Viscosity, unit: Pa.s, low: 9, high: 11, mean: 10, sd: 0.4}
  - code: CORE
    name: Core route
    part: CORE-1
    line: C
    steps:
      - {name: Pre-assemble, workstation: C-PRE, ideal_cycle_s: 250}
demand:
  - {route: WID, per_shift: 1, quantity: [40, 60]}
  - {route: CORE, per_shift: 1, quantity: [45, 65]}
  - {route: PST, per_shift: 1, quantity: [300, 400], tracking: batch, batch_size: 150}
shifts:
  - {name: Day, start: "06:00", end: "14:00", days: [1, 2, 3, 4, 5]}
  - {name: Late, start: "14:00", end: "22:00", days: [1, 2, 3, 4, 5]}
defects:
  - {code: LEAK, description: Leaks, severity: major}
issue_types:
  - {code: HELP, name: Help needed}
  - {code: STOP, name: Machine down, severity: high, blocking: true}
downtime_reasons:
  - {code: BROKEN, name: Broken, category: equipment_failure}
alert_rules:
  - {name: Test yield, kind: yield_below, workstation: A-TST, threshold_pct: 99, window_units: 20}
behaviour:
  issues_per_shift: 2
  rework_share: 0.3
  expedite_share: 0.3
  wip_per_line: 4
  lot_hold_share: 0.5
  lot_hold_hours: 1
"""


def small_plant() -> Plant:
    return parse_plant(SMALL_PLANT, "small.yaml")


async def simulate(
    settings: Settings, *, days: float = 1.0, seed: int = 7
) -> tuple[World, Outcome]:
    """Configure the small plant and back-fill `days` from START (strict: no refusals)."""
    register_hooks()
    db = Database(settings, relaxed_commits=True)
    try:
        plant = small_plant()
        layout = await prepare(db, settings, plant, START)
        return await backfill(
            db, settings, plant, layout, start=START, days=days, seed=seed, strict=True
        )
    finally:
        await db.dispose()


# The history as exported for comparison: natural keys, no surrogate ids.
EXPORT = {
    "units": "SELECT u.serial, o.number, u.status, u.step, u.rework_count, u.created_at,"
    " u.updated_at FROM units u JOIN orders o ON o.id = u.order_id ORDER BY u.serial",
    "history": "SELECT u.serial, h.type, h.from_step, h.to_step, h.result, h.notes, h.actor, h.at"
    " FROM unit_events h JOIN units u ON u.id = h.unit_id ORDER BY u.serial, h.at, h.type,"
    " h.from_step, h.to_step",
    "measurements": "SELECT u.serial, t.name, m.value, m.result, m.actor, m.at FROM measurements m"
    " JOIN units u ON u.id = m.unit_id JOIN test_definitions t ON t.id = m.test_definition_id"
    " ORDER BY u.serial, m.at, t.name",
    "orders": "SELECT number, quantity, status, started, completed, scrapped, created_at"
    " FROM orders ORDER BY number",
    "batches": "SELECT o.number, b.quantity, b.status, b.good, b.scrap, b.created_at"
    " FROM batches b JOIN orders o ON o.id = b.order_id ORDER BY b.created_at, o.number",
    "machine_states": "SELECT w.code, s.state, s.started_at, s.ended_at FROM machine_states s"
    " JOIN workstations w ON w.id = s.workstation_id ORDER BY w.code, s.started_at",
    "issues": "SELECT title, status, opened_by, opened_at, closed_at FROM issues"
    " ORDER BY opened_at, title",
    "audit": "SELECT entity_type, entity_id, action, actor, at FROM audit_log"
    " ORDER BY at, entity_type, entity_id, action",
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=UTC)
        return at.astimezone(UTC).isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


async def export(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    db = Database(settings)
    try:
        async with db.transaction(write=False) as session:
            out = {}
            for name, sql in EXPORT.items():
                rows = (await session.execute(text(sql))).all()
                out[name] = [tuple(_plain(v) for v in row) for row in rows]
            return out
    finally:
        await db.dispose()


async def scalar(settings: Settings, sql: str) -> Any:
    db = Database(settings)
    try:
        async with db.transaction(write=False) as session:
            return (await session.execute(text(sql))).scalar()
    finally:
        await db.dispose()
