"""Router assembly: every domain's endpoints under `/api/v1`.

Routers are included directly on the app (not nested under a shared `/api/v1` router) and the
hot paths come first: FastAPI matches included routers level by level, route by route, so a
flat, hot-first list keeps routing cheap on the unit-move path.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from app.analytics.oee.endpoints import router as oee_router
from app.analytics.quality.endpoints import router as analytics_router
from app.assistant.endpoints import router as assistant_router
from app.audit.endpoints import router as audit_router
from app.auth.api_keys.endpoints import router as api_keys_router
from app.auth.endpoints import router as auth_router
from app.auth.users.endpoints import router as users_router
from app.batches.endpoints import router as batches_router
from app.equipment.endpoints import router as equipment_router
from app.genealogy.endpoints import router as genealogy_router
from app.health.endpoints import router as health_router
from app.imports.endpoints import router as imports_router
from app.issues.endpoints import router as issues_router
from app.labour.endpoints import analytics_router as labour_analytics_router
from app.labour.endpoints import router as labour_router
from app.masterdata.endpoints import router as masterdata_router
from app.materials.endpoints import router as materials_router
from app.orders.endpoints import router as orders_router
from app.quality.alerts.endpoints import router as alerts_router
from app.quality.definitions.endpoints import router as test_definitions_router
from app.quality.inspections.endpoints import router as quality_events_router
from app.quality.measurements.endpoints import router as measurements_router
from app.records.endpoints import router as records_router
from app.reports.endpoints import router as reports_router
from app.routes.endpoints import router as routes_router
from app.search.endpoints import router as search_router
from app.shifts.endpoints import router as shifts_router
from app.telemetry.endpoints import router as telemetry_router
from app.units.endpoints import router as units_router
from app.webhooks.endpoints import router as webhooks_router
from app.wip.board import router as board_router
from app.wip.endpoints import router as wip_router
from app.workqueue.endpoints import router as workqueue_router

API_PREFIX = "/api/v1"

API_ROUTERS: list[APIRouter] = [
    units_router,
    batches_router,
    measurements_router,
    quality_events_router,
    wip_router,
    orders_router,
    auth_router,
    masterdata_router,
    workqueue_router,
    routes_router,
    test_definitions_router,
    alerts_router,
    issues_router,
    analytics_router,
    oee_router,
    labour_router,
    labour_analytics_router,
    users_router,
    api_keys_router,
    audit_router,
    search_router,
    telemetry_router,
    equipment_router,
    shifts_router,
    reports_router,
    materials_router,
    genealogy_router,
    records_router,
    webhooks_router,
    assistant_router,
    imports_router,
]


def include_routers(app: FastAPI) -> None:
    app.include_router(health_router)
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(board_router)  # pages last: they are never hot
