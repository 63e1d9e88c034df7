import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_entity_type: None | str | Unset
    if isinstance(entity_type, Unset):
        json_entity_type = UNSET
    else:
        json_entity_type = entity_type
    params["entity_type"] = json_entity_type

    json_entity_id: None | str | Unset
    if isinstance(entity_id, Unset):
        json_entity_id = UNSET
    else:
        json_entity_id = entity_id
    params["entity_id"] = json_entity_id

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit-log/export",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | str]:
    """Export Audit Log

     The entries the same filters select in `GET /audit-log`, all of them, newest first,
    as `text/csv` (streamed).

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        entity_type (None | str | Unset): e.g. `line`, `user`
        entity_id (None | str | Unset): id of the record
        actor (None | str | Unset): e.g. `user:admin`, `api_key:erp`
        action (None | str | Unset): e.g. `create`, `update`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        action=action,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Problem | str | None:
    """Export Audit Log

     The entries the same filters select in `GET /audit-log`, all of them, newest first,
    as `text/csv` (streamed).

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        entity_type (None | str | Unset): e.g. `line`, `user`
        entity_id (None | str | Unset): id of the record
        actor (None | str | Unset): e.g. `user:admin`, `api_key:erp`
        action (None | str | Unset): e.g. `create`, `update`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        action=action,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[Problem | str]:
    """Export Audit Log

     The entries the same filters select in `GET /audit-log`, all of them, newest first,
    as `text/csv` (streamed).

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        entity_type (None | str | Unset): e.g. `line`, `user`
        entity_id (None | str | Unset): id of the record
        actor (None | str | Unset): e.g. `user:admin`, `api_key:erp`
        action (None | str | Unset): e.g. `create`, `update`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        action=action,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Problem | str | None:
    """Export Audit Log

     The entries the same filters select in `GET /audit-log`, all of them, newest first,
    as `text/csv` (streamed).

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        entity_type (None | str | Unset): e.g. `line`, `user`
        entity_id (None | str | Unset): id of the record
        actor (None | str | Unset): e.g. `user:admin`, `api_key:erp`
        action (None | str | Unset): e.g. `create`, `update`
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            entity_type=entity_type,
            entity_id=entity_id,
            actor=actor,
            action=action,
            from_=from_,
            to=to,
        )
    ).parsed
