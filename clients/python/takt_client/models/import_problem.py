from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_target import ImportTarget
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.row_error_out import RowErrorOut
    from ..models.validation_issue import ValidationIssue


T = TypeVar("T", bound="ImportProblem")


@_attrs_define
class ImportProblem:
    """An import refused: `import_invalid` (with the counts and every row error, nothing
    written), `invalid_file`, `missing_columns` (with `columns`), `mapping_target_mismatch`,
    or `validation_error` (a form field, with `errors` by `loc`).

        Attributes:
            code (str): stable machine-readable code
            detail (str): explanation specific to this occurrence
            status (int): HTTP status code
            title (str): short summary of the problem type
            type_ (str): URI naming the problem type
            columns (list[str] | None | Unset): `missing_columns`: the missing headers
            created (int | None | Unset): `import_invalid`: records it would create
            dry_run (bool | None | Unset): `import_invalid`: whether it was a dry run
            errors (list[RowErrorOut | ValidationIssue] | None | Unset): `import_invalid`: the row errors (the first 1,000);
                else by field
            errors_total (int | None | Unset): `import_invalid`: row errors in all
            rows (int | None | Unset): `import_invalid`: data rows read
            target (ImportTarget | None | Unset): `import_invalid`: the target
            unchanged (int | None | Unset): `import_invalid`: rows changing nothing
            updated (int | None | Unset): `import_invalid`: records it would change
    """

    code: str
    detail: str
    status: int
    title: str
    type_: str
    columns: list[str] | None | Unset = UNSET
    created: int | None | Unset = UNSET
    dry_run: bool | None | Unset = UNSET
    errors: list[RowErrorOut | ValidationIssue] | None | Unset = UNSET
    errors_total: int | None | Unset = UNSET
    rows: int | None | Unset = UNSET
    target: ImportTarget | None | Unset = UNSET
    unchanged: int | None | Unset = UNSET
    updated: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.row_error_out import RowErrorOut  # noqa: PLC0415

        code = self.code

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        columns: list[str] | None | Unset
        if isinstance(self.columns, Unset):
            columns = UNSET
        elif isinstance(self.columns, list):
            columns = self.columns

        else:
            columns = self.columns

        created: int | None | Unset
        if isinstance(self.created, Unset):
            created = UNSET
        else:
            created = self.created

        dry_run: bool | None | Unset
        if isinstance(self.dry_run, Unset):
            dry_run = UNSET
        else:
            dry_run = self.dry_run

        errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        elif isinstance(self.errors, list):
            errors = []
            for errors_type_0_item_data in self.errors:
                errors_type_0_item: dict[str, Any]
                if isinstance(errors_type_0_item_data, RowErrorOut):
                    errors_type_0_item = errors_type_0_item_data.to_dict()
                else:
                    errors_type_0_item = errors_type_0_item_data.to_dict()

                errors.append(errors_type_0_item)

        else:
            errors = self.errors

        errors_total: int | None | Unset
        if isinstance(self.errors_total, Unset):
            errors_total = UNSET
        else:
            errors_total = self.errors_total

        rows: int | None | Unset
        if isinstance(self.rows, Unset):
            rows = UNSET
        else:
            rows = self.rows

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, ImportTarget):
            target = self.target.value
        else:
            target = self.target

        unchanged: int | None | Unset
        if isinstance(self.unchanged, Unset):
            unchanged = UNSET
        else:
            unchanged = self.unchanged

        updated: int | None | Unset
        if isinstance(self.updated, Unset):
            updated = UNSET
        else:
            updated = self.updated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if columns is not UNSET:
            field_dict["columns"] = columns
        if created is not UNSET:
            field_dict["created"] = created
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if errors is not UNSET:
            field_dict["errors"] = errors
        if errors_total is not UNSET:
            field_dict["errors_total"] = errors_total
        if rows is not UNSET:
            field_dict["rows"] = rows
        if target is not UNSET:
            field_dict["target"] = target
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if updated is not UNSET:
            field_dict["updated"] = updated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_error_out import RowErrorOut  # noqa: PLC0415
        from ..models.validation_issue import ValidationIssue  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_columns(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                columns_type_0 = cast(list[str], data)

                return columns_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        columns = _parse_columns(d.pop("columns", UNSET))

        def _parse_created(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created = _parse_created(d.pop("created", UNSET))

        def _parse_dry_run(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        dry_run = _parse_dry_run(d.pop("dry_run", UNSET))

        def _parse_errors(data: object) -> list[RowErrorOut | ValidationIssue] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                errors_type_0 = []
                _errors_type_0 = data
                for errors_type_0_item_data in _errors_type_0:

                    def _parse_errors_type_0_item(data: object) -> RowErrorOut | ValidationIssue:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            errors_type_0_item_type_0 = RowErrorOut.from_dict(data)

                            return errors_type_0_item_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        errors_type_0_item_type_1 = ValidationIssue.from_dict(data)

                        return errors_type_0_item_type_1

                    errors_type_0_item = _parse_errors_type_0_item(errors_type_0_item_data)

                    errors_type_0.append(errors_type_0_item)

                return errors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RowErrorOut | ValidationIssue] | None | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        def _parse_errors_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        errors_total = _parse_errors_total(d.pop("errors_total", UNSET))

        def _parse_rows(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rows = _parse_rows(d.pop("rows", UNSET))

        def _parse_target(data: object) -> ImportTarget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_type_0 = ImportTarget(data)

                return target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportTarget | None | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_unchanged(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unchanged = _parse_unchanged(d.pop("unchanged", UNSET))

        def _parse_updated(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        updated = _parse_updated(d.pop("updated", UNSET))

        import_problem = cls(
            code=code,
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            columns=columns,
            created=created,
            dry_run=dry_run,
            errors=errors,
            errors_total=errors_total,
            rows=rows,
            target=target,
            unchanged=unchanged,
            updated=updated,
        )

        import_problem.additional_properties = d
        return import_problem

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
