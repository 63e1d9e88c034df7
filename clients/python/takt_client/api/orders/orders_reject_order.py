from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_action_body import OrderActionBody
from ...models.order_out import OrderOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    number: str,
    *,
    body: None | OrderActionBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders/{number}/reject".format(
            number=quote(str(number), safe=""),
        ),
    }

    if isinstance(body, OrderActionBody):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderOut | Problem | None:
    if response.status_code == 200:
        response_200 = OrderOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderOut | Problem]:
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
    body: None | OrderActionBody | Unset = UNSET,
) -> Response[OrderOut | Problem]:
    """Reject an order that has not started

     Reject an order that has not started (new|scheduled → rejected). Any other starting status is 409
    `illegal_transition` and changes nothing.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        number (str): order number
        body (None | OrderActionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
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
    body: None | OrderActionBody | Unset = UNSET,
) -> OrderOut | Problem | None:
    """Reject an order that has not started

     Reject an order that has not started (new|scheduled → rejected). Any other starting status is 409
    `illegal_transition` and changes nothing.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        number (str): order number
        body (None | OrderActionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
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
    body: None | OrderActionBody | Unset = UNSET,
) -> Response[OrderOut | Problem]:
    """Reject an order that has not started

     Reject an order that has not started (new|scheduled → rejected). Any other starting status is 409
    `illegal_transition` and changes nothing.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        number (str): order number
        body (None | OrderActionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
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
    body: None | OrderActionBody | Unset = UNSET,
) -> OrderOut | Problem | None:
    """Reject an order that has not started

     Reject an order that has not started (new|scheduled → rejected). Any other starting status is 409
    `illegal_transition` and changes nothing.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        number (str): order number
        body (None | OrderActionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
            body=body,
        )
    ).parsed
