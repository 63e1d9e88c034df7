from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bom_out import BomOut
from ...models.bom_revision_create import BomRevisionCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    part_id: int,
    *,
    body: BomRevisionCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/parts/{part_id}/bom-revisions".format(
            part_id=quote(str(part_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BomOut | Problem | None:
    if response.status_code == 201:
        response_201 = BomOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BomOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    part_id: int,
    *,
    client: AuthenticatedClient,
    body: BomRevisionCreate,
) -> Response[BomOut | Problem]:
    """Create Bom Revision

     Create the part's next BOM revision (1, 2, …) and return it; earlier revisions never
    change and orders keep the one they pinned. 422 `invalid_bom` (the part itself, a part
    listed twice), `wrong_part_kind` (a `product` as component), `unknown_reference`,
    `validation_error` (quantity <= 0, step < 1).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        part_id (int): part id
        body (BomRevisionCreate): The complete item list of the part's next BOM revision (earlier
            ones never change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BomOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    part_id: int,
    *,
    client: AuthenticatedClient,
    body: BomRevisionCreate,
) -> BomOut | Problem | None:
    """Create Bom Revision

     Create the part's next BOM revision (1, 2, …) and return it; earlier revisions never
    change and orders keep the one they pinned. 422 `invalid_bom` (the part itself, a part
    listed twice), `wrong_part_kind` (a `product` as component), `unknown_reference`,
    `validation_error` (quantity <= 0, step < 1).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        part_id (int): part id
        body (BomRevisionCreate): The complete item list of the part's next BOM revision (earlier
            ones never change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BomOut | Problem
    """

    return sync_detailed(
        part_id=part_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    part_id: int,
    *,
    client: AuthenticatedClient,
    body: BomRevisionCreate,
) -> Response[BomOut | Problem]:
    """Create Bom Revision

     Create the part's next BOM revision (1, 2, …) and return it; earlier revisions never
    change and orders keep the one they pinned. 422 `invalid_bom` (the part itself, a part
    listed twice), `wrong_part_kind` (a `product` as component), `unknown_reference`,
    `validation_error` (quantity <= 0, step < 1).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        part_id (int): part id
        body (BomRevisionCreate): The complete item list of the part's next BOM revision (earlier
            ones never change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BomOut | Problem]
    """

    kwargs = _get_kwargs(
        part_id=part_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    part_id: int,
    *,
    client: AuthenticatedClient,
    body: BomRevisionCreate,
) -> BomOut | Problem | None:
    """Create Bom Revision

     Create the part's next BOM revision (1, 2, …) and return it; earlier revisions never
    change and orders keep the one they pinned. 422 `invalid_bom` (the part itself, a part
    listed twice), `wrong_part_kind` (a `product` as component), `unknown_reference`,
    `validation_error` (quantity <= 0, step < 1).

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        part_id (int): part id
        body (BomRevisionCreate): The complete item list of the part's next BOM revision (earlier
            ones never change).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BomOut | Problem
    """

    return (
        await asyncio_detailed(
            part_id=part_id,
            client=client,
            body=body,
        )
    ).parsed
