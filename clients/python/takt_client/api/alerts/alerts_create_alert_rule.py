from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_rule_create import AlertRuleCreate
from ...models.alert_rule_out import AlertRuleOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: AlertRuleCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/alert-rules",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AlertRuleOut | Problem | None:
    if response.status_code == 201:
        response_201 = AlertRuleOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
    *,
    client: AuthenticatedClient,
    body: AlertRuleCreate,
) -> Response[AlertRuleOut | Problem]:
    """Create Alert Rule

     Create a rule evaluated on each quality event. A firing rule creates an alert and a
    realtime `{"type": "alert"}` message on the WIP WebSocket; while that alert is open the
    rule does not fire again for the same workstation (yield) or defect code (defects).

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        body (AlertRuleCreate): `yield_below`: fires when the yield of the last `window_units`
            units inspected at a
            workstation drops below `threshold_pct` (a unit counts as good when none of its recent
            inspections there failed). `defect_repeat`: fires when the same defect code is recorded
            `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
            `defect_code` narrow a rule; without them it watches every workstation / defect code,
            each separately.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertRuleOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AlertRuleCreate,
) -> AlertRuleOut | Problem | None:
    """Create Alert Rule

     Create a rule evaluated on each quality event. A firing rule creates an alert and a
    realtime `{"type": "alert"}` message on the WIP WebSocket; while that alert is open the
    rule does not fire again for the same workstation (yield) or defect code (defects).

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        body (AlertRuleCreate): `yield_below`: fires when the yield of the last `window_units`
            units inspected at a
            workstation drops below `threshold_pct` (a unit counts as good when none of its recent
            inspections there failed). `defect_repeat`: fires when the same defect code is recorded
            `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
            `defect_code` narrow a rule; without them it watches every workstation / defect code,
            each separately.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertRuleOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AlertRuleCreate,
) -> Response[AlertRuleOut | Problem]:
    """Create Alert Rule

     Create a rule evaluated on each quality event. A firing rule creates an alert and a
    realtime `{"type": "alert"}` message on the WIP WebSocket; while that alert is open the
    rule does not fire again for the same workstation (yield) or defect code (defects).

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        body (AlertRuleCreate): `yield_below`: fires when the yield of the last `window_units`
            units inspected at a
            workstation drops below `threshold_pct` (a unit counts as good when none of its recent
            inspections there failed). `defect_repeat`: fires when the same defect code is recorded
            `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
            `defect_code` narrow a rule; without them it watches every workstation / defect code,
            each separately.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertRuleOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AlertRuleCreate,
) -> AlertRuleOut | Problem | None:
    """Create Alert Rule

     Create a rule evaluated on each quality event. A firing rule creates an alert and a
    realtime `{"type": "alert"}` message on the WIP WebSocket; while that alert is open the
    rule does not fire again for the same workstation (yield) or defect code (defects).

    **Access:** roles admin, supervisor; API keys with scope `config:write` (or `admin`).

    Args:
        body (AlertRuleCreate): `yield_below`: fires when the yield of the last `window_units`
            units inspected at a
            workstation drops below `threshold_pct` (a unit counts as good when none of its recent
            inspections there failed). `defect_repeat`: fires when the same defect code is recorded
            `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
            `defect_code` narrow a rule; without them it watches every workstation / defect code,
            each separately.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertRuleOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
