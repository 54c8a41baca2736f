"""Faults seen in the app: clear words for each, and nothing the server says runs as markup."""

from __future__ import annotations

from textual.widgets import Input, Static

from cgpt_tui.ui.screens.rename_screen import RenameScreen
from cgpt_tui.ui.widgets.agent_list import AgentList

from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent

MARKUP = "[@click=app.quit]x[/]"


async def test_rate_limited_reads_are_retried_then_explained(demo_server) -> None:
    demo_server.faults.fail_next(
        n=9,
        status=429,
        message="You have exhausted your credits",
        path="/api/v1/projects",
        retry_after=0.05,
    )
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        status = app.screen.query_one("#agent-status", Static)
        await wait_until(pilot, lambda: "Rate limited" in str(status.render()), what="message")
        text = str(status.render())
        assert "exhausted your credits" in text and "wait 0.05 s" in text and "ctrl+r" in text
        assert demo_server.faults.pending()["requests"], "4 tries (1 + 3 retries), not 9"
        demo_server.faults.clear()
        app.screen.query_one(AgentList).options.focus()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.screen.query_one(AgentList).agents, what="reload")


async def test_server_text_in_notifications_is_never_markup(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        conversations.options.focus()
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameScreen), what="rename")
        app.screen.query_one(Input).value = MARKUP
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any(MARKUP in n.message for n in app._notifications),
            what="the notification",
        )
        assert all(not n.markup for n in app._notifications)
        await pilot.pause(0.2)
        assert app.is_running
        assert conversations.conversations[0].name == MARKUP


async def test_a_conversation_deleted_elsewhere_is_dropped_and_the_user_told(demo_server):
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        gone = conversations.conversations[0]
        demo_server.state.delete_conversation(demo_server.state.agents[103], gone.session_id)
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("deleted elsewhere" in n.message for n in app._notifications),
            what="the notice",
        )
        await wait_until(
            pilot,
            lambda: (
                conversations.conversations
                and all(c.session_id != gone.session_id for c in conversations.conversations)
            ),
            what="the refreshed list",
        )
        assert chat.conversation is None


async def test_an_agent_deleted_elsewhere_is_dropped_and_the_user_told(demo_server):
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: agents.agents, what="agents")
        with demo_server.state.lock:
            del demo_server.state.agents[102]
        agents.options.focus()
        agents.options.highlighted = 1
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("no longer exists" in n.message for n in app._notifications),
            what="the notice",
        )
        await wait_until(
            pilot,
            lambda: agents.agents and all(a.id != 102 for a in agents.agents),
            what="the refreshed agent list",
        )


async def test_the_app_reconnects_when_the_server_is_back(demo_server):
    demo_server.faults.fail_next(
        n=1, status=503, message="down for maintenance", path="/api/v1/projects"
    )
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        status = app.screen.query_one("#agent-status", Static)
        agents = app.screen.query_one(AgentList)
        await wait_until(pilot, lambda: "maintenance" in str(status.render()), what="message")
        assert "ctrl+r" in str(status.render()) and not agents.agents
        await wait_until(pilot, lambda: agents.agents, timeout=8, what="loaded by itself")
        assert not status.display


async def test_a_failed_history_load_is_retried_by_key_and_by_itself(demo_server):
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        demo_server.faults.fail_next(n=1, status=502, message="bad gateway", path="/messages")
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("enter")
        status = chat.query_one("#chat-status", Static)
        await wait_until(pilot, lambda: "bad gateway" in str(status.render()), what="message")
        assert "ctrl+r" in str(status.render())
        await wait_until(
            pilot,
            lambda: chat.transcript.entries,
            timeout=8,
            what="the history, reloaded by itself",
        )
        demo_server.faults.fail_next(n=1, status=500, message="oops", path="/messages")
        chat.composer.focus()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "oops" in str(status.render()), what="the new failure")
        await pilot.press("ctrl+r")
        await wait_until(
            pilot, lambda: chat.transcript.entries and not status.display, what="loaded by ctrl+r"
        )


async def test_connection_refused_then_the_server_comes_back() -> None:
    from cgpt_tui.demo.server import DemoServer

    first = DemoServer(api_key="k").start()
    port = first.port
    app = make_app(first)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            agents = app.screen.query_one(AgentList)
            status = app.screen.query_one("#agent-status", Static)
            await wait_until(pilot, lambda: agents.agents, what="agents")
            first.stop()
            agents.options.focus()
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: "Offline" in str(status.render()), what="offline")
            assert "cannot connect" in str(status.render())
            with DemoServer(port=port, api_key="k"):
                await wait_until(
                    pilot,
                    lambda: agents.agents,
                    timeout=10,
                    what="the agents again once the server is back",
                )
            assert not status.display
    finally:
        first.stop()
