from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.workstation_out import WorkstationOut
from ...models.workstation_update import WorkstationUpdate
from ...types import Response


def _get_kwargs(
    workstation_id: int,
    *,
    body: WorkstationUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/workstations/{workstation_id}".format(
            workstation_id=quote(str(workstation_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkstationOut | None:
    if response.status_code == 200:
        response_200 = WorkstationOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WorkstationOut]:
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
    body: WorkstationUpdate,
) -> Response[Problem | WorkstationOut]:
    """Update Workstation

     Change a workstation's code, name or machine-data settings (`ideal_cycle_s`,
    `auto_issue_type`, `silence_timeout_s`; null clears one). Its line cannot change: create
    a workstation on the other line instead, so history and routes keep meaning what they meant.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        body (WorkstationUpdate): Rename a workstation. Its line is fixed: to move it, create one
            on the other line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkstationOut]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    body: WorkstationUpdate,
) -> Problem | WorkstationOut | None:
    """Update Workstation

     Change a workstation's code, name or machine-data settings (`ideal_cycle_s`,
    `auto_issue_type`, `silence_timeout_s`; null clears one). Its line cannot change: create
    a workstation on the other line instead, so history and routes keep meaning what they meant.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        body (WorkstationUpdate): Rename a workstation. Its line is fixed: to move it, create one
            on the other line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkstationOut
    """

    return sync_detailed(
        workstation_id=workstation_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    body: WorkstationUpdate,
) -> Response[Problem | WorkstationOut]:
    """Update Workstation

     Change a workstation's code, name or machine-data settings (`ideal_cycle_s`,
    `auto_issue_type`, `silence_timeout_s`; null clears one). Its line cannot change: create
    a workstation on the other line instead, so history and routes keep meaning what they meant.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        body (WorkstationUpdate): Rename a workstation. Its line is fixed: to move it, create one
            on the other line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkstationOut]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workstation_id: int,
    *,
    client: AuthenticatedClient,
    body: WorkstationUpdate,
) -> Problem | WorkstationOut | None:
    """Update Workstation

     Change a workstation's code, name or machine-data settings (`ideal_cycle_s`,
    `auto_issue_type`, `silence_timeout_s`; null clears one). Its line cannot change: create
    a workstation on the other line instead, so history and routes keep meaning what they meant.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        body (WorkstationUpdate): Rename a workstation. Its line is fixed: to move it, create one
            on the other line.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkstationOut
    """

    return (
        await asyncio_detailed(
            workstation_id=workstation_id,
            client=client,
            body=body,
        )
    ).parsed
