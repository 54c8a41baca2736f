"""Keys on a focused answer: reactions (with rollback), copy, and opening citation cards."""

from __future__ import annotations

from cgpt_tui.api import Reaction
from cgpt_tui.ui.screens.preview_screen import PreviewScreen
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import ask_in_new_conversation, make_app, wait_for_last_answer, wait_until
from .test_chat_flow import open_first_agent


async def answered(pilot, chat, question: str) -> Transcript:
    transcript = await ask_in_new_conversation(pilot, chat, question)
    await wait_for_last_answer(
        pilot, transcript, EntryStatus.DONE, cards_done=lambda card: card.citation
    )
    await pilot.press("escape")
    assert transcript.has_focus and transcript.selected_entry is transcript.entries[-1]
    return transcript


async def test_failed_reaction_rolls_back_with_a_notification(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "What plans do you offer?")
        entry = transcript.entries[-1]
        demo_server.faults.fail_next(status=500, message="feedback store down", path="/feedback")
        painted = entry.version
        await pilot.press("minus")
        await wait_until(
            pilot,
            lambda: entry.reaction is None and entry.version >= painted + 2,
            what="shown, then rolled back",
        )
        assert any("feedback store down" in n.message for n in app._notifications)
        await pilot.press("plus")
        await wait_until(
            pilot,
            lambda: (
                demo_server.state.agents[103].messages[chat.conversation.session_id][-1][
                    "response_feedback"
                ]
                is not None
            ),
            what="stored",
        )
        assert entry.reaction is Reaction.LIKED
        await pilot.press("0")
        await wait_until(
            pilot,
            lambda: (
                demo_server.state.agents[103].messages[chat.conversation.session_id][-1][
                    "response_feedback"
                ]["reaction"]
                == "neutral"
            ),
            what="neutral stored",
        )


async def test_copy_puts_the_answer_markdown_on_the_clipboard(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "What plans do you offer?")
        await pilot.press("c")
        assert app.clipboard == transcript.entries[-1].answer_text
        assert "| Plan | Price per seat |" in app.clipboard


async def test_enter_opens_a_web_card_in_the_browser(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "How do I reset my password?")
        await pilot.press("enter")
        assert transcript.card_cursor == 0
        assert app.opened_urls == ["https://help.northwind.example/account/reset-password"]


async def test_uploaded_file_cards_open_in_a_preview(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        agents, _, chat = await open_first_agent(pilot)
        agents.options.focus()
        agents.options.highlighted = 1
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: chat.agent is not None and chat.agent.id == 102, what="the Lumen agent"
        )
        await answered(pilot, chat, "How do I update the firmware?")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), what="preview")
        text = app.screen.query_one("#preview-text")
        await wait_until(pilot, lambda: "X100FW.DAT" in text.text, what="the file's text")
        assert app.opened_urls == []
        await pilot.press("escape")
        assert not isinstance(app.screen, PreviewScreen)
