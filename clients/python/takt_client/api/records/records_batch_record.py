from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_record import BatchRecord
from ...models.problem import Problem
from ...models.record_format import RecordFormat
from ...types import UNSET, Response, Unset


def _get_kwargs(
    batch_id: int,
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
        "url": "/api/v1/batches/{batch_id}/record".format(
            batch_id=quote(str(batch_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchRecord | Problem | None:
    if response.status_code == 200:
        response_200 = BatchRecord.from_dict(response.json())

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
) -> Response[BatchRecord | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    batch_id: int,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> Response[BatchRecord | Problem]:
    """Batch Record

     **The electronic batch record**: the batch, its order, part, route and BOM revisions;
    every step with its quantities (in, good, scrap) and who started and completed it when;
    sample measurements with the limits they were judged against; quality events; labour;
    lots consumed; issues touching it; its history. `format=html` / `format=pdf` as for the
    unit record. Docs: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        batch_id (int): batch id
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchRecord | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    batch_id: int,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> BatchRecord | Problem | None:
    """Batch Record

     **The electronic batch record**: the batch, its order, part, route and BOM revisions;
    every step with its quantities (in, good, scrap) and who started and completed it when;
    sample measurements with the limits they were judged against; quality events; labour;
    lots consumed; issues touching it; its history. `format=html` / `format=pdf` as for the
    unit record. Docs: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        batch_id (int): batch id
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchRecord | Problem
    """

    return sync_detailed(
        batch_id=batch_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    batch_id: int,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> Response[BatchRecord | Problem]:
    """Batch Record

     **The electronic batch record**: the batch, its order, part, route and BOM revisions;
    every step with its quantities (in, good, scrap) and who started and completed it when;
    sample measurements with the limits they were judged against; quality events; labour;
    lots consumed; issues touching it; its history. `format=html` / `format=pdf` as for the
    unit record. Docs: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        batch_id (int): batch id
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchRecord | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    batch_id: int,
    *,
    client: AuthenticatedClient,
    format_: RecordFormat | Unset = UNSET,
) -> BatchRecord | Problem | None:
    """Batch Record

     **The electronic batch record**: the batch, its order, part, route and BOM revisions;
    every step with its quantities (in, good, scrap) and who started and completed it when;
    sample measurements with the limits they were judged against; quality events; labour;
    lots consumed; issues touching it; its history. `format=html` / `format=pdf` as for the
    unit record. Docs: docs/records.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        batch_id (int): batch id
        format_ (RecordFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchRecord | Problem
    """

    return (
        await asyncio_detailed(
            batch_id=batch_id,
            client=client,
            format_=format_,
        )
    ).parsed
