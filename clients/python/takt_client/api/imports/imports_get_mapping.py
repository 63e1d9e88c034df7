from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_mapping_out import ImportMappingOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    mapping_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/import-mappings/{mapping_id}".format(
            mapping_id=quote(str(mapping_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportMappingOut | Problem | None:
    if response.status_code == 200:
        response_200 = ImportMappingOut.from_dict(response.json())

        return response_200

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
) -> Response[ImportMappingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ImportMappingOut | Problem]:
    """Get Mapping

     One import mapping profile.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        mapping_id (int): import mapping id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        mapping_id=mapping_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
) -> ImportMappingOut | Problem | None:
    """Get Mapping

     One import mapping profile.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        mapping_id (int): import mapping id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportMappingOut | Problem
    """

    return sync_detailed(
        mapping_id=mapping_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ImportMappingOut | Problem]:
    """Get Mapping

     One import mapping profile.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        mapping_id (int): import mapping id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        mapping_id=mapping_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
) -> ImportMappingOut | Problem | None:
    """Get Mapping

     One import mapping profile.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        mapping_id (int): import mapping id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportMappingOut | Problem
    """

    return (
        await asyncio_detailed(
            mapping_id=mapping_id,
            client=client,
        )
    ).parsed
