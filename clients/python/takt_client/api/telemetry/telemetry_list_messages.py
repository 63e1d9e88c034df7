from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.message_outcome import MessageOutcome
from ...models.page_message_out import PageMessageOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    topic: None | str | Unset = UNSET,
    outcome: MessageOutcome | None | Unset = UNSET,
    msg_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_topic: None | str | Unset
    if isinstance(topic, Unset):
        json_topic = UNSET
    else:
        json_topic = topic
    params["topic"] = json_topic

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    elif isinstance(outcome, MessageOutcome):
        json_outcome = outcome.value
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

    json_msg_id: None | str | Unset
    if isinstance(msg_id, Unset):
        json_msg_id = UNSET
    else:
        json_msg_id = msg_id
    params["msg_id"] = json_msg_id

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
        "url": "/api/v1/telemetry/messages",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMessageOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageMessageOut.from_dict(response.json())

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
) -> Response[PageMessageOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    outcome: MessageOutcome | None | Unset = UNSET,
    msg_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageMessageOut | Problem]:
    """List Messages

     Handled messages (within the de-duplication window), newest first: what each did, or
    its dead letter.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        topic (None | str | Unset): exact topic
        outcome (MessageOutcome | None | Unset): applied or dead_letter
        msg_id (None | str | Unset): machine message id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMessageOut | Problem]
    """

    kwargs = _get_kwargs(
        topic=topic,
        outcome=outcome,
        msg_id=msg_id,
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
    topic: None | str | Unset = UNSET,
    outcome: MessageOutcome | None | Unset = UNSET,
    msg_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageMessageOut | Problem | None:
    """List Messages

     Handled messages (within the de-duplication window), newest first: what each did, or
    its dead letter.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        topic (None | str | Unset): exact topic
        outcome (MessageOutcome | None | Unset): applied or dead_letter
        msg_id (None | str | Unset): machine message id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMessageOut | Problem
    """

    return sync_detailed(
        client=client,
        topic=topic,
        outcome=outcome,
        msg_id=msg_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    outcome: MessageOutcome | None | Unset = UNSET,
    msg_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageMessageOut | Problem]:
    """List Messages

     Handled messages (within the de-duplication window), newest first: what each did, or
    its dead letter.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        topic (None | str | Unset): exact topic
        outcome (MessageOutcome | None | Unset): applied or dead_letter
        msg_id (None | str | Unset): machine message id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMessageOut | Problem]
    """

    kwargs = _get_kwargs(
        topic=topic,
        outcome=outcome,
        msg_id=msg_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    outcome: MessageOutcome | None | Unset = UNSET,
    msg_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageMessageOut | Problem | None:
    """List Messages

     Handled messages (within the de-duplication window), newest first: what each did, or
    its dead letter.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        topic (None | str | Unset): exact topic
        outcome (MessageOutcome | None | Unset): applied or dead_letter
        msg_id (None | str | Unset): machine message id
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMessageOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            topic=topic,
            outcome=outcome,
            msg_id=msg_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
