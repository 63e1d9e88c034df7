"""A real `takt serve` process per database kind for the generated clients' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.realtime.conftest import DB_KINDS, Server, _launcher


@pytest.fixture(scope="module", params=DB_KINDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One server on a fresh database of each kind, shared by a module."""
    with _launcher(tmp_path_factory.mktemp("clients")) as launcher:
        yield launcher(request.param)[0]
