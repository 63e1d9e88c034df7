"""The generated Python client (`clients/python`, package `takt_client`) against a real server.

The same production run as the README's, through the client's typed functions, sync and async:
sign in with the OAuth2 password form, build a line, its workstations, a part and a two-step
route whose second step is a gate, start an order, generate its units, move one to the gate,
and read the 409 problems the server answers (a move past an undecided gate, a duplicate) as
the client's typed `Problem`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TypeVar

import httpx
import pytest
from takt_client import AuthenticatedClient, Client
from takt_client.api.api_keys import api_keys_create_api_key
from takt_client.api.auth import auth_issue_access_token, auth_who_am_i
from takt_client.api.lines import lines_create_line
from takt_client.api.orders import orders_create_order, orders_get_order, orders_start_order
from takt_client.api.parts import parts_create_part
from takt_client.api.routes import routes_create_route
from takt_client.api.units import units_generate_units, units_get_unit, units_move_unit
from takt_client.api.workstations import workstations_create_workstation
from takt_client.errors import UnexpectedStatus
from takt_client.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyCreateScopesItem,
    Awaiting,
    BodyAuthIssueAccessToken,
    GeneratedUnits,
    GenerateUnits,
    LineCreate,
    LineOut,
    MeOut,
    OrderActionBody,
    OrderCreate,
    OrderOut,
    OrderStatus,
    PartCreate,
    PartOut,
    Problem,
    RouteCreate,
    RouteOut,
    StepIn,
    TokenOut,
    UnitOut,
    UnitStatus,
    WorkstationCreate,
    WorkstationOut,
)
from takt_client.types import Response

from tests.conftest import ADMIN_PASSWORD
from tests.realtime.conftest import Server

T = TypeVar("T")


def ok(result: T | Problem | None, kind: type[T]) -> T:
    """The success model of an operation (a Problem or None fails the test, with its text)."""
    assert isinstance(result, kind), result
    return result


def problem(response: Response[T | Problem], status: HTTPStatus, code: str) -> Problem:
    """The typed problem of a detailed response."""
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, Problem), response.parsed
    assert response.parsed.status == status and response.parsed.code == code, response.parsed
    return response.parsed


def sign_in(server: Server) -> AuthenticatedClient:
    with Client(base_url=server.base_url, raise_on_unexpected_status=True) as anonymous:
        refused = auth_issue_access_token.sync_detailed(
            client=anonymous,
            body=BodyAuthIssueAccessToken(username="admin", password="not the password"),
        )
        problem(refused, HTTPStatus.UNAUTHORIZED, "invalid_credentials")
        token = ok(
            auth_issue_access_token.sync(
                client=anonymous,
                body=BodyAuthIssueAccessToken(username="admin", password=ADMIN_PASSWORD),
            ),
            TokenOut,
        )
    assert token.token_type == "bearer" and token.expires_in > 0
    return AuthenticatedClient(
        base_url=server.base_url, token=token.access_token, raise_on_unexpected_status=True
    )


def route_body(tag: str, part_id: int, assembly: int, test: int) -> RouteCreate:
    return RouteCreate(
        code=f"R-{tag}",
        name=f"{tag} route",
        part_id=part_id,
        steps=[
            StepIn(name="Assemble", workstation_id=assembly),
            StepIn(name="Final test", workstation_id=test, is_gate=True),
        ],
    )


def test_sync_client_runs_an_order_and_reads_problems(server: Server) -> None:
    with sign_in(server) as api:
        me = ok(auth_who_am_i.sync(client=api), MeOut)
        assert me.username == "admin"

        line = ok(
            lines_create_line.sync(client=api, body=LineCreate(code="LS", name="Sync")), LineOut
        )
        duplicate = lines_create_line.sync_detailed(
            client=api, body=LineCreate(code="LS", name="Sync again")
        )
        problem(duplicate, HTTPStatus.CONFLICT, "duplicate")
        assembly, test = (
            ok(
                workstations_create_workstation.sync(
                    client=api, body=WorkstationCreate(code=code, name=code, line_id=line.id)
                ),
                WorkstationOut,
            )
            for code in ("SASM", "SEOL")
        )
        part = ok(
            parts_create_part.sync(
                client=api,
                body=PartCreate(
                    number="SYN-1", name="Sync meter", serial_prefix="SYN", serial_digits=5
                ),
            ),
            PartOut,
        )
        route = ok(
            routes_create_route.sync(
                client=api, body=route_body("SYN", part.id, assembly.id, test.id)
            ),
            RouteOut,
        )
        order = ok(
            orders_create_order.sync(
                client=api, body=OrderCreate(part_id=part.id, quantity=2, route_id=route.id)
            ),
            OrderOut,
        )
        assert order.status == OrderStatus.NEW
        started = ok(
            orders_start_order.sync(
                order.number, client=api, body=OrderActionBody(reason="client test")
            ),
            OrderOut,
        )
        assert started.status == OrderStatus.RUNNING

        generated = ok(
            units_generate_units.sync(order.number, client=api, body=GenerateUnits(count=2)),
            GeneratedUnits,
        )
        serials = [unit.serial for unit in generated.items]
        assert serials == ["SYN-00001", "SYN-00002"]

        # an optional body may be left out (None): the move enters step 1, then the gate
        first = ok(units_move_unit.sync(serials[0], client=api, body=None), UnitOut)
        assert first.step == 1 and first.status == UnitStatus.IN_PROGRESS
        at_gate = ok(units_move_unit.sync(serials[0], client=api, body=None), UnitOut)
        assert at_gate.step == 2 and at_gate.awaiting == Awaiting.GATE_DECISION

        refused = units_move_unit.sync_detailed(serials[0], client=api, body=None)
        found = problem(refused, HTTPStatus.CONFLICT, "gate_decision_required")
        assert found.type_ == "urn:takt:problem:gate_decision_required" and found.detail
        unit = ok(units_get_unit.sync(serials[0], client=api), UnitOut)
        assert unit.step == 2  # the refused move changed nothing

        missing = orders_get_order.sync_detailed("PO-9999", client=api)
        problem(missing, HTTPStatus.NOT_FOUND, "not_found")

        # an API key in its own header, through the same client class
        key = ok(
            api_keys_create_api_key.sync(
                client=api,
                body=ApiKeyCreate(name="reader", scopes=[ApiKeyCreateScopesItem.READ]),
            ),
            ApiKeyCreated,
        )
    with AuthenticatedClient(
        base_url=server.base_url, token=key.key, prefix="", auth_header_name="X-API-Key"
    ) as reader:
        assert ok(units_get_unit.sync(serials[0], client=reader), UnitOut).step == 2
        refused_write = lines_create_line.sync_detailed(
            client=reader, body=LineCreate(code="LK", name="By a reader")
        )
        problem(refused_write, HTTPStatus.FORBIDDEN, "forbidden")


async def test_async_client_runs_an_order_and_reads_problems(server: Server) -> None:
    api = sign_in(server)
    async with api:
        line = ok(
            await lines_create_line.asyncio(client=api, body=LineCreate(code="LA", name="Async")),
            LineOut,
        )
        problem(
            await lines_create_line.asyncio_detailed(
                client=api, body=LineCreate(code="LA", name="Async again")
            ),
            HTTPStatus.CONFLICT,
            "duplicate",
        )
        assembly = ok(
            await workstations_create_workstation.asyncio(
                client=api, body=WorkstationCreate(code="AASM", name="Asm", line_id=line.id)
            ),
            WorkstationOut,
        )
        test = ok(
            await workstations_create_workstation.asyncio(
                client=api, body=WorkstationCreate(code="AEOL", name="EOL", line_id=line.id)
            ),
            WorkstationOut,
        )
        part = ok(
            await parts_create_part.asyncio(
                client=api,
                body=PartCreate(
                    number="ASY-1", name="Async meter", serial_prefix="ASY", serial_digits=4
                ),
            ),
            PartOut,
        )
        route = ok(
            await routes_create_route.asyncio(
                client=api, body=route_body("ASY", part.id, assembly.id, test.id)
            ),
            RouteOut,
        )
        order = ok(
            await orders_create_order.asyncio(
                client=api, body=OrderCreate(part_id=part.id, quantity=1, route_id=route.id)
            ),
            OrderOut,
        )
        ok(await orders_start_order.asyncio(order.number, client=api, body=None), OrderOut)
        generated = ok(
            await units_generate_units.asyncio(
                order.number, client=api, body=GenerateUnits(count=1)
            ),
            GeneratedUnits,
        )
        serial = generated.items[0].serial
        assert serial == "ASY-0001"
        # over the order's quantity: a 409 of its own
        problem(
            await units_generate_units.asyncio_detailed(
                order.number, client=api, body=GenerateUnits(count=1)
            ),
            HTTPStatus.CONFLICT,
            "quantity_exceeded",
        )
        for step in (1, 2):
            moved = ok(await units_move_unit.asyncio(serial, client=api, body=None), UnitOut)
            assert moved.step == step
        problem(
            await units_move_unit.asyncio_detailed(serial, client=api, body=None),
            HTTPStatus.CONFLICT,
            "gate_decision_required",
        )


def test_an_undocumented_status_raises_the_clients_error() -> None:
    """`raise_on_unexpected_status`: a status the document does not list is an exception,
    never a silent None (a proxy answering 502, say)."""

    def bad_gateway(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="upstream down")

    base_url = "http://takt.invalid"
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    client.set_httpx_client(
        httpx.Client(base_url=base_url, transport=httpx.MockTransport(bad_gateway))
    )
    with pytest.raises(UnexpectedStatus) as raised:
        auth_issue_access_token.sync(
            client=client, body=BodyAuthIssueAccessToken(username="admin", password="x")
        )
    assert raised.value.status_code == 502
