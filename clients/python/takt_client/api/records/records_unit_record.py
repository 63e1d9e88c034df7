from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.record_format import RecordFormat
from ...models.unit_record import UnitRecord
from ...types import UNSET, Response, Unset


def _get_kwargs(
    serial: str,
    *,
    format_: RecordFormat | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/units/{serial}/record".format(
            serial=quote(str(serial), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UnitRecord | None:
    if response.status_code == 200:
        response_200 = UnitRecord.from_dict(response.json())

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
) -> Response[Problem | UnitRecord]:
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
    format_: RecordFormat | Unset = UNSET,
) -> Response[Problem | UnitRecord]:
    """Unit Record

     **The unit record** (device history record): the unit, its order (with the ERP
    reference), part, route revision and pinned BOM revision; every stay at a step (entered,
    left, by whom, seconds); every measurement with the limits it was judged against; quality
    events; labour; lots consumed; sub-assemblies installed (and removed), each with its own
    summary, recursively; issues touching it; its whole history; who generated it and when.
    Rebuilt from append-only rows in one consistent read. `format=html`: a printable page;
    `format=pdf`: a PDF. Shape and sources: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        serial (str): unit serial
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnitRecord]
    """

    kwargs = _get_kwargs(
        serial=serial,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    serial: str,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> Problem | UnitRecord | None:
    """Unit Record

     **The unit record** (device history record): the unit, its order (with the ERP
    reference), part, route revision and pinned BOM revision; every stay at a step (entered,
    left, by whom, seconds); every measurement with the limits it was judged against; quality
    events; labour; lots consumed; sub-assemblies installed (and removed), each with its own
    summary, recursively; issues touching it; its whole history; who generated it and when.
    Rebuilt from append-only rows in one consistent read. `format=html`: a printable page;
    `format=pdf`: a PDF. Shape and sources: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        serial (str): unit serial
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnitRecord
    """

    return sync_detailed(
        serial=serial,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    serial: str,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> Response[Problem | UnitRecord]:
    """Unit Record

     **The unit record** (device history record): the unit, its order (with the ERP
    reference), part, route revision and pinned BOM revision; every stay at a step (entered,
    left, by whom, seconds); every measurement with the limits it was judged against; quality
    events; labour; lots consumed; sub-assemblies installed (and removed), each with its own
    summary, recursively; issues touching it; its whole history; who generated it and when.
    Rebuilt from append-only rows in one consistent read. `format=html`: a printable page;
    `format=pdf`: a PDF. Shape and sources: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        serial (str): unit serial
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnitRecord]
    """

    kwargs = _get_kwargs(
        serial=serial,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    serial: str,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> Problem | UnitRecord | None:
    """Unit Record

     **The unit record** (device history record): the unit, its order (with the ERP
    reference), part, route revision and pinned BOM revision; every stay at a step (entered,
    left, by whom, seconds); every measurement with the limits it was judged against; quality
    events; labour; lots consumed; sub-assemblies installed (and removed), each with its own
    summary, recursively; issues touching it; its whole history; who generated it and when.
    Rebuilt from append-only rows in one consistent read. `format=html`: a printable page;
    `format=pdf`: a PDF. Shape and sources: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        serial (str): unit serial
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnitRecord
    """

    return (
        await asyncio_detailed(
            serial=serial,
            client=client,
            format_=format_,
        )
    ).parsed
