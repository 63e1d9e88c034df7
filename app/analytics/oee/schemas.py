"""Response body of `/analytics/oee` (ISO 22400-2 names; ratios are fractions 0…1)."""

from __future__ import annotations

from pydantic import Field

from app.analytics.quality.schemas import Window
from app.kit.schemas import OutputSchema


class Loss(OutputSchema):
    category: str = Field(description="downtime reason category (`unqualified`: no reason)")
    reason: str | None = Field(description="downtime reason code (null: none recorded)")
    seconds: float = Field(description="non-running seconds within planned busy time")


class OeeRow(OutputSchema):
    key: str = Field(
        description="workstation id, line id, shift instance (`2026-03-28 Night`: local start "
        "day and shift name) or plant-local day (`2026-03-28`)"
    )
    pbt_s: float = Field(description="PBT planned busy time: shift time minus breaks")
    apt_s: float = Field(description="APT actual production time: running within PBT")
    down_s: float = Field(description="PBT - APT")
    losses: list[Loss] = Field(description="down_s by reason, largest first")
    pq: int = Field(description="PQ produced quantity")
    gq: int = Field(description="GQ good quantity")
    availability: float | None = Field(description="APT / PBT (null: no PBT)")
    effectiveness: float | None = Field(
        description="Σ(ideal cycle * PQ) / APT (null: no APT, or something produced has no "
        "ideal cycle time)"
    )
    quality_ratio: float | None = Field(description="GQ / PQ (null: nothing produced)")
    oee: float | None = Field(description="availability * effectiveness * quality ratio")


class OeeReport(Window):
    group_by: str = Field(description="`workstation`, `line`, `shift` or `day`")
    timezone: str = Field(description="the plant's time zone (shift and day keys)")
    rows: list[OeeRow] = Field(description="one row per key, in time or id order")
