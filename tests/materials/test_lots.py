"""Lots: receipt, look-up, lists, hold and release."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry
from tests.conftest import as_user
from tests.materials.support import API, component, lot
from tests.support import assert_problem, create_part, create_user


async def test_receive_and_read_a_lot(admin: AsyncClient, app: FastAPI) -> None:
    part = await component(admin, uom="kg")
    expires = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    body = {
        "part_id": part["id"],
        "code": "L-2026/0042",
        "quantity": 12.5,
        "supplier": "Acme",
        "expires_at": expires.isoformat(),
    }
    r = await admin.post(f"{API}/lots", json=body)
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["part"] == {
        "id": part["id"],
        "number": part["number"],
        "name": part["name"],
        "kind": "component",
        "uom": "kg",
    }
    assert (got["code"], got["quantity"], got["remaining"]) == ("L-2026/0042", 12.5, 12.5)
    assert (got["status"], got["expired"], got["supplier"]) == ("available", False, "Acme")
    assert datetime.fromisoformat(got["expires_at"]) == expires
    assert got["received_by"] == "user:admin" and got["hold_reason"] is None
    assert (await admin.get(f"{API}/lots/{got['id']}")).json() == got
    async with app.state.db.transaction(write=False) as session:
        audit = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "lot", AuditEntry.action == "receive"
            )
        )
    assert audit is not None and audit.after is not None
    assert audit.after["code"] == "L-2026/0042" and audit.after["remaining"] == 12.5
    # The same code for another part is another lot; for the same part a duplicate.
    other = await component(admin)
    await lot(admin, other["id"], code="L-2026/0042")
    assert_problem(await admin.post(f"{API}/lots", json=body), 409, "duplicate")


async def test_receipt_refusals(admin: AsyncClient) -> None:
    part = await component(admin)
    product = await create_part(admin)
    good = {"part_id": part["id"], "code": "C1", "quantity": 5}
    for bad in (
        good | {"quantity": 0},
        good | {"quantity": -3},
        good | {"quantity": "5"},
        good | {"code": ""},
        good | {"code": "has space"},
        good | {"expires_at": "2027-01-01T00:00:00"},  # no offset
        good | {"nope": 1},
        {"part_id": part["id"], "code": "C1"},
    ):
        assert_problem(await admin.post(f"{API}/lots", json=bad), 422, "validation_error")
    r = await admin.post(f"{API}/lots", json=good | {"part_id": product["id"]})
    assert_problem(r, 422, "wrong_part_kind")
    r = await admin.post(f"{API}/lots", json=good | {"part_id": 999_999})
    assert_problem(r, 422, "unknown_reference")
    assert (await admin.get(f"{API}/lots")).json()["items"] == []
    assert_problem(await admin.get(f"{API}/lots/999999"), 404, "not_found")


async def test_list_filters_and_pages(admin: AsyncClient) -> None:
    a, b = await component(admin), await component(admin, kind="material")
    lots = [await lot(admin, a["id"]) for _ in range(3)] + [await lot(admin, b["id"])]
    await admin.post(f"{API}/lots/{lots[1]['id']}/hold", json={"reason": "check"})
    got = (await admin.get(f"{API}/lots", params={"part_id": a["id"]})).json()["items"]
    assert [x["id"] for x in got] == [x["id"] for x in lots[:3]]
    got = (await admin.get(f"{API}/lots", params={"status": "on_hold"})).json()["items"]
    assert [x["id"] for x in got] == [lots[1]["id"]]
    got = (await admin.get(f"{API}/lots", params={"code": lots[3]["code"]})).json()["items"]
    assert [x["id"] for x in got] == [lots[3]["id"]]
    page = (await admin.get(f"{API}/lots", params={"limit": 2})).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = (
        await admin.get(f"{API}/lots", params={"limit": 2, "cursor": page["next_cursor"]})
    ).json()
    assert [x["id"] for x in page["items"] + rest["items"]] == [x["id"] for x in lots]
    assert_problem(await admin.get(f"{API}/lots", params={"status": "expired"}), 422)


async def test_hold_and_release(admin: AsyncClient, app: FastAPI) -> None:
    part = await component(admin)
    some = await lot(admin, part["id"])
    url = f"{API}/lots/{some['id']}"
    supervisor = await create_user(admin, role="supervisor")
    operator = await create_user(admin)
    async with as_user(app, operator["username"], "secret-password") as c:
        assert_problem(await c.post(f"{url}/hold", json={"reason": "x"}), 403, "forbidden")
        assert (await c.get(url)).status_code == 200  # everyone reads
    async with as_user(app, supervisor["username"], "secret-password") as c:
        assert_problem(await c.post(f"{url}/hold", json={}), 422, "validation_error")
        assert_problem(await c.post(f"{url}/hold", json={"reason": " "}), 422)
        r = await c.post(f"{url}/hold", json={"reason": "supplier recall 17"})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["hold_reason"]) == ("on_hold", "supplier recall 17")
        r = await c.post(f"{url}/hold", json={"reason": "again"})
        assert_problem(r, 409, "illegal_transition")
        r = await c.post(f"{url}/release", json={"reason": "cleared by QA"})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["hold_reason"]) == ("available", None)
        assert_problem(await c.post(f"{url}/release"), 409, "illegal_transition")
    assert_problem(await admin.post(f"{API}/lots/999999/hold", json={"reason": "x"}), 404)
    assert_problem(await admin.post(f"{API}/lots/999999/release"), 404)
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "lot", AuditEntry.entity_id == str(some["id"]))
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [(r.action, (r.after or {}).get("reason")) for r in rows] == [
        ("receive", None),
        ("hold", "supplier recall 17"),
        ("release", "cleared by QA"),
    ]
    assert rows[1].actor == f"user:{supervisor['username']}"


async def test_an_expired_lot_says_so(admin: AsyncClient) -> None:
    part = await component(admin)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    got = await lot(admin, part["id"], expires_at=past)
    assert (got["status"], got["expired"]) == ("available", True)
    assert (await admin.get(f"{API}/lots/{got['id']}")).json()["expired"] is True
