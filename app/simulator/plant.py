"""The plant description file: what a factory has and how it behaves, for the simulator.

A YAML file (see docs/simulator.md and the shipped `plants/demo.yaml`). It is read with
PyYAML's composer, which keeps each node's line, and validated with the Pydantic models
below; a validation error names the file, the line and the field (`PlantFileError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.models import AlertKind
from app.quality.alerts.schemas import check_rule_parameters

DEMO_PLANT = "demo.yaml"

Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Seconds = Annotated[float, Field(gt=0, le=86_400)]
Rate = Annotated[float, Field(ge=0, le=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UserSpec(_Model):
    """A login for a person (the demo's logins); the simulator's own actors are made apart."""

    username: Code
    password: Annotated[str, Field(min_length=8, max_length=128)]
    role: Literal["admin", "supervisor", "operator"]
    full_name: Name | None = None
    lines: list[Code] = Field(default_factory=list)


class WorkstationSpec(_Model):
    code: Code
    name: Name
    ideal_cycle_s: Seconds | None = None
    mtbf_min: Annotated[float, Field(gt=0)] = Field(
        480.0, description="mean running minutes between breakdowns"
    )
    mttr_min: Annotated[float, Field(gt=0)] = Field(8.0, description="mean minutes to repair")
    auto_issue_type: Code | None = Field(
        None,
        description="issue type a breakdown opens automatically (Takt's automatic issues); "
        "maintenance acknowledges it and resolves it when the machine is repaired",
    )


class LineSpec(_Model):
    code: Code
    name: Name
    workstations: list[WorkstationSpec] = Field(min_length=1)
    operators: Annotated[int, Field(ge=1, le=50)] = Field(
        2, description="simulated operators on the line (users sim-<line>-<n>)"
    )


class PartSpec(_Model):
    number: Code
    name: Name
    kind: Literal["product", "component", "material"] = "product"
    serial_prefix: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    serial_digits: Annotated[int, Field(ge=1, le=12)] = 6
    uom: Annotated[str, Field(min_length=1, max_length=16)] = "pcs"
    lot_size: Annotated[float, Field(gt=0)] = Field(
        500, description="quantity of a lot received (components and materials)"
    )
    supplier: Name | None = None
    shelf_life_days: Annotated[float, Field(gt=0, le=3650)] | None = Field(
        None, description="a lot received expires this many days later (then it is refused)"
    )


class BomItemSpec(_Model):
    component: Code
    quantity: Annotated[float, Field(gt=0)]
    step: Annotated[int, Field(ge=1)] = Field(1, description="the route step that consumes it")


class BomSpec(_Model):
    part: Code
    items: list[BomItemSpec] = Field(min_length=1)


class TestSpec(_Model):
    name: Name
    unit: Annotated[str, Field(min_length=1, max_length=32)]
    low: float | None = None
    high: float | None = None
    mean: float
    sd: Annotated[float, Field(ge=0)]
    drift_per_day: float = Field(0.0, description="the process mean moves this much a day")

    @model_validator(mode="after")
    def _limits(self) -> TestSpec:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low is above high")
        return self


class StepSpec(_Model):
    name: Name
    workstation: Code
    ideal_cycle_s: Seconds
    gate: bool = False
    labour: bool = Field(False, description="an operator clocks on to each unit at this step")
    tests: list[TestSpec] = Field(default_factory=list)
    defect: Code | None = Field(None, description="defect code a failure at this gate records")
    install: list[Code] = Field(
        default_factory=list,
        description="parts (made by routes of this plant) of which a completed unit is "
        "installed into each unit at this step; the step waits for one",
    )

    @model_validator(mode="after")
    def _tests_at_gates(self) -> StepSpec:
        if self.tests and not self.gate:
            raise ValueError("tests are measured at gate steps only: set gate: true")
        return self


class RouteSpec(_Model):
    code: Code
    name: Name
    part: Code
    line: Code
    steps: list[StepSpec] = Field(min_length=1)


class DemandSpec(_Model):
    route: Code
    per_shift: Annotated[int, Field(ge=1, le=100)] = Field(1, description="orders a shift")
    quantity: Annotated[list[int], Field(min_length=2, max_length=2)] = Field(
        description="[lowest, highest] quantity of an order"
    )
    tracking: Literal["serial", "batch"] = "serial"
    batch_size: Annotated[int, Field(ge=1)] = 100

    @model_validator(mode="after")
    def _range(self) -> DemandSpec:
        low, high = self.quantity
        if low < 1 or high < low:
            raise ValueError("quantity is [lowest, highest] with 1 <= lowest <= highest")
        return self


class ShiftSpec(_Model):
    name: Name
    start: Annotated[str, Field(pattern=r"^\d\d:\d\d$")]
    end: Annotated[str, Field(pattern=r"^\d\d:\d\d$")]
    days: list[Annotated[int, Field(ge=1, le=7)]] = Field(default_factory=lambda: [1, 2, 3, 4, 5])


class DefectSpec(_Model):
    code: Code
    description: Name
    severity: Literal["minor", "major", "critical"] = "minor"


class IssueTypeSpec(_Model):
    code: Code
    name: Name
    severity: Literal["low", "medium", "high", "critical"] = "medium"
    blocking: bool = Field(
        False,
        description="an issue of this type stops work at its workstation; operators open "
        "non-blocking ones only (a blocking type serves breakdowns: auto_issue_type)",
    )


class ReasonSpec(_Model):
    code: Code
    name: Name
    category: Literal[
        "equipment_failure",
        "setup_adjustment",
        "minor_stop",
        "reduced_speed",
        "material_shortage",
        "no_operator",
        "planned",
        "unqualified",
    ] = "equipment_failure"


class AlertRuleSpec(_Model):
    """A quality alert rule (as `POST /alert-rules`, with codes for ids); what fires is
    acknowledged by the simulator's quality engineer."""

    name: Name
    kind: Literal["yield_below", "defect_repeat"]
    workstation: Code | None = None
    defect: Code | None = None
    threshold_pct: Annotated[float, Field(gt=0, le=100)] | None = None
    window_units: Annotated[int, Field(ge=1, le=10_000)] | None = None
    occurrences: Annotated[int, Field(ge=1, le=10_000)] | None = None
    window_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] | None = None

    @model_validator(mode="after")
    def _parameters(self) -> AlertRuleSpec:
        check_rule_parameters(AlertKind(self.kind), self.model_dump())
        if self.kind == "yield_below" and self.defect is not None:
            raise ValueError("a yield_below rule does not take defect")
        return self


class BehaviourSpec(_Model):
    """How the plant behaves, beyond its configuration."""

    cycle_spread: Annotated[float, Field(ge=0, le=2)] = Field(
        0.15, description="spread of cycle times around the ideal (lognormal sigma)"
    )
    rework_share: Rate = Field(0.7, description="share of failed gates reworked, not scrapped")
    issues_per_shift: Annotated[float, Field(ge=0, le=100)] = Field(
        1.0, description="andon issues a line opens in a shift, on average"
    )
    wip_per_line: Annotated[int, Field(ge=1, le=10_000)] = Field(
        8, description="units released into a line ahead of its first step"
    )
    count_every_min: Annotated[float, Field(gt=0)] = Field(
        15, description="minutes between a machine's counter readings"
    )
    expedite_share: Rate = Field(
        0.0, description="share of orders the planner expedites after they arrive (priority 1)"
    )
    lot_hold_share: Rate = Field(
        0.0, description="share of received lots put on hold later (a supplier's notice)"
    )
    lot_hold_hours: Annotated[float, Field(gt=0, le=720)] = Field(
        4.0, description="mean hours a held lot waits before it is released"
    )


class Plant(_Model):
    name: Name
    users: list[UserSpec] = Field(default_factory=list)
    lines: list[LineSpec] = Field(min_length=1)
    parts: list[PartSpec] = Field(min_length=1)
    boms: list[BomSpec] = Field(default_factory=list)
    routes: list[RouteSpec] = Field(min_length=1)
    demand: list[DemandSpec] = Field(min_length=1)
    shifts: list[ShiftSpec] = Field(min_length=1)
    defects: list[DefectSpec] = Field(default_factory=list)
    issue_types: list[IssueTypeSpec] = Field(default_factory=list)
    downtime_reasons: list[ReasonSpec] = Field(default_factory=list)
    alert_rules: list[AlertRuleSpec] = Field(default_factory=list)
    behaviour: BehaviourSpec = Field(default_factory=BehaviourSpec)

    @model_validator(mode="after")
    def _references(self) -> Plant:
        _unique("lines", [line.code for line in self.lines])
        stations = [w.code for line in self.lines for w in line.workstations]
        _unique("workstations", stations)
        parts = {p.number: p for p in self.parts}
        _unique("parts", [p.number for p in self.parts])
        lines = {line.code for line in self.lines}
        defects = {d.code for d in self.defects}
        routes = {r.code: r for r in self.routes}
        _unique("routes", [r.code for r in self.routes])
        for user in self.users:
            _known("line", user.lines, lines)
        for rule in self.alert_rules:
            _known("workstation", [rule.workstation] if rule.workstation else [], set(stations))
            _known("defect code", [rule.defect] if rule.defect else [], defects)
        issue_types = {t.code for t in self.issue_types}
        _unique("issue types", [t.code for t in self.issue_types])
        for line in self.lines:
            for w in line.workstations:
                _known("issue type", [w.auto_issue_type] if w.auto_issue_type else [], issue_types)
        for route in self.routes:
            _known("part", [route.part], set(parts))
            if parts[route.part].kind != "product" or parts[route.part].serial_prefix is None:
                raise ValueError(
                    f"route {route.code}: part {route.part} is not a product with a serial_prefix"
                )
            _known("line", [route.line], lines)
            _known("workstation", [s.workstation for s in route.steps], set(stations))
            _known("defect code", [s.defect for s in route.steps if s.defect], defects)
        for bom in self.boms:
            _known("part", [bom.part, *(i.component for i in bom.items)], set(parts))
        serial_made = {routes[d.route].part for d in self.demand if d.route in routes}
        serial_made -= {routes[d.route].part for d in self.demand if d.tracking == "batch"}
        for route in self.routes:
            installed = [p for s in route.steps for p in s.install]
            made = serial_made - {route.part}
            _known("part made in units by another route (serial demand)", installed, made)
        for demand in self.demand:
            _known("route", [demand.route], set(routes))
            if demand.tracking == "batch" and any(s.install for s in routes[demand.route].steps):
                raise ValueError(f"route {demand.route}: a batch has no units to install into")
            steps = len(routes[demand.route].steps)
            for bom in self.boms:
                if bom.part == routes[demand.route].part:
                    for item in bom.items:
                        if item.step > steps:
                            raise ValueError(
                                f"bom of {bom.part}: step {item.step} is not on route "
                                f"{demand.route}"
                            )
        return self


def _unique(what: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{what}: {code} appears twice")
        seen.add(code)


def _known(what: str, codes: list[str], known: set[str]) -> None:
    for code in codes:
        if code not in known:
            raise ValueError(f"unknown {what} {code}")


# -- reading, with line numbers --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        at = f"line {self.line}: " if self.line is not None else ""
        return f"{at}{self.where}: {self.message}" if self.where else f"{at}{self.message}"


class PlantFileError(ValueError):
    """The plant file cannot be used; `problems` say where (line) and why."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}:\n" + "\n".join(f"  {p}" for p in problems))


def _to_python(node: yaml.Node, lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node))
            out[key] = _to_python(value_node, lines, (*path, key))
            lines.setdefault((*path, key, "<key>"), key_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, lines, (*path, i)) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def _line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None


def parse_plant(text: str, source: str = "<plant>") -> Plant:
    """The plant a YAML text describes, or PlantFileError naming the lines at fault."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PlantFileError(source, [Problem(line, "", f"not valid YAML: {exc}")]) from exc
    if node is None:
        raise PlantFileError(source, [Problem(None, "", "the file is empty")])
    lines: dict[tuple[Any, ...], int] = {}
    data = _to_python(node, lines, ())
    try:
        return Plant.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _line_of(lines, loc)
            if error["type"] == "extra_forbidden":
                line = lines.get((*loc, "<key>"), line)
            where = ".".join(str(part) for part in loc)
            problems.append(Problem(line, where, error["msg"]))
        raise PlantFileError(source, problems) from exc


def load_plant(path: str | Path | None = None) -> Plant:
    """The plant in `path`, or the shipped demo plant."""
    if path is None:
        text = resources.files("app.simulator.plants").joinpath(DEMO_PLANT).read_text("utf-8")
        return parse_plant(text, DEMO_PLANT)
    return parse_plant(Path(path).read_text(encoding="utf-8"), str(path))
