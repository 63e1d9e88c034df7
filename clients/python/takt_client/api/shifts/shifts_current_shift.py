from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.shift_instance_out import ShiftInstanceOut
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
        "url": "/api/v1/shifts/current",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> None | ShiftInstanceOut | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> None | ShiftInstanceOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = ShiftInstanceOut.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShiftInstanceOut, data)

        response_200 = _parse_response_200(response.json())

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
) -> Response[None | ShiftInstanceOut | Problem]:
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
) -> Response[None | ShiftInstanceOut | Problem]:
    """Current Shift

     The shift occurrence running now on the line (its own shifts and every-line ones;
    without `line_id`, every-line shifts only), with its UTC window; null when none is.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): the line (its shifts and every-line ones)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[None | ShiftInstanceOut | Problem]
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
) -> None | ShiftInstanceOut | Problem | None:
    """Current Shift

     The shift occurrence running now on the line (its own shifts and every-line ones;
    without `line_id`, every-line shifts only), with its UTC window; null when none is.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): the line (its shifts and every-line ones)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None | ShiftInstanceOut | Problem
    """

    return sync_detailed(
        client=client,
        line_id=line_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
) -> Response[None | ShiftInstanceOut | Problem]:
    """Current Shift

     The shift occurrence running now on the line (its own shifts and every-line ones;
    without `line_id`, every-line shifts only), with its UTC window; null when none is.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): the line (its shifts and every-line ones)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[None | ShiftInstanceOut | Problem]
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
) -> None | ShiftInstanceOut | Problem | None:
    """Current Shift

     The shift occurrence running now on the line (its own shifts and every-line ones;
    without `line_id`, every-line shifts only), with its UTC window; null when none is.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): the line (its shifts and every-line ones)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None | ShiftInstanceOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            line_id=line_id,
        )
    ).parsed
