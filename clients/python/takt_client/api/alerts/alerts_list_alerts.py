from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_alert_out import PageAlertOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    open_: bool | None | Unset = UNSET,
    rule_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_open_: bool | None | Unset
    if isinstance(open_, Unset):
        json_open_ = UNSET
    else:
        json_open_ = open_
    params["open"] = json_open_

    json_rule_id: int | None | Unset
    if isinstance(rule_id, Unset):
        json_rule_id = UNSET
    else:
        json_rule_id = rule_id
    params["rule_id"] = json_rule_id

    json_workstation_id: int | None | Unset
    if isinstance(workstation_id, Unset):
        json_workstation_id = UNSET
    else:
        json_workstation_id = workstation_id
    params["workstation_id"] = json_workstation_id

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
        "url": "/api/v1/alerts",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageAlertOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageAlertOut.from_dict(response.json())

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
) -> Response[PageAlertOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    rule_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageAlertOut | Problem]:
    """List Alerts

     Alerts, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        open_ (bool | None | Unset): true: unacknowledged only; false: acknowledged only
        rule_id (int | None | Unset):
        workstation_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAlertOut | Problem]
    """

    kwargs = _get_kwargs(
        open_=open_,
        rule_id=rule_id,
        workstation_id=workstation_id,
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
    open_: bool | None | Unset = UNSET,
    rule_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageAlertOut | Problem | None:
    """List Alerts

     Alerts, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        open_ (bool | None | Unset): true: unacknowledged only; false: acknowledged only
        rule_id (int | None | Unset):
        workstation_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAlertOut | Problem
    """

    return sync_detailed(
        client=client,
        open_=open_,
        rule_id=rule_id,
        workstation_id=workstation_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    rule_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageAlertOut | Problem]:
    """List Alerts

     Alerts, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        open_ (bool | None | Unset): true: unacknowledged only; false: acknowledged only
        rule_id (int | None | Unset):
        workstation_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAlertOut | Problem]
    """

    kwargs = _get_kwargs(
        open_=open_,
        rule_id=rule_id,
        workstation_id=workstation_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    rule_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageAlertOut | Problem | None:
    """List Alerts

     Alerts, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        open_ (bool | None | Unset): true: unacknowledged only; false: acknowledged only
        rule_id (int | None | Unset):
        workstation_id (int | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAlertOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            open_=open_,
            rule_id=rule_id,
            workstation_id=workstation_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
