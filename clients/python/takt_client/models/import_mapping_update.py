from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_mapping_update_columns import ImportMappingUpdateColumns
    from ..models.import_mapping_update_defaults import ImportMappingUpdateDefaults


T = TypeVar("T", bound="ImportMappingUpdate")


@_attrs_define
class ImportMappingUpdate:
    """
    Attributes:
        columns (ImportMappingUpdateColumns | Unset): field → the column header holding it (fields not named: the header
            equal to the field)
        date_format (None | str | Unset): strptime format of dates and times in the file, e.g. `%d.%m.%Y`; ISO 8601
            without one; null to clear
        defaults (ImportMappingUpdateDefaults | Unset): field → value used where the file has no such column or the cell
            is blank
        name (str | Unset): new unique name
    """

    columns: ImportMappingUpdateColumns | Unset = UNSET
    date_format: None | str | Unset = UNSET
    defaults: ImportMappingUpdateDefaults | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        columns: dict[str, Any] | Unset = UNSET
        if not isinstance(self.columns, Unset):
            columns = self.columns.to_dict()

        date_format: None | str | Unset
        if isinstance(self.date_format, Unset):
            date_format = UNSET
        else:
            date_format = self.date_format

        defaults: dict[str, Any] | Unset = UNSET
        if not isinstance(self.defaults, Unset):
            defaults = self.defaults.to_dict()

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if columns is not UNSET:
            field_dict["columns"] = columns
        if date_format is not UNSET:
            field_dict["date_format"] = date_format
        if defaults is not UNSET:
            field_dict["defaults"] = defaults
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_mapping_update_columns import ImportMappingUpdateColumns  # noqa: PLC0415
        from ..models.import_mapping_update_defaults import ImportMappingUpdateDefaults  # noqa: PLC0415

        d = dict(src_dict)
        _columns = d.pop("columns", UNSET)
        columns: ImportMappingUpdateColumns | Unset
        if isinstance(_columns, Unset):
            columns = UNSET
        else:
            columns = ImportMappingUpdateColumns.from_dict(_columns)

        def _parse_date_format(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_format = _parse_date_format(d.pop("date_format", UNSET))

        _defaults = d.pop("defaults", UNSET)
        defaults: ImportMappingUpdateDefaults | Unset
        if isinstance(_defaults, Unset):
            defaults = UNSET
        else:
            defaults = ImportMappingUpdateDefaults.from_dict(_defaults)

        name = d.pop("name", UNSET)

        import_mapping_update = cls(
            columns=columns,
            date_format=date_format,
            defaults=defaults,
            name=name,
        )

        return import_mapping_update
