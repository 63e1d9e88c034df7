from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assembly_out import AssemblyOut
from ...models.problem import Problem
from ...models.remove_child import RemoveChild
from ...types import Response


def _get_kwargs(
    serial: str,
    *,
    body: RemoveChild,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/units/{serial}/remove".format(
            serial=quote(str(serial), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssemblyOut | Problem | None:
    if response.status_code == 200:
        response_200 = AssemblyOut.from_dict(response.json())

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
    body: RemoveChild,
) -> Response[AssemblyOut | Problem]:
    """Remove Child

     Take the installed unit `child_serial` out of this unit (whatever this unit's status:
    a scrapped unit's sub-assemblies are salvaged) with a `reason`; answers the closed
    assembly record. 409 `not_installed` when the child is not installed in this unit; 403
    `not_your_station` for an operator unless this unit is at a step of their lines. Writes
    `removed` history on both units; the child can then be installed elsewhere.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (RemoveChild): Take an installed sub-assembly out of this (parent) unit.

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
    body: RemoveChild,
) -> AssemblyOut | Problem | None:
    """Remove Child

     Take the installed unit `child_serial` out of this unit (whatever this unit's status:
    a scrapped unit's sub-assemblies are salvaged) with a `reason`; answers the closed
    assembly record. 409 `not_installed` when the child is not installed in this unit; 403
    `not_your_station` for an operator unless this unit is at a step of their lines. Writes
    `removed` history on both units; the child can then be installed elsewhere.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (RemoveChild): Take an installed sub-assembly out of this (parent) unit.

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
    body: RemoveChild,
) -> Response[AssemblyOut | Problem]:
    """Remove Child

     Take the installed unit `child_serial` out of this unit (whatever this unit's status:
    a scrapped unit's sub-assemblies are salvaged) with a `reason`; answers the closed
    assembly record. 409 `not_installed` when the child is not installed in this unit; 403
    `not_your_station` for an operator unless this unit is at a step of their lines. Writes
    `removed` history on both units; the child can then be installed elsewhere.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (RemoveChild): Take an installed sub-assembly out of this (parent) unit.

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
    body: RemoveChild,
) -> AssemblyOut | Problem | None:
    """Remove Child

     Take the installed unit `child_serial` out of this unit (whatever this unit's status:
    a scrapped unit's sub-assemblies are salvaged) with a `reason`; answers the closed
    assembly record. 409 `not_installed` when the child is not installed in this unit; 403
    `not_your_station` for an operator unless this unit is at a step of their lines. Writes
    `removed` history on both units; the child can then be installed elsewhere.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (RemoveChild): Take an installed sub-assembly out of this (parent) unit.

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
