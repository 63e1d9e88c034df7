from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.where_used_kind import WhereUsedKind

T = TypeVar("T", bound="WhereUsedItem")


@_attrs_define
class WhereUsedItem:
    """A unit or batch that consumed the lot (`depth` 0, `via` `direct`), or a unit one of
    those is installed in now (`depth` ≥ 1, `via` the serial of the child it contains on
    the way down to the lot).

        Attributes:
            batch_id (int | None): the batch's id (null for a unit)
            depth (int): 0: consumed the lot; n: n assembly levels above that
            external_ref (None | str): the order's ERP reference
            kind (WhereUsedKind):
            order (str): production order number
            part (str): part number
            quantity (float | None): quantity of the lot it consumed itself (null above depth 0)
            serial (None | str): the unit's serial (null for a batch)
            status (str): the unit's or batch's status
            via (str): `direct` (consumed the lot itself) or the serial of the installed child through which it contains the
                lot
    """

    batch_id: int | None
    depth: int
    external_ref: None | str
    kind: WhereUsedKind
    order: str
    part: str
    quantity: float | None
    serial: None | str
    status: str
    via: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_id: int | None
        batch_id = self.batch_id

        depth = self.depth

        external_ref: None | str
        external_ref = self.external_ref

        kind = self.kind.value

        order = self.order

        part = self.part

        quantity: float | None
        quantity = self.quantity

        serial: None | str
        serial = self.serial

        status = self.status

        via = self.via

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_id": batch_id,
                "depth": depth,
                "external_ref": external_ref,
                "kind": kind,
                "order": order,
                "part": part,
                "quantity": quantity,
                "serial": serial,
                "status": status,
                "via": via,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_batch_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        depth = d.pop("depth")

        def _parse_external_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_ref = _parse_external_ref(d.pop("external_ref"))

        kind = WhereUsedKind(d.pop("kind"))

        order = d.pop("order")

        part = d.pop("part")

        def _parse_quantity(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quantity = _parse_quantity(d.pop("quantity"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        status = d.pop("status")

        via = d.pop("via")

        where_used_item = cls(
            batch_id=batch_id,
            depth=depth,
            external_ref=external_ref,
            kind=kind,
            order=order,
            part=part,
            quantity=quantity,
            serial=serial,
            status=status,
            via=via,
        )

        where_used_item.additional_properties = d
        return where_used_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
