from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bom_out import BomOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    part_id: int,
    revision: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/parts/{part_id}/bom-revisions/{revision}".format(
            part_id=quote(str(part_id), safe=""),
            revision=quote(str(revision), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BomOut | Problem | None:
    if response.status_code == 200:
        response_200 = BomOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BomOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    part_id: int,
    revision: int,
    *,
    client: AuthenticatedClient,
) -> Response[BomOut | Problem]:
    """Get Bom Revision

     One BOM revision of the part.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int): part id
        revision (int): BOM revision number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BomOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        revision=revision,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    part_id: int,
    revision: int,
    *,
    client: AuthenticatedClient,
) -> BomOut | Problem | None:
    """Get Bom Revision

     One BOM revision of the part.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int): part id
        revision (int): BOM revision number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BomOut | Problem
    """

    return sync_detailed(
        part_id=part_id,
        revision=revision,
        client=client,
    ).parsed


async def asyncio_detailed(
    part_id: int,
    revision: int,
    *,
    client: AuthenticatedClient,
) -> Response[BomOut | Problem]:
    """Get Bom Revision

     One BOM revision of the part.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int): part id
        revision (int): BOM revision number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BomOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        revision=revision,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    part_id: int,
    revision: int,
    *,
    client: AuthenticatedClient,
) -> BomOut | Problem | None:
    """Get Bom Revision

     One BOM revision of the part.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        part_id (int): part id
        revision (int): BOM revision number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BomOut | Problem
    """

    return (
        await asyncio_detailed(
            part_id=part_id,
            revision=revision,
            client=client,
        )
    ).parsed
