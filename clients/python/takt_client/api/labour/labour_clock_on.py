from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.clock_on import ClockOn
from ...models.labour_entry_out import LabourEntryOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ClockOn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/labour/clock-on",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LabourEntryOut | Problem | None:
    if response.status_code == 201:
        response_201 = LabourEntryOut.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[LabourEntryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClockOn,
) -> Response[LabourEntryOut | Problem]:
    """Clock On

     Clock a person on to a job: the current step of the unit `serial` or of the batch
    `batch_id` (exactly one; 422 otherwise). The unit must be in progress at step 1 or later
    (409 `unit_finished`, `unit_not_started`), the batch in progress (409 `batch_finished`),
    the order running (409 `order_not_runnable`).

    Who: the caller by default; `user_id` of someone else needs a supervisor or admin (an API
    key: a supervisor's scopes) — 403 `may_not_clock_others`. The person must be an active
    `person` account (422 `unknown_reference`, `not_a_person`, `user_inactive`). An operator
    clocks on only at a step of their lines (403 `not_your_station`); a workstation account
    is not a person and cannot clock on at all (403 `workstation_account`).

    One person may be on several jobs, several people on one job; the same person on the
    same job (and step) twice is 409 `already_clocked_on`. Moving the unit on (or completing
    the batch step) clocks everyone on it off.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        body (ClockOn): Clock a person on to a job: a unit's or a batch's current step (exactly
            one of
            `serial` and `batch_id`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LabourEntryOut | Problem]
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
    body: ClockOn,
) -> LabourEntryOut | Problem | None:
    """Clock On

     Clock a person on to a job: the current step of the unit `serial` or of the batch
    `batch_id` (exactly one; 422 otherwise). The unit must be in progress at step 1 or later
    (409 `unit_finished`, `unit_not_started`), the batch in progress (409 `batch_finished`),
    the order running (409 `order_not_runnable`).

    Who: the caller by default; `user_id` of someone else needs a supervisor or admin (an API
    key: a supervisor's scopes) — 403 `may_not_clock_others`. The person must be an active
    `person` account (422 `unknown_reference`, `not_a_person`, `user_inactive`). An operator
    clocks on only at a step of their lines (403 `not_your_station`); a workstation account
    is not a person and cannot clock on at all (403 `workstation_account`).

    One person may be on several jobs, several people on one job; the same person on the
    same job (and step) twice is 409 `already_clocked_on`. Moving the unit on (or completing
    the batch step) clocks everyone on it off.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        body (ClockOn): Clock a person on to a job: a unit's or a batch's current step (exactly
            one of
            `serial` and `batch_id`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LabourEntryOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClockOn,
) -> Response[LabourEntryOut | Problem]:
    """Clock On

     Clock a person on to a job: the current step of the unit `serial` or of the batch
    `batch_id` (exactly one; 422 otherwise). The unit must be in progress at step 1 or later
    (409 `unit_finished`, `unit_not_started`), the batch in progress (409 `batch_finished`),
    the order running (409 `order_not_runnable`).

    Who: the caller by default; `user_id` of someone else needs a supervisor or admin (an API
    key: a supervisor's scopes) — 403 `may_not_clock_others`. The person must be an active
    `person` account (422 `unknown_reference`, `not_a_person`, `user_inactive`). An operator
    clocks on only at a step of their lines (403 `not_your_station`); a workstation account
    is not a person and cannot clock on at all (403 `workstation_account`).

    One person may be on several jobs, several people on one job; the same person on the
    same job (and step) twice is 409 `already_clocked_on`. Moving the unit on (or completing
    the batch step) clocks everyone on it off.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        body (ClockOn): Clock a person on to a job: a unit's or a batch's current step (exactly
            one of
            `serial` and `batch_id`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LabourEntryOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ClockOn,
) -> LabourEntryOut | Problem | None:
    """Clock On

     Clock a person on to a job: the current step of the unit `serial` or of the batch
    `batch_id` (exactly one; 422 otherwise). The unit must be in progress at step 1 or later
    (409 `unit_finished`, `unit_not_started`), the batch in progress (409 `batch_finished`),
    the order running (409 `order_not_runnable`).

    Who: the caller by default; `user_id` of someone else needs a supervisor or admin (an API
    key: a supervisor's scopes) — 403 `may_not_clock_others`. The person must be an active
    `person` account (422 `unknown_reference`, `not_a_person`, `user_inactive`). An operator
    clocks on only at a step of their lines (403 `not_your_station`); a workstation account
    is not a person and cannot clock on at all (403 `workstation_account`).

    One person may be on several jobs, several people on one job; the same person on the
    same job (and step) twice is 409 `already_clocked_on`. Moving the unit on (or completing
    the batch step) clocks everyone on it off.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        body (ClockOn): Clock a person on to a job: a unit's or a batch's current step (exactly
            one of
            `serial` and `batch_id`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LabourEntryOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
