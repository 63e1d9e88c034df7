import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.labour_group import LabourGroup
from ...models.labour_report import LabourReport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    group_by: LabourGroup | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

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
        "url": "/api/v1/analytics/labour",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LabourReport | Problem | None:
    if response.status_code == 200:
        response_200 = LabourReport.from_dict(response.json())

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
) -> Response[LabourReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group_by: LabourGroup | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[LabourReport | Problem]:
    """Labour Report

     **Labour efficiency** per person, order, route step or workstation, over the window
    (`from` default 7 days before `to`, `to` default now). Supervisors and admins.

    * `hours` = Σ durations of the entries closed in the window (each in full; open entries
      count once closed; a person on two jobs at once books both).
    * `units` = the jobs that finished their step in the window while the group was clocked
      on to them: a unit moving on from (or completing at) the entry's step — 1 — or a batch
      step completing — its `good` quantity. Moving the job on closes its entries, so output
      and hours fall in the same window. Each finishing counts once per group (in the `user`
      grouping, for every person who was on it); whoever clocked off before it finished is
      not credited.
    * `standard_hours` = `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an
      ideal cycle time add nothing); `efficiency = standard_hours / hours` (null: no hours).
    * Group `step` = the route step (route, `seq`, name; revisions with the same step
      merge).

    **Access:** roles admin, supervisor; API keys with scope `read` (or `admin`).

    Args:
        group_by (LabourGroup | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LabourReport | Problem]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
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
    group_by: LabourGroup | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> LabourReport | Problem | None:
    """Labour Report

     **Labour efficiency** per person, order, route step or workstation, over the window
    (`from` default 7 days before `to`, `to` default now). Supervisors and admins.

    * `hours` = Σ durations of the entries closed in the window (each in full; open entries
      count once closed; a person on two jobs at once books both).
    * `units` = the jobs that finished their step in the window while the group was clocked
      on to them: a unit moving on from (or completing at) the entry's step — 1 — or a batch
      step completing — its `good` quantity. Moving the job on closes its entries, so output
      and hours fall in the same window. Each finishing counts once per group (in the `user`
      grouping, for every person who was on it); whoever clocked off before it finished is
      not credited.
    * `standard_hours` = `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an
      ideal cycle time add nothing); `efficiency = standard_hours / hours` (null: no hours).
    * Group `step` = the route step (route, `seq`, name; revisions with the same step
      merge).

    **Access:** roles admin, supervisor; API keys with scope `read` (or `admin`).

    Args:
        group_by (LabourGroup | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LabourReport | Problem
    """

    return sync_detailed(
        client=client,
        group_by=group_by,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group_by: LabourGroup | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[LabourReport | Problem]:
    """Labour Report

     **Labour efficiency** per person, order, route step or workstation, over the window
    (`from` default 7 days before `to`, `to` default now). Supervisors and admins.

    * `hours` = Σ durations of the entries closed in the window (each in full; open entries
      count once closed; a person on two jobs at once books both).
    * `units` = the jobs that finished their step in the window while the group was clocked
      on to them: a unit moving on from (or completing at) the entry's step — 1 — or a batch
      step completing — its `good` quantity. Moving the job on closes its entries, so output
      and hours fall in the same window. Each finishing counts once per group (in the `user`
      grouping, for every person who was on it); whoever clocked off before it finished is
      not credited.
    * `standard_hours` = `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an
      ideal cycle time add nothing); `efficiency = standard_hours / hours` (null: no hours).
    * Group `step` = the route step (route, `seq`, name; revisions with the same step
      merge).

    **Access:** roles admin, supervisor; API keys with scope `read` (or `admin`).

    Args:
        group_by (LabourGroup | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LabourReport | Problem]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    group_by: LabourGroup | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> LabourReport | Problem | None:
    """Labour Report

     **Labour efficiency** per person, order, route step or workstation, over the window
    (`from` default 7 days before `to`, `to` default now). Supervisors and admins.

    * `hours` = Σ durations of the entries closed in the window (each in full; open entries
      count once closed; a person on two jobs at once books both).
    * `units` = the jobs that finished their step in the window while the group was clocked
      on to them: a unit moving on from (or completing at) the entry's step — 1 — or a batch
      step completing — its `good` quantity. Moving the job on closes its entries, so output
      and hours fall in the same window. Each finishing counts once per group (in the `user`
      grouping, for every person who was on it); whoever clocked off before it finished is
      not credited.
    * `standard_hours` = `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an
      ideal cycle time add nothing); `efficiency = standard_hours / hours` (null: no hours).
    * Group `step` = the route step (route, `seq`, name; revisions with the same step
      merge).

    **Access:** roles admin, supervisor; API keys with scope `read` (or `admin`).

    Args:
        group_by (LabourGroup | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LabourReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            group_by=group_by,
            from_=from_,
            to=to,
        )
    ).parsed
