"""Application factory. The lifespan owns the engine, the auth state and background tasks."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.routing import Route

from app import __version__
from app.api import include_routers
from app.assistant import mcp as assistant_mcp
from app.auth.bootstrap import ensure_admin, ensure_token_secret
from app.auth.headers import install_security_headers
from app.auth.logins import Logins
from app.auth.openapi import install_openapi
from app.auth.principal import Authenticator, caller_of, may_replay
from app.auth.revocation import AuthListener
from app.auth.security import PasswordHashing
from app.config import Settings, get_settings
from app.db import migrate
from app.db.session import Database
from app.equipment.silence import SilenceWatch
from app.issues import automatic as automatic_issues
from app.issues import hooks as issues_hooks
from app.kit.docs import install_docs
from app.kit.edge import EdgeMiddleware
from app.kit.idempotency import IdempotencyMiddleware
from app.kit.problems import install_problem_handlers
from app.labour import hooks as labour_hooks
from app.outbox.service import Outbox
from app.quality import hooks as quality_hooks
from app.realtime.service import Realtime
from app.telemetry.consumer import MqttConsumer
from app.transitions.hooks import hooks as transition_hooks
from app.webhooks.worker import WebhookWorker

log = logging.getLogger("takt")

DESCRIPTION = """\
Takt tracks what is built on a shop floor, unit by unit and step by step.

* **Authentication**: `POST /api/v1/auth/token` (OAuth2 password form) returns a bearer token;
  integrations may send `X-API-Key` instead. `/health` is the only other open endpoint.
* **Errors** are RFC 9457 `application/problem+json` with a stable `code`.
* **Lists** are cursor-paginated: `?limit=` (≤ 500) and `?cursor=` from `next_cursor`.
* **Idempotency**: any `POST` accepts an `Idempotency-Key` header.
"""


class SchemaNotCurrent(RuntimeError):
    pass


async def _check_schema(db: Database) -> None:
    current, head = await migrate.current_revision(db.engine), migrate.head_revision()
    if current != head:
        raise SchemaNotCurrent(
            f"database schema is at revision {current or 'none'}, this version needs {head}: "
            "run `takt migrate` (or start with `takt serve`, which migrates first)"
        )


def _operation_id(route: APIRoute) -> str:
    tag = str(route.tags[0]) if route.tags else "default"
    return f"{tag}-{route.name}"


def register_hooks() -> None:
    """Plug the domains that react to unit transitions into the pipeline, and to machine-state
    changes into equipment (idempotent)."""
    quality_hooks.register(transition_hooks)
    labour_hooks.register(transition_hooks)
    issues_hooks.register(transition_hooks)
    automatic_issues.register()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the ASGI app. Nothing connects until the lifespan starts."""
    settings = settings or get_settings()
    register_hooks()
    mcp_server = assistant_mcp.build_server()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(db.dispose)
            await _check_schema(db)
            passwords = PasswordHashing(
                settings.argon2_time_cost, settings.argon2_memory_kib, settings.login_verify_threads
            )
            stack.callback(passwords.close)
            secret = await ensure_token_secret(db, settings)
            await ensure_admin(db, settings, passwords)
            app.state.db = db
            app.state.passwords = passwords
            app.state.logins = Logins(db, settings, passwords)
            app.state.auth = auth = Authenticator(settings, db, secret)
            if not db.is_sqlite:
                auth_listener = AuthListener(settings.database_url, auth.invalidate, auth.listening)
                auth_listener.start()
                stack.push_async_callback(auth_listener.stop)
                app.state.auth_bus = auth_listener
            # The outbox's named consumers register before it starts: the WIP hub ("wip")
            # here; durable ones (webhook delivery) with `outbox.register_consumer`.
            outbox = Outbox(db, settings)
            realtime = Realtime(db, settings, outbox)
            await realtime.start()
            stack.push_async_callback(realtime.stop)
            await outbox.start()
            stack.push_async_callback(outbox.stop)
            app.state.outbox = outbox
            app.state.realtime = realtime
            app.state.sequencer = outbox.sequencer
            webhooks = WebhookWorker(db, settings, outbox)
            await webhooks.start()
            stack.push_async_callback(webhooks.stop)
            app.state.webhooks = webhooks
            if settings.mqtt_url:
                consumer = MqttConsumer(settings, db)
                consumer.start()
                stack.push_async_callback(consumer.stop)
                app.state.mqtt = consumer
                app.state.mqtt_status = lambda: consumer.status
                app.state.mqtt_last_error = lambda: consumer.last_error
            # MCP (the assistant's tools at /mcp): the SDK's session manager runs once, so
            # each lifespan gets its own.
            mcp_sessions = assistant_mcp.McpSessions(mcp_server)
            await mcp_sessions.start()
            stack.push_async_callback(mcp_sessions.stop)
            app.state.mcp = mcp_sessions
            silence = SilenceWatch(db, interval=settings.silence_check_seconds)
            silence.start()
            stack.push_async_callback(silence.stop)
            app.state.silence = silence
            # Everything allocated so far lives as long as the process: keep it out of the
            # cyclic collector's way (shorter, rarer GC pauses under load).
            gc.collect()
            gc.freeze()
            gc.set_threshold(20_000, 20, 20)
            log.info("takt %s ready (%s)", __version__, db.dialect)
            yield

    app = FastAPI(
        title="Takt MES",
        version=__version__,
        summary="Async, API-first Manufacturing Execution System",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        docs_url=None,  # served from the package by install_docs: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.add_middleware(IdempotencyMiddleware, caller=caller_of, may_replay=may_replay)
    # Outside idempotency (which reads bodies): sizes and NUL bytes are refused first.
    app.add_middleware(
        EdgeMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_import_bytes=settings.max_import_bytes,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    include_routers(app)
    # JSON-RPC, not REST: outside /api/v1 and the OpenAPI document (docs/assistant.md).
    app.router.routes.append(
        Route(
            assistant_mcp.PATH,
            assistant_mcp.McpEndpoint(),
            methods=["GET", "POST", "DELETE"],
            include_in_schema=False,
        )
    )
    install_docs(app)
    install_openapi(app)
    install_security_headers(app)
    return app
