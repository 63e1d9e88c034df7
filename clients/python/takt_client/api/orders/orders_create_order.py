from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_create import OrderCreate
from ...models.order_out import OrderOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: OrderCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderOut | Problem | None:
    if response.status_code == 201:
        response_201 = OrderOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
) -> Response[OrderOut | Problem]:
    """Create Order

     Create a production order. It gets the next number (`PO-0001`, …), status `new`, and
    pins the current revision of its route. A planned `line_id` must be a line the route
    visits (422 `line_not_on_route`). An optional `planned_start` (an instant) places it on
    the schedule; its plant-local day may not be after `due_date` (422).

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
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
    body: OrderCreate,
) -> OrderOut | Problem | None:
    """Create Order

     Create a production order. It gets the next number (`PO-0001`, …), status `new`, and
    pins the current revision of its route. A planned `line_id` must be a line the route
    visits (422 `line_not_on_route`). An optional `planned_start` (an instant) places it on
    the schedule; its plant-local day may not be after `due_date` (422).

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
) -> Response[OrderOut | Problem]:
    """Create Order

     Create a production order. It gets the next number (`PO-0001`, …), status `new`, and
    pins the current revision of its route. A planned `line_id` must be a line the route
    visits (422 `line_not_on_route`). An optional `planned_start` (an instant) places it on
    the schedule; its plant-local day may not be after `due_date` (422).

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
) -> OrderOut | Problem | None:
    """Create Order

     Create a production order. It gets the next number (`PO-0001`, …), status `new`, and
    pins the current revision of its route. A planned `line_id` must be a line the route
    visits (422 `line_not_on_route`). An optional `planned_start` (an instant) places it on
    the schedule; its plant-local day may not be after `due_date` (422).

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
