"""The `takt` command: serve, webhooks, migrate, openapi, import, simulate, demo."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings

DEFAULT_OPENAPI_PATH = Path("openapi/openapi.json")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Alembic announces its plugins and dialect on every run; keep only the upgrades.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.migration").addFilter(
        lambda record: record.getMessage().startswith("Running upgrade")
    )


def openapi_document() -> str:
    """The OpenAPI document as committed in `openapi/openapi.json` (stable formatting)."""
    from app.main import create_app

    spec = create_app(Settings()).openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    document = openapi_document()
    if args.output == "-":
        sys.stdout.write(document)
        return 0
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document, encoding="utf-8")
    print(f"wrote {path}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.db import migrate

    settings = Settings()
    migrate.upgrade_database(settings, args.revision)
    print(f"database at {args.revision}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.db import migrate
    from app.server.logs import log_config
    from app.server.protocols import server_protocols

    settings = Settings()
    if args.workers > 1 and settings.is_sqlite:
        print(
            "takt serve: --workers > 1 needs PostgreSQL. With SQLite the realtime event bus is "
            "in-process and cannot span worker processes, and SQLite allows one writer at a "
            "time anyway. Use one worker, or set TAKT_DATABASE_URL=postgresql+asyncpg://…",
            file=sys.stderr,
        )
        return 2
    log = logging.getLogger("takt")
    log.info("applying migrations to %s", _redacted(settings.migration_url))
    migrate.upgrade_database(settings)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level.lower(),
        log_config=log_config(),  # uvicorn's, with secrets redacted from logged URLs
        access_log=not args.no_access_log,
        proxy_headers=True,
        **server_protocols(),
    )
    return 0


def cmd_webhooks(args: argparse.Namespace) -> int:
    import asyncio

    from app.webhooks import sender

    try:
        asyncio.run(sender.run(Settings()))
    except (ValueError, sender.SchemaNotCurrent) as exc:
        print(f"takt webhooks: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.imports import command

    return command.run(
        args.target,
        Path(args.file),
        mapping=args.mapping,
        dry_run=args.dry_run,
        settings=Settings(),
    )


def cmd_simulate(args: argparse.Namespace) -> int:
    from app.simulator.commands import simulate

    if not args.days and not args.live:
        print("takt simulate: give --days N (back-fill), --live, or both", file=sys.stderr)
        return 2
    return simulate(
        days=args.days,
        seed=args.seed,
        plant_file=args.plant,
        start=args.start,
        run_live=args.live,
        speed=args.speed,
        mqtt=args.mqtt,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from app.simulator.commands import demo

    return demo(
        host=args.host,
        port=args.port,
        days=args.days,
        speed=args.speed,
        seed=args.seed,
        plant_file=args.plant,
    )


def _aware(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="takt", description="Takt MES service")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="migrate the database, then run the API server")
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    serve.add_argument("--no-access-log", action="store_true", help="do not log every request")
    serve.set_defaults(func=cmd_serve)

    hooks = sub.add_parser(
        "webhooks",
        help="deliver webhooks only (beside API processes run with TAKT_WEBHOOKS_ENABLED=false)",
    )
    hooks.set_defaults(func=cmd_webhooks)

    mig = sub.add_parser("migrate", help="apply database migrations")
    mig.add_argument("revision", nargs="?", default="head")
    mig.set_defaults(func=cmd_migrate)

    sim = sub.add_parser(
        "simulate", help="simulate a plant: back-fill days of history, or run it live"
    )
    sim.add_argument("--days", type=float, default=0, help="days of history to back-fill")
    sim.add_argument("--seed", type=int, default=1, help="random seed (same seed: same history)")
    sim.add_argument("--plant", help="plant description file (default: the demo plant)")
    sim.add_argument(
        "--start", type=_aware, help="back-fill from this time (default: midnight UTC, --days ago)"
    )
    sim.add_argument("--live", action="store_true", help="then keep the plant running")
    sim.add_argument("--speed", type=float, default=1.0, help="live: times faster than real")
    sim.add_argument("--mqtt", action="store_true", help="live: machines publish to TAKT_MQTT_URL")
    sim.set_defaults(func=cmd_simulate)

    dem = sub.add_parser("demo", help="a demo plant on an empty database: back-fill, serve, run")
    dem.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    dem.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    dem.add_argument("--days", type=float, default=7, help="days to back-fill (default 7)")
    dem.add_argument("--speed", type=float, default=10.0, help="live speed (default 10x)")
    dem.add_argument("--seed", type=int, default=1, help="random seed")
    dem.add_argument("--plant", help="plant description file (default: the demo plant)")
    dem.set_defaults(func=cmd_demo)

    oa = sub.add_parser("openapi", help="write the OpenAPI document")
    oa.add_argument(
        "--output", "-o", default=str(DEFAULT_OPENAPI_PATH), help="file, or - for stdout"
    )
    oa.set_defaults(func=cmd_openapi)

    imp = sub.add_parser(
        "import",
        help="import orders, parts or lots from a CSV or XLSX file (all rows or none)",
        description="Import a CSV or XLSX file like POST /api/v1/imports/{target}: every row "
        "applies in one transaction or none does. Exit status 0 done, 1 rows in error "
        "(listed; nothing written), 2 an unusable file or mapping. See docs/imports.md.",
    )
    imp.add_argument("target", choices=["orders", "parts", "lots"], help="what the file holds")
    imp.add_argument("file", help="the .csv or .xlsx file")
    imp.add_argument("--mapping", metavar="NAME", help="an import mapping profile, by name")
    imp.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    imp.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(Settings().log_level)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
