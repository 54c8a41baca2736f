"""SVG snapshots of the main states, with a fixed clock and the seed data.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then open the SVGs in
tests/ui/__snapshots__/ and look at them before committing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.composer import Composer
from cgpt_tui.ui.widgets.conversation_list import ConversationList

from .helpers import FIXED_NOW, ask_in_new_conversation, make_app, wait_for_last_answer, wait_until

SIZE = (150, 44)


@pytest.fixture
def still_server() -> Iterator[DemoServer]:
    with DemoServer(api_key="snapshot-key", clock=lambda: FIXED_NOW) as server:
        yield server


async def settle(pilot) -> None:
    """Wait until neither list fetches or grows for a while, so every run draws the same."""
    screen = pilot.app.screen
    for composer in screen.query(Composer):
        composer.cursor_blink = False  # a blinking cursor would make the picture vary
    lists = [screen.query_one(AgentList).options, screen.query_one(ConversationList).options]

    def state() -> tuple:
        return tuple((p.loading, p.option_count) for p in lists)

    await wait_until(pilot, lambda: pilot.app.account is not None, what="the account line")
    quiet_rounds, last = 0, None
    for _ in range(100):
        await pilot.pause(0.1)
        now = state()
        quiet_rounds = quiet_rounds + 1 if now == last and not any(p.loading for p in lists) else 0
        last = now
        if quiet_rounds >= 3:
            return
    raise AssertionError("the lists never settled")


async def open_agent(pilot) -> ChatPane:
    agents = pilot.app.screen.query_one(AgentList)
    await wait_until(pilot, lambda: agents.agents, what="agents")
    agents.options.focus()
    await pilot.press("enter")
    chat = pilot.app.screen.query_one(ChatPane)
    conversations = pilot.app.screen.query_one(ConversationList)
    await wait_until(pilot, lambda: chat.agent and conversations.conversations, what="agent")
    await settle(pilot)
    return chat


async def ask_and_finish(pilot, chat: ChatPane, question: str) -> Transcript:
    transcript = await ask_in_new_conversation(pilot, chat, question)
    await wait_for_last_answer(
        pilot, transcript, EntryStatus.DONE, cards_done=lambda c: c.citation or c.error
    )
    await settle(pilot)
    return transcript


def test_empty_conversation_offers_example_questions(snap_compare, still_server) -> None:
    async def run_before(pilot) -> None:
        await open_agent(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def open_history(pilot) -> None:
    """The first agent and a conversation with cited answers, every card loaded."""
    chat = await open_agent(pilot)
    conversations = pilot.app.screen.query_one(ConversationList)
    conversations.options.focus()
    conversations.options.highlighted = 1
    await pilot.press("enter")
    transcript = chat.query_one(Transcript)
    await wait_until(
        pilot,
        lambda: (
            transcript.entries
            and all(c.citation or c.error for e in transcript.entries for c in e.cards)
        ),
        what="cards",
    )
    await settle(pilot)


def test_history_with_citation_cards(snap_compare, still_server) -> None:
    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_history)


def test_answer_mid_stream(snap_compare, still_server) -> None:
    still_server.faults.stall(60, after_events=40)

    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        chat.composer.cursor_blink = False  # a blinking cursor would make the picture vary
        await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
        await wait_until(
            pilot,
            lambda: still_server.stream_log and still_server.stream_log[-1].events_sent >= 40,
            what="40 events",
        )
        transcript = chat.query_one(Transcript)
        await wait_until(
            pilot,
            lambda: transcript.entries[-1].answer_text.count(" ") >= 30,
            what="the text so far",
        )
        await settle(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_liked_answer(snap_compare, still_server) -> None:
    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        transcript = await ask_and_finish(pilot, chat, "What plans do you offer?")
        await pilot.press("escape", "plus")
        await wait_until(pilot, lambda: transcript.entries[-1].reaction is not None, what="like")
        await settle(pilot)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, still_server) -> None:
    async def run_before(pilot) -> None:
        await open_agent(pilot)
        await pilot.press("f1")
        await pilot.pause(0.3)

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
