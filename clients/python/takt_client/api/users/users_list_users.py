from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_user_out import PageUserOut
from ...models.problem import Problem
from ...models.role import Role
from ...models.user_kind import UserKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    role: None | Role | Unset = UNSET,
    kind: None | Unset | UserKind = UNSET,
    active: bool | None | Unset = UNSET,
    username: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_role: None | str | Unset
    if isinstance(role, Unset):
        json_role = UNSET
    elif isinstance(role, Role):
        json_role = role.value
    else:
        json_role = role
    params["role"] = json_role

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, UserKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_active: bool | None | Unset
    if isinstance(active, Unset):
        json_active = UNSET
    else:
        json_active = active
    params["active"] = json_active

    json_username: None | str | Unset
    if isinstance(username, Unset):
        json_username = UNSET
    else:
        json_username = username
    params["username"] = json_username

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
        "url": "/api/v1/users",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageUserOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageUserOut.from_dict(response.json())

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
) -> Response[PageUserOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    role: None | Role | Unset = UNSET,
    kind: None | Unset | UserKind = UNSET,
    active: bool | None | Unset = UNSET,
    username: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageUserOut | Problem]:
    """List Users

     List users, oldest first. Password hashes are never returned.

    **Access:** roles admin; API keys with scope `users:admin` (or `admin`).

    Args:
        role (None | Role | Unset): only users with this role
        kind (None | Unset | UserKind): only accounts of this kind
        active (bool | None | Unset): only active (or inactive) users
        username (None | str | Unset): exact username
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageUserOut | Problem]
    """

    kwargs = _get_kwargs(
        role=role,
        kind=kind,
        active=active,
        username=username,
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
    role: None | Role | Unset = UNSET,
    kind: None | Unset | UserKind = UNSET,
    active: bool | None | Unset = UNSET,
    username: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageUserOut | Problem | None:
    """List Users

     List users, oldest first. Password hashes are never returned.

    **Access:** roles admin; API keys with scope `users:admin` (or `admin`).

    Args:
        role (None | Role | Unset): only users with this role
        kind (None | Unset | UserKind): only accounts of this kind
        active (bool | None | Unset): only active (or inactive) users
        username (None | str | Unset): exact username
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageUserOut | Problem
    """

    return sync_detailed(
        client=client,
        role=role,
        kind=kind,
        active=active,
        username=username,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    role: None | Role | Unset = UNSET,
    kind: None | Unset | UserKind = UNSET,
    active: bool | None | Unset = UNSET,
    username: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageUserOut | Problem]:
    """List Users

     List users, oldest first. Password hashes are never returned.

    **Access:** roles admin; API keys with scope `users:admin` (or `admin`).

    Args:
        role (None | Role | Unset): only users with this role
        kind (None | Unset | UserKind): only accounts of this kind
        active (bool | None | Unset): only active (or inactive) users
        username (None | str | Unset): exact username
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageUserOut | Problem]
    """

    kwargs = _get_kwargs(
        role=role,
        kind=kind,
        active=active,
        username=username,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    role: None | Role | Unset = UNSET,
    kind: None | Unset | UserKind = UNSET,
    active: bool | None | Unset = UNSET,
    username: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageUserOut | Problem | None:
    """List Users

     List users, oldest first. Password hashes are never returned.

    **Access:** roles admin; API keys with scope `users:admin` (or `admin`).

    Args:
        role (None | Role | Unset): only users with this role
        kind (None | Unset | UserKind): only accounts of this kind
        active (bool | None | Unset): only active (or inactive) users
        username (None | str | Unset): exact username
        limit (int | Unset): page size (max 500) Default: 50.
        cursor (None | str | Unset): opaque cursor from `next_cursor`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageUserOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            role=role,
            kind=kind,
            active=active,
            username=username,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
