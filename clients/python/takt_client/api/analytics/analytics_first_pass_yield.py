import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.first_pass_yield_report import FirstPassYieldReport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    json_line_id: int | None | Unset
    if isinstance(line_id, Unset):
        json_line_id = UNSET
    else:
        json_line_id = line_id
    params["line_id"] = json_line_id

    json_workstation_id: int | None | Unset
    if isinstance(workstation_id, Unset):
        json_workstation_id = UNSET
    else:
        json_workstation_id = workstation_id
    params["workstation_id"] = json_workstation_id

    json_part_id: int | None | Unset
    if isinstance(part_id, Unset):
        json_part_id = UNSET
    else:
        json_part_id = part_id
    params["part_id"] = json_part_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/first-pass-yield",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FirstPassYieldReport | Problem | None:
    if response.status_code == 200:
        response_200 = FirstPassYieldReport.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FirstPassYieldReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
) -> Response[FirstPassYieldReport | Problem]:
    """First Pass Yield

     **First pass yield (FPY)** per route step and per route revision.

    * Step: `FPY = first_pass / attempted`. `attempted` = units whose *first* attempt at the
      step ended in the window (moved on, completed, failed the gate, reworked from it or
      scrapped at it); `first_pass` = those whose first attempt moved them on or completed
      them. A unit that fails and passes after rework counts as attempted, not first-pass.
      Batch steps completed in the window add their `quantity_in` to `attempted` and their
      `good` to `first_pass` (a batch step is its items' one attempt).
    * Route: `FPY = first_pass / finished` over units and batch items finished in the window
      (completed or scrapped); `first_pass` = completed without rework or a failed gate
      (batch items: their batch's last step passed them).
    * `rty` = rolled throughput yield, `RTY = Π FPY(step)` over the steps with attempts.

    `line_id`/`workstation_id` select the steps at those workstations (and, for routes, the
    units and batches of that line / routes through that workstation); `part_id` the units
    and batches of that part. How batches count: docs/analytics-batches.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset
        line_id (int | None | Unset): only steps/units of this line
        workstation_id (int | None | Unset): only this workstation
        part_id (int | None | Unset): only this part

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FirstPassYieldReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        line_id=line_id,
        workstation_id=workstation_id,
        part_id=part_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
) -> FirstPassYieldReport | Problem | None:
    """First Pass Yield

     **First pass yield (FPY)** per route step and per route revision.

    * Step: `FPY = first_pass / attempted`. `attempted` = units whose *first* attempt at the
      step ended in the window (moved on, completed, failed the gate, reworked from it or
      scrapped at it); `first_pass` = those whose first attempt moved them on or completed
      them. A unit that fails and passes after rework counts as attempted, not first-pass.
      Batch steps completed in the window add their `quantity_in` to `attempted` and their
      `good` to `first_pass` (a batch step is its items' one attempt).
    * Route: `FPY = first_pass / finished` over units and batch items finished in the window
      (completed or scrapped); `first_pass` = completed without rework or a failed gate
      (batch items: their batch's last step passed them).
    * `rty` = rolled throughput yield, `RTY = Π FPY(step)` over the steps with attempts.

    `line_id`/`workstation_id` select the steps at those workstations (and, for routes, the
    units and batches of that line / routes through that workstation); `part_id` the units
    and batches of that part. How batches count: docs/analytics-batches.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset
        line_id (int | None | Unset): only steps/units of this line
        workstation_id (int | None | Unset): only this workstation
        part_id (int | None | Unset): only this part

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FirstPassYieldReport | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        line_id=line_id,
        workstation_id=workstation_id,
        part_id=part_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
) -> Response[FirstPassYieldReport | Problem]:
    """First Pass Yield

     **First pass yield (FPY)** per route step and per route revision.

    * Step: `FPY = first_pass / attempted`. `attempted` = units whose *first* attempt at the
      step ended in the window (moved on, completed, failed the gate, reworked from it or
      scrapped at it); `first_pass` = those whose first attempt moved them on or completed
      them. A unit that fails and passes after rework counts as attempted, not first-pass.
      Batch steps completed in the window add their `quantity_in` to `attempted` and their
      `good` to `first_pass` (a batch step is its items' one attempt).
    * Route: `FPY = first_pass / finished` over units and batch items finished in the window
      (completed or scrapped); `first_pass` = completed without rework or a failed gate
      (batch items: their batch's last step passed them).
    * `rty` = rolled throughput yield, `RTY = Π FPY(step)` over the steps with attempts.

    `line_id`/`workstation_id` select the steps at those workstations (and, for routes, the
    units and batches of that line / routes through that workstation); `part_id` the units
    and batches of that part. How batches count: docs/analytics-batches.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset
        line_id (int | None | Unset): only steps/units of this line
        workstation_id (int | None | Unset): only this workstation
        part_id (int | None | Unset): only this part

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FirstPassYieldReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        line_id=line_id,
        workstation_id=workstation_id,
        part_id=part_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    part_id: int | None | Unset = UNSET,
) -> FirstPassYieldReport | Problem | None:
    """First Pass Yield

     **First pass yield (FPY)** per route step and per route revision.

    * Step: `FPY = first_pass / attempted`. `attempted` = units whose *first* attempt at the
      step ended in the window (moved on, completed, failed the gate, reworked from it or
      scrapped at it); `first_pass` = those whose first attempt moved them on or completed
      them. A unit that fails and passes after rework counts as attempted, not first-pass.
      Batch steps completed in the window add their `quantity_in` to `attempted` and their
      `good` to `first_pass` (a batch step is its items' one attempt).
    * Route: `FPY = first_pass / finished` over units and batch items finished in the window
      (completed or scrapped); `first_pass` = completed without rework or a failed gate
      (batch items: their batch's last step passed them).
    * `rty` = rolled throughput yield, `RTY = Π FPY(step)` over the steps with attempts.

    `line_id`/`workstation_id` select the steps at those workstations (and, for routes, the
    units and batches of that line / routes through that workstation); `part_id` the units
    and batches of that part. How batches count: docs/analytics-batches.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset
        line_id (int | None | Unset): only steps/units of this line
        workstation_id (int | None | Unset): only this workstation
        part_id (int | None | Unset): only this part

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FirstPassYieldReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            line_id=line_id,
            workstation_id=workstation_id,
            part_id=part_id,
        )
    ).parsed
