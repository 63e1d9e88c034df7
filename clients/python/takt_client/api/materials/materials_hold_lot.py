from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lot_hold import LotHold
from ...models.lot_out import LotOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    lot_id: int,
    *,
    body: LotHold,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/lots/{lot_id}/hold".format(
            lot_id=quote(str(lot_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LotOut | Problem | None:
    if response.status_code == 200:
        response_200 = LotOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[LotOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    lot_id: int,
    *,
    client: AuthenticatedClient,
    body: LotHold,
) -> Response[LotOut | Problem]:
    """Hold Lot

     Put an available lot on hold (audited with the reason): consumption refuses it with
    409 `lot_unavailable` until it is released. 409 `illegal_transition` unless available.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        lot_id (int): lot id
        body (LotHold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LotOut | Problem]
    """

    kwargs = _get_kwargs(
        lot_id=lot_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    lot_id: int,
    *,
    client: AuthenticatedClient,
    body: LotHold,
) -> LotOut | Problem | None:
    """Hold Lot

     Put an available lot on hold (audited with the reason): consumption refuses it with
    409 `lot_unavailable` until it is released. 409 `illegal_transition` unless available.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        lot_id (int): lot id
        body (LotHold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LotOut | Problem
    """

    return sync_detailed(
        lot_id=lot_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    lot_id: int,
    *,
    client: AuthenticatedClient,
    body: LotHold,
) -> Response[LotOut | Problem]:
    """Hold Lot

     Put an available lot on hold (audited with the reason): consumption refuses it with
    409 `lot_unavailable` until it is released. 409 `illegal_transition` unless available.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        lot_id (int): lot id
        body (LotHold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LotOut | Problem]
    """

    kwargs = _get_kwargs(
        lot_id=lot_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    lot_id: int,
    *,
    client: AuthenticatedClient,
    body: LotHold,
) -> LotOut | Problem | None:
    """Hold Lot

     Put an available lot on hold (audited with the reason): consumption refuses it with
    409 `lot_unavailable` until it is released. 409 `illegal_transition` unless available.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        lot_id (int): lot id
        body (LotHold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LotOut | Problem
    """

    return (
        await asyncio_detailed(
            lot_id=lot_id,
            client=client,
            body=body,
        )
    ).parsed
