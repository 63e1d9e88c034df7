"""`/docs` in a real headless Chromium with no network but this server: a person sees the
operations (the page's scripts come from the package, not a CDN)."""

from __future__ import annotations

import pytest

from tests.conftest import unavailable
from tests.realtime.browser import CHROMIUM, Browser, chromium_available
from tests.realtime.conftest import Server

# The operation groups Swagger UI lists, as a person reads them.
READ_TAGS = """[...document.querySelectorAll('.opblock-tag')].map((t) => t.textContent.trim())"""


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    if not chromium_available():
        unavailable(f"no Chromium at {CHROMIUM!r} for the docs test", ".ci/run installs it")
    return CHROMIUM


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
async def test_docs_render_the_operations_offline(server: Server) -> None:
    async with Browser() as browser:
        blocked = await browser.block_network("127.0.0.1")
        await browser.navigate(server.base_url + "/docs")
        # Swagger UI renders the groups progressively: wait for the whole list (orders
        # come after units and batches), not for its first entries.
        tags = await browser.until(
            f"(() => {{ const tags = {READ_TAGS}; "
            "return tags.some((t) => t.startsWith('orders')) ? tags : null; })()",
            "the operation list",
        )
        assert any(tag.startswith("units") for tag in tags), tags
        assert any(tag.startswith("orders") for tag in tags), tags
        assert await browser.evaluate("document.querySelectorAll('.opblock').length") > 50, (
            "the operations are listed"
        )
        assert blocked == [], f"the page tried to reach {blocked}"
        assert browser.errors == []
