"""Response bodies of the quality analytics (ISO 22400 names; ratios are fractions 0…1)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.kit.schemas import OutputSchema


class Window(OutputSchema):
    from_: datetime = Field(alias="from", description="start of the window (inclusive)")
    to: datetime = Field(description="end of the window (exclusive)")

    model_config = {"populate_by_name": True, "serialize_by_alias": True}


class StepYield(OutputSchema):
    route_id: int = Field(description="route id")
    route: str = Field(description="route code")
    revision: int = Field(description="route revision")
    step: int = Field(description="step `seq`")
    name: str = Field(description="step name")
    workstation_id: int = Field(description="workstation of the step")
    is_gate: bool = Field(description="whether the step is a quality gate")
    attempted: int = Field(
        description="units whose first attempt at the step ended in the window, plus the "
        "`quantity_in` of batch steps completed in it"
    )
    first_pass: int = Field(
        description="of those, units that passed the step at that attempt, plus the batch "
        "steps' `good`"
    )
    fpy: float | None = Field(description="first pass yield = first_pass / attempted (null: none)")


class RouteYield(OutputSchema):
    route_id: int = Field(description="route id")
    route: str = Field(description="route code")
    revision: int = Field(description="route revision")
    finished: int = Field(
        description="units and batch items that finished the route in the window (completed "
        "or scrapped)"
    )
    first_pass: int = Field(description="of those, completed without rework or a failed gate")
    fpy: float | None = Field(description="first pass yield = first_pass / finished")
    rty: float | None = Field(
        description="rolled throughput yield = product of the step FPYs (steps with attempts)"
    )


class FirstPassYieldReport(Window):
    steps: list[StepYield] = Field(description="first pass yield per route step")
    routes: list[RouteYield] = Field(description="first pass yield per route revision")


class RtyFactor(OutputSchema):
    step: int = Field(description="step `seq`")
    name: str = Field(description="step name")
    fpy: float = Field(description="the step's first pass yield")


class RouteRty(OutputSchema):
    route_id: int = Field(description="route id")
    route: str = Field(description="route code")
    revision: int = Field(description="route revision")
    rty: float | None = Field(description="product of the factors (null: no step attempted)")
    factors: list[RtyFactor] = Field(description="the steps' FPYs that make up the product")


class RtyReport(Window):
    routes: list[RouteRty] = Field(description="rolled throughput yield per route revision")


class ScrapReworkReport(Window):
    produced: int = Field(
        description="PQ: units and batch items finished in the window (completed or scrapped)"
    )
    good: int = Field(description="GQ: of those, completed")
    scrapped: int = Field(description="SQ: of those, scrapped")
    reworked: int = Field(description="RQ: of those, reworked at least once (units only)")
    scrap_ratio: float | None = Field(description="scrap ratio = SQ / PQ")
    rework_ratio: float | None = Field(description="rework ratio = RQ / PQ")
    quality_ratio: float | None = Field(description="quality ratio = GQ / PQ")


class ParetoItem(OutputSchema):
    defect_code: str = Field(description="defect code")
    description: str = Field(description="what the defect is")
    severity: str = Field(description="`minor`, `major` or `critical`")
    count: int = Field(
        description="items recorded with this code: 1 per event about a unit (or nothing), "
        "the event's `quantity` for a batch"
    )
    share: float = Field(description="count / total")
    cumulative_share: float = Field(description="share of this and every more frequent code")


class ParetoReport(Window):
    total: int = Field(description="items recorded with a defect code (sum of the counts)")
    items: list[ParetoItem] = Field(description="defect codes, most frequent first")


class TestStatistics(OutputSchema):
    __test__ = False  # not a pytest test class

    test_id: int = Field(description="test definition id")
    test: str = Field(description="test name")
    route_id: int = Field(description="route of the test")
    step: int = Field(description="step of the test")
    unit: str = Field(description="unit of measure")
    kind: str = Field(description="`scalar` or `vector`")
    count: int = Field(description="measurements")
    passed: int = Field(description="passing measurements")
    pass_rate: float = Field(description="passed / count")
    points: int = Field(description="values (a vector measurement has several)")
    mean: float = Field(description="mean of the values")
    stdev: float | None = Field(description="sample standard deviation (null: one value)")
    min: float = Field(description="smallest value")
    max: float = Field(description="largest value")
    lower_limit: float | None = Field(description="current lower limit (LSL)")
    upper_limit: float | None = Field(description="current upper limit (USL)")
    cpk: float | None = Field(
        description="process capability = min(USL - mean, mean - LSL) / (3 stdev); null unless "
        "both limits exist and stdev > 0"
    )


class TestStatisticsReport(Window):
    __test__ = False

    items: list[TestStatistics] = Field(description="per test definition with measurements")
