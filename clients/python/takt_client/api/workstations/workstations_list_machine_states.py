import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_machine_state_out import PageMachineStateOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workstation_id: int,
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/workstations/{workstation_id}/states".format(
            workstation_id=quote(str(workstation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMachineStateOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageMachineStateOut.from_dict(response.json())

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
) -> Response[PageMachineStateOut | Problem]:
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[PageMachineStateOut | Problem]:
    """List Machine States

     The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMachineStateOut | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        limit=limit,
        cursor=cursor,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> PageMachineStateOut | Problem | None:
    """List Machine States

     The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMachineStateOut | Problem
    """

    return sync_detailed(
        workstation_id=workstation_id,
        client=client,
        limit=limit,
        cursor=cursor,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[PageMachineStateOut | Problem]:
    """List Machine States

     The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMachineStateOut | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        limit=limit,
        cursor=cursor,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> PageMachineStateOut | Problem | None:
    """List Machine States

     The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        workstation_id (int): workstation id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMachineStateOut | Problem
    """

    return (
        await asyncio_detailed(
            workstation_id=workstation_id,
            client=client,
            limit=limit,
            cursor=cursor,
            from_=from_,
            to=to,
        )
    ).parsed
