from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_target import ImportTarget

if TYPE_CHECKING:
    from ..models.import_mapping_out_columns import ImportMappingOutColumns
    from ..models.import_mapping_out_defaults import ImportMappingOutDefaults


T = TypeVar("T", bound="ImportMappingOut")


@_attrs_define
class ImportMappingOut:
    """
    Attributes:
        columns (ImportMappingOutColumns): field → the column header holding it (fields not named: the header equal to
            the field)
        created_at (datetime.datetime): when the mapping was created
        date_format (None | str): strptime format of dates and times in the file, e.g. `%d.%m.%Y`; ISO 8601 without one
        defaults (ImportMappingOutDefaults): field → value used where the file has no such column or the cell is blank
        id (int): mapping id
        name (str): unique name
        target (ImportTarget): What an import creates or updates: `orders` (matched by `external_ref`), `parts` (by
            `number`), `lots` (by `part` and `code`).
        updated_at (datetime.datetime): when the mapping last changed
    """

    columns: ImportMappingOutColumns
    created_at: datetime.datetime
    date_format: None | str
    defaults: ImportMappingOutDefaults
    id: int
    name: str
    target: ImportTarget
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        columns = self.columns.to_dict()

        created_at = self.created_at.isoformat()

        date_format: None | str
        date_format = self.date_format

        defaults = self.defaults.to_dict()

        id = self.id

        name = self.name

        target = self.target.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "columns": columns,
                "created_at": created_at,
                "date_format": date_format,
                "defaults": defaults,
                "id": id,
                "name": name,
                "target": target,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_mapping_out_columns import ImportMappingOutColumns  # noqa: PLC0415
        from ..models.import_mapping_out_defaults import ImportMappingOutDefaults  # noqa: PLC0415

        d = dict(src_dict)
        columns = ImportMappingOutColumns.from_dict(d.pop("columns"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_date_format(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        date_format = _parse_date_format(d.pop("date_format"))

        defaults = ImportMappingOutDefaults.from_dict(d.pop("defaults"))

        id = d.pop("id")

        name = d.pop("name")

        target = ImportTarget(d.pop("target"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        import_mapping_out = cls(
            columns=columns,
            created_at=created_at,
            date_format=date_format,
            defaults=defaults,
            id=id,
            name=name,
            target=target,
            updated_at=updated_at,
        )

        import_mapping_out.additional_properties = d
        return import_mapping_out

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
