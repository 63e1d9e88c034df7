from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lot_status import LotStatus
from ...models.page_lot_out import PageLotOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    part_id: int | None | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_part_id: int | None | Unset
    if isinstance(part_id, Unset):
        json_part_id = UNSET
    else:
        json_part_id = part_id
    params["part_id"] = json_part_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, LotStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

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
        "url": "/api/v1/lots",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageLotOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageLotOut.from_dict(response.json())

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
) -> Response[PageLotOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    part_id: int | None | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageLotOut | Problem]:
    """List Lots

     Lots, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int | None | Unset): only this part
        status (LotStatus | None | Unset): only lots in this status
        code (None | str | Unset): exact lot code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageLotOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        status=status,
        code=code,
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
    part_id: int | None | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageLotOut | Problem | None:
    """List Lots

     Lots, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int | None | Unset): only this part
        status (LotStatus | None | Unset): only lots in this status
        code (None | str | Unset): exact lot code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageLotOut | Problem
    """

    return sync_detailed(
        client=client,
        part_id=part_id,
        status=status,
        code=code,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    part_id: int | None | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageLotOut | Problem]:
    """List Lots

     Lots, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int | None | Unset): only this part
        status (LotStatus | None | Unset): only lots in this status
        code (None | str | Unset): exact lot code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageLotOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        status=status,
        code=code,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    part_id: int | None | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageLotOut | Problem | None:
    """List Lots

     Lots, oldest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int | None | Unset): only this part
        status (LotStatus | None | Unset): only lots in this status
        code (None | str | Unset): exact lot code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageLotOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            part_id=part_id,
            status=status,
            code=code,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
