from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.replay_out import ReplayOut
from ...types import Response


def _get_kwargs(
    dead_letter_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/telemetry/dead-letters/{dead_letter_id}/replay".format(
            dead_letter_id=quote(str(dead_letter_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | ReplayOut | None:
    if response.status_code == 200:
        response_200 = ReplayOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | ReplayOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    dead_letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | ReplayOut]:
    """Replay Dead Letter

     Apply the message again, after its cause was fixed (the unit now exists, the rule is
    corrected, …), with the current rules. 409 `replay_failed` (nothing changes) when it still
    cannot be applied; 409 `dead_letter_resolved` when it was already replayed or discarded.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        dead_letter_id (int): dead letter id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplayOut]
    """

    kwargs = _get_kwargs(
        dead_letter_id=dead_letter_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    dead_letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | ReplayOut | None:
    """Replay Dead Letter

     Apply the message again, after its cause was fixed (the unit now exists, the rule is
    corrected, …), with the current rules. 409 `replay_failed` (nothing changes) when it still
    cannot be applied; 409 `dead_letter_resolved` when it was already replayed or discarded.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        dead_letter_id (int): dead letter id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplayOut
    """

    return sync_detailed(
        dead_letter_id=dead_letter_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    dead_letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | ReplayOut]:
    """Replay Dead Letter

     Apply the message again, after its cause was fixed (the unit now exists, the rule is
    corrected, …), with the current rules. 409 `replay_failed` (nothing changes) when it still
    cannot be applied; 409 `dead_letter_resolved` when it was already replayed or discarded.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        dead_letter_id (int): dead letter id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplayOut]
    """

    kwargs = _get_kwargs(
        dead_letter_id=dead_letter_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    dead_letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Problem | ReplayOut | None:
    """Replay Dead Letter

     Apply the message again, after its cause was fixed (the unit now exists, the rule is
    corrected, …), with the current rules. 409 `replay_failed` (nothing changes) when it still
    cannot be applied; 409 `dead_letter_resolved` when it was already replayed or discarded.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        dead_letter_id (int): dead letter id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplayOut
    """

    return (
        await asyncio_detailed(
            dead_letter_id=dead_letter_id,
            client=client,
        )
    ).parsed
