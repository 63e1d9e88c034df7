from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_mapping_out import ImportMappingOut
from ...models.import_mapping_update import ImportMappingUpdate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    mapping_id: int,
    *,
    body: ImportMappingUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/import-mappings/{mapping_id}".format(
            mapping_id=quote(str(mapping_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportMappingOut | Problem | None:
    if response.status_code == 200:
        response_200 = ImportMappingOut.from_dict(response.json())

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
    body: ImportMappingUpdate,
) -> Response[ImportMappingOut | Problem]:
    """Update Mapping

     Change an import mapping profile (its target stays).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        mapping_id (int): import mapping id
        body (ImportMappingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        mapping_id=mapping_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
    body: ImportMappingUpdate,
) -> ImportMappingOut | Problem | None:
    """Update Mapping

     Change an import mapping profile (its target stays).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        mapping_id (int): import mapping id
        body (ImportMappingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportMappingOut | Problem
    """

    return sync_detailed(
        mapping_id=mapping_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
    body: ImportMappingUpdate,
) -> Response[ImportMappingOut | Problem]:
    """Update Mapping

     Change an import mapping profile (its target stays).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        mapping_id (int): import mapping id
        body (ImportMappingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportMappingOut | Problem]
    """

    kwargs = _get_kwargs(
        mapping_id=mapping_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    mapping_id: int,
    *,
    client: AuthenticatedClient,
    body: ImportMappingUpdate,
) -> ImportMappingOut | Problem | None:
    """Update Mapping

     Change an import mapping profile (its target stays).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        mapping_id (int): import mapping id
        body (ImportMappingUpdate):

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
            body=body,
        )
    ).parsed
