from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.measurement_in import MeasurementIn
from ...models.measurement_out import MeasurementOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    serial: str,
    *,
    body: MeasurementIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/units/{serial}/measurements".format(
            serial=quote(str(serial), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MeasurementOut | Problem | None:
    if response.status_code == 201:
        response_201 = MeasurementOut.from_dict(response.json())

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
) -> Response[MeasurementOut | Problem]:
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
    body: MeasurementIn,
) -> Response[MeasurementOut | Problem]:
    """Record Measurement

     Record a measurement of the unit for a test on its route (by id or name). It is judged
    against the test's limits (inclusive; a vector passes when every value is within them),
    stored with those limits, and logged as an inspection quality event. A failing result
    for the gate the unit is waiting at fails that gate (`awaiting: "disposition"`,
    `failed_gate: true`). 422 `test_not_on_route`, `wrong_value_kind` (scalar test given
    `values` or the reverse), `validation_error` (NaN, infinity, not a number); 409
    `unit_finished`, `order_not_runnable`.

    **Access:** roles admin, operator, supervisor; API keys with scope `quality:write` (or `admin`).

    Args:
        serial (str): unit serial
        body (MeasurementIn): A measured value (scalar test) or series of values (vector test) for
            one test.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeasurementOut | Problem]
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
    body: MeasurementIn,
) -> MeasurementOut | Problem | None:
    """Record Measurement

     Record a measurement of the unit for a test on its route (by id or name). It is judged
    against the test's limits (inclusive; a vector passes when every value is within them),
    stored with those limits, and logged as an inspection quality event. A failing result
    for the gate the unit is waiting at fails that gate (`awaiting: "disposition"`,
    `failed_gate: true`). 422 `test_not_on_route`, `wrong_value_kind` (scalar test given
    `values` or the reverse), `validation_error` (NaN, infinity, not a number); 409
    `unit_finished`, `order_not_runnable`.

    **Access:** roles admin, operator, supervisor; API keys with scope `quality:write` (or `admin`).

    Args:
        serial (str): unit serial
        body (MeasurementIn): A measured value (scalar test) or series of values (vector test) for
            one test.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeasurementOut | Problem
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
    body: MeasurementIn,
) -> Response[MeasurementOut | Problem]:
    """Record Measurement

     Record a measurement of the unit for a test on its route (by id or name). It is judged
    against the test's limits (inclusive; a vector passes when every value is within them),
    stored with those limits, and logged as an inspection quality event. A failing result
    for the gate the unit is waiting at fails that gate (`awaiting: "disposition"`,
    `failed_gate: true`). 422 `test_not_on_route`, `wrong_value_kind` (scalar test given
    `values` or the reverse), `validation_error` (NaN, infinity, not a number); 409
    `unit_finished`, `order_not_runnable`.

    **Access:** roles admin, operator, supervisor; API keys with scope `quality:write` (or `admin`).

    Args:
        serial (str): unit serial
        body (MeasurementIn): A measured value (scalar test) or series of values (vector test) for
            one test.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeasurementOut | Problem]
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
    body: MeasurementIn,
) -> MeasurementOut | Problem | None:
    """Record Measurement

     Record a measurement of the unit for a test on its route (by id or name). It is judged
    against the test's limits (inclusive; a vector passes when every value is within them),
    stored with those limits, and logged as an inspection quality event. A failing result
    for the gate the unit is waiting at fails that gate (`awaiting: "disposition"`,
    `failed_gate: true`). 422 `test_not_on_route`, `wrong_value_kind` (scalar test given
    `values` or the reverse), `validation_error` (NaN, infinity, not a number); 409
    `unit_finished`, `order_not_runnable`.

    **Access:** roles admin, operator, supervisor; API keys with scope `quality:write` (or `admin`).

    Args:
        serial (str): unit serial
        body (MeasurementIn): A measured value (scalar test) or series of values (vector test) for
            one test.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeasurementOut | Problem
    """

    return (
        await asyncio_detailed(
            serial=serial,
            client=client,
            body=body,
        )
    ).parsed
