from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_out import BatchOut
from ...models.create_batch import CreateBatch
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    number: str,
    *,
    body: CreateBatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders/{number}/batches".format(
            number=quote(str(number), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchOut | Problem | None:
    if response.status_code == 201:
        response_201 = BatchOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CreateBatch,
) -> Response[BatchOut | Problem]:
    """Create Batch

     Create a batch of `quantity` on a batch order (409 `wrong_tracking` on a serial order).
    A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when the order's batch quantities minus its scrap would exceed its
    `quantity`.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        number (str): order number
        body (CreateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CreateBatch,
) -> BatchOut | Problem | None:
    """Create Batch

     Create a batch of `quantity` on a batch order (409 `wrong_tracking` on a serial order).
    A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when the order's batch quantities minus its scrap would exceed its
    `quantity`.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        number (str): order number
        body (CreateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return sync_detailed(
        number=number,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CreateBatch,
) -> Response[BatchOut | Problem]:
    """Create Batch

     Create a batch of `quantity` on a batch order (409 `wrong_tracking` on a serial order).
    A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when the order's batch quantities minus its scrap would exceed its
    `quantity`.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        number (str): order number
        body (CreateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        number=number,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CreateBatch,
) -> BatchOut | Problem | None:
    """Create Batch

     Create a batch of `quantity` on a batch order (409 `wrong_tracking` on a serial order).
    A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when the order's batch quantities minus its scrap would exceed its
    `quantity`.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        number (str): order number
        body (CreateBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
            body=body,
        )
    ).parsed
