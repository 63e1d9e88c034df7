"""`GET /search?q=`: one box to find a unit, an order or a part."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.principal import Reader
from app.db.session import DbSession
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import PLAIN_TEXT
from app.search import service
from app.search.schemas import SearchResults

router = APIRouter(tags=["search"], responses=problem_responses(401, 403), route_class=CommandRoute)


@router.get("/search", response_model=SearchResults, responses=problem_responses(422))
async def search(
    session: DbSession,
    _: Reader,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=64,
            pattern=PLAIN_TEXT,
            description="a serial, order number, ERP order reference or part number "
            "(or its beginning); case-insensitive",
            examples=["SMX-00042"],
        ),
    ],
) -> SearchResults:
    """Units by serial, orders by number or `external_ref`, parts by number: exact matches
    first, then prefix matches, up to 10 of each."""
    return await service.search(session, q)
