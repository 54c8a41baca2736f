"""Streaming in the chat: cancel keeps the partial answer; the view follows only at the bottom."""

from __future__ import annotations

import itertools

from cgpt_tui.ui.transcript.entry import EntryStatus

from .helpers import (
    ask_in_new_conversation,
    make_app,
    wait_for_last_answer,
    wait_for_thread,
    wait_until,
)
from .test_chat_flow import open_first_agent


async def test_escape_cancels_stream_and_keeps_partial_answer(demo_server) -> None:
    demo_server.pace = 40
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "What plans do you offer?")
        await wait_until(
            pilot,
            lambda: transcript.entries and len(transcript.entries[-1].answer_text) > 20,
            what="some text",
        )
        await pilot.press("escape")
        entry = transcript.entries[-1]
        await wait_until(pilot, lambda: entry.status is EntryStatus.STOPPED, what="stopped")
        partial = entry.answer_text
        assert partial and "■ stopped" in "\n".join(
            transcript.painted_text(len(transcript.entries) - 1)
        )
        record = demo_server.stream_log[-1]
        assert await wait_for_thread(lambda: record.client_disconnected, timeout=3)
        assert not record.finished
        await pilot.pause(0.3)
        assert entry.answer_text == partial, "nothing arrives after the stop"
        assert not chat.is_streaming


async def test_view_follows_the_stream_only_at_the_bottom(demo_server) -> None:
    demo_server.pace = 25
    app = make_app(demo_server)
    async with app.run_test(size=(120, 20)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
        await wait_until(pilot, lambda: transcript.max_scroll_y > 2, what="answer taller than view")
        assert transcript.is_at_bottom, "following while at the bottom"
        transcript.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause(0.2)
        entry = transcript.entries[-1]
        grown_from = len(entry.answer_text)
        await wait_until(pilot, lambda: len(entry.answer_text) > grown_from + 10, what="more text")
        assert transcript.scroll_y == 0, "reading above is never interrupted"
        transcript.scroll_end(animate=False, immediate=True)
        await wait_until(pilot, lambda: entry.status is EntryStatus.DONE, timeout=20, what="done")
        await pilot.pause(0.1)
        assert transcript.is_at_bottom


async def test_cut_stream_marks_the_answer_interrupted_and_r_retries(demo_server) -> None:
    demo_server.faults.cut_stream_after(12)
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "What plans do you offer?")
        await wait_for_last_answer(pilot, transcript, EntryStatus.INTERRUPTED)
        interrupted = transcript.entries[-1]
        assert interrupted.answer_text
        await pilot.press("escape")
        assert transcript.has_focus
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: (
                len(transcript.entries) == 2 and transcript.entries[-1].status is EntryStatus.DONE
            ),
            what="retried",
        )
        assert transcript.entries[-1].question == interrupted.question


async def test_a_stall_past_the_read_timeout_is_interrupted_and_kept(demo_server) -> None:
    from cgpt_tui.local.config import Settings

    demo_server.faults.stall(5, after_events=10)
    app = make_app(demo_server, settings=Settings(read_timeout=0.5))
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "What plans do you offer?")
        await wait_for_last_answer(pilot, transcript, EntryStatus.INTERRUPTED)
        entry = transcript.entries[-1]
        assert entry.answer_text and "timed out" in (entry.error or "")


async def test_a_growing_answer_moves_the_view_on_by_two_thirds_not_line_by_line(
    demo_server,
) -> None:
    """Each new line scrolling the view repainted all of it (a 160x48 transcript is ~7 KB
    to the terminal); the view moves on in steps of two thirds of its height instead, the
    growing text always in view, and does not jump back when the answer ends."""
    demo_server.pace = 120
    demo_server.state.script_answer(
        "\n\n".join(f"Paragraph {n}: the export runs in the background." for n in range(40))
    )
    app = make_app(demo_server)
    async with app.run_test(size=(120, 24)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "Tell me everything")
        entry = transcript.entries[-1]
        height = transcript.scrollable_content_region.height
        tops: list[int] = []
        while entry.status is not EntryStatus.DONE:
            top = round(transcript.scroll_y)
            if not tops or top != tops[-1]:
                tops.append(top)
            rows = transcript._layout.total_rows
            assert top < rows <= top + height, f"the growing end is in view: {top} {rows}"
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        # The answer is read in batches: its last text may come with its end and pass the
        # bottom then; the view moves on just enough to show the finished answer, never back.
        end = round(transcript.scroll_y)
        assert end >= tops[-1], f"no jump back at the end: {tops} then {end}"
        assert transcript._layout.total_rows <= end + height, "the end is in view"
        steps = [b - a for a, b in itertools.pairwise(tops)]
        assert len(steps) >= 2, f"the answer grew past the view a few times: {tops}"
        assert all(step >= height * 2 // 3 - 1 for step in steps), steps


async def test_the_composer_cursor_holds_still_while_an_answer_streams(demo_server) -> None:
    """Each blink is a frame of its own, twice a second; while the answer paints anyway the
    cursor is steady (still shown), and it blinks again when the answer is done."""
    demo_server.pace = 40
    app = make_app(demo_server)
    async with app.run_test(size=(120, 24)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        composer = chat.composer
        assert composer.cursor_blink
        transcript = await ask_in_new_conversation(pilot, chat, "What plans do you offer?")
        await wait_until(pilot, lambda: chat.is_streaming, what="streaming")
        assert not composer.cursor_blink
        composer.focus()
        await pilot.pause(0.7)  # more than a blink's half period
        assert composer._draw_cursor, "the cursor shows, steady"
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        assert composer.cursor_blink
