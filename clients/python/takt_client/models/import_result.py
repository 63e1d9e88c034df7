from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_target import ImportTarget

if TYPE_CHECKING:
    from ..models.row_error_out import RowErrorOut


T = TypeVar("T", bound="ImportResult")


@_attrs_define
class ImportResult:
    """
    Attributes:
        created (int): records created (a dry run: that would be created)
        dry_run (bool): whether nothing was written
        errors (list[RowErrorOut]): row errors (empty on success)
        errors_total (int): row errors in all (the list stops at 1,000)
        rows (int): data rows read (blank rows are skipped)
        target (ImportTarget): What an import creates or updates: `orders` (matched by `external_ref`), `parts` (by
            `number`), `lots` (by `part` and `code`).
        unchanged (int): rows matching a record that already has their values
        updated (int): records changed (a dry run: that would be changed)
    """

    created: int
    dry_run: bool
    errors: list[RowErrorOut]
    errors_total: int
    rows: int
    target: ImportTarget
    unchanged: int
    updated: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        dry_run = self.dry_run

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        errors_total = self.errors_total

        rows = self.rows

        target = self.target.value

        unchanged = self.unchanged

        updated = self.updated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "dry_run": dry_run,
                "errors": errors,
                "errors_total": errors_total,
                "rows": rows,
                "target": target,
                "unchanged": unchanged,
                "updated": updated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_error_out import RowErrorOut  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        dry_run = d.pop("dry_run")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowErrorOut.from_dict(errors_item_data)

            errors.append(errors_item)

        errors_total = d.pop("errors_total")

        rows = d.pop("rows")

        target = ImportTarget(d.pop("target"))

        unchanged = d.pop("unchanged")

        updated = d.pop("updated")

        import_result = cls(
            created=created,
            dry_run=dry_run,
            errors=errors,
            errors_total=errors_total,
            rows=rows,
            target=target,
            unchanged=unchanged,
            updated=updated,
        )

        import_result.additional_properties = d
        return import_result

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
