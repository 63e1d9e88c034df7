from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_out import BatchOut
from ...models.complete_step import CompleteStep
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    batch_id: int,
    seq: int,
    *,
    body: CompleteStep,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/batches/{batch_id}/steps/{seq}/complete".format(
            batch_id=quote(str(batch_id), safe=""),
            seq=quote(str(seq), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchOut | Problem | None:
    if response.status_code == 200:
        response_200 = BatchOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
    body: CompleteStep,
) -> Response[BatchOut | Problem]:
    """Complete Batch Step

     Complete step `seq` with its `good` and `scrap` quantities, which must add up to the
    step's `quantity_in` (422 `quantity_mismatch`); the next step's `quantity_in` is `good`.
    At a gate step the step's required tests must have passing sample measurements (409
    `tests_incomplete` / `tests_failed`). Scrap is a quality event (with the defect code).
    The last step completes the batch (`good` counts as the order's `completed`); a step
    passing nothing ends it as `scrapped`. 409 `step_not_started` before the start,
    `step_done` when already completed.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)
        body (CompleteStep):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        seq=seq,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
    body: CompleteStep,
) -> BatchOut | Problem | None:
    """Complete Batch Step

     Complete step `seq` with its `good` and `scrap` quantities, which must add up to the
    step's `quantity_in` (422 `quantity_mismatch`); the next step's `quantity_in` is `good`.
    At a gate step the step's required tests must have passing sample measurements (409
    `tests_incomplete` / `tests_failed`). Scrap is a quality event (with the defect code).
    The last step completes the batch (`good` counts as the order's `completed`); a step
    passing nothing ends it as `scrapped`. 409 `step_not_started` before the start,
    `step_done` when already completed.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)
        body (CompleteStep):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return sync_detailed(
        batch_id=batch_id,
        seq=seq,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
    body: CompleteStep,
) -> Response[BatchOut | Problem]:
    """Complete Batch Step

     Complete step `seq` with its `good` and `scrap` quantities, which must add up to the
    step's `quantity_in` (422 `quantity_mismatch`); the next step's `quantity_in` is `good`.
    At a gate step the step's required tests must have passing sample measurements (409
    `tests_incomplete` / `tests_failed`). Scrap is a quality event (with the defect code).
    The last step completes the batch (`good` counts as the order's `completed`); a step
    passing nothing ends it as `scrapped`. 409 `step_not_started` before the start,
    `step_done` when already completed.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)
        body (CompleteStep):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOut | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        seq=seq,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    batch_id: int,
    seq: int,
    *,
    client: AuthenticatedClient,
    body: CompleteStep,
) -> BatchOut | Problem | None:
    """Complete Batch Step

     Complete step `seq` with its `good` and `scrap` quantities, which must add up to the
    step's `quantity_in` (422 `quantity_mismatch`); the next step's `quantity_in` is `good`.
    At a gate step the step's required tests must have passing sample measurements (409
    `tests_incomplete` / `tests_failed`). Scrap is a quality event (with the defect code).
    The last step completes the batch (`good` counts as the order's `completed`); a step
    passing nothing ends it as `scrapped`. 409 `step_not_started` before the start,
    `step_done` when already completed.

    **Access:** roles admin, operator, supervisor; API keys with scope `units:execute` (or `admin`).

    Args:
        batch_id (int): batch id
        seq (int): route step seq (1-based)
        body (CompleteStep):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOut | Problem
    """

    return (
        await asyncio_detailed(
            batch_id=batch_id,
            seq=seq,
            client=client,
            body=body,
        )
    ).parsed
