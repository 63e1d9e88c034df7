import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_audit_entry_out import PageAuditEntryOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

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
        "url": "/api/v1/audit-log",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAuditEntryOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageAuditEntryOut.from_dict(response.json())

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
) -> Response[PageAuditEntryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[PageAuditEntryOut | Problem]:
    """List Audit Entries

     Audit entries, newest first: who changed what, when, with the changed fields' values
    before and after. `from` is inclusive, `to` exclusive.

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
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
        Response[PageAuditEntryOut | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> PageAuditEntryOut | Problem | None:
    """List Audit Entries

     Audit entries, newest first: who changed what, when, with the changed fields' values
    before and after. `from` is inclusive, `to` exclusive.

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
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
        PageAuditEntryOut | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[PageAuditEntryOut | Problem]:
    """List Audit Entries

     Audit entries, newest first: who changed what, when, with the changed fields' values
    before and after. `from` is inclusive, `to` exclusive.

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
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
        Response[PageAuditEntryOut | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
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
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    entity_type: None | str | Unset = UNSET,
    entity_id: None | str | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> PageAuditEntryOut | Problem | None:
    """List Audit Entries

     Audit entries, newest first: who changed what, when, with the changed fields' values
    before and after. `from` is inclusive, `to` exclusive.

    **Access:** roles admin; API keys with scope `audit:read` (or `admin`).

    Args:
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`
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
        PageAuditEntryOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            entity_type=entity_type,
            entity_id=entity_id,
            actor=actor,
            action=action,
            from_=from_,
            to=to,
        )
    ).parsed
