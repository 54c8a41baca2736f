"""`agents create --wait` on an agent that never finds a page (an empty sitemap): the wait
gives up after NOTHING_FOUND_WAIT seconds instead of polling forever."""

from __future__ import annotations

import asyncio
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.cli import waiting
from cgpt_tui.secret import ApiKey
from tests.cli.workshop_run import server

__all__ = ["server"]  # fixture


@pytest.fixture
def empty_sitemap(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "</urlset>",
        encoding="utf-8",
    )
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sitemap.xml"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_agent_that_finds_no_page_ends_the_wait_not_done(
    server, empty_sitemap, monkeypatch
) -> None:
    monkeypatch.setattr(waiting, "NOTHING_FOUND_WAIT", 1.0)
    monkeypatch.setattr(waiting, "FIRST_POLL", 0.05)

    async def run():
        async with CustomGPTClient(server.base_url, ApiKey(server.api_key)) as client:
            agent = await client.create_agent("Empty", sitemap=empty_sitemap)
            started = time.monotonic()
            progress = await waiting.wait_until_indexed(client, agent.id, show=False)
            return progress, time.monotonic() - started

    progress, took = asyncio.run(run())
    assert not progress.done and (progress.found, progress.queued) == (0, 0)
    assert 1.0 <= took < 6.0
