from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assistant_reply import AssistantReply
from ...models.assistant_request import AssistantRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: AssistantRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/assistant",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssistantReply | Problem | None:
    if response.status_code == 200:
        response_200 = AssistantReply.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[AssistantReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AssistantRequest,
) -> Response[AssistantReply | Problem]:
    """Ask

     Run one plain-language command or question as the caller, with the caller's
    permissions (no language model: a fixed grammar, see docs/assistant.md). The reply is a
    short sentence plus the tool calls made. A refusal (role, scope, an operator off the line,
    an unknown serial, an illegal transition) is a 200 with `status: "refused"` and the error
    in the action's result; something missing or ambiguous is `asked`; an unknown sentence
    `not_understood` with `suggestions`. Destructive actions (scrap, rework, cancel) do not
    run: they answer `status: "confirm"` with a single-use `confirm.token` for
    `POST /assistant/confirm`.

    **Access:** any authenticated caller.

    Args:
        body (AssistantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssistantReply | Problem]
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
    body: AssistantRequest,
) -> AssistantReply | Problem | None:
    """Ask

     Run one plain-language command or question as the caller, with the caller's
    permissions (no language model: a fixed grammar, see docs/assistant.md). The reply is a
    short sentence plus the tool calls made. A refusal (role, scope, an operator off the line,
    an unknown serial, an illegal transition) is a 200 with `status: "refused"` and the error
    in the action's result; something missing or ambiguous is `asked`; an unknown sentence
    `not_understood` with `suggestions`. Destructive actions (scrap, rework, cancel) do not
    run: they answer `status: "confirm"` with a single-use `confirm.token` for
    `POST /assistant/confirm`.

    **Access:** any authenticated caller.

    Args:
        body (AssistantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssistantReply | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AssistantRequest,
) -> Response[AssistantReply | Problem]:
    """Ask

     Run one plain-language command or question as the caller, with the caller's
    permissions (no language model: a fixed grammar, see docs/assistant.md). The reply is a
    short sentence plus the tool calls made. A refusal (role, scope, an operator off the line,
    an unknown serial, an illegal transition) is a 200 with `status: "refused"` and the error
    in the action's result; something missing or ambiguous is `asked`; an unknown sentence
    `not_understood` with `suggestions`. Destructive actions (scrap, rework, cancel) do not
    run: they answer `status: "confirm"` with a single-use `confirm.token` for
    `POST /assistant/confirm`.

    **Access:** any authenticated caller.

    Args:
        body (AssistantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssistantReply | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AssistantRequest,
) -> AssistantReply | Problem | None:
    """Ask

     Run one plain-language command or question as the caller, with the caller's
    permissions (no language model: a fixed grammar, see docs/assistant.md). The reply is a
    short sentence plus the tool calls made. A refusal (role, scope, an operator off the line,
    an unknown serial, an illegal transition) is a 200 with `status: "refused"` and the error
    in the action's result; something missing or ambiguous is `asked`; an unknown sentence
    `not_understood` with `suggestions`. Destructive actions (scrap, rework, cancel) do not
    run: they answer `status: "confirm"` with a single-use `confirm.token` for
    `POST /assistant/confirm`.

    **Access:** any authenticated caller.

    Args:
        body (AssistantRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssistantReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
