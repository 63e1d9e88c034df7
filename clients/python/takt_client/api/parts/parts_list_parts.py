from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_part_out import PagePartOut
from ...models.part_kind import PartKind
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    number: None | str | Unset = UNSET,
    serial_prefix: None | str | Unset = UNSET,
    kind: None | PartKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_number: None | str | Unset
    if isinstance(number, Unset):
        json_number = UNSET
    else:
        json_number = number
    params["number"] = json_number

    json_serial_prefix: None | str | Unset
    if isinstance(serial_prefix, Unset):
        json_serial_prefix = UNSET
    else:
        json_serial_prefix = serial_prefix
    params["serial_prefix"] = json_serial_prefix

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, PartKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/parts",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PagePartOut | Problem | None:
    if response.status_code == 200:
        response_200 = PagePartOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PagePartOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    number: None | str | Unset = UNSET,
    serial_prefix: None | str | Unset = UNSET,
    kind: None | PartKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePartOut | Problem]:
    """List Parts

     List parts, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        number (None | str | Unset): exact part number
        serial_prefix (None | str | Unset): exact serial prefix
        kind (None | PartKind | Unset): only parts of this kind
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePartOut | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        serial_prefix=serial_prefix,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    number: None | str | Unset = UNSET,
    serial_prefix: None | str | Unset = UNSET,
    kind: None | PartKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PagePartOut | Problem | None:
    """List Parts

     List parts, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        number (None | str | Unset): exact part number
        serial_prefix (None | str | Unset): exact serial prefix
        kind (None | PartKind | Unset): only parts of this kind
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePartOut | Problem
    """

    return sync_detailed(
        client=client,
        number=number,
        serial_prefix=serial_prefix,
        kind=kind,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    number: None | str | Unset = UNSET,
    serial_prefix: None | str | Unset = UNSET,
    kind: None | PartKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePartOut | Problem]:
    """List Parts

     List parts, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        number (None | str | Unset): exact part number
        serial_prefix (None | str | Unset): exact serial prefix
        kind (None | PartKind | Unset): only parts of this kind
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePartOut | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        serial_prefix=serial_prefix,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    number: None | str | Unset = UNSET,
    serial_prefix: None | str | Unset = UNSET,
    kind: None | PartKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PagePartOut | Problem | None:
    """List Parts

     List parts, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        number (None | str | Unset): exact part number
        serial_prefix (None | str | Unset): exact serial prefix
        kind (None | PartKind | Unset): only parts of this kind
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePartOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            number=number,
            serial_prefix=serial_prefix,
            kind=kind,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
