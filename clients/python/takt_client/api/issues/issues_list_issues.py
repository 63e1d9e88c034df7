from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.issue_status import IssueStatus
from ...models.page_issue_out import PageIssueOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: IssueStatus | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    order: None | str | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    blocking: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, IssueStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_order: None | str | Unset
    if isinstance(order, Unset):
        json_order = UNSET
    else:
        json_order = order
    params["order"] = json_order

    json_line_id: int | None | Unset
    if isinstance(line_id, Unset):
        json_line_id = UNSET
    else:
        json_line_id = line_id
    params["line_id"] = json_line_id

    json_workstation_id: int | None | Unset
    if isinstance(workstation_id, Unset):
        json_workstation_id = UNSET
    else:
        json_workstation_id = workstation_id
    params["workstation_id"] = json_workstation_id

    json_blocking: bool | None | Unset
    if isinstance(blocking, Unset):
        json_blocking = UNSET
    else:
        json_blocking = blocking
    params["blocking"] = json_blocking

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
        "url": "/api/v1/issues",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageIssueOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageIssueOut.from_dict(response.json())

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
) -> Response[PageIssueOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: IssueStatus | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    order: None | str | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    blocking: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageIssueOut | Problem]:
    """List Issues

     Issues, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (IssueStatus | None | Unset):
        type_ (None | str | Unset): type code (or id)
        order (None | str | Unset): order number
        line_id (int | None | Unset):
        workstation_id (int | None | Unset):
        blocking (bool | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIssueOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        order=order,
        line_id=line_id,
        workstation_id=workstation_id,
        blocking=blocking,
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
    status: IssueStatus | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    order: None | str | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    blocking: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageIssueOut | Problem | None:
    """List Issues

     Issues, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (IssueStatus | None | Unset):
        type_ (None | str | Unset): type code (or id)
        order (None | str | Unset): order number
        line_id (int | None | Unset):
        workstation_id (int | None | Unset):
        blocking (bool | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIssueOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        type_=type_,
        order=order,
        line_id=line_id,
        workstation_id=workstation_id,
        blocking=blocking,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: IssueStatus | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    order: None | str | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    blocking: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageIssueOut | Problem]:
    """List Issues

     Issues, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (IssueStatus | None | Unset):
        type_ (None | str | Unset): type code (or id)
        order (None | str | Unset): order number
        line_id (int | None | Unset):
        workstation_id (int | None | Unset):
        blocking (bool | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageIssueOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        order=order,
        line_id=line_id,
        workstation_id=workstation_id,
        blocking=blocking,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: IssueStatus | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    order: None | str | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    blocking: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageIssueOut | Problem | None:
    """List Issues

     Issues, newest first.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (IssueStatus | None | Unset):
        type_ (None | str | Unset): type code (or id)
        order (None | str | Unset): order number
        line_id (int | None | Unset):
        workstation_id (int | None | Unset):
        blocking (bool | None | Unset):
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageIssueOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            type_=type_,
            order=order,
            line_id=line_id,
            workstation_id=workstation_id,
            blocking=blocking,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
