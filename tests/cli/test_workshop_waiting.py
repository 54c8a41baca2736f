"""`agents create --wait` on an agent whose sitemap gives no page.

The stand-in gives an empty sitemap one failed page saying so, so the wait ends with that
reason. A server that finds no page at all for NOTHING_FOUND_WAIT seconds (here: a sitemap
that takes longer than that to answer) makes the wait give up instead of polling forever."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.cli import waiting
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.workshop import IndexProgress
from tests.cli.workshop_run import server

__all__ = ["server"]  # fixture
EMPTY_SITEMAP = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
)
SLOW_ANSWER = 3.0  # seconds the slow site takes to answer


class _SlowHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(SLOW_ANSWER)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(root: Path, handler: type[SimpleHTTPRequestHandler]) -> Iterator[str]:
    root.mkdir()
    (root / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sitemap.xml"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def empty_sitemap(tmp_path: Path) -> Iterator[str]:
    yield from _serve(tmp_path / "empty", SimpleHTTPRequestHandler)


@pytest.fixture
def slow_sitemap(tmp_path: Path) -> Iterator[str]:
    yield from _serve(tmp_path / "slow", _SlowHandler)


def _wait_for_new_agent(server, sitemap: str) -> tuple[IndexProgress, float]:
    async def run():
        async with CustomGPTClient(server.base_url, ApiKey(server.api_key)) as client:
            agent = await client.create_agent("Empty", sitemap=sitemap)
            started = time.monotonic()
            progress = await waiting.wait_until_indexed(client, agent.id, show=False)
            return progress, time.monotonic() - started

    return asyncio.run(run())


def test_an_empty_sitemap_ends_the_wait_with_its_failed_page(server, empty_sitemap) -> None:
    progress, took = _wait_for_new_agent(server, empty_sitemap)
    assert progress.done and not progress.active
    assert (progress.found, progress.failed, progress.queued) == (1, 1, 0)
    assert took < 10.0


def test_an_agent_that_finds_no_page_ends_the_wait_not_done(
    server, slow_sitemap, monkeypatch
) -> None:
    monkeypatch.setattr(waiting, "NOTHING_FOUND_WAIT", 1.0)
    monkeypatch.setattr(waiting, "FIRST_POLL", 0.05)
    progress, took = _wait_for_new_agent(server, slow_sitemap)
    assert not progress.done and (progress.found, progress.queued) == (0, 0)
    assert 1.0 <= took < SLOW_ANSWER
