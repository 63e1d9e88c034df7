from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.downtime_reason_out import DowntimeReasonOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    reason_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/downtime-reasons/{reason_id}".format(
            reason_id=quote(str(reason_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DowntimeReasonOut | Problem | None:
    if response.status_code == 200:
        response_200 = DowntimeReasonOut.from_dict(response.json())

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
) -> Response[DowntimeReasonOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reason_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[DowntimeReasonOut | Problem]:
    """Get Downtime Reason

     One downtime reason by id.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        reason_id (int): downtime reason id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DowntimeReasonOut | Problem]
    """

    kwargs = _get_kwargs(
        reason_id=reason_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reason_id: int,
    *,
    client: AuthenticatedClient,
) -> DowntimeReasonOut | Problem | None:
    """Get Downtime Reason

     One downtime reason by id.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        reason_id (int): downtime reason id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DowntimeReasonOut | Problem
    """

    return sync_detailed(
        reason_id=reason_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    reason_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[DowntimeReasonOut | Problem]:
    """Get Downtime Reason

     One downtime reason by id.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        reason_id (int): downtime reason id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DowntimeReasonOut | Problem]
    """

    kwargs = _get_kwargs(
        reason_id=reason_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reason_id: int,
    *,
    client: AuthenticatedClient,
) -> DowntimeReasonOut | Problem | None:
    """Get Downtime Reason

     One downtime reason by id.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        reason_id (int): downtime reason id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DowntimeReasonOut | Problem
    """

    return (
        await asyncio_detailed(
            reason_id=reason_id,
            client=client,
        )
    ).parsed
