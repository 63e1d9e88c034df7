"""The simulated plant's stock of components and materials: lots received when the one in
use runs short or expires, put on hold now and then (a supplier's notice) and released.

A lot about to expire (within `EXPIRY_MARGIN`) is left with what remains of it, expired, as
on a real shop floor; a released lot is used again before a new one is received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.auth.principal import Principal
from app.db.command import Command
from app.materials import lots
from app.materials.schemas import LotCreate, LotOut

if TYPE_CHECKING:
    from app.simulator.engine import World

EXPIRY_MARGIN = timedelta(minutes=1)


@dataclass
class LotStock:
    id: int
    remaining: float
    expires: datetime | None = None

    def fresh(self, now: datetime) -> bool:
        """Not expiring within the minute (Takt refuses an expired lot)."""
        return self.expires is None or self.expires > now + EXPIRY_MARGIN

    def serves(self, quantity: float, now: datetime) -> bool:
        return self.fresh(now) and self.remaining >= quantity


class Stock:
    """The lots the plant takes its parts from (one in use per part)."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.in_use: dict[int, LotStock] = {}  # by part id
        self.released_lots: dict[int, list[LotStock]] = {}  # by part id: released from a hold
        self.lot_numbers: dict[int, int] = {}
        parts = {p.number: p for p in world.plant.parts}
        self.part_by_id = {pid: parts[n] for n, pid in world.layout.parts.items()}

    async def lot(self, part_id: int, quantity: float) -> LotStock | None:
        """The lot the part is taken from: the current one, a released one with enough left,
        or a new one received when it runs short (or expires)."""
        w = self.w
        now = w.clock.stamp(w.t)
        stock = self.in_use.get(part_id)
        if stock is not None and stock.serves(quantity, now):
            return stock
        if stock is not None and stock.remaining >= quantity:
            w.stats.lots_expired += 1  # what is left of it stays, expired
        released = self.released_lots.get(part_id, [])
        for kept in list(released):
            if kept.serves(quantity, now):
                released.remove(kept)
                self.in_use[part_id] = kept
                return kept
            if not kept.fresh(now):
                released.remove(kept)
                w.stats.lots_expired += 1
        part = self.part_by_id[part_id]
        n = self.lot_numbers.get(part_id, 0) + 1
        self.lot_numbers[part_id] = n
        shelf_life = part.shelf_life_days
        data = LotCreate(
            part_id=part_id,
            code=f"{part.number}-{w.clock.plant(w.t):%y%m%d}-{n:04d}",
            quantity=max(part.lot_size, quantity),
            supplier=part.supplier,
            expires_at=now + timedelta(days=shelf_life) if shelf_life else None,
        )
        lot = await w.call(_receive_lot, w.layout.simulator, data)
        if lot is None:
            return None
        w.stats.lots += 1
        stock = LotStock(lot.id, data.quantity, data.expires_at)
        self.in_use[part_id] = stock
        if w.rng.random() < w.plant.behaviour.lot_hold_share:
            # A supplier's notice arrives while the lot is in use: quality holds what is left.
            w.at(w.rng.uniform(0, 7200), lambda: self._hold(part_id, stock))
        return stock

    async def _hold(self, part_id: int, stock: LotStock) -> None:
        w = self.w
        if stock.remaining <= 0:
            return  # used up before the notice came
        reason = "supplier notice: lot under investigation"
        if await w.call(_hold_lot, w.layout.simulator, stock.id, reason) is None:
            return
        w.stats.lot_holds += 1
        if self.in_use.get(part_id) is stock:
            del self.in_use[part_id]  # the next consumption takes another lot
        hours = w.plant.behaviour.lot_hold_hours
        w.at(w.rng.expovariate(1 / (hours * 3600)), lambda: self._release(part_id, stock))

    async def _release(self, part_id: int, stock: LotStock) -> None:
        w = self.w
        reason = "investigation closed: the lot is good"
        if await w.call(_release_lot, w.layout.simulator, stock.id, reason) is not None:
            self.released_lots.setdefault(part_id, []).append(stock)


async def _receive_lot(cmd: Command, principal: Principal, data: LotCreate) -> LotOut:
    return await lots.receive_lot(await cmd.session(), principal, data)


async def _hold_lot(cmd: Command, principal: Principal, lot_id: int, reason: str) -> LotOut:
    return await lots.hold_lot(await cmd.session(), principal, lot_id, reason)


async def _release_lot(cmd: Command, principal: Principal, lot_id: int, reason: str) -> LotOut:
    return await lots.release_lot(await cmd.session(), principal, lot_id, reason)
