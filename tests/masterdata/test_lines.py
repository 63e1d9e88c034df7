from __future__ import annotations

from httpx import AsyncClient

from tests.support import assert_problem, create_line


async def test_create_get_list_update_delete(admin: AsyncClient) -> None:
    line = await create_line(admin, code="L1", name="Final assembly")
    assert line["code"] == "L1" and isinstance(line["id"], int)
    assert (await admin.get(f"/api/v1/lines/{line['id']}")).json()["name"] == "Final assembly"

    r = await admin.patch(f"/api/v1/lines/{line['id']}", json={"name": "FA-1"})
    assert r.status_code == 200 and r.json()["name"] == "FA-1" and r.json()["code"] == "L1"

    listed = (await admin.get("/api/v1/lines", params={"code": "L1"})).json()
    assert [x["id"] for x in listed["items"]] == [line["id"]]

    assert (await admin.delete(f"/api/v1/lines/{line['id']}")).status_code == 204
    assert_problem(await admin.get(f"/api/v1/lines/{line['id']}"), 404, "not_found")


async def test_pagination_walks_every_line_once(admin: AsyncClient) -> None:
    created = [(await create_line(admin))["id"] for _ in range(7)]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await admin.get("/api/v1/lines", params=params)).json()
        seen += [x["id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == created


async def test_duplicate_code_is_409_and_changes_nothing(admin: AsyncClient) -> None:
    await create_line(admin, code="DUP")
    r = await admin.post("/api/v1/lines", json={"code": "DUP", "name": "again"})
    assert_problem(r, 409, "duplicate")
    listed = (await admin.get("/api/v1/lines", params={"code": "DUP"})).json()["items"]
    assert len(listed) == 1 and listed[0]["name"] == "Line"


async def test_rename_onto_existing_code_is_409(admin: AsyncClient) -> None:
    await create_line(admin, code="A1")
    b = await create_line(admin, code="B1")
    assert_problem(
        await admin.patch(f"/api/v1/lines/{b['id']}", json={"code": "A1"}), 409, "duplicate"
    )
    assert (await admin.get(f"/api/v1/lines/{b['id']}")).json()["code"] == "B1"


async def test_bad_input(admin: AsyncClient) -> None:
    cases = [
        {},
        {"code": "X"},
        {"code": 12, "name": "n"},
        {"code": "", "name": "n"},
        {"code": "has space", "name": "n"},
        {"code": "X" * 33, "name": "n"},
        {"code": "OK", "name": "n" * 201},
        {"code": "OK", "name": "n", "unknown": 1},
        {"code": None, "name": "n"},
        {"code": "OK", "name": "nul\x00byte"},
        {"code": "OK", "name": "line\nbreak"},
    ]
    for body in cases:
        body_problem = assert_problem(
            await admin.post("/api/v1/lines", json=body), 422, "validation_error"
        )
        assert body_problem["errors"], body
    assert_problem(
        await admin.post(
            "/api/v1/lines", content=b"{not json", headers={"content-type": "application/json"}
        ),
        400,
        "malformed_request",
    )
    assert_problem(await admin.post("/api/v1/lines", json=[1, 2]), 422, "validation_error")
    line = await create_line(admin)
    assert_problem(await admin.patch(f"/api/v1/lines/{line['id']}", json={"code": None}), 422)
    assert_problem(await admin.get("/api/v1/lines/abc"), 422, "validation_error")
    assert_problem(await admin.get("/api/v1/lines/0"), 422, "validation_error")
    assert_problem(await admin.get("/api/v1/lines/99999999"), 404, "not_found")
    assert_problem(await admin.get(f"/api/v1/lines/{2**70}"), 422, "validation_error")
    assert_problem(await admin.get("/api/v1/lines", params={"limit": 501}), 422)
    assert_problem(await admin.get("/api/v1/lines", params={"limit": 0}), 422)
    assert_problem(
        await admin.get("/api/v1/lines", params={"cursor": "!!!"}), 400, "invalid_cursor"
    )
    assert_problem(
        await admin.get("/api/v1/lines", params={"cursor": "InN0cmluZyI"}), 400, "invalid_cursor"
    )
    assert (await admin.get("/api/v1/lines", params={"code": "OK"})).json()["items"] == []


async def test_reads_need_credentials(client: AsyncClient) -> None:
    assert_problem(await client.get("/api/v1/lines"), 401, "not_authenticated")
    r = await client.get("/api/v1/lines", headers={"Authorization": "Bearer nonsense"})
    assert_problem(r, 401, "invalid_credentials")
    assert r.headers["www-authenticate"] == "Bearer"


async def test_create_is_audited(admin: AsyncClient, app: object) -> None:
    from sqlalchemy import select

    from app.models import AuditEntry

    line = await create_line(admin, code="AUD", name="n1")
    await admin.patch(f"/api/v1/lines/{line['id']}", json={"name": "n2", "code": "AUD"})
    db = app.state.db  # type: ignore[attr-defined]
    async with db.transaction(write=False) as session:
        rows = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.entity_type == "line").order_by(AuditEntry.id)
            )
        ).all()
    assert [(r.action, r.actor) for r in rows] == [
        ("create", "user:admin"),
        ("update", "user:admin"),
    ]
    assert rows[0].after == {"id": line["id"], "code": "AUD", "name": "n1"}
    assert rows[1].before == {"name": "n1"} and rows[1].after == {"name": "n2"}
