"""The reading column: on a wide chat the transcript keeps its text to `reading_width`
columns (100 by default), centred; below that, and with the setting off, it uses the width
it has."""

from __future__ import annotations

from cgpt_tui.local.config import Settings
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.painter import GUTTER, MARGIN
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import ask_in_new_conversation, make_app, wait_for_last_answer
from .test_chat_flow import open_first_agent
from .test_snapshots import ask_and_finish, open_agent, still_server  # noqa: F401


async def wide_answer(pilot, *, wide: bool = True) -> Transcript:
    _, _, chat = await open_first_agent(pilot)
    if wide:
        await pilot.press("f4")  # the side panes hidden: the chat has the whole width
    transcript = await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
    await wait_for_last_answer(pilot, transcript, EntryStatus.DONE, cards_done=lambda c: c.citation)
    await pilot.pause(0.1)
    return transcript


def text_width(transcript: Transcript) -> int:
    """How wide the painted rows are (question, answer and cards are painted alike)."""
    widths = {len(line) for line in transcript.painted_text(0)}
    assert len(widths) == 1
    return widths.pop()


def shown(transcript: Transcript) -> list[str]:
    return [transcript.render_line(y).text for y in range(transcript.size.height)]


async def test_a_wide_chat_keeps_answers_to_100_columns_centred(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 44)) as pilot:
        transcript = await wide_answer(pilot)
        full = transcript.scrollable_content_region.width
        assert full > 150
        assert text_width(transcript) == 100
        assert max(len(line.rstrip()) for line in transcript.painted_text(0)) > 90
        indent = (full - (100 + GUTTER + MARGIN)) // 2
        assert transcript.column.indent == indent > 20
        rows = [row for row in shown(transcript) if row.strip()]
        assert rows and all(len(row) == full for row in rows)
        assert all(row[: indent + GUTTER].strip() in ("", "▌") for row in rows)
        assert all(not row[indent + GUTTER + 100 :].strip() for row in rows)
        assert any("╭─[1]" in row and row.index("╭") == indent + GUTTER for row in rows)


async def test_the_setting_changes_the_reading_width_or_turns_it_off(demo_server) -> None:
    app = make_app(demo_server, settings=Settings(reading_width=120))
    async with app.run_test(size=(160, 44)) as pilot:
        transcript = await wide_answer(pilot)
        assert text_width(transcript) == 120
        transcript.set_reading_width(None)
        await pilot.pause()
        full = transcript.scrollable_content_region.width
        assert transcript.column.indent == 0
        assert text_width(transcript) == full - GUTTER - MARGIN


async def test_off_in_the_settings_the_transcript_uses_the_full_width(demo_server) -> None:
    app = make_app(demo_server, settings=Settings(reading_width=None))
    async with app.run_test(size=(160, 44)) as pilot:
        transcript = await wide_answer(pilot)
        full = transcript.scrollable_content_region.width
        assert transcript.column.indent == 0
        assert text_width(transcript) == full - GUTTER - MARGIN > 140


async def test_below_the_reading_width_nothing_changes(demo_server) -> None:
    for size, wide in (((80, 24), False), ((160, 44), False)):  # one pane; three panes
        app = make_app(demo_server)
        async with app.run_test(size=size) as pilot:
            transcript = await wide_answer(pilot, wide=wide)
            full = transcript.scrollable_content_region.width
            assert full < 100
            assert transcript.column.indent == 0
            assert text_width(transcript) == full - GUTTER - MARGIN


def test_snapshot_of_an_answer_in_the_reading_column(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        await pilot.press("f4")
        await ask_and_finish(pilot, chat, "How do I reset my password?")

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)
