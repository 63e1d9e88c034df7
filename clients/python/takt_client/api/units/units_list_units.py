from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_unit_out import PageUnitOut
from ...models.problem import Problem
from ...models.unit_status import UnitStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    order: None | str | Unset = UNSET,
    status: None | UnitStatus | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_order: None | str | Unset
    if isinstance(order, Unset):
        json_order = UNSET
    else:
        json_order = order
    params["order"] = json_order

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, UnitStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_workstation_id: int | None | Unset
    if isinstance(workstation_id, Unset):
        json_workstation_id = UNSET
    else:
        json_workstation_id = workstation_id
    params["workstation_id"] = json_workstation_id

    json_step: int | None | Unset
    if isinstance(step, Unset):
        json_step = UNSET
    else:
        json_step = step
    params["step"] = json_step

    json_part_id: int | None | Unset
    if isinstance(part_id, Unset):
        json_part_id = UNSET
    else:
        json_part_id = part_id
    params["part_id"] = json_part_id

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
        "url": "/api/v1/units",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageUnitOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageUnitOut.from_dict(response.json())

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
) -> Response[PageUnitOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    order: None | str | Unset = UNSET,
    status: None | UnitStatus | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageUnitOut | Problem]:
    """List Units

     List units, oldest first, filtered by order, status, current workstation or step.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        order (None | str | Unset): order number
        status (None | UnitStatus | Unset):
        workstation_id (int | None | Unset):
        step (int | None | Unset):
        part_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageUnitOut | Problem]
    """

    kwargs = _get_kwargs(
        order=order,
        status=status,
        workstation_id=workstation_id,
        step=step,
        part_id=part_id,
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
    order: None | str | Unset = UNSET,
    status: None | UnitStatus | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageUnitOut | Problem | None:
    """List Units

     List units, oldest first, filtered by order, status, current workstation or step.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        order (None | str | Unset): order number
        status (None | UnitStatus | Unset):
        workstation_id (int | None | Unset):
        step (int | None | Unset):
        part_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageUnitOut | Problem
    """

    return sync_detailed(
        client=client,
        order=order,
        status=status,
        workstation_id=workstation_id,
        step=step,
        part_id=part_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    order: None | str | Unset = UNSET,
    status: None | UnitStatus | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageUnitOut | Problem]:
    """List Units

     List units, oldest first, filtered by order, status, current workstation or step.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        order (None | str | Unset): order number
        status (None | UnitStatus | Unset):
        workstation_id (int | None | Unset):
        step (int | None | Unset):
        part_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageUnitOut | Problem]
    """

    kwargs = _get_kwargs(
        order=order,
        status=status,
        workstation_id=workstation_id,
        step=step,
        part_id=part_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    order: None | str | Unset = UNSET,
    status: None | UnitStatus | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageUnitOut | Problem | None:
    """List Units

     List units, oldest first, filtered by order, status, current workstation or step.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        order (None | str | Unset): order number
        status (None | UnitStatus | Unset):
        workstation_id (int | None | Unset):
        step (int | None | Unset):
        part_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageUnitOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            order=order,
            status=status,
            workstation_id=workstation_id,
            step=step,
            part_id=part_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
