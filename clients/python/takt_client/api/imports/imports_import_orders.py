from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.body_imports_import_orders import BodyImportsImportOrders
from ...models.import_problem import ImportProblem
from ...models.import_result import ImportResult
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: BodyImportsImportOrders,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/imports/orders",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportProblem | ImportResult | Problem | None:
    if response.status_code == 200:
        response_200 = ImportResult.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ImportProblem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ImportProblem | ImportResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BodyImportsImportOrders,
) -> Response[ImportProblem | ImportResult | Problem]:
    """Import orders from CSV or XLSX

     Import a CSV or XLSX file. Rows are matched on their natural key and update the record found, or
    create one. All rows apply in one transaction or none do: any row error is 422 `import_invalid`
    listing every error (row, column, code, message; the first 1,000), and nothing is written. A file
    that is not readable CSV/XLSX is 422 `invalid_file`; a header without the key columns 422
    `missing_columns`; an unknown mapping 404. See docs/imports.md.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (BodyImportsImportOrders):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportProblem | ImportResult | Problem]
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
    body: BodyImportsImportOrders,
) -> ImportProblem | ImportResult | Problem | None:
    """Import orders from CSV or XLSX

     Import a CSV or XLSX file. Rows are matched on their natural key and update the record found, or
    create one. All rows apply in one transaction or none do: any row error is 422 `import_invalid`
    listing every error (row, column, code, message; the first 1,000), and nothing is written. A file
    that is not readable CSV/XLSX is 422 `invalid_file`; a header without the key columns 422
    `missing_columns`; an unknown mapping 404. See docs/imports.md.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (BodyImportsImportOrders):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportProblem | ImportResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BodyImportsImportOrders,
) -> Response[ImportProblem | ImportResult | Problem]:
    """Import orders from CSV or XLSX

     Import a CSV or XLSX file. Rows are matched on their natural key and update the record found, or
    create one. All rows apply in one transaction or none do: any row error is 422 `import_invalid`
    listing every error (row, column, code, message; the first 1,000), and nothing is written. A file
    that is not readable CSV/XLSX is 422 `invalid_file`; a header without the key columns 422
    `missing_columns`; an unknown mapping 404. See docs/imports.md.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (BodyImportsImportOrders):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportProblem | ImportResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BodyImportsImportOrders,
) -> ImportProblem | ImportResult | Problem | None:
    """Import orders from CSV or XLSX

     Import a CSV or XLSX file. Rows are matched on their natural key and update the record found, or
    create one. All rows apply in one transaction or none do: any row error is 422 `import_invalid`
    listing every error (row, column, code, message; the first 1,000), and nothing is written. A file
    that is not readable CSV/XLSX is 422 `invalid_file`; a header without the key columns 422
    `missing_columns`; an unknown mapping 404. See docs/imports.md.

    **Access:** roles admin, supervisor; API keys with scope `orders:write` (or `admin`).

    Args:
        body (BodyImportsImportOrders):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportProblem | ImportResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
