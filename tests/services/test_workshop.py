"""The workshop service over a real stand-in: it needs the server (offline: NeedsServer at
once, nothing queued), a network failure takes the app offline as reads do, settings are
saved and read back (and kept in the cache), agents are built from files and watched while
they index, every page is walked, a deleted agent is forgotten by the history cache."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from cgpt_tui.api import CustomGPTClient, NetworkError, NotFound, PermissionDenied
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.services.workshop import AgentPartlyCreated, IndexProgress, NeedsServer
from tests.services.helpers import service_for, until

KEY = "k"
NORTHWIND, LUMEN = 103, 102


# ---------------------------------------------------------------------- progress


def progress(
    found: int = 0, indexed: int = 0, failed: int = 0, queued: int = 0, active: bool = False
) -> IndexProgress:
    return IndexProgress(7, found, indexed, failed, queued, active)


@pytest.mark.parametrize(
    ("state", "done", "label"),
    [
        (progress(), False, "indexing 0/0"),  # just created: nothing found yet
        (progress(found=40, indexed=12, queued=28), False, "indexing 12/40"),
        (progress(found=40, indexed=40, active=False), False, "indexing 40/40"),  # not yet on
        (progress(found=40, indexed=40, active=True), True, ""),
        (progress(found=40, indexed=39, failed=1, active=True), True, ""),
        (progress(found=3, failed=3), True, "indexing failed"),
        (progress(found=3, failed=2, queued=1), False, "indexing 0/3"),
        (progress(found=40, indexed=40, queued=1, active=True), False, "indexing 40/40"),
    ],
)
def test_indexing_is_done_when_nothing_is_queued_and_the_agent_answers_or_all_failed(
    state: IndexProgress, done: bool, label: str
) -> None:
    assert state.done is done
    assert state.label == label


# ---------------------------------------------------------------------- the server


async def test_offline_every_call_says_the_workshop_needs_the_server_at_once(
    tmp_path: Path,
) -> None:
    server = DemoServer(api_key=KEY).start()
    changes: list[bool] = []
    data = service_for(server, changes=changes)
    workshop = data.workshop
    try:
        assert (await workshop.settings(NORTHWIND)).chatbot_title
        server.stop()
        with pytest.raises(NetworkError):  # the failure itself, as it is
            await workshop.save_settings(NORTHWIND, {"persona_instructions": "Lost?"})
        assert data.offline and changes == [True]
        reason = data.offline_reason
        calls = [
            workshop.settings(NORTHWIND),
            workshop.save_settings(NORTHWIND, {"persona_instructions": "Queued?"}),
            workshop.create_agent("New", sitemap="http://127.0.0.1:1/sitemap.xml"),
            workshop.create_agent("New", files=[tmp_path / "a.txt"]),
            workshop.replicate_agent(NORTHWIND),
            workshop.rename_agent(NORTHWIND, "Renamed"),
            workshop.delete_agent(NORTHWIND),
            workshop.progress(NORTHWIND),
            workshop.sources(NORTHWIND),
            workshop.add_sitemap(NORTHWIND, "http://127.0.0.1:1/sitemap.xml"),
            workshop.add_file(NORTHWIND, tmp_path / "a.txt"),
            workshop.sync_source(NORTHWIND, 1),
            workshop.delete_source(NORTHWIND, 1),
            workshop.all_pages(NORTHWIND),
            workshop.reindex_page(NORTHWIND, 1),
            workshop.delete_page(NORTHWIND, 1),
            workshop.page_metadata(NORTHWIND, 1),
            workshop.save_page_metadata(NORTHWIND, 1, title="T"),
        ]
        for call in calls:
            started = time.monotonic()
            with pytest.raises(NeedsServer) as caught:
                await call
            assert time.monotonic() - started < 0.5, "refused at once, not after a timeout"
            assert caught.value.message == f"The workshop needs the server: {reason}"
            assert caught.value.reason == reason and reason
        watching = workshop.watch(NORTHWIND)
        with pytest.raises(NeedsServer):
            await anext(watching)
        with DemoServer(port=server.port, api_key=KEY):
            await until(lambda: not data.offline)  # the connection's probe, as for reads
            saved = await workshop.save_settings(NORTHWIND, {"persona_instructions": "Back"})
            assert saved.persona_instructions == "Back"
    finally:
        await data.close()
        server.stop()


async def test_saved_settings_are_only_the_changes_and_come_back_as_read(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    data = service_for(demo_server, store)
    try:
        before = await data.workshop.settings(NORTHWIND)
        saved = await data.workshop.save_settings(
            NORTHWIND,
            {"persona_instructions": "Be brief.", "example_questions": ["One?", "Two?"]},
        )
        assert saved.persona_instructions == "Be brief."
        assert saved.example_questions == ("One?", "Two?")
        assert saved.default_prompt == before.default_prompt  # not sent, kept
        data.history.flush()
        assert store.settings(NORTHWIND) == saved  # the cache has what was read back
    finally:
        await data.close()


# ---------------------------------------------------------------------- building agents


def files_in(tmp_path: Path, *texts: str) -> list[Path]:
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / f"doc{number}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


async def test_an_agent_from_files_is_watched_until_it_answers(tmp_path: Path) -> None:
    texts = ("Owls hunt at night.", "Bats see by echoes.", "Moths follow the moon.")
    with DemoServer(api_key=KEY, index_pace=0.6) as server:
        data = service_for(server)
        try:
            workshop = data.workshop
            agent = await workshop.create_agent("Night", files=files_in(tmp_path, *texts))
            sources = await workshop.sources(agent.id)
            assert sources.uploads is not None and len(sources.uploads.pages) == 3
            started = time.monotonic()
            seen = [step async for step in workshop.watch(agent.id)]
            took = time.monotonic() - started
        finally:
            await data.close()
    first, last = seen[0], seen[-1]
    assert not first.done and first.label.startswith("indexing ")
    assert last.done and last.active and last.label == ""
    assert (last.found, last.indexed, last.failed, last.queued) == (3, 3, 0, 0)
    assert [s.indexed for s in seen] == sorted(s.indexed for s in seen), "never goes back"
    assert len(seen) >= 3, "it reported progress on the way, not only the end"
    assert len(set(seen)) == len(seen), "each change once"
    assert [s for s in seen if s.done] == [last], "and stopped when done"
    assert took < 10


async def test_an_agent_whose_pages_all_fail_is_done_and_says_so(tmp_path: Path) -> None:
    with DemoServer(api_key=KEY, index_pace=0.0) as server:
        data = service_for(server)
        try:
            agent = await data.workshop.create_agent("Far", sitemap="https://example.com/s.xml")
            seen = [step async for step in data.workshop.watch(agent.id)]
            pages = await data.workshop.all_pages(agent.id)
        finally:
            await data.close()
    last = seen[-1]
    assert last.done and not last.active and last.label == "indexing failed"
    assert last.failed == last.found > 0 and last.indexed == 0
    assert pages and all("example.com" in (page.failure_reason or "") for page in pages)


async def test_watching_stops_when_cancelled(tmp_path: Path) -> None:
    with DemoServer(api_key=KEY, index_pace=60.0) as server:
        data = service_for(server)
        try:
            agent = await data.workshop.create_agent("Slow", files=files_in(tmp_path, "Slow."))
            steps: list[IndexProgress] = []

            async def follow() -> None:
                async for step in data.workshop.watch(agent.id):
                    steps.append(step)

            task = asyncio.ensure_future(follow())
            await until(lambda: steps)
            await asyncio.sleep(0.8)  # a poll or two with no news
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert len(steps) == 1 and not steps[0].done and steps[0].queued == 1
        finally:
            await data.close()


async def test_a_file_that_cannot_be_added_is_named_and_the_agent_still_returned(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    data = service_for(demo_server)
    try:
        good = files_in(tmp_path, "First file.", "Third file.")
        missing = tmp_path / "missing.txt"
        with pytest.raises(AgentPartlyCreated) as caught:
            await data.workshop.create_agent("Partly", files=[good[0], missing, good[1]])
        agent = caught.value.agent
        assert [path for path, _ in caught.value.not_added] == [missing]
        assert "missing.txt" in caught.value.message
        pages = await data.workshop.all_pages(agent.id)
        assert sorted(page.filename or "" for page in pages) == ["doc0.txt", "doc1.txt"]
        with pytest.raises(ValueError):
            await data.workshop.create_agent("Empty")
    finally:
        await data.close()


async def test_rename_replicate_and_delete_which_also_forgets_the_cached_agent(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        await sync_history(client, store)
    assert store.agent(NORTHWIND) is not None and store.conversations(NORTHWIND, limit=5)
    data = service_for(demo_server, store)
    try:
        workshop = data.workshop
        await workshop.settings(NORTHWIND)
        renamed = await workshop.rename_agent(NORTHWIND, "Northwind Two")
        assert renamed.name == "Northwind Two"
        copy = await workshop.replicate_agent(NORTHWIND)
        assert copy.id != NORTHWIND
        await workshop.delete_agent(NORTHWIND)
        data.history.flush()
        assert store.agent(NORTHWIND) is None
        assert store.conversations(NORTHWIND, limit=5) == []
        assert store.settings(NORTHWIND) is None
        assert store.agent(LUMEN) is not None, "the others stay"
        with pytest.raises(NotFound):
            await workshop.progress(NORTHWIND)
    finally:
        await data.close()


async def test_every_page_is_walked_and_tended(demo_server: DemoServer, tmp_path: Path) -> None:
    data = service_for(demo_server)
    try:
        workshop = data.workshop
        texts = [f"Page number {n} about lamps." for n in range(130)]
        agent = await workshop.create_agent("Lamps", files=files_in(tmp_path, texts[0]))
        for path in files_in(tmp_path, *texts)[1:]:
            await workshop.add_file(agent.id, path)
        assert [s async for s in workshop.watch(agent.id)][-1].active
        pages = await workshop.all_pages(agent.id)  # two requests of 100
        assert len(pages) == 130 and len({page.id for page in pages}) == 130
        page = pages[0]
        saved = await workshop.save_page_metadata(agent.id, page.id, title="A lamp")
        assert saved.title == "A lamp"
        assert (await workshop.page_metadata(agent.id, page.id)).title == "A lamp"
        await workshop.reindex_page(agent.id, page.id)
        await workshop.delete_page(agent.id, page.id)
        assert len(await workshop.all_pages(agent.id)) == 129
        uploads = (await workshop.sources(agent.id)).uploads
        assert uploads is not None
        with pytest.raises(PermissionDenied):  # only sitemaps sync
            await workshop.sync_source(agent.id, uploads.id)
        await workshop.delete_source(agent.id, uploads.id)
        assert await workshop.all_pages(agent.id) == []
    finally:
        await data.close()


async def test_an_agent_from_a_sitemap_and_files_gets_every_one_as_a_source(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    data = service_for(demo_server)
    try:
        workshop = data.workshop
        sitemap = "https://example.com/sitemap.xml"
        files = files_in(tmp_path, "Ferns like shade.", "Cacti like sun.")
        agent = await workshop.create_agent("Plants", sitemap=sitemap, files=files)
        extra = await workshop.add_sitemap(agent.id, "https://example.org/more.xml")
        assert extra.type == "sitemap"
        sources = await workshop.sources(agent.id)
        assert [s.settings.sitemap_path for s in sources.sitemaps] == [
            sitemap,
            "https://example.org/more.xml",
        ]
        assert sources.uploads is not None
        assert sorted(p.filename or "" for p in sources.uploads.pages) == ["doc0.txt", "doc1.txt"]
        await workshop.delete_source(agent.id, extra.id)
        assert len((await workshop.sources(agent.id)).sitemaps) == 1
    finally:
        await data.close()
