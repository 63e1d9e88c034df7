from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.defect_code_out import DefectCodeOut
from ...models.defect_code_update import DefectCodeUpdate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    defect_code_id: int,
    *,
    body: DefectCodeUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/defect-codes/{defect_code_id}".format(
            defect_code_id=quote(str(defect_code_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DefectCodeOut | Problem | None:
    if response.status_code == 200:
        response_200 = DefectCodeOut.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DefectCodeOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    defect_code_id: int,
    *,
    client: AuthenticatedClient,
    body: DefectCodeUpdate,
) -> Response[DefectCodeOut | Problem]:
    """Update Defect Code

     Change a defect code's code, description or severity.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        defect_code_id (int): defect code id
        body (DefectCodeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DefectCodeOut | Problem]
    """

    kwargs = _get_kwargs(
        defect_code_id=defect_code_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    defect_code_id: int,
    *,
    client: AuthenticatedClient,
    body: DefectCodeUpdate,
) -> DefectCodeOut | Problem | None:
    """Update Defect Code

     Change a defect code's code, description or severity.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        defect_code_id (int): defect code id
        body (DefectCodeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DefectCodeOut | Problem
    """

    return sync_detailed(
        defect_code_id=defect_code_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    defect_code_id: int,
    *,
    client: AuthenticatedClient,
    body: DefectCodeUpdate,
) -> Response[DefectCodeOut | Problem]:
    """Update Defect Code

     Change a defect code's code, description or severity.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        defect_code_id (int): defect code id
        body (DefectCodeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DefectCodeOut | Problem]
    """

    kwargs = _get_kwargs(
        defect_code_id=defect_code_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    defect_code_id: int,
    *,
    client: AuthenticatedClient,
    body: DefectCodeUpdate,
) -> DefectCodeOut | Problem | None:
    """Update Defect Code

     Change a defect code's code, description or severity.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        defect_code_id (int): defect code id
        body (DefectCodeUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DefectCodeOut | Problem
    """

    return (
        await asyncio_detailed(
            defect_code_id=defect_code_id,
            client=client,
            body=body,
        )
    ).parsed
