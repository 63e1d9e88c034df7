from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.wip_snapshot import WipSnapshot
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    line_id: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_line_id: int | None | Unset
    if isinstance(line_id, Unset):
        json_line_id = UNSET
    else:
        json_line_id = line_id
    params["line_id"] = json_line_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/wip",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WipSnapshot | None:
    if response.status_code == 200:
        response_200 = WipSnapshot.from_dict(response.json())

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
) -> Response[Problem | WipSnapshot]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
) -> Response[Problem | WipSnapshot]:
    """Get Wip

     Units in progress per workstation (with the quantities of batch steps in progress
    there), plus unit totals, as of event `seq`. With `line_id`: that line's workstations,
    and totals over units made on that line.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WipSnapshot]
    """

    kwargs = _get_kwargs(
        line_id=line_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
) -> Problem | WipSnapshot | None:
    """Get Wip

     Units in progress per workstation (with the quantities of batch steps in progress
    there), plus unit totals, as of event `seq`. With `line_id`: that line's workstations,
    and totals over units made on that line.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WipSnapshot
    """

    return sync_detailed(
        client=client,
        line_id=line_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
) -> Response[Problem | WipSnapshot]:
    """Get Wip

     Units in progress per workstation (with the quantities of batch steps in progress
    there), plus unit totals, as of event `seq`. With `line_id`: that line's workstations,
    and totals over units made on that line.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WipSnapshot]
    """

    kwargs = _get_kwargs(
        line_id=line_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
) -> Problem | WipSnapshot | None:
    """Get Wip

     Units in progress per workstation (with the quantities of batch steps in progress
    there), plus unit totals, as of event `seq`. With `line_id`: that line's workstations,
    and totals over units made on that line.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WipSnapshot
    """

    return (
        await asyncio_detailed(
            client=client,
            line_id=line_id,
        )
    ).parsed
