"""Building agents and tending their content through the client, against the real stand-in
(index pace 0) over loopback: create from files and from a sitemap served on this machine,
update, replicate, delete; pages with their filters and metadata; sources."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cgpt_tui.api import (
    Agent,
    AgentPage,
    ApiError,
    CustomGPTClient,
    NotFound,
    PermissionDenied,
    RateLimited,
    RefreshTime,
)
from cgpt_tui.demo.server import DemoServer

NORTHWIND = 103


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        yield client


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A small website on 127.0.0.1 (a sitemap and two pages); its base URL."""
    root = tmp_path / "site"
    root.mkdir()
    pages = {
        "tea.html": ("Green tea", "Green tea is steeped at eighty degrees for two minutes."),
        "coffee.html": ("Coffee", "Espresso is brewed under nine bars of pressure."),
    }
    for name, (title, text) in pages.items():
        (root / name).write_text(
            f"<html><head><title>{title}</title>"
            f'<meta property="og:description" content="{text}"></head>'
            f"<body><h1>{title}</h1><p>{text}</p></body></html>",
            encoding="utf-8",
        )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = "".join(f"<url><loc>{base}/{name}</loc></url>" for name in pages)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>",
        encoding="utf-8",
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def text_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def indexed(client: CustomGPTClient, agent_id: int, timeout: float = 20.0) -> Agent:
    """The agent once it is done indexing: nothing queued, and its chat on or every page
    it found failed (the flag follows the pages: it is read last)."""
    deadline = time.monotonic() + timeout
    while True:
        queued = await client.list_pages(agent_id, index_status="queued")
        stats = await client.get_agent_stats(agent_id)
        agent = await client.get_agent(agent_id)
        all_failed = bool(stats.pages_found) and stats.pages_indexed == 0
        if queued.pages.total == 0 and (agent.chat_ready or all_failed):
            return agent
        assert time.monotonic() < deadline, "the agent did not finish indexing"
        await asyncio.sleep(0.05)


async def all_pages(
    client: CustomGPTClient,
    agent_id: int,
    *,
    limit: int | None = None,
    index_status: str | None = None,
) -> list[AgentPage]:
    pages = client.iter_pages(agent_id, limit=limit, index_status=index_status)
    return [page async for page in pages]


# ---------------------------------------------------------------------- agents


async def test_an_agent_made_from_a_file_indexes_it_and_serves_it_back(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    text = "# The keeper\n\nThe lighthouse keeper winds the clock every evening at six.\n"
    agent = await client.create_agent("Lighthouse", file=text_file(tmp_path, "keeper.md", text))
    assert agent.name == "Lighthouse" and agent.chat_ready is None  # not ready at once
    ready = await indexed(client, agent.id)
    assert ready.chat_ready is True and ready.is_active
    (page,) = await all_pages(client, agent.id)
    assert (page.crawl_status, page.index_status) == ("ok", "ok")
    assert page.is_file and page.filename == "keeper.md" and page.filesize == len(text)
    assert page.agent_id == agent.id and page.failure_reason is None
    assert page.url == f"{client.base_url}/api/v1/preview/{page.id}"
    preview = await client.preview_file(page.id)
    assert preview.content == text.encode() and preview.filename == "keeper.md"
    stats = await client.get_agent_stats(agent.id)
    assert (stats.pages_found, stats.pages_indexed) == (1, 1)


async def test_an_agent_made_from_a_loopback_sitemap_crawls_its_pages(
    client: CustomGPTClient, site: str
) -> None:
    agent = await client.create_agent("Drinks", sitemap=f"{site}/sitemap.xml")
    ready = await indexed(client, agent.id)
    assert ready.chat_ready is True
    pages = await all_pages(client, agent.id)
    assert sorted(page.url or "" for page in pages) == [f"{site}/coffee.html", f"{site}/tea.html"]
    assert {(p.crawl_status, p.index_status, p.is_file) for p in pages} == {("ok", "ok", False)}
    tea = next(page for page in pages if (page.url or "").endswith("tea.html"))
    metadata = await client.get_page_metadata(agent.id, tea.id)
    assert metadata.page_id == tea.id and metadata.title == "Green tea"
    sources = await client.list_sources(agent.id)
    assert [s.settings.sitemap_path for s in sources.sitemaps] == [f"{site}/sitemap.xml"]


async def test_a_sitemap_elsewhere_gets_pages_that_fail_with_a_reason(
    client: CustomGPTClient,
) -> None:
    agent = await client.create_agent("Far", sitemap="https://example.com/sitemap.xml")
    ready = await indexed(client, agent.id)
    assert ready.chat_ready is False, "all pages failed: never active"
    failed = await all_pages(client, agent.id, index_status="failed")
    assert failed and all(page.failure_reason for page in failed)
    assert "example.com" in (failed[0].failure_reason or "")
    assert (await client.get_agent_stats(agent.id)).pages_indexed == 0


async def test_creating_an_agent_is_checked_here_and_by_the_server(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    with pytest.raises(ValueError):
        await client.create_agent("Nothing")
    with pytest.raises(ValueError):
        await client.create_agent("Both", sitemap="http://127.0.0.1/s.xml", file=tmp_path)
    with pytest.raises(ApiError) as caught:
        await client.create_agent("  ", sitemap="http://127.0.0.1/s.xml")
    assert (caught.value.status, caught.value.message) == (400, "Agent name can't be empty")
    with pytest.raises(ApiError) as bad_url:
        await client.create_agent("Bad", sitemap="not a url")
    assert bad_url.value.message == "The sitemap path field must be a valid URL."


async def test_an_agent_is_renamed_shared_replicated_and_deleted(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    agent = await client.create_agent(
        "Original", file=text_file(tmp_path, "a.txt", "Alpha text about owls."), keep_files=True
    )
    await indexed(client, agent.id)
    renamed = await client.update_agent(agent.id, name="Renamed", is_shared=True)
    assert renamed.name == "Renamed" and renamed.is_shared and renamed.shareable_link
    more = await client.update_agent(agent.id, file=text_file(tmp_path, "b.txt", "Beta on bats."))
    assert more.name == "Renamed"
    await indexed(client, agent.id)
    assert len(await all_pages(client, agent.id)) == 2
    copy = await client.replicate_agent(agent.id)
    assert copy.id != agent.id
    await indexed(client, copy.id)
    copied = await all_pages(client, copy.id)
    assert sorted(p.filename or "" for p in copied) == ["a.txt", "b.txt"]
    await client.delete_agent(agent.id)
    with pytest.raises(NotFound):
        await client.get_agent(agent.id)
    assert (await client.get_agent(copy.id)).id == copy.id, "the copy stays"
    with pytest.raises(NotFound):
        await client.delete_agent(agent.id)


# ---------------------------------------------------------------------- pages


async def test_pages_are_listed_a_page_at_a_time_and_filtered(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    agent = await client.create_agent("Many", file=text_file(tmp_path, "0.txt", "zero words"))
    for n in range(1, 5):
        await client.add_source(agent.id, file=text_file(tmp_path, f"{n}.txt", f"text {n}"))
    await client.add_source(agent.id, file=text_file(tmp_path, "empty.txt", ""))
    await indexed(client, agent.id)
    first = await client.list_pages(agent.id, limit=2, order="asc")
    assert first.agent is not None and first.agent.id == agent.id
    assert (len(first.pages.items), first.pages.total, first.pages.has_next) == (2, 6, True)
    assert [p.id for p in first.pages.items] == sorted(p.id for p in first.pages.items)
    every = await all_pages(client, agent.id, limit=2)
    assert len({p.id for p in every}) == 6
    ok = await all_pages(client, agent.id, index_status="ok")
    failed = await all_pages(client, agent.id, index_status="failed")
    assert len(ok) == 5 and [p.filename for p in failed] == ["empty.txt"]
    assert failed[0].failure_reason
    with pytest.raises(ApiError) as caught:
        await client.list_pages(agent.id, limit=1000)
    assert caught.value.message == "The limit must be between 1 and 100."


async def test_a_page_is_reindexed_its_metadata_edited_and_deleted(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    agent = await client.create_agent("Meta", file=text_file(tmp_path, "m.txt", "Moths at night."))
    await indexed(client, agent.id)
    (page,) = await all_pages(client, agent.id)
    metadata = await client.get_page_metadata(agent.id, page.id)
    assert metadata.page_id == page.id and metadata.id != page.id
    changed = await client.update_page_metadata(
        agent.id, page.id, title="Moths", description="On moths."
    )
    assert (changed.title, changed.description, changed.id) == ("Moths", "On moths.", metadata.id)
    assert (await client.get_page_metadata(agent.id, page.id)).title == "Moths"
    with pytest.raises(ApiError) as caught:
        await client.update_page_metadata(agent.id, page.id, title="x" * 256)
    assert caught.value.status == 400 and "255" in caught.value.message
    await client.reindex_page(agent.id, page.id)
    await indexed(client, agent.id)
    (again,) = await all_pages(client, agent.id)
    assert again.index_status == "ok"
    await client.delete_page(agent.id, page.id)
    assert await all_pages(client, agent.id) == []
    with pytest.raises(NotFound) as gone:
        await client.get_page_metadata(agent.id, page.id)
    assert gone.value.message == f"Page with id {page.id} not found"


# ---------------------------------------------------------------------- sources


async def test_sources_are_added_updated_synced_and_deleted(
    client: CustomGPTClient, demo_server: DemoServer, site: str, tmp_path: Path
) -> None:
    agent = await client.create_agent("Sources", file=text_file(tmp_path, "u.txt", "Uploaded."))
    sitemap = await client.add_source(agent.id, sitemap=f"{site}/sitemap.xml")
    assert sitemap.type == "sitemap" and sitemap.settings.sitemap_path == f"{site}/sitemap.xml"
    upload = await client.add_source(agent.id, file=text_file(tmp_path, "v.txt", "More."))
    assert upload.type == "upload"
    await indexed(client, agent.id)
    sources = await client.list_sources(agent.id)
    assert [s.id for s in sources.sitemaps] == [sitemap.id]
    assert sources.uploads is not None and sources.uploads.id == upload.id
    assert sorted(p.filename or "" for p in sources.uploads.pages) == ["u.txt", "v.txt"]
    updated = await client.update_source(
        agent.id,
        sitemap.id,
        settings={"data_refresh_frequency": "advanced", "executive_js": False},
        refresh_schedule=[RefreshTime(days=(0, 3), hours=("08:00",))],
    )
    assert updated.settings.data_refresh_frequency == "advanced"
    assert updated.settings.executive_js is False
    demo_server.state.instant_sync_wait = 0.0
    synced = await client.sync_source(agent.id, sitemap.id)
    assert synced.id == sitemap.id and synced.type == "sitemap"
    demo_server.state.instant_sync_wait = 60.0
    with pytest.raises(PermissionDenied) as too_soon:
        await client.sync_source(agent.id, sitemap.id)
    assert too_soon.value.status == 403
    assert too_soon.value.message.startswith("Next instant sync will be available in")
    await client.delete_source(agent.id, sitemap.id)
    after = await client.list_sources(agent.id)
    assert after.sitemaps == ()
    assert all(not (p.url or "").startswith(site) for p in await all_pages(client, agent.id))
    with pytest.raises(NotFound):
        await client.delete_source(agent.id, sitemap.id)


async def test_a_refused_upload_or_change_is_never_sent_again(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    """Only reads are retried on 429: an upload or a deletion must not happen twice."""
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key, read_retries=3) as client:
        agent = await client.create_agent("Once", file=text_file(tmp_path, "a.txt", "Once."))
        demo_server.faults.fail_next(n=1, status=429, message="slow down", path="/sources")
        with pytest.raises(RateLimited):
            await client.add_source(agent.id, file=text_file(tmp_path, "b.txt", "Twice?"))
        demo_server.faults.fail_next(n=1, status=429, message="slow down", path="/projects/")
        with pytest.raises(RateLimited):
            await client.delete_agent(agent.id)
        assert not demo_server.faults.pending()["requests"], "each fault was used once"
        await indexed(client, agent.id)
        assert [p.filename for p in await all_pages(client, agent.id)] == ["a.txt"]
