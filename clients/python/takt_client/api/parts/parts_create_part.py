from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.part_create import PartCreate
from ...models.part_out import PartOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PartCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/parts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PartOut | Problem | None:
    if response.status_code == 201:
        response_201 = PartOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PartOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PartCreate,
) -> Response[PartOut | Problem]:
    """Create Part

     Create a part number with its serial scheme. `number` and `serial_prefix` are unique
    (409 `duplicate`); serials are `{serial_prefix}-{counter zero-padded to serial_digits}`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (PartCreate): A part number and its serial scheme: serial = prefix + "-" + zero-
            padded counter.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PartOut | Problem]
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
    body: PartCreate,
) -> PartOut | Problem | None:
    """Create Part

     Create a part number with its serial scheme. `number` and `serial_prefix` are unique
    (409 `duplicate`); serials are `{serial_prefix}-{counter zero-padded to serial_digits}`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (PartCreate): A part number and its serial scheme: serial = prefix + "-" + zero-
            padded counter.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PartOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PartCreate,
) -> Response[PartOut | Problem]:
    """Create Part

     Create a part number with its serial scheme. `number` and `serial_prefix` are unique
    (409 `duplicate`); serials are `{serial_prefix}-{counter zero-padded to serial_digits}`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (PartCreate): A part number and its serial scheme: serial = prefix + "-" + zero-
            padded counter.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PartOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PartCreate,
) -> PartOut | Problem | None:
    """Create Part

     Create a part number with its serial scheme. `number` and `serial_prefix` are unique
    (409 `duplicate`); serials are `{serial_prefix}-{counter zero-padded to serial_digits}`.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        body (PartCreate): A part number and its serial scheme: serial = prefix + "-" + zero-
            padded counter.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PartOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
