from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.route_create import RouteCreate
from ...models.route_out import RouteOut
from ...types import Response


def _get_kwargs(
    *,
    body: RouteCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/routes",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RouteOut | None:
    if response.status_code == 201:
        response_201 = RouteOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RouteOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RouteCreate,
) -> Response[Problem | RouteOut]:
    """Create Route

     Create a route with its steps as revision 1. `code` is unique (409 `duplicate`); an
    unknown `part_id` or step `workstation_id` is 422 `unknown_reference`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (RouteCreate): A route for a part; its steps become revision 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RouteOut]
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
    body: RouteCreate,
) -> Problem | RouteOut | None:
    """Create Route

     Create a route with its steps as revision 1. `code` is unique (409 `duplicate`); an
    unknown `part_id` or step `workstation_id` is 422 `unknown_reference`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (RouteCreate): A route for a part; its steps become revision 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RouteOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RouteCreate,
) -> Response[Problem | RouteOut]:
    """Create Route

     Create a route with its steps as revision 1. `code` is unique (409 `duplicate`); an
    unknown `part_id` or step `workstation_id` is 422 `unknown_reference`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (RouteCreate): A route for a part; its steps become revision 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RouteOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RouteCreate,
) -> Problem | RouteOut | None:
    """Create Route

     Create a route with its steps as revision 1. `code` is unique (409 `duplicate`); an
    unknown `part_id` or step `workstation_id` is 422 `unknown_reference`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (RouteCreate): A route for a part; its steps become revision 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RouteOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
