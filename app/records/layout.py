"""A record laid out for people: titled sections of fields and tables of text.

The HTML page and the PDF are both rendered from this layout, which is built from the JSON
document itself (never from other queries), so the three forms cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from app.records.schemas import (
    BatchRecord,
    RecordBom,
    RecordChild,
    RecordIssue,
    RecordLabour,
    RecordLot,
    RecordMeasurement,
    RecordOrder,
    RecordPart,
    RecordQualityEvent,
    RecordRoute,
    UnitRecord,
)

NONE = "-"


@dataclass(frozen=True, slots=True)
class Fields:
    title: str
    pairs: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    # Columns whose cells are short (times, numbers): renderers may keep them narrow.
    narrow: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Layout:
    title: str
    name: str  # the serial or `batch-<id>`: the file name of the PDF
    generated: str
    blocks: list[Fields | Table]


def text(value: object) -> str:
    """A value as the record prints it: times in UTC to the second, numbers without noise."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") + " UTC"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _limits(m: RecordMeasurement) -> str:
    return f"{text(m.lower_limit)} .. {text(m.upper_limit)}"


def _value(m: RecordMeasurement) -> str:
    if m.value is not None:
        return text(m.value)
    return f"{m.points} pts, mean {text(m.mean)} [{text(m.min)}, {text(m.max)}]"


def _header(order: RecordOrder, part: RecordPart, route: RecordRoute) -> list[tuple[str, str]]:
    return [
        ("Order", order.number),
        ("ERP reference", text(order.external_ref)),
        ("Order quantity", text(order.quantity)),
        ("Order status", order.status),
        ("Part", f"{part.number} - {part.name}"),
        ("Kind / UoM", f"{part.kind} / {part.uom}"),
        ("Route", f"{route.code} rev. {route.revision}"),
    ]


def _bom(bom: RecordBom | None) -> Table:
    title = "Bill of materials" + (f" (rev. {bom.revision})" if bom else " (none pinned)")
    items = bom.items if bom else []
    rows = [[i.part, i.name, text(i.quantity), i.uom, text(i.step)] for i in items]
    return Table(title, ["Part", "Name", "Qty/unit", "UoM", "Step"], rows, frozenset({2, 3, 4}))


def _measurements(items: Iterable[RecordMeasurement], rework: bool) -> Table:
    columns = ["Test", "Value", "Unit", "Limits (as judged)", "Result", "Source", "Step"]
    columns += ["Rework"] if rework else []
    columns += ["Workstation", "By", "At"]
    rows = []
    for m in items:
        row = [m.test, _value(m), m.unit, _limits(m), m.result.upper(), m.source, text(m.step)]
        row += [text(m.rework_count)] if rework else []
        row += [text(m.workstation), m.actor, text(m.at)]
        rows.append(row)
    return Table("Measurements", columns, rows, frozenset({2, 4, 6}))


def _quality(items: Iterable[RecordQualityEvent]) -> Table:
    rows = [
        [
            q.type,
            text(q.result),
            text(q.quantity),
            text(q.step),
            text(q.workstation),
            text(q.defect_code),
            text(q.notes),
            q.actor,
            text(q.at),
        ]
        for q in items
    ]
    columns = ["Type", "Result", "Qty", "Step", "Workstation", "Defect", "Notes", "By", "At"]
    return Table("Quality events", columns, rows, frozenset({1, 2, 3}))


def _labour(items: Iterable[RecordLabour]) -> Table:
    rows = [
        [
            e.user,
            text(e.step),
            text(e.workstation),
            text(e.on),
            text(e.off),
            text(e.hours),
            e.on_by,
            text(e.off_by),
        ]
        for e in items
    ]
    columns = ["User", "Step", "Workstation", "On", "Off", "Hours", "On by", "Off by"]
    return Table("Labour", columns, rows, frozenset({1, 5}))


def _lots(items: Iterable[RecordLot]) -> Table:
    rows = [
        [
            lot.lot,
            lot.part,
            text(lot.quantity),
            lot.uom,
            text(lot.step),
            text(lot.workstation),
            lot.actor,
            text(lot.at),
        ]
        for lot in items
    ]
    columns = ["Lot", "Part", "Qty", "UoM", "Step", "Workstation", "By", "At"]
    return Table("Lots consumed", columns, rows, frozenset({2, 3, 4}))


def _child_rows(children: Iterable[RecordChild], depth: int = 0) -> Iterator[list[str]]:
    for c in children:
        lots = ", ".join(f"{lot.lot} ({lot.part} x {text(lot.quantity)})" for lot in c.lots)
        removed = NONE if c.removed_at is None else f"{text(c.removed_at)} by {c.removed_by}"
        yield [
            ". " * depth + c.serial,
            c.part,
            c.status,
            f"{text(c.installed_at)} by {c.installed_by}",
            removed,
            text(c.removed_reason),
            lots or NONE,
            f"{c.measurements_passed} / {c.measurements_failed}",
        ]
        yield from _child_rows(c.children, depth + 1)


def _children(children: list[RecordChild]) -> Table:
    columns = ["Serial", "Part", "Status", "Installed", "Removed", "Reason", "Lots", "Pass/fail"]
    return Table("Sub-assemblies", columns, list(_child_rows(children)), frozenset({7}))


def _issues(items: Iterable[RecordIssue]) -> Table:
    rows = [
        [
            text(i.id),
            i.relation,
            i.type,
            i.title,
            i.status,
            text(i.workstation or i.line),
            f"{text(i.opened_at)} by {i.opened_by}",
            NONE if i.resolved_at is None else f"{text(i.resolved_at)} by {i.resolved_by}",
            text(i.resolution),
        ]
        for i in items
    ]
    columns = ["#", "Touches", "Type", "Title", "Status", "Where", "Opened", "Resolved"]
    return Table("Issues", [*columns, "Resolution"], rows, frozenset({0}))


def unit_layout(record: UnitRecord) -> Layout:
    u = record.unit
    fields = Fields(
        "Unit",
        [
            ("Serial", u.serial),
            ("Status", u.status),
            ("Step", text(u.step)),
            ("Rework count", text(u.rework_count)),
            ("Created", text(u.created_at)),
            ("Finished", text(u.finished_at)),
            *_header(record.order, record.part, record.route),
        ],
    )
    stays = Table(
        "Steps (stays)",
        ["Step", "Workstation", "Entered", "By", "Left", "By", "Seconds", "Outcome"],
        [
            [
                text(s.step),
                text(s.workstation),
                text(s.entered_at),
                s.entered_by,
                text(s.left_at),
                text(s.left_by),
                text(s.seconds),
                text(s.outcome),
            ]
            for s in record.stays
        ],
        frozenset({0, 6}),
    )
    history = Table(
        "History",
        ["Event", "From", "To", "Workstation", "Result", "Defect", "Notes", "By", "At"],
        [
            [
                h.type,
                text(h.from_step),
                text(h.to_step),
                text(h.workstation),
                text(h.result),
                text(h.defect_code),
                text(h.notes),
                h.actor,
                text(h.at),
            ]
            for h in record.history
        ],
        frozenset({1, 2, 4}),
    )
    return Layout(
        title=f"Unit record {u.serial}",
        name=u.serial,
        generated=f"{text(record.generated_at)} by {record.generated_by}",
        blocks=[
            fields,
            _bom(record.bom_revision),
            stays,
            _measurements(record.measurements, rework=True),
            _quality(record.quality_events),
            _labour(record.labour),
            _lots(record.lots),
            _children(record.children),
            _issues(record.issues),
            history,
        ],
    )


_STEP_COLUMNS: tuple[str, ...] = ("Seq", "Name", "Workstation", "Gate", "Status", "In", "Good")
_STEP_COLUMNS += ("Scrap", "Defect", "Started", "By", "Completed", "By")


def batch_layout(record: BatchRecord) -> Layout:
    b = record.batch
    fields = Fields(
        "Batch",
        [
            ("Batch", text(b.id)),
            ("Status", b.status),
            ("Quantity", text(b.quantity)),
            ("Good / scrap", f"{b.good} / {b.scrap}"),
            ("Step", text(b.step)),
            ("Created", f"{text(b.created_at)} by {b.created_by}"),
            ("Finished", text(b.finished_at)),
            ("Notes", text(b.notes)),
            *_header(record.order, record.part, record.route),
        ],
    )
    steps = Table(
        "Steps",
        [*_STEP_COLUMNS],
        [
            [
                text(s.seq),
                s.name,
                text(s.workstation),
                text(s.is_gate),
                s.status,
                text(s.quantity_in),
                text(s.good),
                text(s.scrap),
                text(s.defect_code),
                text(s.started_at),
                text(s.started_by),
                text(s.completed_at),
                text(s.completed_by),
            ]
            for s in record.steps
        ],
        frozenset({0, 3, 5, 6, 7}),
    )
    history = Table(
        "History",
        ["Event", "Step", "Workstation", "Qty", "Good", "Scrap", "Defect", "Notes", "By", "At"],
        [
            [
                h.type,
                text(h.step),
                text(h.workstation),
                text(h.quantity),
                text(h.good),
                text(h.scrap),
                text(h.defect_code),
                text(h.notes),
                h.actor,
                text(h.at),
            ]
            for h in record.history
        ],
        frozenset({1, 3, 4, 5}),
    )
    return Layout(
        title=f"Batch record {b.id} ({record.order.number})",
        name=f"batch-{b.id}",
        generated=f"{text(record.generated_at)} by {record.generated_by}",
        blocks=[
            fields,
            _bom(record.bom_revision),
            steps,
            _measurements(record.measurements, rework=False),
            _quality(record.quality_events),
            _labour(record.labour),
            _lots(record.lots),
            _issues(record.issues),
            history,
        ],
    )
