"""`takt import` on a SQLite file: the same pipeline as the API, with progress on stderr
(plain lines when it is not a terminal, a tqdm bar when it is) and the result on stdout."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.config import Settings
from app.imports import command
from tests.imports.support import csv_bytes, xlsx_bytes


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "takt.sqlite"
    monkeypatch.setenv("TAKT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("TAKT_ADMIN_PASSWORD", "a-long-enough-password")
    assert main(["migrate"]) == 0
    return path


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_takt_import_parts_then_lots(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parts = tmp_path / "parts.csv"
    rows: list[list[Any]] = [["number", "name", "serial_prefix", "serial_digits", "kind"]]
    rows += [[f"CLI-{i}", f"Part {i}", f"CL{i}", 4, "component"] for i in range(2500)]
    parts.write_bytes(csv_bytes(rows, ";"))
    capsys.readouterr()
    assert main(["import", "parts", str(parts), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["created"] == 2500 and json.loads(out)["dry_run"] is True
    assert _rows(database, "SELECT count(*) FROM parts") == [(0,)]
    assert main(["import", "parts", str(parts)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["created"] == 2500
    # Not a terminal: plain progress lines, one per chunk, no carriage returns.
    assert err.splitlines() == [
        "parts (parts.csv): 1000 rows checked",
        "parts (parts.csv): 2000 rows checked",
        "parts (parts.csv): 2500 rows checked",
    ]
    assert _rows(database, "SELECT count(*) FROM parts") == [(2500,)]
    assert (
        _rows(database, "SELECT actor, after FROM audit_log WHERE entity_type = 'import'")[0][0]
        == "user:cli"
    )

    lots = tmp_path / "lots.xlsx"
    lots.write_bytes(xlsx_bytes([["Teil", "Charge", "Menge"], ["CLI-1", "C-1", 10]]))
    assert main(["import", "lots", str(lots)]) == 2  # the key columns are not there
    assert "missing_columns" in capsys.readouterr().err


def test_takt_import_with_a_mapping_and_errors(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO parts (number, name, serial_prefix, serial_digits, serial_counter, kind, "
            "uom) VALUES ('GLUE', 'Glue', 'GL', 4, 0, 'material', 'kg')"
        )
        conn.execute(
            "INSERT INTO import_mappings (name, target, columns, defaults, date_format) VALUES "
            """('wms', 'lots', '{"part": "Teil", "code": "Charge", "quantity": "Menge", """
            """"expires_at": "Ablauf"}', '{"supplier": "Henkel"}', '%d.%m.%Y')"""
        )
    lots = tmp_path / "lots.xlsx"
    content: list[list[Any]] = [
        ["Teil", "Charge", "Menge", "Ablauf"],
        ["GLUE", "C-1", 10, "31.12.2027"],
    ]
    lots.write_bytes(xlsx_bytes(content))
    err = Terminal()
    out = io.StringIO()
    settings = Settings()
    code = command.run(
        "lots", lots, mapping="wms", dry_run=False, settings=settings, out=out, err=err
    )
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())["created"] == 1
    assert "rows" in err.getvalue() and "\r" in err.getvalue(), "a tqdm bar on a terminal"
    assert _rows(database, "SELECT code, quantity, supplier, expires_at FROM lots") == [
        ("C-1", 10.0, "Henkel", "2027-12-31 00:00:00.000000")
    ]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([content[0], ["GLUE", "C-2", "lots", "2027-12-31"]]))
    capsys.readouterr()
    assert main(["import", "lots", str(bad), "--mapping", "wms"]) == 1
    err_text = capsys.readouterr().err
    assert "row 2, column 'Menge': invalid_number" in err_text
    assert "row 2, column 'Ablauf': invalid_date" in err_text
    assert _rows(database, "SELECT count(*) FROM lots") == [(1,)]
    assert main(["import", "lots", str(bad), "--mapping", "nope"]) == 2
    assert main(["import", "lots", str(tmp_path / "missing.csv")]) == 2
