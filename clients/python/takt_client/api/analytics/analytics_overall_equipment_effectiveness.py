import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.oee_group_by import OeeGroupBy
from ...models.oee_report import OeeReport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    group_by: OeeGroupBy | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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
        "url": "/api/v1/analytics/oee",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OeeReport | Problem | None:
    if response.status_code == 200:
        response_200 = OeeReport.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OeeReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    group_by: OeeGroupBy | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[OeeReport | Problem]:
    """Overall Equipment Effectiveness

     **OEE** = availability * effectiveness * quality ratio, per workstation, line, shift
    instance or plant-local day, over planned busy time within the window (at most 366 days;
    time after now is not planned busy yet).

    * PBT = shift time minus breaks (a workstation works its line's shifts and every-line
      shifts); APT = time `running` within PBT (machine states), or, for a workstation
      without machine states, PBT minus time under a blocking issue at it or its line.
    * `availability = APT / PBT`; `effectiveness = Σ(ideal cycle * PQ) / APT`;
      `quality_ratio = GQ / PQ`. No PBT: ratios are null.
    * PQ/GQ: machine counts where the workstation has them, else units finishing a step at
      it (moved on or completed = good, scrapped = produced, not good) and batch steps done
      there (`quantity_in` produced, `good` good).

    Every formula and edge: docs/oee.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line
        workstation_id (int | None | Unset): only this workstation
        group_by (OeeGroupBy | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OeeReport | Problem]
    """

    kwargs = _get_kwargs(
        line_id=line_id,
        workstation_id=workstation_id,
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
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    group_by: OeeGroupBy | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> OeeReport | Problem | None:
    """Overall Equipment Effectiveness

     **OEE** = availability * effectiveness * quality ratio, per workstation, line, shift
    instance or plant-local day, over planned busy time within the window (at most 366 days;
    time after now is not planned busy yet).

    * PBT = shift time minus breaks (a workstation works its line's shifts and every-line
      shifts); APT = time `running` within PBT (machine states), or, for a workstation
      without machine states, PBT minus time under a blocking issue at it or its line.
    * `availability = APT / PBT`; `effectiveness = Σ(ideal cycle * PQ) / APT`;
      `quality_ratio = GQ / PQ`. No PBT: ratios are null.
    * PQ/GQ: machine counts where the workstation has them, else units finishing a step at
      it (moved on or completed = good, scrapped = produced, not good) and batch steps done
      there (`quantity_in` produced, `good` good).

    Every formula and edge: docs/oee.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line
        workstation_id (int | None | Unset): only this workstation
        group_by (OeeGroupBy | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OeeReport | Problem
    """

    return sync_detailed(
        client=client,
        line_id=line_id,
        workstation_id=workstation_id,
        group_by=group_by,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    group_by: OeeGroupBy | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[OeeReport | Problem]:
    """Overall Equipment Effectiveness

     **OEE** = availability * effectiveness * quality ratio, per workstation, line, shift
    instance or plant-local day, over planned busy time within the window (at most 366 days;
    time after now is not planned busy yet).

    * PBT = shift time minus breaks (a workstation works its line's shifts and every-line
      shifts); APT = time `running` within PBT (machine states), or, for a workstation
      without machine states, PBT minus time under a blocking issue at it or its line.
    * `availability = APT / PBT`; `effectiveness = Σ(ideal cycle * PQ) / APT`;
      `quality_ratio = GQ / PQ`. No PBT: ratios are null.
    * PQ/GQ: machine counts where the workstation has them, else units finishing a step at
      it (moved on or completed = good, scrapped = produced, not good) and batch steps done
      there (`quantity_in` produced, `good` good).

    Every formula and edge: docs/oee.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line
        workstation_id (int | None | Unset): only this workstation
        group_by (OeeGroupBy | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OeeReport | Problem]
    """

    kwargs = _get_kwargs(
        line_id=line_id,
        workstation_id=workstation_id,
        group_by=group_by,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    line_id: int | None | Unset = UNSET,
    workstation_id: int | None | Unset = UNSET,
    group_by: OeeGroupBy | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> OeeReport | Problem | None:
    """Overall Equipment Effectiveness

     **OEE** = availability * effectiveness * quality ratio, per workstation, line, shift
    instance or plant-local day, over planned busy time within the window (at most 366 days;
    time after now is not planned busy yet).

    * PBT = shift time minus breaks (a workstation works its line's shifts and every-line
      shifts); APT = time `running` within PBT (machine states), or, for a workstation
      without machine states, PBT minus time under a blocking issue at it or its line.
    * `availability = APT / PBT`; `effectiveness = Σ(ideal cycle * PQ) / APT`;
      `quality_ratio = GQ / PQ`. No PBT: ratios are null.
    * PQ/GQ: machine counts where the workstation has them, else units finishing a step at
      it (moved on or completed = good, scrapped = produced, not good) and batch steps done
      there (`quantity_in` produced, `good` good).

    Every formula and edge: docs/oee.md.

    **Access:** roles admin, operator, supervisor; API keys with scope `read` (or `admin`).

    Args:
        line_id (int | None | Unset): only this line
        workstation_id (int | None | Unset): only this workstation
        group_by (OeeGroupBy | Unset):
        from_ (datetime.datetime | None | Unset): at or after this time: ISO 8601 with an offset
            (URL-encode `+` as `%2B`), e.g. `2026-01-31T08:00:00Z`
        to (datetime.datetime | None | Unset): before this time: ISO 8601 with an offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OeeReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            line_id=line_id,
            workstation_id=workstation_id,
            group_by=group_by,
            from_=from_,
            to=to,
        )
    ).parsed
