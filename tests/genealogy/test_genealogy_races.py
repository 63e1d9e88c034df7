"""Sub-assemblies under concurrency (PostgreSQL): one child, many parents at once."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import Assembly, UnitEvent
from tests.genealogy.factory import API, floors, units


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_one_child_into_two_parents_at_once_one_wins(
    admin: AsyncClient, app: FastAPI
) -> None:
    product, module, _ = await floors(admin)
    rounds = 5
    parents = await units(admin, product, 2 * rounds)
    children = await units(admin, module, rounds, completed=True)
    for i, child in enumerate(children):
        pair = parents[2 * i : 2 * i + 2]
        responses = await asyncio.gather(
            *(
                admin.post(f"{API}/units/{parent}/install", json={"child_serial": child})
                for parent in pair
            )
        )
        assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
        (lost,) = [r.json() for r in responses if r.status_code == 409]
        assert lost["code"] == "not_installable" and lost["reason"] == "child_installed"
    async with app.state.db.transaction(write=False) as session:
        open_rows = await session.scalar(
            select(func.count()).select_from(Assembly).where(Assembly.removed_at.is_(None))
        )
        installed = await session.scalar(
            select(func.count()).select_from(UnitEvent).where(UnitEvent.type == "installed")
        )
    assert open_rows == rounds
    assert installed == 2 * rounds  # the winner's two rows; the loser wrote nothing


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_many_parents_one_child(admin: AsyncClient, app: FastAPI) -> None:
    product, module, _ = await floors(admin)
    parents = await units(admin, product, 8)
    (child,) = await units(admin, module, completed=True)
    responses = await asyncio.gather(
        *(
            admin.post(f"{API}/units/{parent}/install", json={"child_serial": child})
            for parent in parents
        )
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"not_installable"}


async def test_the_index_has_the_last_word(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that missed the other parent's install (it committed after the read) is
    refused by the partial unique index, as a conflict, with nothing written (both
    databases)."""
    from app.genealogy import repository

    async def never_installed(*_: object) -> None:
        return None

    product, module, _ = await floors(admin)
    first, second = await units(admin, product, 2)
    (child,) = await units(admin, module, completed=True)
    monkeypatch.setattr(repository, "installed_in", never_installed)
    r = await admin.post(f"{API}/units/{first}/install", json={"child_serial": child})
    assert r.status_code == 201, r.text
    r = await admin.post(f"{API}/units/{second}/install", json={"child_serial": child})
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "not_installable" and r.json()["reason"] == "child_installed"
    async with app.state.db.transaction(write=False) as session:
        installed = await session.scalar(
            select(func.count()).select_from(UnitEvent).where(UnitEvent.type == "installed")
        )
    assert installed == 2


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_an_install_racing_the_parents_last_move(admin: AsyncClient, app: FastAPI) -> None:
    """An install and the move that completes the parent conflict on the parent's row: the
    install lands while the parent is still at its last step (before `completed` in its
    history), or is refused because the parent is finished — never recorded on a parent
    that had already left the step."""
    product, module, _ = await floors(admin)
    parents = await units(admin, product, 6)
    children = await units(admin, module, 6, completed=True)
    last = len(product["workstations"])
    for parent in parents:  # to the last step
        for _ in range(last - 1):
            assert (await admin.post(f"{API}/units/{parent}/move")).status_code == 200
    for parent, child in zip(parents, children, strict=True):
        installed, moved = await asyncio.gather(
            admin.post(f"{API}/units/{parent}/install", json={"child_serial": child}),
            admin.post(f"{API}/units/{parent}/move"),
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["status"] == "completed"
        r = await admin.get(f"{API}/units/{parent}/history", params={"limit": 500})
        types = [e["type"] for e in r.json()["items"]]
        if installed.status_code == 201:
            assert installed.json()["step"] == last
            assert types.index("installed") < types.index("completed")
        else:
            assert installed.status_code == 409, installed.text
            assert installed.json()["code"] in ("not_installable", "concurrent_update")
            assert "installed" not in types
