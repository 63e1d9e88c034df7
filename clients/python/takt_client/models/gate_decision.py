from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.gate_decision_result import GateDecisionResult
from ..types import UNSET, Unset

T = TypeVar("T", bound="GateDecision")


@_attrs_define
class GateDecision:
    """
    Attributes:
        result (GateDecisionResult): inspection result
        defect_code (None | str | Unset):
        notes (None | str | Unset): free text recorded in the history
    """

    result: GateDecisionResult
    defect_code: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        result = self.result.value

        defect_code: None | str | Unset
        if isinstance(self.defect_code, Unset):
            defect_code = UNSET
        else:
            defect_code = self.defect_code

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "result": result,
            }
        )
        if defect_code is not UNSET:
            field_dict["defect_code"] = defect_code
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        result = GateDecisionResult(d.pop("result"))

        def _parse_defect_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        defect_code = _parse_defect_code(d.pop("defect_code", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        gate_decision = cls(
            result=result,
            defect_code=defect_code,
            notes=notes,
        )

        return gate_decision
