from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assembly_out import AssemblyOut
from ...models.install_child import InstallChild
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    serial: str,
    *,
    body: InstallChild,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/units/{serial}/install".format(
            serial=quote(str(serial), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssemblyOut | Problem | None:
    if response.status_code == 201:
        response_201 = AssemblyOut.from_dict(response.json())

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
) -> Response[AssemblyOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: InstallChild,
) -> Response[AssemblyOut | Problem]:
    """Install Child

     Install the completed unit `child_serial` into this unit at its current step.

    The parent must be in progress at a route step and the child `completed`, installed in
    no other unit, and neither the parent itself nor a unit the parent is installed in: else
    409 `not_installable`, whose `reason` says which (`parent_finished`, `parent_not_started`,
    `child_not_completed`, `child_installed`, `cycle`, `same_unit`). 409
    `order_not_runnable` unless the parent's order is running; 403 `not_your_station` for an
    operator whose lines do not include the parent's current step; 404 unknown parent, 422
    `unknown_reference` unknown child. Writes `installed` history on both units.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (InstallChild): Install a completed unit into this (parent) unit at the parent's
            current step.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssemblyOut | Problem]
    """

    kwargs = _get_kwargs(
        serial=serial,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: InstallChild,
) -> AssemblyOut | Problem | None:
    """Install Child

     Install the completed unit `child_serial` into this unit at its current step.

    The parent must be in progress at a route step and the child `completed`, installed in
    no other unit, and neither the parent itself nor a unit the parent is installed in: else
    409 `not_installable`, whose `reason` says which (`parent_finished`, `parent_not_started`,
    `child_not_completed`, `child_installed`, `cycle`, `same_unit`). 409
    `order_not_runnable` unless the parent's order is running; 403 `not_your_station` for an
    operator whose lines do not include the parent's current step; 404 unknown parent, 422
    `unknown_reference` unknown child. Writes `installed` history on both units.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (InstallChild): Install a completed unit into this (parent) unit at the parent's
            current step.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssemblyOut | Problem
    """

    return sync_detailed(
        serial=serial,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: InstallChild,
) -> Response[AssemblyOut | Problem]:
    """Install Child

     Install the completed unit `child_serial` into this unit at its current step.

    The parent must be in progress at a route step and the child `completed`, installed in
    no other unit, and neither the parent itself nor a unit the parent is installed in: else
    409 `not_installable`, whose `reason` says which (`parent_finished`, `parent_not_started`,
    `child_not_completed`, `child_installed`, `cycle`, `same_unit`). 409
    `order_not_runnable` unless the parent's order is running; 403 `not_your_station` for an
    operator whose lines do not include the parent's current step; 404 unknown parent, 422
    `unknown_reference` unknown child. Writes `installed` history on both units.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (InstallChild): Install a completed unit into this (parent) unit at the parent's
            current step.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssemblyOut | Problem]
    """

    kwargs = _get_kwargs(
        serial=serial,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: InstallChild,
) -> AssemblyOut | Problem | None:
    """Install Child

     Install the completed unit `child_serial` into this unit at its current step.

    The parent must be in progress at a route step and the child `completed`, installed in
    no other unit, and neither the parent itself nor a unit the parent is installed in: else
    409 `not_installable`, whose `reason` says which (`parent_finished`, `parent_not_started`,
    `child_not_completed`, `child_installed`, `cycle`, `same_unit`). 409
    `order_not_runnable` unless the parent's order is running; 403 `not_your_station` for an
    operator whose lines do not include the parent's current step; 404 unknown parent, 422
    `unknown_reference` unknown child. Writes `installed` history on both units.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (InstallChild): Install a completed unit into this (parent) unit at the parent's
            current step.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssemblyOut | Problem
    """

    return (
        await asyncio_detailed(
            serial=serial,
            client=client,
            body=body,
        )
    ).parsed
