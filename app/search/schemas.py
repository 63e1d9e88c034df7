"""Search results."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.masterdata.schemas import PartOut
from app.orders.schemas import OrderOut
from app.units.schemas import UnitOut


class SearchResults(BaseModel):
    query: str = Field(description="the search text as received")
    units: list[UnitOut] = Field(description="units whose serial matches")
    orders: list[OrderOut] = Field(description="orders whose number or external_ref matches")
    parts: list[PartOut] = Field(description="parts whose number matches")
