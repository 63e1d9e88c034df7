from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consume_in import ConsumeIn
from ...models.consumption_out import ConsumptionOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    serial: str,
    *,
    body: ConsumeIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/units/{serial}/consume".format(
            serial=quote(str(serial), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsumptionOut | Problem | None:
    if response.status_code == 201:
        response_201 = ConsumptionOut.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConsumptionOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: ConsumeIn,
) -> Response[ConsumptionOut | Problem]:
    """Consume By Unit

     The unit consumes a quantity of a lot at its current step (history `consumed`, event
    `lot.consumed`). The lot's part must be an item of the order's pinned BOM (422
    `not_in_bom`), at the item's step if it names one (409 `step_mismatch`). 409
    `insufficient_quantity` (never below 0, also under concurrent consumption; a used-up lot
    too), `lot_unavailable` (on hold or expired), `unit_finished`, `unit_not_started`,
    `order_not_runnable`; 404 unknown unit or lot.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (ConsumeIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsumptionOut | Problem]
    """

    kwargs = _get_kwargs(
        serial=serial,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: ConsumeIn,
) -> ConsumptionOut | Problem | None:
    """Consume By Unit

     The unit consumes a quantity of a lot at its current step (history `consumed`, event
    `lot.consumed`). The lot's part must be an item of the order's pinned BOM (422
    `not_in_bom`), at the item's step if it names one (409 `step_mismatch`). 409
    `insufficient_quantity` (never below 0, also under concurrent consumption; a used-up lot
    too), `lot_unavailable` (on hold or expired), `unit_finished`, `unit_not_started`,
    `order_not_runnable`; 404 unknown unit or lot.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (ConsumeIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsumptionOut | Problem
    """

    return sync_detailed(
        serial=serial,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: ConsumeIn,
) -> Response[ConsumptionOut | Problem]:
    """Consume By Unit

     The unit consumes a quantity of a lot at its current step (history `consumed`, event
    `lot.consumed`). The lot's part must be an item of the order's pinned BOM (422
    `not_in_bom`), at the item's step if it names one (409 `step_mismatch`). 409
    `insufficient_quantity` (never below 0, also under concurrent consumption; a used-up lot
    too), `lot_unavailable` (on hold or expired), `unit_finished`, `unit_not_started`,
    `order_not_runnable`; 404 unknown unit or lot.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (ConsumeIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsumptionOut | Problem]
    """

    kwargs = _get_kwargs(
        serial=serial,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    serial: str,
    *,
    client: AuthenticatedClient,
    body: ConsumeIn,
) -> ConsumptionOut | Problem | None:
    """Consume By Unit

     The unit consumes a quantity of a lot at its current step (history `consumed`, event
    `lot.consumed`). The lot's part must be an item of the order's pinned BOM (422
    `not_in_bom`), at the item's step if it names one (409 `step_mismatch`). 409
    `insufficient_quantity` (never below 0, also under concurrent consumption; a used-up lot
    too), `lot_unavailable` (on hold or expired), `unit_finished`, `unit_not_started`,
    `order_not_runnable`; 404 unknown unit or lot.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        serial (str): unit serial
        body (ConsumeIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsumptionOut | Problem
    """

    return (
        await asyncio_detailed(
            serial=serial,
            client=client,
            body=body,
        )
    ).parsed
