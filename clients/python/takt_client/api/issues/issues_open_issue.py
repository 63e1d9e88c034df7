from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.issue_create import IssueCreate
from ...models.issue_out import IssueOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: IssueCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/issues",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IssueOut | Problem | None:
    if response.status_code == 201:
        response_201 = IssueOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IssueOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IssueCreate,
) -> Response[IssueOut | Problem]:
    """Open Issue

     Open an issue (status `open`). Unknown references are 422 `unknown_reference`; a
    workstation off the named line, or a serial of another order, 422 `reference_mismatch`.
    Operators open issues on their lines: the issue's line (`line_id`, or the workstation's
    line), else its unit's line, else its order's planned line must be one of theirs (403
    `not_your_station`). A **blocking** issue naming an order (or a unit of it) moves the
    order to `blocked` from `new`, `scheduled`, `running` or `paused`; the order returns to
    that status when its last blocking issue is resolved. Every change is sent on the WIP
    WebSocket as `{"type": "issue", "seq", "issue"}`.

    **Access:** roles admin, operator, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        body (IssueCreate): An issue raised on the shop floor. It names where it is (`line_id`,
            `workstation_id`)
            and what it concerns (`order`, `serial`); a serial also names its order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssueOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: IssueCreate,
) -> IssueOut | Problem | None:
    """Open Issue

     Open an issue (status `open`). Unknown references are 422 `unknown_reference`; a
    workstation off the named line, or a serial of another order, 422 `reference_mismatch`.
    Operators open issues on their lines: the issue's line (`line_id`, or the workstation's
    line), else its unit's line, else its order's planned line must be one of theirs (403
    `not_your_station`). A **blocking** issue naming an order (or a unit of it) moves the
    order to `blocked` from `new`, `scheduled`, `running` or `paused`; the order returns to
    that status when its last blocking issue is resolved. Every change is sent on the WIP
    WebSocket as `{"type": "issue", "seq", "issue"}`.

    **Access:** roles admin, operator, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        body (IssueCreate): An issue raised on the shop floor. It names where it is (`line_id`,
            `workstation_id`)
            and what it concerns (`order`, `serial`); a serial also names its order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssueOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IssueCreate,
) -> Response[IssueOut | Problem]:
    """Open Issue

     Open an issue (status `open`). Unknown references are 422 `unknown_reference`; a
    workstation off the named line, or a serial of another order, 422 `reference_mismatch`.
    Operators open issues on their lines: the issue's line (`line_id`, or the workstation's
    line), else its unit's line, else its order's planned line must be one of theirs (403
    `not_your_station`). A **blocking** issue naming an order (or a unit of it) moves the
    order to `blocked` from `new`, `scheduled`, `running` or `paused`; the order returns to
    that status when its last blocking issue is resolved. Every change is sent on the WIP
    WebSocket as `{"type": "issue", "seq", "issue"}`.

    **Access:** roles admin, operator, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        body (IssueCreate): An issue raised on the shop floor. It names where it is (`line_id`,
            `workstation_id`)
            and what it concerns (`order`, `serial`); a serial also names its order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssueOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IssueCreate,
) -> IssueOut | Problem | None:
    """Open Issue

     Open an issue (status `open`). Unknown references are 422 `unknown_reference`; a
    workstation off the named line, or a serial of another order, 422 `reference_mismatch`.
    Operators open issues on their lines: the issue's line (`line_id`, or the workstation's
    line), else its unit's line, else its order's planned line must be one of theirs (403
    `not_your_station`). A **blocking** issue naming an order (or a unit of it) moves the
    order to `blocked` from `new`, `scheduled`, `running` or `paused`; the order returns to
    that status when its last blocking issue is resolved. Every change is sent on the WIP
    WebSocket as `{"type": "issue", "seq", "issue"}`.

    **Access:** roles admin, operator, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        body (IssueCreate): An issue raised on the shop floor. It names where it is (`line_id`,
            `workstation_id`)
            and what it concerns (`order`, `serial`); a serial also names its order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssueOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
