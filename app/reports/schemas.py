"""Response bodies of the production report, the overview and the schedule."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from app.kit.schemas import OutputSchema
from app.models import OrderStatus
from app.reports.buckets import GroupBy


class ProductionRow(OutputSchema):
    key: str | None = Field(
        description="the period (`2026-12-02`, `2026-W49`, `2026-12`, `2026-12-02 Early`), the "
        "line's code or the part's number (null: units and batches without a line)"
    )
    orders_completed: int = Field(description="orders that became complete in the period")
    started: int = Field(description="units generated and batch quantities created")
    completed: int = Field(description="units completed and batch items finished good")
    scrapped: int = Field(description="units and batch items scrapped")
    first_pass_yield: float | None = Field(
        description="completed at the first attempt / (completed + scrapped); null when "
        "nothing finished"
    )
    throughput_per_hour: float | None = Field(
        description="completed per hour of the period (shifts: of planned busy time); null "
        "when the period has no hours"
    )


class ProductionReport(OutputSchema):
    group_by: GroupBy
    since: datetime = Field(serialization_alias="from", description="window start (UTC)")
    until: datetime = Field(serialization_alias="to", description="window end (UTC)")
    timezone: str = Field(description="the plant's time zone the periods are local to")
    rows: list[ProductionRow]


class Overview(OutputSchema):
    orders_total: int = Field(description="orders in any status")
    orders_in_progress: int = Field(description="orders running or paused")
    orders_pending: int = Field(description="orders new or scheduled")
    orders_blocked: int = Field(description="orders blocked")
    done_today: int = Field(
        description="units completed and batch items finished good today (plant-local day)"
    )
    open_issues: int = Field(description="issues open or acknowledged")
    blocking_issues: int = Field(description="open or acknowledged issues that block")
    active_lines: int = Field(
        description="lines with work in progress (units or batches) or a running order"
    )


class ScheduledOrder(OutputSchema):
    id: int
    number: str
    part_id: int
    part_number: str
    status: OrderStatus
    priority: int
    quantity: int
    completed: int
    scrapped: int
    progress: float = Field(description="completed / quantity")
    planned_start: datetime | None
    due_date: date | None


class ScheduledLine(OutputSchema):
    line_id: int
    code: str
    orders: list[ScheduledOrder]


class Schedule(OutputSchema):
    since: datetime = Field(serialization_alias="from")
    until: datetime = Field(serialization_alias="to")
    timezone: str
    lines: list[ScheduledLine] = Field(description="lines with orders in the window, by code")
    unassigned: list[ScheduledOrder] = Field(description="orders in the window without a line")
