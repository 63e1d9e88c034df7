"""Generate the API clients from the committed `openapi/openapi.json`, in one command.

    python -m clients.generate           # write clients/python and clients/typescript/src/schema.ts
    python -m clients.generate --check   # the same, then fail if a generated file changed

* `clients/python`: openapi-python-client (its settings in `clients/python-client.yaml`), a typed
  httpx package `takt_client` with a sync and an async function per operation and attrs models;
* `clients/typescript/src/schema.ts`: openapi-typescript, the document as TypeScript types that
  openapi-fetch checks every request and response against (`src/index.ts` is written by hand).

The generators' versions are pinned (pyproject.toml's dev extra, clients/typescript's
package-lock.json), so the same document always gives the same files. The document itself is
written by `takt openapi` (a test fails when it is stale); this command only reads it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "openapi" / "openapi.json"
CLIENTS = ROOT / "clients"
PYTHON = CLIENTS / "python"
TYPESCRIPT = CLIENTS / "typescript"
# What generation writes (the rest of clients/ is written by hand).
GENERATED = ("clients/python", "clients/typescript/src/schema.ts")


def _run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=cwd, env=env, check=True)


def python_client() -> None:
    # The generator and its post-hooks (ruff) from this interpreter's environment first.
    scripts = str(Path(sys.executable).parent)
    env = os.environ | {"PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}
    # From scratch: `--overwrite` keeps files the document no longer produces (a removed
    # endpoint's module would stay behind).
    shutil.rmtree(PYTHON, ignore_errors=True)
    _run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            DOCUMENT,
            "--config",
            CLIENTS / "python-client.yaml",
            "--meta",
            "setup",
            "--output-path",
            PYTHON,
            "--overwrite",
            "--fail-on-warning",
        ],
        cwd=ROOT,
        env=env,
    )


def typescript_client() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: install Node.js 20+ (apt-get install nodejs npm)")
    installed = TYPESCRIPT / "node_modules" / ".package-lock.json"
    lock = TYPESCRIPT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        _run([npm, "ci", "--no-audit", "--no-fund"], cwd=TYPESCRIPT)
    _run([npm, "run", "--silent", "generate"], cwd=TYPESCRIPT)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def drift() -> str:
    """Generated files that generation changed or added, against git's index (what is
    committed, on a fresh clone)."""
    changed = _git("diff", "--name-only", "--", *GENERATED)
    added = _git("ls-files", "--others", "--exclude-standard", "--", *GENERATED)
    return changed + added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clients.generate", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="fail when the generated clients differ from git"
    )
    args = parser.parse_args(argv)
    python_client()
    typescript_client()
    if args.check:
        changed = drift()
        if changed:
            print(_git("diff", "--stat", "--", *GENERATED))
            print(
                "The generated clients are stale: run `python -m clients.generate` and commit "
                f"the result. Changed:\n{changed}",
                file=sys.stderr,
            )
            return 1
        print("clients: generated files match the committed ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
