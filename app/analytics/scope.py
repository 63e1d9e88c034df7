"""The optional filters every report takes: a line, a workstation, a part."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, Query

from app.kit.schemas import MAX_ID


class Placed(Protocol):
    """Something at a workstation of a line (a route step)."""

    @property
    def line_id(self) -> int: ...

    @property
    def workstation_id(self) -> int: ...


@dataclass(frozen=True)
class Scope:
    """Optional filters: a line, a workstation, a part."""

    line_id: int | None = None
    workstation_id: int | None = None
    part_id: int | None = None

    def covers(self, step: Placed) -> bool:
        return (self.line_id is None or step.line_id == self.line_id) and (
            self.workstation_id is None or step.workstation_id == self.workstation_id
        )


async def scope(
    line_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only steps/units of this line")
    ] = None,
    workstation_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only this workstation")
    ] = None,
    part_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this part")] = None,
) -> Scope:
    return Scope(line_id=line_id, workstation_id=workstation_id, part_id=part_id)


Filters = Annotated[Scope, Depends(scope)]
