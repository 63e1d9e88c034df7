from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.machine_state_out import MachineStateOut
from ...models.problem import Problem
from ...models.state_reason_update import StateReasonUpdate
from ...types import Response


def _get_kwargs(
    workstation_id: int,
    state_id: int,
    *,
    body: StateReasonUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/workstations/{workstation_id}/states/{state_id}".format(
            workstation_id=quote(str(workstation_id), safe=""),
            state_id=quote(str(state_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MachineStateOut | Problem | None:
    if response.status_code == 200:
        response_200 = MachineStateOut.from_dict(response.json())

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
) -> Response[MachineStateOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workstation_id: int,
    state_id: int,
    *,
    client: AuthenticatedClient,
    body: StateReasonUpdate,
) -> Response[MachineStateOut | Problem]:
    """Set Machine State Reason

     Name the downtime reason of a non-running interval (supervisors, admins): 409
    `state_running` on a running one, 404 for an interval of another workstation, 422
    `unknown_reference` for an unknown `reason_code`. Naming the reason of the current
    interval sends a `machine` message on the WIP WebSocket.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        state_id (int): machine-state interval id
        body (StateReasonUpdate): Name the downtime reason of a non-running machine-state
            interval.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MachineStateOut | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        state_id=state_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workstation_id: int,
    state_id: int,
    *,
    client: AuthenticatedClient,
    body: StateReasonUpdate,
) -> MachineStateOut | Problem | None:
    """Set Machine State Reason

     Name the downtime reason of a non-running interval (supervisors, admins): 409
    `state_running` on a running one, 404 for an interval of another workstation, 422
    `unknown_reference` for an unknown `reason_code`. Naming the reason of the current
    interval sends a `machine` message on the WIP WebSocket.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        state_id (int): machine-state interval id
        body (StateReasonUpdate): Name the downtime reason of a non-running machine-state
            interval.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MachineStateOut | Problem
    """

    return sync_detailed(
        workstation_id=workstation_id,
        state_id=state_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workstation_id: int,
    state_id: int,
    *,
    client: AuthenticatedClient,
    body: StateReasonUpdate,
) -> Response[MachineStateOut | Problem]:
    """Set Machine State Reason

     Name the downtime reason of a non-running interval (supervisors, admins): 409
    `state_running` on a running one, 404 for an interval of another workstation, 422
    `unknown_reference` for an unknown `reason_code`. Naming the reason of the current
    interval sends a `machine` message on the WIP WebSocket.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        state_id (int): machine-state interval id
        body (StateReasonUpdate): Name the downtime reason of a non-running machine-state
            interval.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MachineStateOut | Problem]
    """

    kwargs = _get_kwargs(
        workstation_id=workstation_id,
        state_id=state_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workstation_id: int,
    state_id: int,
    *,
    client: AuthenticatedClient,
    body: StateReasonUpdate,
) -> MachineStateOut | Problem | None:
    """Set Machine State Reason

     Name the downtime reason of a non-running interval (supervisors, admins): 409
    `state_running` on a running one, 404 for an interval of another workstation, 422
    `unknown_reference` for an unknown `reason_code`. Naming the reason of the current
    interval sends a `machine` message on the WIP WebSocket.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        workstation_id (int): workstation id
        state_id (int): machine-state interval id
        body (StateReasonUpdate): Name the downtime reason of a non-running machine-state
            interval.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MachineStateOut | Problem
    """

    return (
        await asyncio_detailed(
            workstation_id=workstation_id,
            state_id=state_id,
            client=client,
            body=body,
        )
    ).parsed
