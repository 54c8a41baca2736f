"""The data service without any screen: the server first, the cache when the server is
gone (and where each page came from), the server again when it returns, the cache kept up
to date with what the server sent. Real stand-ins over loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cgpt_tui.api import CustomGPTClient, NetworkError
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.services.reading import Origin
from tests.services.helpers import service_for, until

KEY = "k"


async def test_offline_pages_come_from_the_cache_and_the_server_is_noticed_when_back(
    tmp_path: Path,
) -> None:
    server = DemoServer(api_key=KEY).start()
    try:
        store = HistoryStore(tmp_path / "h.sqlite3")
        async with CustomGPTClient(server.base_url, server.api_key) as client:
            await sync_history(client, store)
        changes: list[bool] = []
        data = service_for(server, store, changes)
        live = await data.agents().more()
        assert live.origin is Origin.SERVER and not data.offline
    finally:
        server.stop()
    try:
        feed = data.agents()
        cached = await feed.more()
        assert cached.origin is Origin.CACHE
        assert [a.id for a in cached.added] == [a.id for a in live.added]
        assert data.offline and changes == [True] and data.offline_reason
        # Offline, a record the cache lacks raises the error that took the app offline.
        with pytest.raises(NetworkError):
            await data.agent(999_999)
        with DemoServer(port=server.port, api_key=KEY):
            await until(lambda: not data.offline)  # probed with backoff, no request needed
            assert changes == [True, False]
            again = await data.agents().more()
            assert again.origin is Origin.SERVER
    finally:
        await data.close()


async def test_what_the_server_sends_is_recorded_and_a_deleted_conversation_is_forgotten(
    demo_server, tmp_path: Path
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    data = service_for(demo_server, store, [])
    try:
        agent = (await data.agents().more()).added[0]
        feed = data.conversations(agent.id)
        page = await feed.more()
        assert page.origin is Origin.SERVER and page.added
        assert [c.session_id for c in store.conversations(agent.id, limit=100)][
            : len(page.added)
        ] == [c.session_id for c in page.added]
        first = page.added[0]
        messages = await data.messages(agent.id, first).more()
        assert [m.id for m in store.messages(first.session_id, newest_first=True)][
            : len(messages.added)
        ] == [m.id for m in messages.added]
        await data.delete_conversation(agent.id, first.session_id)
        assert store.conversation(first.session_id) is None
        # The next feed's first page paints from the cache without it, then the server's
        # page confirms the rows and adds the one that moved up: nothing is painted twice.
        again = data.conversations(agent.id)
        painted = again.paint(again.cached_first())
        assert first.session_id not in [c.session_id for c in painted.added]
        confirmed = await again.more()
        assert confirmed.keep == len(painted.added)
        assert again.rows.rows == [c for c in page.added if c != first] + list(confirmed.added)
        assert len(again.rows.rows) == len(page.added)
    finally:
        await data.close()
