"""`takt import TARGET FILE [--mapping NAME] [--dry-run]`: the same import as the API, from
the command line, with a progress bar on a terminal (tqdm) and plain progress lines
otherwise (a log, a pipe, CI)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import IO, Any

from app.auth.principal import Principal
from app.config import Settings
from app.imports import service
from app.imports.errors import ImportRejected
from app.imports.schemas import ImportTarget
from app.kit.errors import TaktError
from app.models import Role

# Who the audit log names for an import from the command line (whoever can run the CLI on
# the server can reach the database anyway).
CLI = Principal(kind="user", id=0, name="cli", role=Role.ADMIN)


class _Progress:
    """Rows done so far: a tqdm bar on a terminal, else one plain line per chunk."""

    def __init__(self, stream: IO[str], label: str) -> None:
        self.stream = stream
        self.label = label
        self.done = 0
        self.bar: Any = None
        if stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(desc=label, unit=" rows", file=stream, dynamic_ncols=True)

    def __call__(self, rows: int) -> None:
        self.done += rows
        if self.bar is not None:
            self.bar.update(rows)
        else:
            print(f"{self.label}: {self.done} rows checked", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(
    target: str,
    path: Path,
    *,
    mapping: str | None,
    dry_run: bool,
    settings: Settings,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """0: imported (or a clean dry run); 1: rows in error, nothing written; 2: the file or
    the mapping cannot be used."""
    out = out or sys.stdout
    err = err or sys.stderr
    if not path.is_file():
        print(f"takt import: no such file: {path}", file=err)
        return 2
    progress = _Progress(err, f"{target} ({path.name})")
    try:
        result = asyncio.run(_run(ImportTarget(target), path, mapping, dry_run, settings, progress))
    except ImportRejected as exc:
        progress.close()
        _report_errors(exc, err)
        return 1
    except TaktError as exc:
        progress.close()
        print(f"takt import: {exc.code}: {exc.detail}", file=err)
        return 2
    progress.close()
    print(json.dumps(result, indent=2), file=out)
    return 0


async def _run(
    target: ImportTarget,
    path: Path,
    mapping_name: str | None,
    dry_run: bool,
    settings: Settings,
    progress: _Progress,
) -> dict[str, Any]:
    from app.db.session import Database

    db = Database(settings)
    try:
        async with db.command() as cmd:
            session = await cmd.session()
            mapping = await service.mapping_by_name(session, mapping_name) if mapping_name else None
            with path.open("rb") as source:
                outcome = await service.import_file(
                    session,
                    CLI,
                    target,
                    source,
                    filename=path.name,
                    zone=settings.zone,
                    mapping=mapping,
                    dry_run=dry_run,
                    progress=progress,
                )
        return outcome.as_dict()
    finally:
        await db.dispose()


def _report_errors(exc: ImportRejected, err: IO[str]) -> None:
    print(f"takt import: {exc.detail}", file=err)
    for e in exc.extra.get("errors", []):
        column = f", column {e['column']!r}" if e["column"] else ""
        print(f"  row {e['row']}{column}: {e['code']}: {e['message']}", file=err)
    shown = len(exc.extra.get("errors", []))
    total = int(exc.extra.get("errors_total", shown))
    if total > shown:
        print(f"  … and {total - shown} more", file=err)
