from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_mapping_map_type_0 import FieldMappingMapType0


T = TypeVar("T", bound="FieldMapping")


@_attrs_define
class FieldMapping:
    """Where one field of the action comes from, and how its value is transformed.

    Attributes:
        const (bool | float | int | None | str | Unset): a constant instead of a path (e.g. the test name)
        map_ (FieldMappingMapType0 | None | Unset): lookup table applied first: the raw value (numbers and booleans as
            JSON text) → the value to use; values not in the table pass unchanged
        offset (float | None | Unset): then add this to it
        path (None | str | Unset): JSONPath into the payload: `$.a.b`, `$['key with spaces']`, `$.list[0]`, `$.list[*]`
            (every element, e.g. for `values`)
        scale (float | None | Unset): multiply the (numeric) value
    """

    const: bool | float | int | None | str | Unset = UNSET
    map_: FieldMappingMapType0 | None | Unset = UNSET
    offset: float | None | Unset = UNSET
    path: None | str | Unset = UNSET
    scale: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_mapping_map_type_0 import FieldMappingMapType0  # noqa: PLC0415

        const: bool | float | int | None | str | Unset
        if isinstance(self.const, Unset):
            const = UNSET
        else:
            const = self.const

        map_: dict[str, Any] | None | Unset
        if isinstance(self.map_, Unset):
            map_ = UNSET
        elif isinstance(self.map_, FieldMappingMapType0):
            map_ = self.map_.to_dict()
        else:
            map_ = self.map_

        offset: float | None | Unset
        if isinstance(self.offset, Unset):
            offset = UNSET
        else:
            offset = self.offset

        path: None | str | Unset
        if isinstance(self.path, Unset):
            path = UNSET
        else:
            path = self.path

        scale: float | None | Unset
        if isinstance(self.scale, Unset):
            scale = UNSET
        else:
            scale = self.scale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if const is not UNSET:
            field_dict["const"] = const
        if map_ is not UNSET:
            field_dict["map"] = map_
        if offset is not UNSET:
            field_dict["offset"] = offset
        if path is not UNSET:
            field_dict["path"] = path
        if scale is not UNSET:
            field_dict["scale"] = scale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_mapping_map_type_0 import FieldMappingMapType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_const(data: object) -> bool | float | int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | float | int | None | str | Unset, data)

        const = _parse_const(d.pop("const", UNSET))

        def _parse_map_(data: object) -> FieldMappingMapType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                map_type_0 = FieldMappingMapType0.from_dict(data)

                return map_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FieldMappingMapType0 | None | Unset, data)

        map_ = _parse_map_(d.pop("map", UNSET))

        def _parse_offset(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        offset = _parse_offset(d.pop("offset", UNSET))

        def _parse_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path = _parse_path(d.pop("path", UNSET))

        def _parse_scale(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        scale = _parse_scale(d.pop("scale", UNSET))

        field_mapping = cls(
            const=const,
            map_=map_,
            offset=offset,
            path=path,
            scale=scale,
        )

        return field_mapping
