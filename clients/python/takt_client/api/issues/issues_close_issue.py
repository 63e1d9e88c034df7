from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.issue_out import IssueOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    issue_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/issues/{issue_id}/close".format(
            issue_id=quote(str(issue_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IssueOut | Problem | None:
    if response.status_code == 200:
        response_200 = IssueOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IssueOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    issue_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[IssueOut | Problem]:
    """Close Issue

     resolved → closed; anything else is 409 `illegal_transition`.

    **Access:** roles admin, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        issue_id (int): issue id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssueOut | Problem]
    """

    kwargs = _get_kwargs(
        issue_id=issue_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    issue_id: int,
    *,
    client: AuthenticatedClient,
) -> IssueOut | Problem | None:
    """Close Issue

     resolved → closed; anything else is 409 `illegal_transition`.

    **Access:** roles admin, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        issue_id (int): issue id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssueOut | Problem
    """

    return sync_detailed(
        issue_id=issue_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    issue_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[IssueOut | Problem]:
    """Close Issue

     resolved → closed; anything else is 409 `illegal_transition`.

    **Access:** roles admin, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        issue_id (int): issue id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssueOut | Problem]
    """

    kwargs = _get_kwargs(
        issue_id=issue_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    issue_id: int,
    *,
    client: AuthenticatedClient,
) -> IssueOut | Problem | None:
    """Close Issue

     resolved → closed; anything else is 409 `illegal_transition`.

    **Access:** roles admin, supervisor; API keys with scope `issues:write` (or `admin`).

    Args:
        issue_id (int): issue id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssueOut | Problem
    """

    return (
        await asyncio_detailed(
            issue_id=issue_id,
            client=client,
        )
    ).parsed
