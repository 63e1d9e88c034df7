from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_out import BatchOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    batch_id: int,
    seq: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/batches/{batch_id}/steps/{seq}/start".format(
            batch_id=quote(str(batch_id), safe=""),
            seq=quote(str(seq), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchOut | Problem | None:
    if response.status_code == 200:
        response_200 = BatchOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
) -> Response[BatchOut | Problem]:
    """Start Batch Step

     Start step `seq`: only the batch's next step, once the previous one is done (409
    `step_not_ready` otherwise); 409 `order_not_runnable` unless the order is running,
    `batch_finished` for a finished batch. Operators only on their lines (403).

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        seq=seq,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
) -> BatchOut | Problem | None:
    """Start Batch Step

     Start step `seq`: only the batch's next step, once the previous one is done (409
    `step_not_ready` otherwise); 409 `order_not_runnable` unless the order is running,
    `batch_finished` for a finished batch. Operators only on their lines (403).

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return sync_detailed(
        batch_id=batch_id,
        seq=seq,
        client=client,
    ).parsed


async def asyncio_detailed(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
) -> Response[BatchOut | Problem]:
    """Start Batch Step

     Start step `seq`: only the batch's next step, once the previous one is done (409
    `step_not_ready` otherwise); 409 `order_not_runnable` unless the order is running,
    `batch_finished` for a finished batch. Operators only on their lines (403).

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        seq=seq,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
) -> BatchOut | Problem | None:
    """Start Batch Step

     Start step `seq`: only the batch's next step, once the previous one is done (409
    `step_not_ready` otherwise); 409 `order_not_runnable` unless the order is running,
    `batch_finished` for a finished batch. Operators only on their lines (403).

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return (
        await asyncio_detailed(
            batch_id=batch_id,
            seq=seq,
            client=client,
        )
    ).parsed
