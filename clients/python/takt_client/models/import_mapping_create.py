from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.import_target import ImportTarget
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_mapping_create_columns import ImportMappingCreateColumns
    from ..models.import_mapping_create_defaults import ImportMappingCreateDefaults


T = TypeVar("T", bound="ImportMappingCreate")


@_attrs_define
class ImportMappingCreate:
    """A named mapping profile: how a file's columns map to the target's fields.

    Attributes:
        name (str): unique name (the CLI's `--mapping NAME`)
        target (ImportTarget): What an import creates or updates: `orders` (matched by `external_ref`), `parts` (by
            `number`), `lots` (by `part` and `code`).
        columns (ImportMappingCreateColumns | Unset): field → the column header holding it (fields not named: the header
            equal to the field)
        date_format (None | str | Unset): strptime format of dates and times in the file, e.g. `%d.%m.%Y`; ISO 8601
            without one
        defaults (ImportMappingCreateDefaults | Unset): field → value used where the file has no such column or the cell
            is blank
    """

    name: str
    target: ImportTarget
    columns: ImportMappingCreateColumns | Unset = UNSET
    date_format: None | str | Unset = UNSET
    defaults: ImportMappingCreateDefaults | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        target = self.target.value

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "target": target,
            }
        )
        if columns is not UNSET:
            field_dict["columns"] = columns
        if date_format is not UNSET:
            field_dict["date_format"] = date_format
        if defaults is not UNSET:
            field_dict["defaults"] = defaults

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_mapping_create_columns import ImportMappingCreateColumns  # noqa: PLC0415
        from ..models.import_mapping_create_defaults import ImportMappingCreateDefaults  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        target = ImportTarget(d.pop("target"))

        _columns = d.pop("columns", UNSET)
        columns: ImportMappingCreateColumns | Unset
        if isinstance(_columns, Unset):
            columns = UNSET
        else:
            columns = ImportMappingCreateColumns.from_dict(_columns)

        def _parse_date_format(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_format = _parse_date_format(d.pop("date_format", UNSET))

        _defaults = d.pop("defaults", UNSET)
        defaults: ImportMappingCreateDefaults | Unset
        if isinstance(_defaults, Unset):
            defaults = UNSET
        else:
            defaults = ImportMappingCreateDefaults.from_dict(_defaults)

        import_mapping_create = cls(
            name=name,
            target=target,
            columns=columns,
            date_format=date_format,
            defaults=defaults,
        )

        return import_mapping_create
