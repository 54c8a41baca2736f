"""The history cache at start and without a server: paint at once, browse and search
offline (read-only, with a banner), go live when the server is back, forget what the
server deleted."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input, Static

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.local.state import Location
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.prompt_screen import PromptScreen
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.widgets.agent_list import AgentList

from .helpers import make_app, open_screen, wait_for_last_answer, wait_until
from .test_search import search_for, synced_store

AGENT = 103  # the demo agent with the most conversations


async def newest_conversations(server, count: int) -> list[str]:
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        page = await client.list_conversations(AGENT, 1, order="desc")
    return [c.session_id for c in page.items[:count]]


async def test_offline_the_cache_is_browsed_and_searched_read_only_until_the_server_is_back(
    tmp_path,
) -> None:
    first = DemoServer(api_key="k").start()
    try:
        store = await synced_store(first, tmp_path / "h.sqlite3")
        (session,) = await newest_conversations(first, 1)
    finally:
        first.stop()
    cached = store.messages(session)
    app = make_app(first, history=store, start=Location(AGENT, session))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        banner = screen.query_one("#offline-banner", Static)
        await wait_until(pilot, lambda: banner.display, what="the offline banner")
        assert "Offline" in str(banner.render()) and "read-only" in str(banner.render())
        # Everything the cache holds shows: agents, the agent's conversations, the messages.
        assert len(screen.agents.agents) == len(store.agents())
        await wait_until(pilot, lambda: screen.chat.transcript.entries, what="cached messages")
        settings = store.settings(AGENT)  # sync keeps them: the chat looks as it does live
        assert settings is not None and screen.chat.settings == settings
        assert screen.chat.transcript.agent_name == settings.chatbot_title
        shown = [e.message_id for e in screen.chat.transcript.entries]
        assert shown == [m.id for m in cached][-len(shown) :]
        await wait_until(
            pilot, lambda: len(screen.conversations.conversations) >= 20, what="conversations"
        )
        assert screen.conversations.conversations[0].session_id == session
        # Asking is refused, and the question stays in the composer.
        screen.chat.composer.text = "Is anyone there?"
        screen.chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("Offline: cannot ask" in n.message for n in app._notifications),
            what="the read-only notice",
        )
        assert screen.chat.composer.text == "Is anyone there?"
        # Search works on the cache.
        results = await search_for(pilot, cached[0].question.split()[0])
        assert results.hits
        await pilot.press("escape")
        # Export works from the cache: every cached message, sources numbered.
        target = tmp_path / "offline.md"
        prompt = await open_screen(pilot, "ctrl+s", PromptScreen)
        prompt.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, what="the export")
        exported = target.read_text()
        assert all(m.question in exported for m in cached)
        assert exported.count("**Question**") == len(cached)
        # The server returns on the same address: the app goes live by itself.
        with DemoServer(port=first.port, api_key="k") as server:
            await wait_until(pilot, lambda: not banner.display, timeout=25, what="live again")
            assert not app.offline
            # The account, which could not come at start, comes now (App.watch_offline).
            await wait_until(pilot, lambda: app.account is not None, what="the account")
            assert "Dana Demo" in app.title
            await pilot.press("enter")
            await wait_for_last_answer(pilot, screen.chat.transcript, EntryStatus.DONE)
            assert screen.chat.transcript.entries[-1].question == "Is anyone there?"
            assert server.stream_log


async def test_a_start_paints_from_the_cache_and_the_refresh_forgets_deleted_conversations(
    demo_server, tmp_path
) -> None:
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    gone, kept = await newest_conversations(demo_server, 2)
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        await client.delete_conversation(AGENT, gone)
    # The first agents page fails: what is listed can only come from the cache.
    demo_server.faults.fail_next(n=1, status=503, message="busy", path="/api/v1/projects")
    app = make_app(demo_server, history=store, start=Location(AGENT, kept))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        status = screen.query_one("#agent-status", Static)
        await wait_until(pilot, lambda: "busy" in str(status.render()), what="the failure")
        assert [a.id for a in screen.agents.agents] == [a.id for a in store.agents()][:100]
        assert not app.offline  # a server error is not an unreachable server
        # The conversations come from the server: the deleted one leaves list and cache.
        await wait_until(
            pilot,
            lambda: store.conversation(gone) is None,
            what="the deleted conversation to leave the cache",
        )
        listed = [c.session_id for c in screen.conversations.conversations]
        assert gone not in listed and listed[0] == kept
        assert store.messages(gone) == []
        await wait_until(pilot, lambda: not status.display, timeout=8, what="agents refreshed")


async def test_without_a_cache_an_unreachable_server_says_there_is_nothing_to_show() -> None:
    server = DemoServer(api_key="k").start()
    server.stop()
    app = make_app(server)
    async with app.run_test(size=(160, 45)) as pilot:
        banner = app.screen.query_one("#offline-banner", Static)
        await wait_until(pilot, lambda: banner.display, what="the offline banner")
        assert "no cached history" in str(banner.render())
        assert "Could not load agents" in str(app.screen.query_one("#agent-status").render())
        await pilot.pause(2.5)  # past the first retry: the next is seconds away
        with DemoServer(port=server.port, api_key="k"):
            app.screen.query_one(AgentList).options.focus()
            await pilot.press("ctrl+r")  # tries the server at once
            await wait_until(pilot, lambda: not app.offline, timeout=1.5, what="live by ctrl+r")
            await wait_until(pilot, lambda: app.screen.query_one(AgentList).agents, what="agents")


async def test_an_agent_gone_from_the_server_leaves_the_cache_when_the_list_is_read(
    demo_server, tmp_path
) -> None:
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    ghost = replace(store.agents()[0], id=999, name="Deleted elsewhere")
    store.save_agents([ghost], start=0)
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(160, 45)) as pilot:
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: store.agent(999) is None, what="the ghost to leave")
        assert 999 not in [a.id for a in agents.agents]
        assert len(agents.agents) == len(store.agents()) == 3


async def test_offline_what_the_cache_lacks_is_said_so_not_shown_as_empty(tmp_path) -> None:
    server = DemoServer(api_key="k").start()
    try:
        store = await synced_store(server, tmp_path / "h.sqlite3")
    finally:
        server.stop()
    other = next(a for a in store.agents() if a.id != AGENT)
    store.keep_only_conversations(other.id, [])  # never opened, never synced
    app = make_app(server, history=store, start=Location(other.id))
    async with app.run_test(size=(160, 45)) as pilot:
        status = app.screen.query_one("#conversation-status", Static)
        await wait_until(pilot, lambda: app.offline and status.display, what="the status")
        await wait_until(pilot, lambda: "history cache" in str(status.render()), what="why")
        assert "cgpt-tui sync" in str(status.render())


async def test_cached_agents_are_kept_where_the_server_agrees_and_replaced_where_not(
    demo_server, tmp_path
) -> None:
    demo_server.state.add_bulk_agents(32)  # 35 agents: the stand-in lists 10 a page
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    listed = [a.id for a in store.agents()]
    gone = listed[15]  # on the server's second page
    with demo_server.state.lock:
        del demo_server.state.agents[gone]
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(140, 40)) as pilot:
        agents = app.screen.query_one(AgentList)
        first = agents.options.get_option_at_index(0)  # painted, or confirmed by page 1
        await wait_until(pilot, lambda: store.agent(gone) is None, what="the agent to leave")
        assert [a.id for a in agents.agents] == [i for i in listed if i != gone]
        assert agents.options.option_count == len(listed) - 1
        assert agents.options.get_option_at_index(0) is first  # confirmed, never made again
