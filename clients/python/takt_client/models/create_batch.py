from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateBatch")


@_attrs_define
class CreateBatch:
    """
    Attributes:
        quantity (int): quantity of the batch (1 to 1000000)
        notes (None | str | Unset): free text kept with the batch
    """

    quantity: int
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "quantity": quantity,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quantity = d.pop("quantity")

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        create_batch = cls(
            quantity=quantity,
            notes=notes,
        )

        return create_batch
