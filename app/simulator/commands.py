"""`takt simulate` and `takt demo` (the CLI in app/cli.py only parses their arguments)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from tqdm import tqdm

from app.config import Settings
from app.db.session import Database
from app.simulator.configure import database_is_empty
from app.simulator.engine import World
from app.simulator.plant import Plant, PlantFileError, load_plant
from app.simulator.runner import (
    Outcome,
    PlantMismatch,
    backfill,
    ingested,
    live,
    mqtt_telemetry,
    prepare,
)

DEMO_SPEED = 10.0


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set `stop`: the simulation ends between two commands."""
    loop = asyncio.get_running_loop()

    def handler(*_: object) -> None:
        loop.call_soon_threadsafe(stop.set)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _plant(path: str | None) -> Plant | None:
    try:
        return load_plant(path)
    except PlantFileError as exc:
        print(f"takt: the plant file is not valid: {exc}", file=sys.stderr)
        return None
    except OSError as exc:
        print(f"takt: cannot read the plant file: {exc}", file=sys.stderr)
        return None


def _register() -> None:
    from app.main import register_hooks

    register_hooks()


def _summary(outcome: Outcome, stopped: bool) -> str:
    s = outcome.stats
    head = "stopped after" if stopped else "simulated"
    return (
        f"{head} {s['commands']} commands in {outcome.seconds:.1f} s "
        f"({outcome.rate:.0f}/s): {s['orders']} orders ({s['expedited']} expedited), "
        f"{s['units']} units "
        f"({s['completed']} completed, {s['scrapped']} scrapped, {s['reworked']} reworks), "
        f"{s['batches']} batches, {s['measurements']} measurements, "
        f"{s['observations']} observations, {s['installed']} sub-assemblies installed, "
        f"{s['issues']} issues, {s['breakdowns']} breakdowns, {s['alerts']} alerts, "
        f"{s['lots']} lots ({s['lot_holds']} held, {s['lots_expired']} expired), "
        f"{s['telemetry']} machine messages; {s['refused']} refused"
    )


async def _backfill(
    db: Database,
    settings: Settings,
    plant: Plant,
    *,
    start: datetime,
    days: float,
    seed: int,
    stop: asyncio.Event,
) -> tuple[World, Outcome]:
    layout = await prepare(db, settings, plant, start)
    bar = tqdm(
        total=days * 24,
        desc="back-fill",
        file=sys.stderr,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} h "
        "[{elapsed}<{remaining}{postfix}]",
    )
    with bar:
        return await backfill(
            db,
            settings,
            plant,
            layout,
            start=start,
            days=days,
            seed=seed,
            progress=bar,
            stop=stop,
        )


def default_start(days: float) -> datetime:
    """Midnight UTC `days` before today: a back-fill that ends today, the same all day."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=days)


def simulate(
    *,
    days: float | None,
    seed: int,
    plant_file: str | None,
    start: datetime | None,
    run_live: bool,
    speed: float,
    mqtt: bool,
) -> int:
    from app.db import migrate

    plant = _plant(plant_file)
    if plant is None:
        return 2
    settings = Settings()
    migrate.upgrade_database(settings)
    _register()

    async def main() -> int:
        try:
            return await run()
        except PlantMismatch as exc:
            print(f"takt simulate: {exc}", file=sys.stderr)
            return 2

    async def run() -> int:
        stop = asyncio.Event()
        db = Database(settings, relaxed_commits=not run_live)
        world: World | None = None
        try:
            with stop_on_signals(stop):
                if days:
                    begin = start or default_start(days)
                    world, outcome = await _backfill(
                        db, settings, plant, start=begin, days=days, seed=seed, stop=stop
                    )
                    print(_summary(outcome, stop.is_set()))
                if run_live and not stop.is_set():
                    await _run_live(db, settings, plant, speed, seed, mqtt, stop, world)
        finally:
            await db.dispose()
        return 0

    return asyncio.run(main())


async def _run_live(
    db: Database,
    settings: Settings,
    plant: Plant,
    speed: float,
    seed: int,
    mqtt: bool,
    stop: asyncio.Event,
    world: World | None,
) -> World:
    layout = world.layout if world is not None else await prepare(db, settings, plant, _now())
    print(f"running live at {speed:g}x (Ctrl-C stops)", file=sys.stderr)
    async with contextlib.AsyncExitStack() as stack:
        if mqtt:
            telemetry = await stack.enter_async_context(mqtt_telemetry(settings))
        else:
            telemetry = ingested(db, settings)
        return await live(
            db,
            plant,
            layout,
            telemetry,
            speed=speed,
            seed=seed,
            stop=stop,
            world=world,
            zone=settings.zone,
        )


def _now() -> datetime:
    return datetime.now(UTC)


def demo(
    *, host: str, port: int, days: float, speed: float, seed: int, plant_file: str | None
) -> int:
    """Configure the demo plant on an empty database, back-fill `days`, then serve the API
    and the board while the plant runs live."""
    from app.db import migrate

    plant = _plant(plant_file)
    if plant is None:
        return 2
    settings = Settings()
    migrate.upgrade_database(settings)
    _register()
    return asyncio.run(_demo(settings, plant, host, port, days, speed, seed))


async def _demo(
    settings: Settings, plant: Plant, host: str, port: int, days: float, speed: float, seed: int
) -> int:
    import uvicorn

    from app.main import create_app
    from app.server.logs import log_config
    from app.server.protocols import server_protocols

    stop = asyncio.Event()
    with stop_on_signals(stop):
        db = Database(settings, relaxed_commits=True)
        try:
            if not await database_is_empty(db):
                print(
                    "takt demo: the database is not empty; the demo configures its plant on an "
                    "empty database only. Start it on a new file, e.g. "
                    "TAKT_DATABASE_URL=sqlite+aiosqlite:///takt-demo.sqlite takt demo",
                    file=sys.stderr,
                )
                return 2
            start = _now().replace(microsecond=0) - timedelta(days=days)
            world, outcome = await _backfill(
                db, settings, plant, start=start, days=days, seed=seed, stop=stop
            )
            print(_summary(outcome, stop.is_set()), file=sys.stderr)
        finally:
            await db.dispose()
        if stop.is_set():
            return 0
        app = create_app(settings)
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            log_config=log_config(),
            access_log=False,
            **server_protocols(),
        )
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve())
        while not server.started and not serving.done():  # noqa: ASYNC110 (uvicorn has no event)
            await asyncio.sleep(0.05)
        if not server.started:
            await serving
            return 1
        _banner(plant, host, port, speed)
        live_db: Database = app.state.db
        running = asyncio.create_task(
            live(
                live_db,
                plant,
                world.layout,
                ingested(live_db, settings),
                speed=speed,
                seed=seed,
                stop=stop,
                world=world,
                zone=settings.zone,
            )
        )
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({serving, running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stop.set()
        await running  # between two commands: nothing half-written
        server.should_exit = True
        await serving
        stopping.cancel()
    return 0


def _banner(plant: Plant, host: str, port: int, speed: float) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    lines = [
        "",
        f"Takt demo: {plant.name}, running live at {speed:g}x (Ctrl-C stops)",
        f"  the board:  {base}/board",
        f"  API docs:   {base}/docs",
        "  logins:",
        *(f"    {u.username:<12} {u.password:<24} ({u.role})" for u in plant.users),
        "",
    ]
    print("\n".join(lines), flush=True)
