"""OEE per workstation, line, shift instance or plant-local day (formulas: docs/oee.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.oee import plan as planning
from app.analytics.oee import repository as repo
from app.analytics.oee.plan import OeeGroupBy, Piece
from app.analytics.oee.schemas import Loss, OeeReport, OeeRow
from app.analytics.sql import prepare
from app.analytics.window import ClosedWindow
from app.kit import crud
from app.kit.time import utcnow
from app.kit.window import invalid
from app.models import DowntimeReason, Line, Shift, Workstation
from app.shifts.service import pattern_of

MAX_WINDOW = timedelta(days=366)
UNQUALIFIED = ("unqualified", None)
EPSILON = 0.001  # seconds: below this a gap is rounding


@dataclass
class Tally:
    """What one key adds up (per workstation and bucket, then summed per key)."""

    pbt: float = 0.0
    apt: float = 0.0
    losses: dict[tuple[str, str | None], float] = field(default_factory=lambda: defaultdict(float))
    pq: int = 0
    gq: int = 0
    ideal: float = 0.0  # Σ ideal cycle time * quantity
    unknown: bool = False  # something produced without an ideal cycle time

    def add(self, other: Tally) -> None:
        self.pbt += other.pbt
        self.apt += other.apt
        for k, v in other.losses.items():
            self.losses[k] += v
        self.pq += other.pq
        self.gq += other.gq
        self.ideal += other.ideal
        self.unknown = self.unknown or other.unknown


async def oee(
    session: AsyncSession,
    window: ClosedWindow,
    zone: ZoneInfo,
    group_by: OeeGroupBy,
    line_id: int | None,
    workstation_id: int | None,
) -> OeeReport:
    if window.until - window.since > MAX_WINDOW:
        raise invalid("from", "the window may span at most 366 days")
    if line_id is not None:
        await crud.get_or_404(session, Line, line_id, "line")
    if workstation_id is not None:
        await crud.get_or_404(session, Workstation, workstation_id, "workstation")
    await prepare(session)
    now = utcnow()
    since, until = window.since, min(window.until, now)
    stations = await repo.stations(session, line_id, workstation_id)
    patterns = [pattern_of(s) for s in (await session.scalars(select(Shift))).all()]
    line_ids = sorted({s.line_id for s in stations})
    plan = planning.build(patterns, line_ids, since, until, zone, group_by)
    tallies = await _tallies(session, plan, stations, since, until)
    rows: dict[str, Tally] = {}
    if group_by is OeeGroupBy.WORKSTATION:
        order = [str(s.id) for s in stations]
    elif group_by is OeeGroupBy.LINE:
        order = [str(i) for i in line_ids]
    else:
        order = plan.ordered_keys()
    for key in order:
        rows[key] = Tally()
    line_of = {s.id: s.line_id for s in stations}
    for (ws_id, bucket), tally in tallies.items():
        if group_by is OeeGroupBy.WORKSTATION:
            key = str(ws_id)
        elif group_by is OeeGroupBy.LINE:
            key = str(line_of[ws_id])
        else:
            key = plan.keys[bucket]
        rows[key].add(tally)
    return OeeReport(
        from_=window.since,
        to=window.until,
        group_by=group_by.value,
        timezone=str(zone),
        rows=[_row(key, t) for key, t in rows.items()],
    )


async def _tallies(
    session: AsyncSession,
    plan: planning.Plan,
    stations: list[repo.Station],
    since: datetime,
    until: datetime,
) -> dict[tuple[int, int], Tally]:
    """Per (workstation, bucket) with planned busy time."""
    if not plan.pieces or not stations:
        return {}
    pbt = plan.busy_seconds()
    pieces_of: dict[tuple[int, int], list[Piece]] = defaultdict(list)
    for p in plan.pieces:
        pieces_of[p.line_id, p.bucket].append(p)
    by_line: dict[int, list[Piece]] = defaultdict(list)
    for p in plan.pieces:
        by_line[p.line_id].append(p)
    pairs = [(s.id, p) for s in stations for p in by_line[s.line_id]]
    found = await repo.figures(session, pairs, until)
    reasons = {
        r.id: (r.category, r.code) for r in (await session.scalars(select(DowntimeReason))).all()
    }
    tallies: dict[tuple[int, int], Tally] = {}
    for s in stations:
        for (line_id, bucket), seconds in pbt.items():
            if line_id == s.line_id:
                tallies[s.id, bucket] = Tally(pbt=seconds)
    stated: set[tuple[int, int]] = set()
    for ws_id, bucket, state, reason_id, seconds in found.states:
        t = tallies[ws_id, bucket]
        stated.add((ws_id, bucket))
        if state == "running":
            t.apt += float(seconds)
        else:
            t.losses[reasons.get(reason_id, UNQUALIFIED)] += float(seconds)
    blocking = await repo.blocking_issues(
        session, since, until, sorted({s.line_id for s in stations})
    )
    station = {s.id: s for s in stations}
    spans: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for b in blocking:
        for s in stations:
            if b.workstation_id == s.id or (b.workstation_id is None and b.line_id == s.line_id):
                spans[s.id].append((b.start, b.end))
    for (ws_id, bucket), t in tallies.items():
        s = station[ws_id]
        if (ws_id, bucket) in stated:
            gap = t.pbt - t.apt - sum(t.losses.values())
            if gap > EPSILON:  # planned time no interval covers
                t.losses[UNQUALIFIED] += gap
        else:  # no machine states: PBT minus time under a blocking issue
            blocked = _covered(pieces_of[s.line_id, bucket], spans[ws_id])
            t.apt = t.pbt - blocked
            if blocked > 0:
                t.losses[UNQUALIFIED] += blocked
        _quantities(t, s, found, (ws_id, bucket))
    return tallies


def _quantities(t: Tally, s: repo.Station, found: repo.Figures, at: tuple[int, int]) -> None:
    """PQ/GQ/Σ ideal: machine counts where the workstation has them in the bucket, else
    unit events and batch steps."""
    counted = found.counts.get(at)
    if counted is not None:
        good, reject = counted
        t.pq, t.gq = good + reject, good
        if s.ideal_cycle_s is None:
            t.unknown = t.pq > 0
        else:
            t.ideal = s.ideal_cycle_s * t.pq
        return
    for figures in (found.units.get(at), found.batches.get(at)):
        if figures is not None:
            produced, good, ideal, unknown = figures
            t.pq += produced
            t.gq += good
            t.ideal += ideal
            t.unknown = t.unknown or unknown > 0


def _covered(pieces: Iterable[Piece], spans: list[tuple[datetime, datetime]]) -> float:
    """Seconds of `pieces` covered by the union of `spans`."""
    merged: list[list[datetime]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    total = 0.0
    for p in pieces:
        for a, b in merged:
            total += max(0.0, (min(b, p.end) - max(a, p.start)).total_seconds())
    return total


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 6) if den > 0 else None


def _row(key: str, t: Tally) -> OeeRow:
    has_pbt = t.pbt > EPSILON
    apt = t.apt if has_pbt else 0.0
    availability = _ratio(apt, t.pbt) if has_pbt else None
    effectiveness = None
    if has_pbt and apt > EPSILON and not t.unknown:
        effectiveness = round(t.ideal / apt, 6)
    quality = _ratio(t.gq, t.pq) if has_pbt else None
    factors = (availability, effectiveness, quality)
    oee: float | None = None
    if all(f is not None for f in factors):
        oee = round(availability * effectiveness * quality, 6)  # type: ignore[operator]
    elif any(f == 0 for f in factors):
        oee = 0.0
    losses = sorted(
        (
            Loss(category=c, reason=r, seconds=round(v, 3))
            for (c, r), v in t.losses.items()
            if v > EPSILON
        ),
        key=lambda loss: (-loss.seconds, loss.category, loss.reason or ""),
    )
    return OeeRow(
        key=key,
        pbt_s=round(t.pbt, 3),
        apt_s=round(apt, 3),
        down_s=round(max(0.0, t.pbt - apt), 3),
        losses=losses,
        pq=t.pq,
        gq=t.gq,
        availability=availability,
        effectiveness=effectiveness,
        quality_ratio=quality,
        oee=oee,
    )
