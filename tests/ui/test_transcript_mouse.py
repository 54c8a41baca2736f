"""The mouse in the transcript: drag to select text as shown and copy it; click a card to
open it, as Enter does; click an answer to select it."""

from __future__ import annotations

from textual.geometry import Offset

from cgpt_tui.ui.screens.preview_screen import PreviewScreen
from cgpt_tui.ui.transcript.entry import ChatEntry, EntryStatus
from cgpt_tui.ui.transcript.painter import GUTTER
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import ask_in_new_conversation, make_app, wait_for_last_answer, wait_until
from .test_chat_flow import open_first_agent
from .test_snapshots import ask_and_finish, open_agent, still_server  # noqa: F401

SIZE = (160, 44)


async def answered(pilot, chat, question: str) -> Transcript:
    transcript = await ask_in_new_conversation(pilot, chat, question)
    await wait_for_last_answer(
        pilot, transcript, EntryStatus.DONE, cards_done=lambda card: card.citation
    )
    await pilot.pause(0.1)
    return transcript


def on_screen(transcript: Transcript, row: int, char: int) -> Offset:
    """Where character `char` of the text of transcript row `row` is on the screen."""
    region = transcript.content_region
    x = region.x + transcript.column.indent + GUTTER + char
    return Offset(x, region.y + row - round(transcript.scroll_y))


async def drag(pilot, start: Offset, end: Offset) -> None:
    await pilot.mouse_down(None, offset=start)
    await pilot.hover(None, offset=Offset(start.x + 1, start.y))
    await pilot.hover(None, offset=end)
    await pilot.mouse_up(None, offset=end)
    await pilot.pause()


def rows_of(transcript: Transcript, index: int) -> list[str]:
    return [line.rstrip() for line in transcript.painted_text(index)]


def paragraph_rows(rows: list[str]) -> int:
    """The first of two rows of one wrapped paragraph of an answer."""
    return next(
        n
        for n in range(3, len(rows) - 1)
        if len(rows[n]) > 60 and len(rows[n + 1]) > 20 and not rows[n][0].isspace()
    )


async def test_a_drag_across_two_lines_selects_and_copies_the_text_as_shown(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        _, _, chat = await open_first_agent(pilot)
        await pilot.press("f4")  # the chat wide: the text in the reading column, centred
        transcript = await answered(pilot, chat, "How do I reset my password?")
        assert transcript.column.indent > 0
        rows = rows_of(transcript, 0)
        row = paragraph_rows(rows)
        first, second = rows[row], rows[row + 1]
        await drag(pilot, on_screen(transcript, row, 3), on_screen(transcript, row + 1, 9))
        expected = first[3:] + "\n" + second[:10]  # the character under the pointer too
        assert app.screen.get_selected_text() == expected
        await pilot.press("ctrl+c")
        assert app.clipboard == expected

        # Shown selected, in the screen's selection background, and only that; the text
        # keeps its colours (the theme's selection foreground is transparent).
        selection = app.screen.get_component_rich_style("screen--selection")
        for y, text in ((row, first[3:]), (row + 1, second[:10])):
            strip = transcript.render_line(y - round(transcript.scroll_y))
            lit = [s for s in strip if s.style and s.style.bgcolor == selection.bgcolor]
            assert "".join(s.text for s in lit) == text
            assert all(s.style and s.style.color not in (None, s.style.bgcolor) for s in lit)


async def test_a_drag_from_the_gutter_across_a_card_and_into_the_next_question(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        _, _, chat = await open_first_agent(pilot)
        await pilot.press("f4")
        transcript = await answered(pilot, chat, "How do I reset my password?")
        chat.composer.text = "What plans do you offer?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        await pilot.pause(0.1)
        transcript.focus()  # as the mouse will: the selected answer shows its exact time
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()

        rows = rows_of(transcript, 0)
        painted = transcript._layout.painted[0]
        assert painted is not None and len(painted.cards) == 1
        top, end = painted.cards[0]
        last_text = top - 2  # the answer's last row, a blank row, then the card
        body = [line[2:-2].rstrip() for line in transcript.painted_text(0)[top + 1 : end - 1]]
        question_top = transcript._layout.offsets[1]
        next_rows = rows_of(transcript, 1)

        # From the margin left of the text (the start of that row) to the 4th character of
        # the next question: no gutter, no card border, the blank row between entries.
        start = on_screen(transcript, last_text, -GUTTER - 1)
        await drag(pilot, start, on_screen(transcript, question_top + 1, 3))
        expected = "\n".join([rows[last_text], "", *body, "", next_rows[0], next_rows[1][:4]])
        assert app.screen.get_selected_text() == expected
        for border in "│╭╮╰╯▌":
            assert border not in expected
        assert app.opened_urls == []  # the drag ended on text, not a click

        # Older history loaded above keeps the same text selected.
        older = ChatEntry(question="An older question")
        older.answer.append("An older answer.")
        transcript.prepend([older])
        await pilot.pause()
        assert app.screen.get_selected_text() == expected


async def test_a_drag_that_ends_on_a_card_does_not_open_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "How do I reset my password?")
        painted = transcript._layout.painted[0]
        assert painted is not None
        top, _ = painted.cards[0]
        await drag(pilot, on_screen(transcript, top - 2, 0), on_screen(transcript, top + 1, 8))
        assert app.screen.get_selected_text()
        assert app.opened_urls == []


async def test_clicking_a_card_opens_it_and_clicking_an_answer_selects_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "How do I reset my password?")
        chat.composer.text = "What plans do you offer?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()

        await pilot.click(None, offset=on_screen(transcript, 5, 4))  # the first answer
        assert transcript.has_focus and transcript.cursor == 0
        assert app.opened_urls == [] and app.screen.selections == {}

        painted = transcript._layout.painted[0]
        assert painted is not None
        top, _ = painted.cards[0]
        await pilot.click(None, offset=on_screen(transcript, top + 1, 4))
        assert transcript.cursor == 0 and transcript.card_cursor == 0
        assert app.opened_urls == ["https://help.northwind.example/account/reset-password"]


async def test_clicking_an_uploaded_file_card_opens_its_preview(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        agents, _, chat = await open_first_agent(pilot)
        agents.options.focus()
        agents.options.highlighted = 1
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: chat.agent is not None and chat.agent.id == 102, what="the Lumen agent"
        )
        transcript = await answered(pilot, chat, "How do I update the firmware?")
        painted = transcript._layout.painted[0]
        assert painted is not None and painted.cards
        top, _ = painted.cards[0]
        await pilot.click(None, offset=on_screen(transcript, top + 1, 4))
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), what="preview")
        assert "X100FW.DAT" in app.screen.query_one("#preview-text").text
        assert app.opened_urls == []


async def test_a_double_click_selects_a_word_and_a_triple_click_the_whole_entry(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await answered(pilot, chat, "How do I reset my password?")
        transcript.focus()
        await pilot.pause()
        rows = rows_of(transcript, 0)
        row = paragraph_rows(rows)
        words = rows[row].split(" ")
        at = len(words[0]) + 1 + len(words[1]) + 1  # the third word of the row
        # As the terminal sends them: the clicks land on the transcript (Pilot's clicks at a
        # screen offset would be the screen's, and Textual selects all of it on its own).
        point = tuple(on_screen(transcript, row, at + 1) - transcript.region.offset)
        await pilot.click(transcript, offset=point, times=2)
        assert app.screen.get_selected_text() == words[2]
        await pilot.click(transcript, offset=point, times=3)

        rows = rows_of(transcript, 0)  # as shown now: the selected answer shows its exact time
        painted = transcript._layout.painted[0]
        assert painted is not None
        top, end = painted.cards[0]
        cards = [line[2:-2].rstrip() for line in transcript.painted_text(0)[top + 1 : end - 1]]
        assert app.screen.get_selected_text() == "\n".join([*rows[:top], *cards])
        assert list(app.screen.selections) == [transcript]  # not the composer and the rest
        assert app.opened_urls == []


def test_snapshot_of_text_selected_across_lines_and_a_card(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        chat = await open_agent(pilot)
        await pilot.press("f4")
        transcript = await ask_and_finish(pilot, chat, "How do I reset my password?")
        rows = rows_of(transcript, 0)
        painted = transcript._layout.painted[0]
        assert painted is not None
        top, _ = painted.cards[0]
        start = paragraph_rows(rows)
        await drag(pilot, on_screen(transcript, start, 7), on_screen(transcript, top + 2, 20))
        assert app.screen.get_selected_text()

    app = make_app(still_server, demo=True)
    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)
