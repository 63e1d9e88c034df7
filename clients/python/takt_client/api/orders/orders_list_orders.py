from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_sort import OrderSort
from ...models.order_status import OrderStatus
from ...models.page_order_out import PageOrderOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: list[OrderStatus] | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    external_ref: None | str | Unset = UNSET,
    priority: int | None | Unset = UNSET,
    sort: None | OrderSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: list[str] | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, list):
        json_status = []
        for status_type_0_item_data in status:
            status_type_0_item = status_type_0_item_data.value
            json_status.append(status_type_0_item)

    else:
        json_status = status
    params["status"] = json_status

    json_part_id: int | None | Unset
    if isinstance(part_id, Unset):
        json_part_id = UNSET
    else:
        json_part_id = part_id
    params["part_id"] = json_part_id

    json_line_id: int | None | Unset
    if isinstance(line_id, Unset):
        json_line_id = UNSET
    else:
        json_line_id = line_id
    params["line_id"] = json_line_id

    json_external_ref: None | str | Unset
    if isinstance(external_ref, Unset):
        json_external_ref = UNSET
    else:
        json_external_ref = external_ref
    params["external_ref"] = json_external_ref

    json_priority: int | None | Unset
    if isinstance(priority, Unset):
        json_priority = UNSET
    else:
        json_priority = priority
    params["priority"] = json_priority

    json_sort: None | str | Unset
    if isinstance(sort, Unset):
        json_sort = UNSET
    elif isinstance(sort, OrderSort):
        json_sort = sort.value
    else:
        json_sort = sort
    params["sort"] = json_sort

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
        "url": "/api/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageOrderOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageOrderOut.from_dict(response.json())

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
) -> Response[PageOrderOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: list[OrderStatus] | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    external_ref: None | str | Unset = UNSET,
    priority: int | None | Unset = UNSET,
    sort: None | OrderSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderOut | Problem]:
    """List Orders

     List orders, oldest first, or in the order `sort` names.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (list[OrderStatus] | None | Unset): one or more statuses (repeat the parameter)
        part_id (int | None | Unset):
        line_id (int | None | Unset):
        external_ref (None | str | Unset):
        priority (int | None | Unset):
        sort (None | OrderSort | Unset): sort by `priority`, `due_date` or `created_at`; a `-`
            prefix sorts descending. Ties go by id in the same direction; orders without a due date
            come last either way. A cursor continues the sort it came from.
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        part_id=part_id,
        line_id=line_id,
        external_ref=external_ref,
        priority=priority,
        sort=sort,
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
    status: list[OrderStatus] | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    external_ref: None | str | Unset = UNSET,
    priority: int | None | Unset = UNSET,
    sort: None | OrderSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOrderOut | Problem | None:
    """List Orders

     List orders, oldest first, or in the order `sort` names.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (list[OrderStatus] | None | Unset): one or more statuses (repeat the parameter)
        part_id (int | None | Unset):
        line_id (int | None | Unset):
        external_ref (None | str | Unset):
        priority (int | None | Unset):
        sort (None | OrderSort | Unset): sort by `priority`, `due_date` or `created_at`; a `-`
            prefix sorts descending. Ties go by id in the same direction; orders without a due date
            come last either way. A cursor continues the sort it came from.
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        part_id=part_id,
        line_id=line_id,
        external_ref=external_ref,
        priority=priority,
        sort=sort,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: list[OrderStatus] | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    external_ref: None | str | Unset = UNSET,
    priority: int | None | Unset = UNSET,
    sort: None | OrderSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderOut | Problem]:
    """List Orders

     List orders, oldest first, or in the order `sort` names.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (list[OrderStatus] | None | Unset): one or more statuses (repeat the parameter)
        part_id (int | None | Unset):
        line_id (int | None | Unset):
        external_ref (None | str | Unset):
        priority (int | None | Unset):
        sort (None | OrderSort | Unset): sort by `priority`, `due_date` or `created_at`; a `-`
            prefix sorts descending. Ties go by id in the same direction; orders without a due date
            come last either way. A cursor continues the sort it came from.
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        part_id=part_id,
        line_id=line_id,
        external_ref=external_ref,
        priority=priority,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: list[OrderStatus] | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    external_ref: None | str | Unset = UNSET,
    priority: int | None | Unset = UNSET,
    sort: None | OrderSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOrderOut | Problem | None:
    """List Orders

     List orders, oldest first, or in the order `sort` names.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (list[OrderStatus] | None | Unset): one or more statuses (repeat the parameter)
        part_id (int | None | Unset):
        line_id (int | None | Unset):
        external_ref (None | str | Unset):
        priority (int | None | Unset):
        sort (None | OrderSort | Unset): sort by `priority`, `due_date` or `created_at`; a `-`
            prefix sorts descending. Ties go by id in the same direction; orders without a due date
            come last either way. A cursor continues the sort it came from.
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            part_id=part_id,
            line_id=line_id,
            external_ref=external_ref,
            priority=priority,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
