"""The workshop service over a real stand-in: it needs the server (offline: NeedsServer at
once, nothing queued), a network failure takes the app offline as reads do, settings are
saved and read back (and kept in the cache)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from cgpt_tui.api import NetworkError
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.data import DataService
from cgpt_tui.services.workshop import IndexProgress, NeedsServer

KEY = "k"
NORTHWIND = 103


async def no_new_key() -> ApiKey | None:
    return None


def service_for(
    server: DemoServer, store: HistoryStore | None = None, changes: list[bool] | None = None
) -> DataService:
    data = DataService(
        store, warn=lambda text: None, on_offline=(changes if changes is not None else []).append
    )
    data.connect(
        server.base_url,
        ApiKey(server.api_key),
        timeout=5,
        stream_timeout=5,
        reauthenticate=no_new_key,
    )
    return data


async def until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


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
