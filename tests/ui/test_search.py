"""Searching every cached conversation from the app (ctrl+f or /)."""

from __future__ import annotations

from pathlib import Path

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.retrieval import Answer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.search_screen import SearchScreen
from cgpt_tui.ui.transcript.entry import EntryStatus

from .helpers import (
    ask_in_new_conversation,
    make_app,
    open_screen,
    wait_for_last_answer,
    wait_until,
)
from .test_chat_flow import open_first_agent


async def synced_store(server, path: Path) -> HistoryStore:
    store = HistoryStore(path)
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        await sync_history(client, store)
    return store


async def search_for(pilot, text: str) -> SearchScreen:
    screen = await open_screen(pilot, "ctrl+f", SearchScreen)
    await pilot.press(*text)
    # A pause between two keys longer than TYPING_PAUSE searches what was typed so far: its
    # hits (for "quokka", not "quokka seats") are not the ones asked for.
    await wait_until(
        pilot, lambda: screen.searched == text and screen.hits, what=f"hits for {text!r}"
    )
    return screen


async def test_a_result_opens_its_conversation_at_that_message(demo_server, tmp_path) -> None:
    state = demo_server.state
    agent = state.agents[103]
    old = state.add_conversation(agent, "Very old question", created_by=1)
    state.add_message(agent, old, "Zanzibar shipping?", Answer("We ship to Zanzibar weekly.", ()))
    for n in range(25):  # the match ends up on an older page of a long conversation
        state.add_message(agent, old, f"Filler {n}", Answer(f"Filler answer {n}.", ()))
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.agents.agents, what="agents")
        search = await search_for(pilot, "zanzib")
        hit = search.hits[0]
        assert hit.conversation_name == "Very old question"
        assert next(hit.snippet[a:b] for a, b in hit.marks).lower().startswith("zanzib")
        await pilot.press("down", "enter")
        chat = screen.chat
        transcript = chat.transcript
        await wait_until(
            pilot,
            lambda: (
                transcript.selected_entry is not None
                and transcript.selected_entry.message_id == hit.message_id
            ),
            timeout=15,
            what="the message under the cursor",
        )
        assert chat.conversation.session_id == old["session_id"]
        assert transcript.has_focus


async def test_what_was_asked_in_the_app_is_found(demo_server) -> None:
    app = make_app(demo_server, history=HistoryStore(":memory:"))
    async with app.run_test(size=(140, 40)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        chat.transcript.focus()
        search = await search_for(pilot, "forgotten password")
        assert any(h.message_id == transcript.entries[-1].message_id for h in search.hits)
        first = search.hits[0]
        await pilot.press("ctrl+n")  # away from it, then Enter in the query opens the first
        await search_for(pilot, "forgotten password")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                chat.conversation is not None and chat.conversation.session_id == first.session_id
            ),
            what="the first result's conversation",
        )


async def test_results_show_server_text_literally(demo_server, tmp_path) -> None:
    state = demo_server.state
    agent = state.agents[103]
    trap = state.add_conversation(agent, "[bold red]Trap[/bold red]", created_by=1)
    state.add_message(
        agent, trap, "quokka?", Answer("A [link=http://x]quokka[/link] \x1b[31m!", ())
    )
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        search = await search_for(pilot, "http")  # only in the answer
        prompt = search.results.get_option_at_index(0).prompt
        plain = str(prompt)
        assert "[bold red]Trap[/bold red]" in plain and "[link=http://x]" in plain
        assert "\x1b" not in plain
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="closed")


async def test_without_a_cache_search_says_so(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        await pilot.press("ctrl+f")
        await wait_until(
            pilot,
            lambda: any("no history cache" in n.message for n in app._notifications),
            what="the note",
        )


async def test_the_demo_fills_its_cache_so_search_finds_unopened_conversations(
    demo_server,
) -> None:
    store = HistoryStore(":memory:")
    app = make_app(demo_server, history=store, fill_history=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: store.count_messages() > 50, what="the cache filled")
        search = await search_for(pilot, "invoices")
        assert {h.agent_id for h in search.hits} == {103}


async def test_a_result_in_a_conversation_with_a_huge_name_takes_two_rows(
    demo_server, tmp_path
) -> None:
    """A 10,000-character name once wrapped over the whole list: one hit filled it."""
    state = demo_server.state
    agent = state.agents[103]
    huge = state.add_conversation(agent, "Wombat " + "w" * 10_000, created_by=1)
    state.add_message(agent, huge, "wombat facts?", Answer("Wombats dig burrows.", ()))
    other = state.add_conversation(agent, "Second wombat chat", created_by=1)
    state.add_message(agent, other, "more wombat?", Answer("Wombat droppings are cubes.", ()))
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        search = await search_for(pilot, "wombat")
        await wait_until(pilot, lambda: len(search.hits) == 2, what="both hits")
        results = search.results
        await pilot.pause()
        assert results.virtual_size.height == 4, "each result should be two rows"
        width = results.scrollable_content_region.width
        rows = [results.render_line(y).text for y in range(4)]
        names = {hit.conversation_name[:6] for hit in search.hits}
        assert names == {"Wombat", "Second"}
        huge_row = next(row for row in rows if "Wombat ww" in row)
        assert huge_row.rstrip().endswith("…") and len(huge_row) <= width + 2


async def test_results_show_an_answers_text_not_its_markdown_and_mark_the_words(
    demo_server, tmp_path
) -> None:
    state = demo_server.state
    agent = state.agents[103]
    conversation = state.add_conversation(agent, "Quokka plans", created_by=1)
    answer = (
        "### Quokka plans\n\nThe **Quokka** plan suits `teams`:\n\n"
        "- [Compare quokka plans](https://help.example/plans)\n\n"
        "| Plan | Seats |\n|---|---|\n| Quokka | 12 |\n"
    )
    state.add_message(agent, conversation, "Which plan?", Answer(answer, ()))
    store = await synced_store(demo_server, tmp_path / "h.sqlite3")
    app = make_app(demo_server, history=store)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        search = await search_for(pilot, "quokka seats")
        prompt = search.results.get_option_at_index(0).prompt
        shown = prompt.plain.split("\n", 1)[1]  # below the agent · conversation · when line
        for syntax in ("**", "###", "`", "|", "](", "- "):
            assert syntax not in shown
        assert "Quokka plans The Quokka plan suits teams: Compare quokka plans" in shown
        offset = len(prompt.plain) - len(shown)
        marked = [
            prompt.plain[span.start : span.end]
            for span in prompt.spans
            if span.start >= offset and "underline" in str(span.style)
        ]
        assert marked == ["Quokka", "Quokka", "quokka", "Seats", "Quokka"]
