"""Reading inside an answer: inline citation markers step to their cards (`]` / `[`, Enter
opens), code blocks are selected (`b` / `B`) and copied one at a time (`y`).

The stand-in answers with a scripted text (markers, code) and real citations of its agent,
streamed over loopback like any answer.
"""

from __future__ import annotations

from rich.style import Style

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.ui.transcript.entry import EntryStatus
from cgpt_tui.ui.transcript.transcript import Transcript

from .helpers import ask_in_new_conversation, make_app, wait_for_last_answer, wait_until
from .test_chat_flow import open_first_agent

MARKED = (
    "Reset your password from the sign-in page [1]. Plans are billed per seat [2].\n\n"
    "The old guide [3] is gone; type `[1]` as it is.\n\n"
    "```\nitems[2]\n```\n"
)
CODED = (
    "Install it:\n\n"
    "```bash\npip install northwind-cli\nnorthwind login\n```\n\n"
    "Then, in `config.toml`:\n\n"
    "- set the workspace:\n\n"
    '  ```toml\n  [workspace]\n  name = "acme"\n  ```\n\n'
    "That is all.\n"
)


async def scripted(pilot, chat, demo_server, text: str, citations=()) -> Transcript:
    """Ask a question the stand-in answers with `text`; the answer selected, cards loaded."""
    demo_server.state.script_answer(text, tuple(citations))
    transcript = await ask_in_new_conversation(pilot, chat, "Tell me")
    await wait_for_last_answer(
        pilot, transcript, EntryStatus.DONE, cards_done=lambda card: card.citation
    )
    await pilot.press("escape")
    assert transcript.has_focus and transcript.selected_entry is transcript.entries[-1]
    return transcript


def row_with(transcript: Transcript, text: str) -> int:
    rows = transcript.painted_text(len(transcript.entries) - 1)
    return next(n for n, row in enumerate(rows) if text in row)


def cursors(transcript: Transcript) -> tuple[int | None, int | None, int | None]:
    """The selected answer, and its selected marker and code block."""
    return transcript.cursor, transcript.marker_cursor, transcript.code_cursor


def style_of(transcript: Transcript, row: int, text: str) -> Style:
    """The style of the cells where `text` is on painted `row` of the last entry."""
    line = transcript.painted_line(len(transcript.entries) - 1, row)
    start = line.text.index(text)
    cell = 0
    for segment in line:
        if cell <= start < cell + len(segment.text):
            rest = segment.text[start - cell :]
            assert rest.startswith(text) or text.startswith(rest), segment
            return segment.style or Style()
        cell += len(segment.text)
    raise AssertionError(f"{text!r} not on row {row}")


async def test_brackets_step_through_the_markers_and_enter_opens_their_card(
    demo_server,
) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, MARKED, (9001, 9003))
        entry = transcript.entries[-1]
        selected = transcript.get_component_rich_style("transcript--marker-selected")
        link = transcript.get_component_rich_style("transcript--marker")
        first_row, second_row = row_with(transcript, "page [1]"), row_with(transcript, "seat [2]")
        assert style_of(transcript, first_row, "[1]").underline  # a link before any step
        assert style_of(transcript, first_row, "[1]").color == link.color

        await pilot.press("right_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (0, 0)
        assert style_of(transcript, first_row, "[1]").bgcolor == selected.bgcolor
        assert style_of(transcript, second_row, "[2]").bgcolor != selected.bgcolor

        await pilot.press("right_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (1, 1)
        assert style_of(transcript, second_row, "[2]").bgcolor == selected.bgcolor
        assert style_of(transcript, first_row, "[1]").bgcolor != selected.bgcolor

        # [3] has no citation and the code's [1] and [2] are code: the third step wraps.
        await pilot.press("right_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (0, 0)
        await pilot.press("left_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (1, 1)

        await pilot.press("enter")
        assert entry.cards[1].url and "reset-password" not in entry.cards[1].url
        assert app.opened_urls == [entry.cards[1].url]


async def test_with_inline_citations_on_the_agents_own_answer_steps_to_its_card(
    demo_server,
) -> None:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        await client.update_agent_settings(103, {"enable_inline_citations_api": True})
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "How do I reset my password?")
        await wait_for_last_answer(
            pilot, transcript, EntryStatus.DONE, cards_done=lambda card: card.citation
        )
        await pilot.press("escape")
        entry = transcript.entries[-1]
        assert "[1]" in entry.answer_text and entry.cards
        await pilot.press("right_square_bracket")
        assert (transcript.marker_cursor, transcript.card_cursor) == (0, 0)
        await pilot.press("enter")
        assert app.opened_urls == [entry.cards[0].url]


async def test_markers_without_a_citation_or_in_code_stay_plain_text(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, MARKED, (9001, 9003))
        link = transcript.get_component_rich_style("transcript--marker")
        row = row_with(transcript, "guide [3]")
        assert style_of(transcript, row, "[3]") == style_of(transcript, row, "The old guide")
        code = style_of(transcript, row, "[1]")  # the inline code `[1]`
        assert code.bgcolor is not None and not code.underline and code.color != link.color
        fenced = style_of(transcript, row_with(transcript, "items[2]"), "[2]")
        assert not fenced.underline and fenced.color != link.color


async def test_an_answer_without_markers_says_so(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, "No markers here [0].", (9001,))
        await pilot.press("right_square_bracket")
        assert transcript.marker_cursor is None and transcript.card_cursor is None
        assert [n.message for n in app._notifications][-1] == (
            "This answer has no citation markers."
        )


async def test_b_selects_code_blocks_in_turn_and_y_copies_just_that_code(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, CODED)
        index = len(transcript.entries) - 1

        await pilot.press("b")
        assert transcript.code_cursor == 0
        rows = transcript.painted_text(index)
        top = row_with(transcript, "▸ bash · block 1 of 2 · y copies it")
        assert "pip install northwind-cli" in rows[top + 1]
        assert not any("block 2 of 2" in row for row in rows)

        await pilot.press("b")
        assert transcript.code_cursor == 1
        top = row_with(transcript, "▸ toml · block 2 of 2 · y copies it")
        assert "[workspace]" in transcript.painted_text(index)[top + 1]
        assert rows[0] == transcript.painted_text(index)[0]
        assert len(transcript.painted_text(index)) == len(rows), "a selection moved no row"

        await pilot.press("b")
        assert transcript.code_cursor == 0, "wraps to the first"
        await pilot.press("B")
        assert transcript.code_cursor == 1, "and back to the last"

        await pilot.press("y")
        assert app.clipboard == '[workspace]\nname = "acme"'
        assert [n.message for n in app._notifications][-1] == (
            f"Copied the code block 2 of 2 ({len(app.clipboard)} characters)."
        )
        await pilot.press("B", "y")
        assert app.clipboard == "pip install northwind-cli\nnorthwind login"

        await pilot.press("c")  # the answer's copy stays the whole answer
        assert app.clipboard == transcript.entries[-1].answer_text


async def test_y_with_no_block_selected_selects_and_copies_the_first(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, CODED)
        await pilot.press("y")
        assert transcript.code_cursor == 0
        assert app.clipboard == "pip install northwind-cli\nnorthwind login"
        assert "▸ bash · block 1 of 2 · y copies it" in "".join(
            transcript.painted_text(len(transcript.entries) - 1)
        )


async def test_another_answer_starts_with_nothing_selected_in_it(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, MARKED, (9001, 9003))
        demo_server.state.script_answer(CODED)
        chat.composer.text = "And then?"
        chat.composer.focus()
        await pilot.press("enter")
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        await pilot.press("escape", "b")
        assert (transcript.cursor, transcript.code_cursor) == (1, 0)
        await pilot.press("up", "right_square_bracket")
        assert cursors(transcript) == (0, 0, None)
        await pilot.press("down")
        assert cursors(transcript) == (1, None, None)
        assert not any("block 1 of 2" in row for row in transcript.painted_text(1))


async def test_code_keys_on_an_answer_without_code_say_so(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await scripted(pilot, chat, demo_server, "Just `inline` code, no block.")
        await pilot.press("b")
        assert transcript.code_cursor is None
        assert [n.message for n in app._notifications][-1] == "This answer has no code block."
        await pilot.press("y")
        assert [n.message for n in app._notifications][-1] == (
            "This answer has no code block to copy."
        )
        assert app.clipboard == ""


async def test_a_streaming_answer_gets_its_code_blocks_when_it_finishes(demo_server) -> None:
    demo_server.pace = 5  # tokens a second: slow, until the check while it streams is done
    code = "northwind sync --all\nnorthwind status\nnorthwind logout"
    demo_server.state.script_answer(f"Run:\n\n```sh\n{code}\n```\n")
    app = make_app(demo_server)
    async with app.run_test(size=(160, 48)) as pilot:
        _, _, chat = await open_first_agent(pilot)
        transcript = await ask_in_new_conversation(pilot, chat, "How do I sync?")
        await wait_until(
            pilot,
            lambda: transcript.entries and "northwind" in transcript.entries[-1].answer_text,
            what="the code arriving",
        )
        entry = transcript.entries[-1]
        assert entry.status.is_active
        transcript.focus()
        await pilot.press("b")
        assert transcript.code_cursor is None
        assert [n.message for n in app._notifications][-1] == "This answer has not finished yet."
        demo_server.pace = 0
        await wait_for_last_answer(pilot, transcript, EntryStatus.DONE)
        await pilot.press("b", "y")
        assert transcript.code_cursor == 0
        assert app.clipboard == code
