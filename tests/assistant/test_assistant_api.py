"""`POST /assistant` end to end, on both databases, against a configured plant."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import update

from app.models import AssistantConfirmation
from tests.assistant.plant import API, OPERATOR_PASSWORD, build_plant
from tests.assistant.test_parser import UNDERSTOOD
from tests.conftest import as_user
from tests.support import assert_problem


async def say(client: AsyncClient, text: str, status: str = "done") -> dict[str, Any]:
    r = await client.post(f"{API}/assistant", json={"text": text})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["status"] == status, body
    return body


def result(body: dict[str, Any]) -> dict[str, Any]:
    (action,) = body["actions"]
    return action["result"]  # type: ignore[no-any-return]


async def unit(client: AsyncClient, serial: str) -> dict[str, Any]:
    r = await client.get(f"{API}/units/{serial}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def confirm(client: AsyncClient, token: str) -> Any:
    return await client.post(f"{API}/assistant/confirm", json={"token": token})


async def test_a_shift_in_sentences(admin: AsyncClient) -> None:
    plant = await build_plant(admin)
    station2 = plant["stations"][1]

    body = await say(admin, "Generate 4 units for PO-0001")
    assert result(body)["serials"] == ["SMX-00007", "SMX-00008", "SMX-00009", "SMX-00010"]
    assert body["reply"] == "Generated 4 units for PO-0001: SMX-00007 … SMX-00010."
    assert (await admin.get(f"{API}/orders/PO-0001")).json()["started"] == 10

    body = await say(admin, "Move SMX-1 to the next step")
    assert body["actions"][0]["arguments"] == {"serial": "SMX-00001"}
    assert body["reply"] == "Moved SMX-00001 to step 1 (ST1)."
    assert (await unit(admin, "SMX-00001"))["step"] == 1
    body = await say(admin, "move SMX-00001 on")
    assert body["reply"] == "Moved SMX-00001 to step 2 (ST2).", body

    body = await say(admin, "How many units are at Station 2?")
    assert result(body)["workstation"]["workstation_id"] == station2["id"]
    assert result(body)["workstation"]["count"] == 1
    assert body["reply"] == "1 unit is at Station 2 (ST2)."

    body = await say(admin, "Move SMX-00001 from step 2")
    assert result(body)["awaiting"] == "gate_decision"

    body = await say(admin, "Pass SMX-00001 at the gate", "refused")
    assert result(body)["error"]["code"] == "tests_incomplete"
    assert body["reply"].startswith("That was refused: ")

    body = await say(admin, "Record torque 52 V for SMX-00001", "refused")
    assert result(body)["error"] == {
        "status": 422,
        "code": "unit_mismatch",
        "detail": "Torque is measured in Nm, not V",
    }
    body = await say(admin, "Record torque 52 Nm for SMX-00001")
    assert result(body)["result"] == "pass"
    assert body["actions"][0]["arguments"]["test"] == "Torque"

    body = await say(admin, "Pass SMX-00001")
    assert result(body)["status"] == "completed"
    assert body["reply"] == "SMX-00001 passed the gate and completed its route."

    body = await say(admin, "What is the status of PO-0001?")
    assert (result(body)["completed"], result(body)["started"]) == (1, 10)
    assert body["reply"].startswith("PO-0001 is running: 1 of 20 completed")

    body = await say(admin, "Show me the history of SMX-00001")
    types = [e["type"] for e in result(body)["items"]]
    assert types[0] == "created" and types[-1] == "completed"
    assert {"measured", "gate_passed"} <= set(types)

    body = await say(admin, "show the record of SMX-1")
    assert result(body)["unit"]["serial"] == "SMX-00001"
    assert len(result(body)["measurements"]) == 1

    body = await say(admin, "Where is SMX-2?")
    assert result(body)["step"] == 0
    for _ in range(3):
        await say(admin, "advance SMX-00002")
    body = await say(admin, "torque 70Nm on smx-2")
    assert (result(body)["result"], result(body)["failed_gate"]) == ("fail", True)

    body = await say(admin, "What failed today?")
    assert result(body)["units"] == ["SMX-00002"]
    assert {e["type"] for e in result(body)["items"]} == {"inspection"}
    assert body["reply"].startswith("Today: 1 units failed")

    # Scrap: nothing happens before the confirmation.
    body = await say(admin, "Scrap SMX-00002 — failed solder inspection", "confirm")
    assert body["actions"][0]["arguments"] == {
        "serial": "SMX-00002",
        "reason": "failed solder inspection",
        "defect_code": "SOLDER",
    }
    assert body["confirm"]["summary"].startswith("Scrap SMX-00002 (order PO-0001, in progress")
    assert (await unit(admin, "SMX-00002"))["status"] == "in_progress"
    r = await confirm(admin, body["confirm"]["token"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "done"
    assert r.json()["reply"] == "Scrapped SMX-00002 (failed solder inspection, defect SOLDER)."
    assert (await unit(admin, "SMX-00002"))["status"] == "scrapped"
    history = (await admin.get(f"{API}/units/SMX-00002/history")).json()["items"]
    assert (history[-1]["type"], history[-1]["defect_code"]) == ("scrapped", "SOLDER")

    body = await say(admin, "Open a MAT issue at Station 2: screws M4 out of stock")
    assert (result(body)["workstation_id"], result(body)["type"]) == (station2["id"], "MAT")
    assert result(body)["title"] == "screws M4 out of stock"

    body = await say(admin, "Rework SMX-00001 to step 1", "refused")  # completed already
    assert result(body)["error"]["status"] == 409

    body = await say(admin, "how many units on line L1")
    assert (result(body)["completed"], result(body)["scrapped"]) == (1, 1)

    body = await say(admin, "Cancel PO-0001 — customer withdrew", "confirm")
    assert (await admin.get(f"{API}/orders/PO-0001")).json()["status"] == "running"
    r = await confirm(admin, body["confirm"]["token"])
    assert r.status_code == 200, r.text
    order = (await admin.get(f"{API}/orders/PO-0001")).json()
    assert (order["status"], order["scrapped"]) == ("cancelled", 9)


async def test_rework_after_a_failed_gate(admin: AsyncClient) -> None:
    await build_plant(admin, units=1)
    for _ in range(3):
        await say(admin, "Move SMX-00001 to the next step")
    body = await say(admin, "SMX-00001 failed the gate — cracked solder joint")
    assert body["actions"][0]["arguments"]["defect_code"] == "SOLDER"
    assert result(body)["awaiting"] == "disposition"
    body = await say(admin, "send SMX-1 back to step 2", "confirm")
    r = await confirm(admin, body["confirm"]["token"])
    assert r.status_code == 200, r.text
    assert r.json()["reply"] == "Sent SMX-00001 back to step 2 (ST2) for rework."
    assert (await unit(admin, "SMX-00001"))["rework_count"] == 1


async def test_operators_act_only_on_their_lines(app: FastAPI, admin: AsyncClient) -> None:
    await build_plant(admin)
    async with as_user(app, "op-l2", OPERATOR_PASSWORD) as other_line:
        body = await say(other_line, "Move SMX-00003 to the next step", "refused")
        error = result(body)["error"]
        assert (error["status"], error["code"]) == (403, "not_your_station")
        assert (
            body["reply"]
            == "I can't do that: this unit's current step is not on one of your lines."
        )
        assert (await unit(admin, "SMX-00003"))["step"] == 0
        body = await say(other_line, "Cancel PO-0001", "refused")
        assert "role 'operator' may not cancel orders" in body["reply"]
        # Reading is everyone's.
        await say(other_line, "What is the status of PO-0001?")
    async with as_user(app, "op-l1", OPERATOR_PASSWORD) as on_line:
        body = await say(on_line, "Move SMX-00003 to the next step")
        assert (await unit(admin, "SMX-00003"))["step"] == 1
        history = (await admin.get(f"{API}/units/SMX-00003/history")).json()["items"]
        assert history[-1]["actor"] == "user:op-l1"


async def test_an_api_key_keeps_its_scopes(app: FastAPI, admin: AsyncClient) -> None:
    plant = await build_plant(admin)
    async with AsyncClient(
        transport=ASGITransport(app=app),
        base_url="http://takt",
        headers={"X-API-Key": plant["reader_key"]},
    ) as reader:
        body = await say(reader, "Move SMX-00003 on", "refused")
        assert result(body)["error"]["status"] == 403
        assert "lacks the 'units:execute' scope" in body["reply"]
        body = await say(reader, "How many units are at ST1?")
        assert result(body)["workstation"]["count"] == 0


async def test_what_is_refused_or_asked(admin: AsyncClient, client: AsyncClient) -> None:
    await build_plant(admin)
    body = await say(admin, "Move SMX-99999", "refused")
    assert result(body)["error"] == {
        "status": 404,
        "code": "not_found",
        "detail": "unit SMX-99999 does not exist",
    }
    body = await say(admin, "How many units are at Station 7?", "refused")
    assert "no workstation called “Station 7”" in body["reply"]
    assert "Station 1" in body["reply"]
    body = await say(admin, "Open an issue at Station 2: conveyor jammed", "asked")
    assert "MAT (Material shortage)" in body["reply"]
    body = await say(admin, "Generate 10 units", "asked")
    assert body["actions"] == []
    body = await say(admin, "generate units for PO-0001", "asked")
    assert body["reply"] == "How many units should I generate for PO-0001?"
    body = await say(admin, "fly me to the moon", "not_understood")
    assert len(body["suggestions"]) == 3
    body = await say(admin, "mvoe SMX-00001", "not_understood")
    assert "Did you mean “move”?" in body["reply"]
    body = await say(admin, "Generate 50 units for PO-0001", "refused")
    assert result(body)["error"]["code"] == "quantity_exceeded"
    body = await say(admin, "Scrap SMX-00001 — defect NOPE, bent", "refused")
    assert result(body)["error"]["code"] == "unknown_defect"
    body = await say(admin, "Scrap SMX-55555 — bent", "refused")  # no token for nothing
    assert result(body)["error"]["status"] == 404
    assert (await admin.get(f"{API}/orders/PO-0001")).json()["started"] == 6

    r = await client.post(f"{API}/assistant", json={"text": "What failed today?"})
    assert_problem(r, 401)
    for bad in ({"text": ""}, {"text": "x" * 1001}, {"text": 5}, {}, {"text": "hi", "x": 1}):
        assert_problem(await admin.post(f"{API}/assistant", json=bad), 422)


async def test_confirmation_tokens(app: FastAPI, admin: AsyncClient) -> None:
    await build_plant(admin)
    token = (await say(admin, "Scrap SMX-00004 — dropped", "confirm"))["confirm"]["token"]

    async with as_user(app, "op-l1", OPERATOR_PASSWORD) as someone_else:
        r = await confirm(someone_else, token)
        assert_problem(r, 403, "confirmation_not_yours")
    assert (await unit(admin, "SMX-00004"))["status"] == "in_progress"
    assert_problem(await confirm(admin, "tac_not-a-token-at-all"), 404, "confirmation_not_found")

    r = await confirm(admin, token)  # another caller's attempt did not use it up
    assert r.status_code == 200, r.text
    assert (await unit(admin, "SMX-00004"))["status"] == "scrapped"
    assert_problem(await confirm(admin, token), 404, "confirmation_not_found")

    # Expired.
    token = (await say(admin, "Scrap SMX-00005 — dropped", "confirm"))["confirm"]["token"]
    async with app.state.db.transaction() as session:
        await session.execute(
            update(AssistantConfirmation).values(expires_at=AssistantConfirmation.created_at)
        )
    assert_problem(await confirm(admin, token), 409, "confirmation_expired")
    assert (await unit(admin, "SMX-00005"))["status"] == "in_progress"

    # The action is refused at confirmation time: said, and the token is not used up.
    token = (await say(admin, "Scrap SMX-00006 — dropped", "confirm"))["confirm"]["token"]
    r = await admin.post(f"{API}/units/SMX-00006/scrap", json={"reason": "by hand"})
    assert r.status_code == 200, r.text
    r = await confirm(admin, token)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "refused"
    assert r.json()["actions"][0]["result"]["error"]["code"] == "unit_finished"
    r = await confirm(admin, token)
    assert r.json()["status"] == "refused"


async def test_a_token_is_used_once_under_concurrency(app: FastAPI, admin: AsyncClient) -> None:
    await build_plant(admin)
    token = (await say(admin, "Scrap SMX-00003 — dropped", "confirm"))["confirm"]["token"]
    answers = await asyncio.gather(*(confirm(admin, token) for _ in range(4)))
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 404, 404, 404], [r.text for r in answers]
    history = (await admin.get(f"{API}/units/SMX-00003/history")).json()["items"]
    assert [e["type"] for e in history].count("scrapped") == 1


async def test_the_sentence_table_end_to_end(admin: AsyncClient) -> None:
    """Every sentence of the parser's table through `POST /assistant`, in order, against a
    plant with SMX-00001…SMX-00045: each runs its tool (or is refused by the domain, never by
    a 500), with the arguments the parser gave, names resolved."""
    await build_plant(admin, units=45, quantity=200)
    statuses: dict[str, int] = {}
    for sentence, tool, arguments in UNDERSTOOD:
        r = await admin.post(f"{API}/assistant", json={"text": sentence})
        assert r.status_code == 200, (sentence, r.text)
        body = r.json()
        statuses[body["status"]] = statuses.get(body["status"], 0) + 1
        (action,) = body["actions"]
        assert action["tool"] == tool, (sentence, body)
        if tool == "open_issue" and "type" not in arguments:  # which type: asked, listed
            assert (body["status"], body["reply"]) == (
                "asked",
                "Which kind of issue is it? Known types: MAT (Material shortage)",
            )
            continue
        assert body["status"] in {"done", "confirm", "refused"}, (sentence, body)
        if body["status"] == "refused":
            assert action["result"]["error"]["status"] in {403, 404, 409, 422}, (sentence, body)
            continue
        said = {k: v for k, v in arguments.items() if k in {"order", "count", "value", "reason"}}
        assert said.items() <= action["arguments"].items(), (sentence, action)
        if "serial" in arguments:
            prefix, _, digits = arguments["serial"].partition("-")
            assert action["arguments"]["serial"] == f"{prefix}-{int(digits):05d}"
    assert statuses["done"] >= 40, statuses
    assert statuses["confirm"] >= 5, statuses
