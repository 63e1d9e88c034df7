"""Request and response bodies for alert rules and alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator

from app.kit.schemas import NONBLANK_TEXT, InputSchema, OutputSchema, PatchSchema
from app.masterdata.schemas import DefectCodeRef, RefId
from app.models import AlertKind

Percent = Annotated[float, Strict(), Field(gt=0, le=100, allow_inf_nan=False)]
WindowUnits = Annotated[int, Strict(), Field(ge=1, le=10_000)]
Occurrences = Annotated[int, Strict(), Field(ge=1, le=10_000)]
WindowMinutes = Annotated[int, Strict(), Field(ge=1, le=7 * 24 * 60)]
RuleName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NONBLANK_TEXT)]

_YIELD_PARAMETERS = ("threshold_pct", "window_units")
_DEFECT_PARAMETERS = ("occurrences", "window_minutes")


def check_rule_parameters(kind: AlertKind, given: dict[str, object]) -> None:
    """Each kind takes its own parameters, both of them, and no others."""
    wanted, other = (
        (_YIELD_PARAMETERS, _DEFECT_PARAMETERS)
        if kind == AlertKind.YIELD_BELOW
        else (_DEFECT_PARAMETERS, _YIELD_PARAMETERS)
    )
    missing = [p for p in wanted if given.get(p) is None]
    if missing:
        raise ValueError(f"a {kind.value} rule needs {' and '.join(missing)}")
    extra = [p for p in other if given.get(p) is not None]
    if extra:
        raise ValueError(f"a {kind.value} rule does not take {' or '.join(extra)}")


class AlertRuleCreate(InputSchema):
    """`yield_below`: fires when the yield of the last `window_units` units inspected at a
    workstation drops below `threshold_pct` (a unit counts as good when none of its recent
    inspections there failed). `defect_repeat`: fires when the same defect code is recorded
    `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
    `defect_code` narrow a rule; without them it watches every workstation / defect code,
    each separately."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "EOL yield",
                    "kind": "yield_below",
                    "workstation_id": 3,
                    "threshold_pct": 90,
                    "window_units": 50,
                },
                {
                    "name": "Scratches",
                    "kind": "defect_repeat",
                    "defect_code": "SCRATCH",
                    "occurrences": 3,
                    "window_minutes": 60,
                },
            ]
        }
    )

    name: RuleName = Field(description="display name")
    kind: AlertKind = Field(strict=False, description="`yield_below` or `defect_repeat`")
    workstation_id: RefId | None = Field(None, description="only at this workstation")
    defect_code: DefectCodeRef | None = Field(
        None, description="only this defect code (`defect_repeat`)"
    )
    threshold_pct: Percent | None = Field(None, description="`yield_below`: threshold in %")
    window_units: WindowUnits | None = Field(
        None, description="`yield_below`: how many of the latest units to judge"
    )
    occurrences: Occurrences | None = Field(
        None, description="`defect_repeat`: how many units with the defect"
    )
    window_minutes: WindowMinutes | None = Field(
        None, description="`defect_repeat`: within how many minutes"
    )
    enabled: Annotated[bool, Strict()] = Field(True, description="evaluated only when enabled")

    @model_validator(mode="after")
    def _parameters(self) -> AlertRuleCreate:
        check_rule_parameters(self.kind, self.model_dump())
        if self.kind == AlertKind.YIELD_BELOW and self.defect_code is not None:
            raise ValueError("a yield_below rule does not take defect_code")
        return self


class AlertRuleUpdate(PatchSchema):
    """Rename, enable/disable or retune a rule (its kind and scope stay)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"enabled": False}]})

    name: RuleName | None = Field(None, description="display name")
    threshold_pct: Percent | None = Field(None, description="`yield_below`: threshold in %")
    window_units: WindowUnits | None = Field(None, description="`yield_below`: latest units")
    occurrences: Occurrences | None = Field(None, description="`defect_repeat`: units")
    window_minutes: WindowMinutes | None = Field(None, description="`defect_repeat`: minutes")
    enabled: Annotated[bool, Strict()] | None = Field(None, description="evaluate the rule")


class AlertRuleOut(OutputSchema):
    id: int = Field(description="rule id")
    name: str = Field(description="display name")
    kind: AlertKind = Field(description="`yield_below` or `defect_repeat`")
    workstation_id: int | None = Field(description="only at this workstation (null: any)")
    defect_code: str | None = Field(description="only this defect code (null: any)")
    threshold_pct: float | None = Field(description="`yield_below`: threshold in %")
    window_units: int | None = Field(description="`yield_below`: latest units judged")
    occurrences: int | None = Field(description="`defect_repeat`: units with the defect")
    window_minutes: int | None = Field(description="`defect_repeat`: within minutes")
    enabled: bool = Field(description="evaluated only when enabled")
    created_at: datetime = Field(description="when the rule was created")
    updated_at: datetime = Field(description="when the rule last changed")


class AlertOut(OutputSchema):
    id: int = Field(description="alert id")
    rule_id: int = Field(description="the rule that fired")
    rule: str = Field(description="its name")
    kind: AlertKind = Field(description="`yield_below` or `defect_repeat`")
    message: str = Field(description="what happened, for people")
    workstation_id: int | None = Field(description="where (yield alerts, scoped rules)")
    defect_code: str | None = Field(description="which defect (`defect_repeat`)")
    value: float = Field(description="the yield in % or the number of occurrences")
    details: dict[str, Any] | None = Field(description="the figures behind the alert")
    at: datetime = Field(description="when the rule fired")
    acknowledged_at: datetime | None = Field(description="when acknowledged (null: open)")
    acknowledged_by: str | None = Field(description="who acknowledged it")
