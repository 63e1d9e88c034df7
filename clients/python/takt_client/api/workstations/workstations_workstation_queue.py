from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_queue_item import PageQueueItem
from ...models.problem import Problem
from ...models.queue_awaiting import QueueAwaiting
from ...models.queue_kind import QueueKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workstation_id: int,
    *,
    awaiting: list[QueueAwaiting] | None | Unset = UNSET,
    kind: None | QueueKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_awaiting: list[str] | None | Unset
    if isinstance(awaiting, Unset):
        json_awaiting = UNSET
    elif isinstance(awaiting, list):
        json_awaiting = []
        for awaiting_type_0_item_data in awaiting:
            awaiting_type_0_item = awaiting_type_0_item_data.value
            json_awaiting.append(awaiting_type_0_item)

    else:
        json_awaiting = awaiting
    params["awaiting"] = json_awaiting

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, QueueKind):
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
        "url": "/api/v1/workstations/{workstation_id}/queue".format(
            workstation_id=quote(str(workstation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageQueueItem | Problem | None:
    if response.status_code == 200:
        response_200 = PageQueueItem.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageQueueItem | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    awaiting: list[QueueAwaiting] | None | Unset = UNSET,
    kind: None | QueueKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageQueueItem | Problem]:
    """Workstation Queue

     What waits at this workstation or arrives next, in dispatch order: units at its step
    (awaiting `move`, `gate_decision` or `disposition`), units at the step before it
    (awaiting `arrival`; step 0 before a first step here), batches whose step here is ready
    (`start`) or in progress (`complete`). Ordered by the order's priority (1 first), its due
    date (none last), then age: older orders first, and within an order what has waited
    longest (`since`) first. Items of `paused` and `blocked` orders are listed too (see
    `order_status`). Readable by every role: the queue shows what `GET /units` and `GET /wip`
    show anyway; operators act only on their lines' units all the same.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        awaiting (list[QueueAwaiting] | None | Unset): only items awaiting one of these (repeat
            the parameter)
        kind (None | QueueKind | Unset): only units or only batches
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageQueueItem | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        awaiting=awaiting,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    awaiting: list[QueueAwaiting] | None | Unset = UNSET,
    kind: None | QueueKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageQueueItem | Problem | None:
    """Workstation Queue

     What waits at this workstation or arrives next, in dispatch order: units at its step
    (awaiting `move`, `gate_decision` or `disposition`), units at the step before it
    (awaiting `arrival`; step 0 before a first step here), batches whose step here is ready
    (`start`) or in progress (`complete`). Ordered by the order's priority (1 first), its due
    date (none last), then age: older orders first, and within an order what has waited
    longest (`since`) first. Items of `paused` and `blocked` orders are listed too (see
    `order_status`). Readable by every role: the queue shows what `GET /units` and `GET /wip`
    show anyway; operators act only on their lines' units all the same.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        awaiting (list[QueueAwaiting] | None | Unset): only items awaiting one of these (repeat
            the parameter)
        kind (None | QueueKind | Unset): only units or only batches
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageQueueItem | Problem
    """

    return sync_detailed(
        workstation_id=workstation_id,
        client=client,
        awaiting=awaiting,
        kind=kind,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    awaiting: list[QueueAwaiting] | None | Unset = UNSET,
    kind: None | QueueKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageQueueItem | Problem]:
    """Workstation Queue

     What waits at this workstation or arrives next, in dispatch order: units at its step
    (awaiting `move`, `gate_decision` or `disposition`), units at the step before it
    (awaiting `arrival`; step 0 before a first step here), batches whose step here is ready
    (`start`) or in progress (`complete`). Ordered by the order's priority (1 first), its due
    date (none last), then age: older orders first, and within an order what has waited
    longest (`since`) first. Items of `paused` and `blocked` orders are listed too (see
    `order_status`). Readable by every role: the queue shows what `GET /units` and `GET /wip`
    show anyway; operators act only on their lines' units all the same.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        awaiting (list[QueueAwaiting] | None | Unset): only items awaiting one of these (repeat
            the parameter)
        kind (None | QueueKind | Unset): only units or only batches
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageQueueItem | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        awaiting=awaiting,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    awaiting: list[QueueAwaiting] | None | Unset = UNSET,
    kind: None | QueueKind | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageQueueItem | Problem | None:
    """Workstation Queue

     What waits at this workstation or arrives next, in dispatch order: units at its step
    (awaiting `move`, `gate_decision` or `disposition`), units at the step before it
    (awaiting `arrival`; step 0 before a first step here), batches whose step here is ready
    (`start`) or in progress (`complete`). Ordered by the order's priority (1 first), its due
    date (none last), then age: older orders first, and within an order what has waited
    longest (`since`) first. Items of `paused` and `blocked` orders are listed too (see
    `order_status`). Readable by every role: the queue shows what `GET /units` and `GET /wip`
    show anyway; operators act only on their lines' units all the same.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        awaiting (list[QueueAwaiting] | None | Unset): only items awaiting one of these (repeat
            the parameter)
        kind (None | QueueKind | Unset): only units or only batches
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageQueueItem | Problem
    """

    return (
        await asyncio_detailed(
            workstation_id=workstation_id,
            client=client,
            awaiting=awaiting,
            kind=kind,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
