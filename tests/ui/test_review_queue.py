"""The review queue (f8) over a real stand-in: walk it, react, filter, open an answer and come
back, export it."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import timedelta

from cgpt_tui.api import CustomGPTClient, Reaction
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.local.state import Location
from cgpt_tui.ui.screens.insights import InsightsScreen
from cgpt_tui.ui.screens.insights.lists import UnansweredList
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.prompt_screen import PromptScreen
from cgpt_tui.ui.screens.review import ReviewScreen
from cgpt_tui.ui.transcript.entry import EntryStatus

from .helpers import (
    FIXED_NOW,
    ask_in_new_conversation,
    make_app,
    open_screen,
    wait_for_last_answer,
    wait_until,
)
from .test_chat_flow import open_first_agent
from .test_search import synced_store

NORTHWIND = 103
UNCOVERED = "What is the airspeed velocity of an unladen swallow?"


async def open_queue(pilot) -> ReviewScreen:
    """f8 from the main screen; until its answers are in."""
    screen = await open_screen(pilot, "f8", ReviewScreen)
    await wait_until(pilot, lambda: screen.loaded, timeout=20, what="the queue's answers")
    return screen


async def reaction_on_server(server, item) -> Reaction | None:
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        message = await client.get_message(item.agent_id, item.session_id, item.message_id)
    return message.reaction


async def test_walk_react_and_the_server_keeps_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        queue = await open_queue(pilot)
        items = queue.shown
        assert len(items) > 3
        dates = [item.created_at for item in items if item.created_at]
        assert dates == sorted(dates, reverse=True), "newest first"
        await pilot.press("j", "j", "j", "k")
        assert queue.queue.current == items[2]
        assert queue.detail_item == items[2]
        target = items[2]
        await pilot.press("minus" if target.reaction is Reaction.LIKED else "plus")
        wanted = Reaction.DISLIKED if target.reaction is Reaction.LIKED else Reaction.LIKED
        assert queue.queue.current.reaction is wanted  # shown at once
        await wait_until(pilot, lambda: not queue.workers, what="the reaction sent")
        assert await reaction_on_server(demo_server, target) is wanted
        assert queue.status_text.startswith(f"1 of {len(items)} reviewed this session")
        await pilot.press("0")
        await wait_until(pilot, lambda: not queue.workers, what="the reaction cleared")
        assert queue.queue.current.reaction is None
        assert await reaction_on_server(demo_server, target) in (None, Reaction.NEUTRAL)
        assert queue.status_text.startswith(f"1 of {len(items)} reviewed")  # the same answer


async def test_a_refused_reaction_is_rolled_back_with_a_notification(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        queue = await open_queue(pilot)
        await wait_until(pilot, lambda: queue.queue.current is not None, what="a selection")
        before = queue.queue.current
        demo_server.faults.fail_next(status=500, message="feedback store down", path="/feedback")
        wanted = Reaction.LIKED if before.reaction is Reaction.DISLIKED else Reaction.DISLIKED
        queue.action_react(wanted.value)  # what + / - do
        assert queue.queue.current.reaction is wanted  # shown at once, before the answer
        await wait_until(
            pilot,
            lambda: queue.queue.current.reaction is before.reaction,
            what="the reaction rolled back",
        )
        assert any("Reaction not saved" in n.message for n in app._notifications)
        assert await reaction_on_server(demo_server, before) is before.reaction


async def test_an_uncovered_question_shows_when_filtered_to_unanswered(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, UNCOVERED)
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        asked = transcript.entries[-1].message_id
        queue = await open_queue(pilot)
        assert queue.shown[0].message_id == asked  # the newest
        await pilot.press("u")
        assert queue.shown and all(item.unanswered for item in queue.shown)
        assert asked in [item.message_id for item in queue.shown]
        assert queue.query_one("#review-filters").content.plain.startswith("Filters: unanswered")
        assert queue.status_text.startswith(f"0 of {len(queue.shown)} reviewed this session")
        await pilot.press("u")
        assert len(queue.shown) == len(queue.items)


async def test_enter_opens_the_answer_and_f8_or_escape_come_back_as_left(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        queue = await open_queue(pilot)
        await pilot.press("n", "j", "j")  # not reacted to, the third
        chosen = queue.queue.current
        shown = len(queue.shown)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is main, what="the main screen")
        transcript = main.chat.transcript
        await wait_until(
            pilot,
            lambda: (
                transcript.selected_entry is not None
                and transcript.selected_entry.message_id == chosen.message_id
            ),
            timeout=15,
            what="the answer under the cursor",
        )
        assert main.chat.conversation.session_id == chosen.session_id
        assert any("f8" in n.message and "review queue" in n.message for n in app._notifications)
        again = await open_screen(pilot, "f8", ReviewScreen)
        assert again is queue
        assert queue.queue.current == chosen and len(queue.shown) == shown
        assert queue.filters.unreacted
        assert queue.status_text.startswith(f"1 of {shown} reviewed this session")
        await pilot.press("j", "enter")  # the next one, then back with Esc on the answers
        following = queue.queue.current
        await wait_until(pilot, lambda: app.screen is main, what="the main screen")
        await wait_until(
            pilot,
            lambda: (
                transcript.has_focus
                and transcript.selected_entry is not None
                and transcript.selected_entry.message_id == following.message_id
            ),
            timeout=15,
            what="the next answer under the cursor",
        )
        await pilot.press("plus")  # liked in the chat: the queue shows it too
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is queue, what="back in the queue")
        assert queue.queue.current == replace(following, reaction=Reaction.LIKED)
        assert queue.status_text.startswith(f"2 of {shown} reviewed this session")


async def test_escape_in_the_composer_keeps_its_job(demo_server) -> None:
    """Esc in the composer still goes to the answers, even in a conversation from the queue."""
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        main = app.screen
        await open_queue(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is main, what="the main screen")
        transcript = main.chat.transcript
        await wait_until(pilot, lambda: transcript.selected_entry, timeout=15, what="answer")
        main.chat.composer.focus()
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: transcript.has_focus, what="the answers focused")
        assert app.screen is main


async def test_export_csv_and_markdown(demo_server, tmp_path) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        queue = await open_queue(pilot)
        await pilot.press("d")  # only the disliked
        disliked = list(queue.shown)
        assert disliked and all(item.reaction is Reaction.DISLIKED for item in disliked)
        for name in ("queue.csv", "queue.md"):
            prompt = await open_screen(pilot, "x", PromptScreen)
            prompt.query_one("Input").value = str(tmp_path / name)
            await pilot.press("enter")
            await wait_until(pilot, lambda name=name: (tmp_path / name).exists(), what=name)
            await wait_until(pilot, lambda: app.screen is queue, what="the queue")
        with (tmp_path / "queue.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert [int(row["message id"]) for row in rows] == [i.message_id for i in disliked]
        assert {row["reaction"] for row in rows} == {"disliked"}
        markdown = (tmp_path / "queue.md").read_text(encoding="utf-8")
        assert "disliked" in markdown
        for item in disliked:
            assert item.question.splitlines()[0] in markdown
        prompt = await open_screen(pilot, "x", PromptScreen)  # an existing file is kept
        prompt.query_one("Input").value = str(tmp_path / "queue.csv")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("exists already" in n.message for n in app._notifications),
            what="the refusal to overwrite",
        )


async def test_offline_the_queue_comes_from_the_cache_and_says_so(tmp_path) -> None:
    first = DemoServer(api_key="k").start()
    try:
        store = await synced_store(first, tmp_path / "h.sqlite3")
        async with CustomGPTClient(first.base_url, first.api_key) as client:
            page = await client.list_conversations(NORTHWIND, 1, order="desc")
    finally:
        first.stop()
    session = page.items[0].session_id
    cached = [m.id for s in store.conversations(NORTHWIND) for m in store.messages(s.session_id)]
    app = make_app(first, history=store, start=Location(NORTHWIND, session))
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.screen
        await wait_until(pilot, lambda: app.offline and main.chat.agent, what="offline")
        queue = await open_queue(pilot)
        assert "computed from the history cache" in queue.status_text
        assert sorted(item.message_id for item in queue.items) == sorted(cached)
        await pilot.press("plus")  # reactions wait for the server
        assert any("Offline" in n.message for n in app._notifications)


async def test_f7_insights_opens_an_unanswered_question_at_its_answer() -> None:
    with DemoServer(api_key="k", clock=lambda: FIXED_NOW) as server:  # the app's clock too
        app = make_app(server)
        async with app.run_test(size=(120, 40)) as pilot:
            _, _, chat = await open_first_agent(pilot)
            main = app.screen
            transcript = await ask_in_new_conversation(pilot, chat, UNCOVERED)
            await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
            asked = transcript.entries[-1].message_id
            insights = await open_screen(pilot, "f7", InsightsScreen)  # from the composer
            await wait_until(pilot, lambda: insights.insight, timeout=20, what="insights")
            assert insights.insight.unanswered[0].message_id == asked
            unanswered = insights.query_one(UnansweredList)
            unanswered.focus()
            unanswered.highlighted = 0
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is main, what="the main screen")
            await wait_until(
                pilot,
                lambda: (
                    transcript.selected_entry is not None
                    and transcript.selected_entry.message_id == asked
                ),
                timeout=15,
                what="the unanswered question under the cursor",
            )


async def test_source_who_and_date_filters_cycle_and_say_what_is_on(demo_server) -> None:
    app = make_app(demo_server)  # the app's clock: FIXED_NOW
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_agent(pilot)
        queue = await open_queue(pilot)
        line = queue.query_one("#review-filters")
        every = list(queue.items)
        sources = queue.filters.sources
        assert sources and sources[0] == max(
            sources, key=lambda s: sum(i.request_source == s for i in every)
        )
        await pilot.press("s")
        assert queue.shown and {i.request_source for i in queue.shown} == {sources[0]}
        assert f"source {sources[0]}" in line.content.plain
        await pilot.press(*["s"] * len(sources))  # through every source, back to all
        assert queue.filters.source is None and len(queue.shown) == len(every)
        await pilot.press("w")
        assert queue.shown and {i.started_by for i in queue.shown} == {"me"}
        assert "started by: Mine" in line.content.plain
        await pilot.press("w", "w", "w")
        assert queue.filters.started_by == "all"
        await pilot.press("r", "r")  # every answer, then the last 7 days, then 30
        since = FIXED_NOW.date() - timedelta(days=29)
        assert queue.shown == [
            i for i in every if i.created_at and since <= i.created_at.date() <= FIXED_NOW.date()
        ]
        assert "last 30 days (since Oct 22)" in line.content.plain
