from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_rule_out import AlertRuleOut
from ...models.alert_rule_update import AlertRuleUpdate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    rule_id: int,
    *,
    body: AlertRuleUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/alert-rules/{rule_id}".format(
            rule_id=quote(str(rule_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AlertRuleOut | Problem | None:
    if response.status_code == 200:
        response_200 = AlertRuleOut.from_dict(response.json())

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
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AlertRuleOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: AlertRuleUpdate,
) -> Response[AlertRuleOut | Problem]:
    """Update Alert Rule

     Rename, enable/disable or retune a rule.

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        rule_id (int): alert rule id
        body (AlertRuleUpdate): Rename, enable/disable or retune a rule (its kind and scope stay).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertRuleOut | Problem]
    """

    kwargs = _get_kwargs(
        rule_id=rule_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: AlertRuleUpdate,
) -> AlertRuleOut | Problem | None:
    """Update Alert Rule

     Rename, enable/disable or retune a rule.

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        rule_id (int): alert rule id
        body (AlertRuleUpdate): Rename, enable/disable or retune a rule (its kind and scope stay).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertRuleOut | Problem
    """

    return sync_detailed(
        rule_id=rule_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: AlertRuleUpdate,
) -> Response[AlertRuleOut | Problem]:
    """Update Alert Rule

     Rename, enable/disable or retune a rule.

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        rule_id (int): alert rule id
        body (AlertRuleUpdate): Rename, enable/disable or retune a rule (its kind and scope stay).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertRuleOut | Problem]
    """

    kwargs = _get_kwargs(
        rule_id=rule_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    rule_id: int,
    *,
    client: AuthenticatedClient,
    body: AlertRuleUpdate,
) -> AlertRuleOut | Problem | None:
    """Update Alert Rule

     Rename, enable/disable or retune a rule.

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        rule_id (int): alert rule id
        body (AlertRuleUpdate): Rename, enable/disable or retune a rule (its kind and scope stay).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertRuleOut | Problem
    """

    return (
        await asyncio_detailed(
            rule_id=rule_id,
            client=client,
            body=body,
        )
    ).parsed
