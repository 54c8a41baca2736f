"""The history cache never stops the app: a damaged page sets it aside with one warning, a
lock held by another process is waited out, `cache clear` refuses while the app has the
cache open, and offline the name filter folds case as the server does."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace

import pytest
from textual.widgets import Input

from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.opening import open_cache
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.search_screen import SearchScreen
from cgpt_tui.ui.widgets.agent_list import AgentList

from ..history.damage import damage_table, write_lock
from ..history.test_export_command import cli, environment
from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent
from .test_search import synced_store

CONFIGURED = "https://app.customgpt.ai"


def notices(app, title: str = "") -> list[str]:
    return [n.message for n in app._notifications if not title or n.title == title]


def cached_agents(path) -> int:
    """What the file holds, read by another connection (as another process would)."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM agents").fetchone()[0]


@pytest.mark.parametrize("table", ["agents", "conversations"])
async def test_a_cache_with_a_damaged_page_is_set_aside_and_the_app_goes_on_live(
    demo_server, tmp_path, table
) -> None:
    """agents: damaged at start (the agent list paints from it); conversations: when an
    agent is picked."""
    path = tmp_path / "h.sqlite3"
    (await synced_store(demo_server, path)).close()
    damage_table(path, table)
    app = make_app(demo_server, history=HistoryStore(path))
    async with app.run_test(size=(160, 45)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        assert chat.agent is not None and chat.agent.id == 103
        await wait_until(pilot, lambda: app.data.history.store is None, what="the cache set aside")
        warnings = notices(app, "History")
        assert len(warnings) == 1, warnings
        assert str(path) in warnings[0] and "malformed" in warnings[0]
        assert "`cgpt-tui cache clear`" in warnings[0]
        assert not notices(app, "Unexpected error")
        # The app goes on live: another agent, its conversations, all from the server.
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.agents.options.focus()
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: chat.agent is not None and chat.agent.id != 103 and conversations.agent,
            what="the second agent",
        )
        await pilot.press("ctrl+f")
        await wait_until(
            pilot, lambda: "There is no history cache to search." in notices(app), what="why"
        )
        assert not isinstance(app.screen, SearchScreen)
        assert len(notices(app, "History")) == 1, "said once"
    assert path.exists(), "the app never deletes the user's file"


async def test_offline_a_damaged_search_index_is_said_in_the_search_and_the_cache_set_aside(
    tmp_path,
) -> None:
    """Offline nothing is written: search is the first to read FTS5's own table."""
    server = DemoServer(api_key="k").start()
    path = tmp_path / "h.sqlite3"
    try:
        (await synced_store(server, path)).close()
    finally:
        server.stop()
    damage_table(path, "messages_fts_data")
    app = make_app(server, history=HistoryStore(path))
    async with app.run_test(size=(160, 45)) as pilot:
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: app.offline and agents.agents, what="cached agents")
        assert app.data.history.store is not None, notices(app)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
        await pilot.press(*"password")
        status = app.screen.query_one("#search-status")
        await wait_until(pilot, lambda: "cannot be used" in str(status.render()), what="why")
        assert str(path) in str(status.render()) and "cache clear" in str(status.render())
        assert app.data.history.store is None
        assert len(notices(app, "History")) == 1
        assert not notices(app, "Unexpected error")
    assert path.exists()


async def test_a_write_lock_held_past_the_apps_wait_keeps_the_cache_on_and_writes_go_in_later(
    demo_server, tmp_path
) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()  # made, migrated: as another process would find it
    app = make_app(demo_server, history=HistoryStore(path, busy_timeout=0.25))
    with write_lock(path) as release:
        async with app.run_test(size=(160, 45)) as pilot:
            agents = app.screen.query_one(AgentList)
            await wait_until(pilot, lambda: agents.agents, what="agents from the server")
            await wait_until(
                pilot,
                lambda: any("locked by another process" in n for n in notices(app, "History")),
                what="the lock said",
            )
            await pilot.pause(1.0)  # well past the app's 0.25 s: writes keep waiting
            assert cached_agents(path) == 0
            assert app.data.history.store is not None, "a lock does not turn the cache off"
            release.set()
            await wait_until(pilot, lambda: cached_agents(path) == 3, what="the waiting writes")
            await pilot.press("ctrl+f")
            await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
            assert not notices(app, "Unexpected error")


async def test_cache_clear_refuses_while_the_app_has_the_cache_open(
    demo_server, tmp_path, monkeypatch
) -> None:
    env = environment(tmp_path, demo_server.api_key)
    monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
    store = open_cache("default", demo_server.base_url, CONFIGURED)
    path = store.path
    url = ["--base-url", demo_server.base_url]
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_until(pilot, lambda: cached_agents(path) == 3, what="the app recording")
        refused = await asyncio.to_thread(cli, env, "cache", "clear", *url)
        assert refused.returncode == 1
        assert "open in a running cgpt-tui" in refused.stderr and "quit it first" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert path.exists() and app.data.history.store is not None
        await open_first_agent(pilot)  # the app goes on recording into the same file
        await wait_until(
            pilot,
            lambda: store.count_conversations(103) > 0,
            what="conversations recorded",
        )
    cleared = await asyncio.to_thread(cli, env, "cache", "clear", *url)
    assert cleared.returncode == 0, cleared.stderr
    assert not path.exists()


async def test_offline_typing_uber_in_the_agent_filter_finds_Uber_uns(tmp_path) -> None:
    server = DemoServer(api_key="k").start()
    try:
        store = await synced_store(server, tmp_path / "h.sqlite3")
    finally:
        server.stop()
    first = store.agents()[0]
    store.save_agents([replace(first, name="Über uns")], start=0)
    app = make_app(server, history=store)
    async with app.run_test(size=(160, 45)) as pilot:
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: app.offline and len(agents.agents) == 3, what="offline")
        box = agents.query_one("#agent-filter", Input)
        box.focus()
        await pilot.press(*"über")
        await wait_until(
            pilot, lambda: [a.name for a in agents.agents] == ["Über uns"], what="the match"
        )
        box.value = "STRASSE"  # no match: a filter that folds, not one that matches all
        await wait_until(pilot, lambda: agents.agents == [], what="no match")
