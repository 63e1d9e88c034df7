"""`/docs` in a real headless Chromium with no network but this server: a person sees the
operations (the page's scripts come from the package, not a CDN)."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import unavailable
from tests.realtime.browser import CHROMIUM, Browser, chromium_available
from tests.realtime.conftest import Server

# The operation groups Swagger UI lists, as a person reads them.
READ_TAGS = """[...document.querySelectorAll('.opblock-tag')].map((t) => t.textContent.trim())"""
# The operations on screen, as "METHOD path".
READ_PATHS = """[...document.querySelectorAll('.opblock-summary')].map(
    (o) => o.textContent.replace(/\\s+/g, ' ').trim().slice(0, 120))"""


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
        await browser.until(f"{READ_TAGS}.length ? true : null", "the operation list")
        # A large document is a virtualized list in Swagger UI: only what is on screen is
        # in the page. Read it as a person does, scrolling down to the end.
        tags: list[str] = []
        paths: set[str] = set()
        for _ in range(400):
            tags += [t for t in await browser.evaluate(READ_TAGS) if t not in tags]
            paths |= set(await browser.evaluate(READ_PATHS))
            at_end = await browser.evaluate(
                "window.innerHeight + window.scrollY >= document.body.scrollHeight - 2"
            )
            if at_end and any(tag.startswith("orders") for tag in tags):
                break
            await browser.evaluate("window.scrollBy(0, window.innerHeight / 2)")
            await asyncio.sleep(0.05)
        assert any(tag.startswith("units") for tag in tags), tags
        assert any(tag.startswith("orders") for tag in tags), tags
        assert any(tag.startswith("batches") for tag in tags), tags
        assert len(paths) > 50, f"the operations are listed: {sorted(paths)[:10]} …"
        assert blocked == [], f"the page tried to reach {blocked}"
        assert browser.errors == []
