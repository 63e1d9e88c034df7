from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dead_letter_status import DeadLetterStatus
from ...models.page_dead_letter_out import PageDeadLetterOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: DeadLetterStatus | None | Unset = UNSET,
    topic: None | str | Unset = UNSET,
    error_code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, DeadLetterStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_topic: None | str | Unset
    if isinstance(topic, Unset):
        json_topic = UNSET
    else:
        json_topic = topic
    params["topic"] = json_topic

    json_error_code: None | str | Unset
    if isinstance(error_code, Unset):
        json_error_code = UNSET
    else:
        json_error_code = error_code
    params["error_code"] = json_error_code

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/telemetry/dead-letters",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDeadLetterOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageDeadLetterOut.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageDeadLetterOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: DeadLetterStatus | None | Unset = UNSET,
    topic: None | str | Unset = UNSET,
    error_code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDeadLetterOut | Problem]:
    """List Dead Letters

     Messages that could not be applied, newest first, with their topic, payload, error
    and time.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (DeadLetterStatus | None | Unset):
        topic (None | str | Unset): exact topic
        error_code (None | str | Unset): error code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeadLetterOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        topic=topic,
        error_code=error_code,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: DeadLetterStatus | None | Unset = UNSET,
    topic: None | str | Unset = UNSET,
    error_code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDeadLetterOut | Problem | None:
    """List Dead Letters

     Messages that could not be applied, newest first, with their topic, payload, error
    and time.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (DeadLetterStatus | None | Unset):
        topic (None | str | Unset): exact topic
        error_code (None | str | Unset): error code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeadLetterOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        topic=topic,
        error_code=error_code,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: DeadLetterStatus | None | Unset = UNSET,
    topic: None | str | Unset = UNSET,
    error_code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDeadLetterOut | Problem]:
    """List Dead Letters

     Messages that could not be applied, newest first, with their topic, payload, error
    and time.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (DeadLetterStatus | None | Unset):
        topic (None | str | Unset): exact topic
        error_code (None | str | Unset): error code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeadLetterOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        topic=topic,
        error_code=error_code,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: DeadLetterStatus | None | Unset = UNSET,
    topic: None | str | Unset = UNSET,
    error_code: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDeadLetterOut | Problem | None:
    """List Dead Letters

     Messages that could not be applied, newest first, with their topic, payload, error
    and time.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        status (DeadLetterStatus | None | Unset):
        topic (None | str | Unset): exact topic
        error_code (None | str | Unset): error code
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeadLetterOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            topic=topic,
            error_code=error_code,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
