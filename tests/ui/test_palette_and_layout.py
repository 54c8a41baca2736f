"""The command palette, the side panes toggle, the narrow layout, and export."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, Tabs

from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.prompt_screen import PromptScreen

from .helpers import make_app, open_screen, wait_until
from .test_chat_flow import open_first_agent


async def _palette(pilot, query: str) -> CommandPalette:
    palette = await open_screen(pilot, "ctrl+p", CommandPalette)
    await pilot.press(*query)
    return palette


def _hits(palette: CommandPalette) -> list[str]:
    options = palette.query_one("CommandList")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _choose(pilot, query: str, expected: str) -> None:
    palette = await _palette(pilot, query)
    await wait_until(pilot, lambda: any(expected in h for h in _hits(palette)), what=expected)
    await pilot.press("enter")


async def test_the_palette_opens_an_agent_by_a_fuzzy_name(demo_server) -> None:
    target = demo_server.state.add_agent("Zephyr Rail Support", folder="northwind")
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.agents.agents, what="agents")
        await _choose(pilot, "zphyr", "Agent: Zephyr Rail Support")
        await wait_until(pilot, lambda: screen.chat.agent is not None, what="agent opened")
        assert screen.chat.agent.id == target.id


async def test_agent_names_in_the_palette_are_never_markup(demo_server) -> None:
    demo_server.state.add_agent("[bold red]Trap[/bold red] \x1b[31mdesk", folder="northwind")
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        palette = await _palette(pilot, "trap")
        await wait_until(pilot, lambda: _hits(palette), what="a hit")
        assert any("[bold red]Trap[/bold red]" in hit for hit in _hits(palette))
        assert not any("\x1b" in hit for hit in _hits(palette))


async def test_the_palette_jumps_to_a_conversation_and_offers_commands(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        wanted = conversations.conversations[-1]
        words = wanted.name.split()[0][:5].lower()
        await _choose(pilot, words, f"Conversation: {wanted.name}")
        await wait_until(pilot, lambda: chat.conversation is not None, what="opened")
        assert chat.conversation.session_id == wanted.session_id
        palette = await _palette(pilot, "conversation")
        await wait_until(pilot, lambda: _hits(palette), what="hits")
        titles = " | ".join(_hits(palette))
        for command in ("New conversation", "Rename conversation", "Delete conversation"):
            assert command in titles


async def test_f4_hides_and_shows_the_side_panes(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        agents, conversations, chat = await open_first_agent(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert not agents.display or agents.region.width == 0
        assert chat.composer.has_focus
        assert chat.region.width > 130
        await pilot.press("f4")
        await pilot.pause()
        assert agents.region.width > 0 and conversations.region.width > 0


async def test_at_80x24_one_pane_shows_and_the_tabs_follow_the_focus(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.agents.agents, what="agents")
        tabs = screen.query_one(Tabs)
        assert tabs.region.height > 0 and tabs.active == "agents-tab"
        assert screen.agents.region.width > 70
        assert screen.chat.region.width == 0
        screen.agents.options.focus()
        await pilot.press("enter")  # pick the agent: its conversations come next
        await wait_until(pilot, lambda: screen.conversations.conversations, what="conversations")
        await wait_until(pilot, lambda: tabs.active == "conversations-tab", what="tab moves")
        await wait_until(pilot, lambda: screen.conversations.options.has_focus, what="focus")
        assert screen.agents.region.width == 0
        await pilot.press("enter")  # open a conversation: the chat shows, ready to type
        await wait_until(pilot, lambda: tabs.active == "chat-tab", what="chat tab")
        assert screen.chat.region.width > 70 and screen.chat.composer.has_focus
        await pilot.press("f6")  # cycles back to the agents
        await wait_until(pilot, lambda: tabs.active == "agents-tab", what="agents tab")


async def test_at_160_columns_enter_on_an_agent_moves_on_and_n_starts_a_conversation(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.agents.agents, what="agents")
        screen.agents.options.focus()
        await pilot.press("enter")  # every pane shows, and the next step has the focus
        await wait_until(pilot, lambda: screen.conversations.conversations, what="conversations")
        await wait_until(pilot, lambda: screen.conversations.options.has_focus, what="focus")
        assert screen.agents.region.width > 0 and screen.chat.region.width > 0
        await pilot.press("enter")  # a conversation opens: ready to type in it
        chat = screen.chat
        await wait_until(pilot, lambda: chat.transcript.entries, what="messages")
        assert chat.conversation is not None and chat.composer.has_focus
        screen.conversations.options.focus()
        await pilot.press("n", "h", "i")  # a new conversation, typed into at once
        await wait_until(pilot, lambda: chat.conversation is None, what="a new conversation")
        assert chat.composer.has_focus and chat.composer.text == "hi"
        assert screen.conversations.selected_session is None


async def test_ctrl_n_right_after_enter_on_an_agent_keeps_the_composer(demo_server) -> None:
    """Enter on an agent asks for the conversations' focus (applied later, or once their
    page is in); ctrl+n typed before that puts the composer first, and it must stay there.
    The two calls are made back to back here, as a fast typist's keys are handled: with
    Pilot's keys the page is always in before the next key."""
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.agents.agents, what="agents")
        await pilot.press("enter")  # the agent's conversations, with the focus
        await wait_until(pilot, lambda: screen.conversations.options.has_focus, what="focus")
        screen.conversations.options.focus_when_loaded()  # Enter's wish, not applied yet
        screen.action_new_conversation()  # ctrl+n
        await pilot.press(*"hello")
        await pilot.pause(0.2)
        assert screen.chat.composer.has_focus and screen.chat.composer.text == "hello"


async def test_export_writes_every_message_and_never_overwrites(demo_server, tmp_path) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: chat.transcript.entries, what="messages")
        target = tmp_path / "out" / "export.md"
        for attempt in range(2):
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), what="prompt")
            app.screen.query_one(Input).value = str(target)
            await pilot.press("enter")
            if attempt == 0:
                await wait_until(pilot, target.exists, what="the file")
                first = target.read_text()
            else:
                await wait_until(
                    pilot,
                    lambda: any("exists already" in n.message for n in app._notifications),
                    what="refusal",
                )
        assert target.read_text() == first
        entries = chat.transcript.entries
        assert first.startswith(f"# {chat.conversation.name}\n")
        assert first.count("**Question**") == len(entries)  # a demo conversation is one page
        for entry in entries:
            assert f"> {entry.question.splitlines()[0]}" in first


async def test_each_palette_command_does_what_its_key_does(demo_server) -> None:
    from cgpt_tui.ui.screens.agent_details_screen import AgentDetailsScreen
    from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
    from cgpt_tui.ui.screens.help_screen import HelpScreen
    from cgpt_tui.ui.screens.rename_screen import RenameScreen

    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: chat.transcript.entries, what="messages")

        await _choose(pilot, "copy answer", "Copy answer")
        await wait_until(pilot, lambda: app.clipboard.strip(), what="the clipboard")
        assert app.clipboard == chat.transcript.entries[-1].answer_text

        for command, modal in (
            ("rename conversation", RenameScreen),
            ("delete conversation", ConfirmScreen),
            ("agent details", AgentDetailsScreen),
            ("keys", HelpScreen),
        ):
            await _choose(pilot, command, command.capitalize())
            await wait_until(pilot, lambda m=modal: isinstance(app.screen, m), what=command)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen, what="back")

        await _choose(pilot, "toggle side panes", "Toggle side panes")
        await wait_until(pilot, lambda: not screen.side_panes, what="panes hidden")
        await _choose(pilot, "switch agent", "Switch agent")
        await wait_until(pilot, lambda: screen.agents.options.has_focus, what="agents")
        assert screen.side_panes

        await _choose(pilot, "new conversation", "New conversation")
        await wait_until(pilot, lambda: chat.conversation is None, what="a new chat")
        assert chat.composer.has_focus


async def test_the_palette_exports_json_with_resolved_sources(demo_server, tmp_path) -> None:
    import json

    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        conversations.options.highlighted = 1  # a conversation with cited answers
        await pilot.press("enter")
        await wait_until(pilot, lambda: chat.transcript.entries, what="messages")
        await _choose(pilot, "export json", "Export conversation as JSON")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), what="prompt")
        assert app.screen.query_one(Input).value.endswith(".json")
        target = tmp_path / "chat.json"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, what="the file")
        document = json.loads(target.read_text())
        assert document["conversation"]["session_id"] == chat.conversation.session_id
        assert [m["id"] for m in document["messages"]] == [
            e.message_id for e in chat.transcript.entries
        ]
        assert any(m["citations"] for m in document["messages"])
