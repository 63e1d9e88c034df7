from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.test_definition_out import TestDefinitionOut
from ...models.test_definition_update import TestDefinitionUpdate
from ...types import Response


def _get_kwargs(
    test_id: int,
    *,
    body: TestDefinitionUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/test-definitions/{test_id}".format(
            test_id=quote(str(test_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TestDefinitionOut | None:
    if response.status_code == 200:
        response_200 = TestDefinitionOut.from_dict(response.json())

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
) -> Response[Problem | TestDefinitionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    test_id: int,
    *,
    client: AuthenticatedClient,
    body: TestDefinitionUpdate,
) -> Response[Problem | TestDefinitionOut]:
    """Update Test Definition

     Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        test_id (int): test definition id
        body (TestDefinitionUpdate): Change a test's name, unit, limits or whether it is required.
            Its route, step and kind
            stay: measurements keep meaning what they meant (they store the limits they were judged
            against).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestDefinitionOut]
    """

    kwargs = _get_kwargs(
        test_id=test_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    test_id: int,
    *,
    client: AuthenticatedClient,
    body: TestDefinitionUpdate,
) -> Problem | TestDefinitionOut | None:
    """Update Test Definition

     Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        test_id (int): test definition id
        body (TestDefinitionUpdate): Change a test's name, unit, limits or whether it is required.
            Its route, step and kind
            stay: measurements keep meaning what they meant (they store the limits they were judged
            against).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestDefinitionOut
    """

    return sync_detailed(
        test_id=test_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    test_id: int,
    *,
    client: AuthenticatedClient,
    body: TestDefinitionUpdate,
) -> Response[Problem | TestDefinitionOut]:
    """Update Test Definition

     Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        test_id (int): test definition id
        body (TestDefinitionUpdate): Change a test's name, unit, limits or whether it is required.
            Its route, step and kind
            stay: measurements keep meaning what they meant (they store the limits they were judged
            against).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestDefinitionOut]
    """

    kwargs = _get_kwargs(
        test_id=test_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    test_id: int,
    *,
    client: AuthenticatedClient,
    body: TestDefinitionUpdate,
) -> Problem | TestDefinitionOut | None:
    """Update Test Definition

     Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against.

    **Access:** roles admin; API keys with scope `config:write` (or `admin`).

    Args:
        test_id (int): test definition id
        body (TestDefinitionUpdate): Change a test's name, unit, limits or whether it is required.
            Its route, step and kind
            stay: measurements keep meaning what they meant (they store the limits they were judged
            against).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestDefinitionOut
    """

    return (
        await asyncio_detailed(
            test_id=test_id,
            client=client,
            body=body,
        )
    ).parsed
