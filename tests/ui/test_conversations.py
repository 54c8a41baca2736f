"""Conversations: history paging, filters, example questions, rename, delete."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, OptionList, Select

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.local.state import Location
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.rename_screen import RenameScreen
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import main_screen, make_app, wait_until
from .test_chat_flow import open_first_agent

NORTHWIND = 103


async def until_all_named(pilot, conversations, text: str, what: str = "") -> None:
    """Until the pane lists conversations, each with `text` in its name."""
    await wait_until(
        pilot,
        lambda: (
            conversations.conversations
            and all(text.lower() in c.name.lower() for c in conversations.conversations)
        ),
        what=what or f"conversations named {text!r}",
    )


async def filter_conversations(pilot, conversations, text: str) -> None:
    box = conversations.query_one("#conversation-filter", Input)
    box.focus()
    box.value = text
    await until_all_named(pilot, conversations, text)


async def test_home_in_the_answers_reaches_the_first_question(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await filter_conversations(pilot, conversations, "onboarding")
        conversations.options.focus()
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(pilot, lambda: len(transcript.entries) == 20, what="newest page")
        await pilot.press("escape")  # the answers take the focus
        for _ in range(4):  # the reader holds Home: older pages load on the way up
            await pilot.press("home")
            await wait_until(pilot, lambda: not chat._history_loading, what="a page")
            await pilot.pause(0.3)  # Home scrolls smoothly
        assert len(transcript.entries) == 46
        assert transcript.scroll_y == 0, "Home stopped short of the top"
        first = transcript.painted_text(0)
        assert first[0].startswith("You") and transcript.entries[0].question in first[1]


async def test_scrolling_to_the_top_loads_older_messages_without_jumping(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await filter_conversations(pilot, conversations, "onboarding")
        conversations.options.focus()
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(pilot, lambda: len(transcript.entries) == 20, what="newest page")
        assert transcript.is_at_bottom
        ids = [entry.message_id for entry in transcript.entries]
        assert ids == sorted(ids), "oldest at the top, newest at the bottom"
        first_visible = transcript.entries[0]
        transcript.scroll_to(y=0, animate=False, immediate=True)
        await wait_until(pilot, lambda: len(transcript.entries) == 40, what="an older page")
        index = transcript.entries.index(first_visible)
        assert index == 20
        assert transcript.scroll_y == transcript._layout.offsets[index], "the view did not jump"
        transcript.scroll_to(y=0, animate=False, immediate=True)
        await wait_until(pilot, lambda: len(transcript.entries) == 46, what="the oldest page")
        ids = [entry.message_id for entry in transcript.entries]
        assert ids == sorted(ids) and len(set(ids)) == 46


async def test_filters_by_name_and_by_who_started(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        owner = conversations.query_one("#conversation-owner", Select)
        owner.value = "anonymous"
        await wait_until(
            pilot,
            lambda: (
                conversations.conversations
                and all(c.created_by is None for c in conversations.conversations)
            ),
            what="visitors only",
        )
        assert all(c.name.startswith("Visitor:") for c in conversations.conversations)
        owner.value = "me"
        await wait_until(
            pilot,
            lambda: (
                conversations.conversations
                and all(c.created_by == 1 for c in conversations.conversations)
            ),
            what="mine only",
        )
        await filter_conversations(pilot, conversations, "password")


async def test_example_questions_are_offered_and_asked(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        examples = chat.query_one("#example-questions", OptionList)
        assert examples.display and examples.option_count == 4
        assert chat.composer.placeholder.plain.startswith("Ask about your Northwind account")
        examples.focus()
        examples.highlighted = 1
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(
            pilot,
            lambda: transcript.entries and transcript.entries[-1].status is EntryStatus.DONE,
            what="answer",
        )
        assert transcript.entries[-1].question == "What plans do you offer?"
        assert not examples.display


async def test_rename_and_delete_update_the_list_and_the_server(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        conversations.options.focus()
        target = conversations.conversations[0]
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameScreen), what="rename")
        name_box = app.screen.query_one(Input)
        assert name_box.value == target.name
        name_box.value = "Renamed by a test"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: conversations.conversations[0].name == "Renamed by a test",
            what="renamed in the list",
        )
        stored = demo_server.state.agents[NORTHWIND].conversations[target.session_id]
        assert stored["name"] == "Renamed by a test"
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: all(c.session_id != target.session_id for c in conversations.conversations),
            what="removed from the list",
        )
        assert target.session_id not in demo_server.state.agents[NORTHWIND].conversations


async def test_f2_then_enter_without_editing_renames_nothing(demo_server) -> None:
    """A multi-line name shows flattened in the prompt; Enter on it sent the flat name."""
    state = demo_server.state
    agent = state.agents[NORTHWIND]
    row = state.add_conversation(agent, "Line one\nline two", created_by=1)
    before = dict(row)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        assert conversations.conversations[0].session_id == row["session_id"]
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameScreen), what="rename")
        assert app.screen.query_one(Input).value == "Line one line two"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, RenameScreen), what="closed")
        await pilot.pause(0.3)  # a rename would have been sent by now
        assert not [n for n in app._notifications if str(n.message).startswith("Renamed")]
    assert state.agents[NORTHWIND].conversations[row["session_id"]] == before


@pytest.mark.parametrize("cached", [False, True], ids=["from the server", "from the cache"])
async def test_f2_after_starting_in_a_conversation_renames_that_conversation(
    demo_server, tmp_path, cached: bool
) -> None:
    """`--conversation SID` or the last conversation reopened at start: F2 in the list
    renamed its top row, not the conversation open in the chat."""
    state = demo_server.state
    newest_first = sorted(
        state.agents[NORTHWIND].conversations.values(),
        key=lambda c: c["updated_at"] or c["created_at"],
        reverse=True,
    )
    top, target = newest_first[0], newest_first[3]
    history = None
    if cached:
        history = HistoryStore(tmp_path / "h.sqlite3")
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            await sync_history(client, history)
    app = make_app(demo_server, start=Location(NORTHWIND, target["session_id"]), history=history)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        chat, conversations = screen.chat, screen.conversations
        await wait_until(
            pilot,
            lambda: chat.conversation is not None and len(conversations.conversations) > 3,
            what="the conversation and the list",
        )
        assert chat.conversation.session_id == target["session_id"]
        assert conversations.conversations[0].session_id == top["session_id"]
        # Reopening the conversation puts the focus in the chat; the keys below start there.
        await wait_until(
            pilot,
            lambda: app.focused is not None and chat in app.focused.ancestors_with_self,
            what="the chat focused",
        )
        await pilot.press("f6", "f6")  # chat → agents → conversations
        await wait_until(pilot, lambda: conversations.options.has_focus, what="the list")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, RenameScreen), what="rename")
        assert app.screen.query_one(Input).value == target["name"]
        app.screen.query_one(Input).value = "Renamed after a restart"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: chat.conversation.name == "Renamed after a restart",
            what="the open conversation renamed",
        )
    stored = state.agents[NORTHWIND].conversations
    assert stored[target["session_id"]]["name"] == "Renamed after a restart"
    assert stored[top["session_id"]]["name"] == top["name"]


async def test_typing_in_the_conversations_list_filters_it_and_escape_shows_all_again(
    demo_server,
) -> None:
    """The README said typing filters the conversations list; only the agents list did."""
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, _ = await open_first_agent(pilot)
        await wait_until(pilot, lambda: not conversations.options.loading, what="the list")
        everything = [c.session_id for c in conversations.conversations]
        assert not all("invoice" in c.name.lower() for c in conversations.conversations)
        conversations.options.focus()
        await pilot.press(*"invoi")
        box = conversations.query_one("#conversation-filter", Input)
        assert box.value == "invoi" and box.has_focus  # the rest of the word follows
        await wait_until(
            pilot,
            lambda: (
                conversations.conversations
                and len(conversations.conversations) < len(everything)
                and all("invoi" in c.name.lower() for c in conversations.conversations)
            ),
            what="only conversations named like 'invoi'",
        )
        stored = demo_server.state.agents[NORTHWIND].conversations.values()
        matching = {c["session_id"] for c in stored if "invoi" in c["name"].lower()}
        assert {c.session_id for c in conversations.conversations} == matching
        await pilot.press("escape")
        assert box.value == "" and conversations.options.has_focus
        await wait_until(
            pilot,
            lambda: [c.session_id for c in conversations.conversations] == everything,
            what="every conversation again",
        )


async def test_offline_typing_in_the_conversations_list_filters_the_cached_ones(tmp_path) -> None:
    first = DemoServer(api_key="k").start()
    try:
        store = HistoryStore(tmp_path / "h.sqlite3")
        async with CustomGPTClient(first.base_url, first.api_key) as client:
            await sync_history(client, store)
    finally:
        first.stop()
    app = make_app(first, history=store, start=Location(NORTHWIND, None))
    async with app.run_test(size=(160, 48)) as pilot:
        conversations = app.screen.conversations
        await wait_until(pilot, lambda: app.offline, what="offline")
        await wait_until(
            pilot, lambda: len(conversations.conversations) >= 20, what="cached conversations"
        )
        conversations.options.focus()
        await pilot.press(*"invoi")
        await until_all_named(
            pilot, conversations, "invoi", "only cached conversations named like 'invoi'"
        )
        cached = store.conversations(NORTHWIND, name="invoi")
        assert 0 < len(cached) < len(store.conversations(NORTHWIND))
        assert [c.session_id for c in conversations.conversations] == [c.session_id for c in cached]
        await pilot.press("escape")
        await wait_until(
            pilot, lambda: len(conversations.conversations) >= 20, what="every cached one again"
        )


async def test_a_word_typed_fast_in_the_conversations_list_is_all_a_filter(demo_server) -> None:
    """Keys sent before the focus reaches the filter box went to the list: "inv" typed at
    a terminal's pace started a new conversation at the "n"."""
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await wait_until(pilot, lambda: not conversations.options.loading, what="the list")
        opened_before = chat.conversation
        conversations.options.focus()
        await pilot.pause()
        for char in "inv":  # all queued at once, as a terminal delivers them
            app.post_message(events.Key(char, char))
        box = conversations.query_one("#conversation-filter", Input)
        await wait_until(pilot, lambda: box.value == "inv", what="the whole word in the filter")
        assert chat.conversation is opened_before and not chat.composer.has_focus
        await wait_until(
            pilot,
            lambda: (
                conversations.conversations
                and all("inv" in c.name.lower() for c in conversations.conversations)
            ),
            what="the filtered list",
        )


async def test_keys_of_the_conversations_list_keep_their_job_while_typing_filters(
    demo_server,
) -> None:
    """j and k move, n starts a conversation: only keys with no job start a filter."""
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await wait_until(pilot, lambda: not conversations.options.loading, what="the list")
        conversations.options.focus()
        conversations.options.highlighted = 0
        await pilot.press("j", "j", "k")
        assert conversations.options.highlighted == 1
        box = conversations.query_one("#conversation-filter", Input)
        assert box.value == ""
        await pilot.press("n")
        await wait_until(pilot, lambda: chat.composer.has_focus, what="a new conversation")
        assert box.value == "" and chat.conversation is None


async def test_typing_in_the_agents_list_filters_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        agents = app.screen.agents
        await wait_until(pilot, lambda: len(agents.agents) > 1, what="agents")
        everything = [a.id for a in agents.agents]
        agents.options.focus()
        await pilot.press(*"lumen")
        await wait_until(
            pilot, lambda: [a.id for a in agents.agents] == [102], what="only the Lumen agent"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: [a.id for a in agents.agents] == everything, what="all")
        assert agents.options.has_focus


async def test_help_screen_lists_every_binding(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        tables = app.screen.query("DataTable")
        descriptions = {
            str(table.get_row_at(row)[1]) for table in tables for row in range(table.row_count)
        }
        for expected in (
            "Like",
            "Dislike",
            "Copy",
            "Open source",
            "Rename",
            "Delete",
            "Send",
            "Newline",
            "Quit",
            "New chat",
        ):
            assert expected in descriptions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_owner_filter_comes_with_the_first_agent_in_its_place(demo_server) -> None:
    """Not built at start (nothing to filter before an agent is picked); a name typed into the
    filter before then is kept, and the owner filter lands between it and the list."""
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await main_screen(pilot)
        conversations = screen.conversations
        await wait_until(pilot, lambda: screen.agents.agents, what="agents to load")
        assert not conversations.query("#conversation-owner")
        box = conversations.query_one("#conversation-filter", Input)
        box.value = "Visitor"
        await wait_until(pilot, lambda: conversations._name_filter == "Visitor", what="settled")
        assert str(conversations.status.content) == "Pick an agent."
        _, conversations, _ = await open_first_agent(pilot)
        await until_all_named(pilot, conversations, "visitor", "the name typed first applied")
        assert [child.id for child in conversations.children] == [
            "conversation-filter",
            "conversation-owner",
            "conversation-options",
            "conversation-status",
        ]
        assert conversations.query_one("#conversation-owner", Select).value == "all"
        box.focus()
        await pilot.press("tab")
        assert app.focused is conversations.query_one("#conversation-owner", Select)
