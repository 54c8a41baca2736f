"""Asking an answer's question again (`a`, Cache-Control: no-cache) and editing it (`e`)."""

from __future__ import annotations

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.transcript.entry import EntryStatus

from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent


async def _open_answers(pilot, conversations, chat):
    """Open a conversation of three messages; the cursor on its second-newest answer."""
    conversations.options.focus()
    conversations.options.highlighted = 2  # "What are the API rate limits"
    await pilot.press("enter")
    transcript = chat.transcript
    await wait_until(pilot, lambda: len(transcript.entries) >= 2, what="history")
    await pilot.press("escape", "k")  # from the composer to the answers, one up
    assert transcript.has_focus and transcript.cursor == len(transcript.entries) - 2
    return transcript


async def test_a_asks_the_selected_question_again_in_the_same_conversation(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        transcript = await _open_answers(pilot, conversations, chat)
        chosen = transcript.selected_entry
        before = len(transcript.entries)
        session_id = chat.conversation.session_id
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: (
                len(transcript.entries) == before + 1
                and transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="the new answer",
        )
        new = transcript.entries[-1]
        assert new.question == chosen.question and new.message_id != chosen.message_id
        assert transcript.entries[before - 2] is chosen  # the old answer stays where it was
        assert transcript.cursor == before  # the cursor went along to the new answer
        assert chat.conversation.session_id == session_id
        asked = demo_server.ask_log[-1]
        assert (asked.session_id, asked.prompt, asked.no_cache) == (
            session_id,
            chosen.question,
            True,
        )
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            stored = await client.get_message(chat.agent.id, session_id, new.message_id)
        assert stored.question == chosen.question and stored.answer == new.answer_text


async def test_a_question_sent_from_the_composer_asks_no_cache_only_with_a(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        chat.composer.focus()
        await pilot.press(*"How do I reset my password?", "enter")
        await wait_until(
            pilot,
            lambda: (
                chat.transcript.entries and chat.transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="the answer",
        )
        assert demo_server.ask_log[-1].no_cache is False


async def test_e_puts_the_question_in_the_composer_at_once_when_it_is_empty(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        transcript = await _open_answers(pilot, conversations, chat)
        question = transcript.selected_entry.question
        asked = len(demo_server.ask_log)
        await pilot.press("e")
        composer = chat.composer
        assert composer.has_focus and composer.text == question.strip()
        assert composer.cursor_location == composer.document.end
        await pilot.press(*" in Europe")  # edited, then sent as a new question
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                transcript.entries[-1].question == f"{question.strip()} in Europe"
                and transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="the edited question's answer",
        )
        assert len(demo_server.ask_log) == asked + 1 and not demo_server.ask_log[-1].no_cache


async def test_e_asks_before_replacing_a_draft_and_ctrl_z_brings_it_back(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        transcript = await _open_answers(pilot, conversations, chat)
        question = transcript.selected_entry.question.strip()
        composer = chat.composer
        composer.focus()
        await pilot.press(*"my half-written draft")
        await pilot.press("escape", "k")
        screen = app.screen

        await pilot.press("e")  # a draft: asked first; Esc keeps it
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="asked")
        assert "my half-written draft" in str(app.screen.detail)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back")
        assert composer.text == "my half-written draft" and composer.has_focus

        await pilot.press("escape", "k", "e")  # asked again; y replaces it
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="asked")
        await pilot.press("y")
        await wait_until(pilot, lambda: composer.text == question, what="the question")
        assert composer.has_focus and composer.cursor_location == composer.document.end
        await pilot.press("ctrl+z")  # the draft was replaced as an edit: undo gives it back
        assert composer.text == "my half-written draft"


async def test_the_palette_asks_again_and_edits_the_newest_question(demo_server) -> None:
    from .test_palette_and_layout import _choose

    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        conversations.options.focus()
        conversations.options.highlighted = 2
        await pilot.press("enter")
        transcript = chat.transcript
        await wait_until(pilot, lambda: len(transcript.entries) == 3, what="history")
        newest = transcript.entries[-1]
        await _choose(pilot, "edit and ask", "Edit and ask")  # the composer has the focus
        await wait_until(pilot, lambda: chat.composer.text == newest.question.strip())
        assert chat.composer.has_focus
        chat.composer.clear()
        await _choose(pilot, "ask again", "Ask again")
        await wait_until(
            pilot,
            lambda: (
                len(transcript.entries) == 4 and transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="the new answer",
        )
        assert transcript.entries[-1].question == newest.question
        assert demo_server.ask_log[-1].no_cache
