from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.where_used import WhereUsed
from ...types import Response


def _get_kwargs(
    lot_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/lots/{lot_id}/where-used".format(
            lot_id=quote(str(lot_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WhereUsed | None:
    if response.status_code == 200:
        response_200 = WhereUsed.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WhereUsed]:
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
) -> Response[Problem | WhereUsed]:
    """Lot Where Used

     The recall list of a lot: every unit and batch that consumed it (`depth` 0, `via`
    `direct`) and every unit those units are installed in now, recursively (`via` the child
    it contains on the way to the lot), each with its order, the order's `external_ref`
    and its status. Whole, not paginated: a recall needs every unit at once.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        lot_id (int): lot id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhereUsed]
    """

    kwargs = _get_kwargs(
        lot_id=lot_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    lot_id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | WhereUsed | None:
    """Lot Where Used

     The recall list of a lot: every unit and batch that consumed it (`depth` 0, `via`
    `direct`) and every unit those units are installed in now, recursively (`via` the child
    it contains on the way to the lot), each with its order, the order's `external_ref`
    and its status. Whole, not paginated: a recall needs every unit at once.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        lot_id (int): lot id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhereUsed
    """

    return sync_detailed(
        lot_id=lot_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    lot_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | WhereUsed]:
    """Lot Where Used

     The recall list of a lot: every unit and batch that consumed it (`depth` 0, `via`
    `direct`) and every unit those units are installed in now, recursively (`via` the child
    it contains on the way to the lot), each with its order, the order's `external_ref`
    and its status. Whole, not paginated: a recall needs every unit at once.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        lot_id (int): lot id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhereUsed]
    """

    kwargs = _get_kwargs(
        lot_id=lot_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    lot_id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | WhereUsed | None:
    """Lot Where Used

     The recall list of a lot: every unit and batch that consumed it (`depth` 0, `via`
    `direct`) and every unit those units are installed in now, recursively (`via` the child
    it contains on the way to the lot), each with its order, the order's `external_ref`
    and its status. Whole, not paginated: a recall needs every unit at once.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        lot_id (int): lot id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhereUsed
    """

    return (
        await asyncio_detailed(
            lot_id=lot_id,
            client=client,
        )
    ).parsed
