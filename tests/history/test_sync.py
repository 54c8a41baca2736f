"""`sync` fills the cache with everything the stand-in has; `cache clear` removes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.history.files import cache_path
from cgpt_tui.history.search import search
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import SyncProgress, sync_history

ROOT = Path(__file__).resolve().parents[2]


async def test_sync_caches_every_conversation_message_and_source(demo_server, tmp_path) -> None:
    seen: list[tuple[int, int]] = []

    def note(progress: SyncProgress) -> None:
        seen.append((progress.conversations_done, progress.conversations))

    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        with HistoryStore(tmp_path / "h.sqlite3") as store:
            done = await sync_history(client, store, on_progress=note)
            live = {
                a.id: [c.session_id async for c in client.iter_conversations(a.id)]
                async for a in client.iter_agents()
            }
            assert done.agents == len(live) == len(store.agents())
            for agent_id, sessions in live.items():
                assert {c.session_id for c in store.conversations(agent_id)} == set(sessions)
            assert done.messages == store.count_messages() > 0
            assert done.citations == store.rows("SELECT count(*) FROM citations")[0][0] > 0
            again = await sync_history(client, store)  # all cached: counted all the same
            assert again.citations == done.citations
            cited = next(m for s in live[103] for m in store.messages(s) if m.citation_ids)
            assert store.citation(103, cited.citation_ids[0]) is not None
            assert search(store, "password")
    done_counts = [d for d, _ in seen]
    assert done_counts == sorted(done_counts) and seen[-1][0] == seen[-1][1]


async def test_a_conversation_deleted_on_the_server_leaves_on_the_next_sync(
    demo_server, tmp_path
) -> None:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        with HistoryStore(tmp_path / "h.sqlite3") as store:
            await sync_history(client, store, agent_id=103)
            gone = store.conversations(103)[0]
            await client.delete_conversation(103, gone.session_id)
            again = await sync_history(client, store, agent_id=103)
            assert again.removed == 1
            assert gone.session_id not in {c.session_id for c in store.conversations(103)}
            assert store.messages(gone.session_id) == []


def test_the_sync_and_cache_clear_commands(demo_server, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CGPT_TUI_CONFIG",)}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        CUSTOMGPT_API_KEY=demo_server.api_key,
        PYTHONPATH=str(ROOT),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "cgpt_tui.cli", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    synced = run("sync", "--base-url", demo_server.base_url)
    assert synced.returncode == 0, synced.stderr
    path = cache_path("default", demo_server.base_url, tmp_path / "data" / "cgpt-tui")
    assert "Synced 3 agents" in synced.stdout and str(path) in synced.stdout
    assert path.exists()
    assert demo_server.api_key not in synced.stdout + synced.stderr
    missing = run("sync", "--agent", "999999", "--base-url", demo_server.base_url)
    assert missing.returncode == 1 and "sync stopped" in missing.stderr
    cleared = run("cache", "clear", "--base-url", demo_server.base_url)
    assert cleared.returncode == 0 and not path.exists()
    assert "no history cache" in run("cache", "clear", "--base-url", demo_server.base_url).stdout
