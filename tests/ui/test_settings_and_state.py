"""Settings and state in the app: reopen where the user left off, keymaps, no streaming."""

from __future__ import annotations

from pathlib import Path

from cgpt_tui.local.config import Settings, load_settings
from cgpt_tui.local.state import STATE_FILE, AppState, Location
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.conversation_list import ConversationList

from .helpers import RecordingApp, ask_in_new_conversation, wait_for_last_answer, wait_until
from .test_chat_flow import open_first_agent


async def test_the_app_reopens_the_last_agent_and_conversation(demo_server, tmp_path: Path):
    state_path = tmp_path / STATE_FILE
    first = RecordingApp(
        base_url=demo_server.base_url,
        api_key=demo_server.api_key,
        app_state=AppState.load(state_path),
    )
    async with first.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        conversations.options.highlighted = 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: chat.transcript.entries, what="history")
        opened = chat.conversation
    assert AppState.load(state_path).location("default") == Location(103, opened.session_id)

    second = RecordingApp(
        base_url=demo_server.base_url,
        api_key=demo_server.api_key,
        app_state=AppState.load(state_path),
    )
    async with second.run_test(size=(150, 44)) as pilot:
        chat = second.screen.query_one(ChatPane)
        await wait_until(
            pilot,
            lambda: chat.conversation is not None and chat.transcript.entries,
            what="the same conversation",
        )
        assert chat.conversation.session_id == opened.session_id
        assert chat.agent.id == 103
        assert second.screen.query_one(ConversationList).agent.id == 103


async def test_command_line_start_location_opens_that_conversation(demo_server):
    session = next(iter(demo_server.state.agents[102].conversations))
    app = RecordingApp(
        base_url=demo_server.base_url, api_key=demo_server.api_key, start=Location(102, session)
    )
    async with app.run_test(size=(150, 44)) as pilot:
        chat = app.screen.query_one(ChatPane)
        await wait_until(pilot, lambda: chat.conversation is not None, what="conversation")
        assert chat.agent.name == "Lumen X100 Manual"
        assert chat.conversation.session_id == session


async def test_keymap_overrides_rebind_by_binding_id(demo_server, tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"transcript.copy" = "y"\n')
    settings, problems = load_settings(config)
    assert problems == []
    app = RecordingApp(
        base_url=demo_server.base_url, api_key=demo_server.api_key, settings=settings
    )
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        await pilot.press("enter")
        transcript = chat.query_one(Transcript)
        await wait_until(pilot, lambda: transcript.entries, what="history")
        transcript.focus_last()
        await pilot.press("c")
        assert app.clipboard == "", "c no longer copies"
        await pilot.press("y")
        assert app.clipboard == transcript.entries[-1].answer_text


async def test_streaming_off_sends_plain_requests(demo_server):
    app = RecordingApp(
        base_url=demo_server.base_url,
        api_key=demo_server.api_key,
        settings=Settings(streaming=False),
    )
    async with app.run_test(size=(150, 44)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "How do I export my data?")
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        assert "Export from the app" in transcript.entries[-1].answer_text
        assert transcript.entries[-1].cards
        assert demo_server.stream_log == []


async def test_settings_problems_are_shown_in_the_app(demo_server, tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text("streaming = 'often'\ncolour = 'blue'\n")
    settings, problems = load_settings(config)
    app = RecordingApp(
        base_url=demo_server.base_url,
        api_key=demo_server.api_key,
        settings=settings,
        settings_problems=problems,
    )
    async with app.run_test(size=(150, 44)) as pilot:
        await pilot.pause(0.2)
        messages = [n.message for n in app._notifications]
        assert any("line 1" in m and "streaming" in m for m in messages)
        assert any("colour" in m for m in messages)
        assert app.settings.streaming is True
