"""Nothing typed is lost: drafts follow their conversation, failed sends and quitting."""

from __future__ import annotations

from pathlib import Path

from cgpt_tui.drafts import Drafts

from .helpers import make_app, wait_until
from .test_chat_flow import open_first_agent


async def open_conversation(pilot, conversations, index: int):
    conversations.options.focus()
    conversations.options.highlighted = index
    await pilot.press("enter")
    return conversations.conversations[index]


async def test_a_draft_stays_with_its_conversation(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        chat.composer.text = "half a question about invoices"
        await open_conversation(pilot, conversations, 1)
        assert chat.composer.text == ""
        chat.composer.text = "another thought"
        await open_conversation(pilot, conversations, 0)
        assert chat.composer.text == "half a question about invoices"
        await open_conversation(pilot, conversations, 1)
        assert chat.composer.text == "another thought"


async def test_a_failed_send_gives_the_question_back(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        await wait_until(pilot, lambda: chat.transcript.entries, what="history")
        demo_server.faults.fail_next(status=503, message="maintenance", path="/messages")
        chat.composer.text = "What plans do you offer?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: chat.composer.text == "What plans do you offer?",
            what="the question back in the composer",
        )
        assert any("maintenance" in n.message for n in app._notifications)


async def test_drafts_survive_quitting(demo_server, tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    app = make_app(demo_server, drafts=Drafts(path, "default"))
    async with app.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        opened = await open_conversation(pilot, conversations, 0)
        chat.composer.text = "unsent words"
        await pilot.press("ctrl+q")
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert Drafts(path, "default").get(opened.session_id) == "unsent words"

    again = make_app(demo_server, drafts=Drafts(path, "default"))
    async with again.run_test(size=(150, 44)) as pilot:
        _, conversations, chat = await open_first_agent(pilot)
        await open_conversation(pilot, conversations, 0)
        assert chat.composer.text == "unsent words"
