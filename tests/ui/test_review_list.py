"""The review list on its own, over made-up answers: rows, cursor, hostile text."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult

from cgpt_tui.api import Reaction
from cgpt_tui.ui.widgets.review_list import ReviewList, first_line, reaction_mark

from .helpers import wait_until
from .review_helpers import made_up_items


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.moved: list[object] = []

    def compose(self) -> ComposeResult:
        yield ReviewList()

    def on_review_list_cursor_moved(self, event: ReviewList.CursorMoved) -> None:
        self.moved.append(event.item)


def row_text(widget: ReviewList, y: int) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


async def test_rows_show_when_mark_source_who_question_and_answer() -> None:
    app = Host()
    async with app.run_test(size=(120, 20)) as pilot:
        widget = app.query_one(ReviewList)
        widget.set_items(made_up_items(50))
        await pilot.pause()
        first = row_text(widget, 0)
        assert first.startswith("Nov 20 12:00")
        assert "web" in first and "visitor" in first
        assert "Question number 0 about shipping" in first and "second line" not in first
        assert "**Answer** 0: we ship" in first
        assert row_text(widget, 1).split()[3] == "+"  # the second is liked
        assert len(first) == widget.scrollable_content_region.width


async def test_j_and_k_move_the_cursor_and_scroll() -> None:
    app = Host()
    async with app.run_test(size=(100, 12)) as pilot:
        widget = app.query_one(ReviewList)
        items = made_up_items(1_000)
        widget.set_items(items)
        widget.focus()
        await pilot.pause()
        await pilot.press("j", "j", "down")
        assert widget.current == items[3]
        await pilot.press("k")
        assert widget.current == items[2]
        await pilot.press("end")
        await pilot.pause()
        assert widget.current == items[-1]
        assert widget.scroll_offset.y > 900
        await wait_until(pilot, lambda: app.moved and app.moved[-1] == items[-1])


async def test_a_changed_reaction_redraws_its_row_and_keeps_the_cursor() -> None:
    app = Host()
    async with app.run_test(size=(100, 12)) as pilot:
        widget = app.query_one(ReviewList)
        items = made_up_items(20)
        widget.set_items(items)
        widget.cursor = 4
        await pilot.pause()
        widget.replace_item(replace(items[4], reaction=Reaction.DISLIKED))
        assert row_text(widget, 4).split()[3] == "-"
        widget.set_items(items[3:], keep=items[4].message_id)
        assert widget.cursor == 1


async def test_hostile_text_is_cleaned_and_not_markup() -> None:
    app = Host()
    async with app.run_test(size=(100, 12)) as pilot:
        widget = app.query_one(ReviewList)
        bad = replace(
            made_up_items(1)[0],
            question="\x1b]52;c;aGk=\x07[bold red]Hi[/] [@click=app.quit]x[/]",
            request_source="w\x1b[31meb",
        )
        widget.set_items([bad])
        await pilot.pause()
        row = row_text(widget, 0)
        assert "\x1b" not in row and "[bold red]Hi[/]" in row


def test_marks_and_first_lines() -> None:
    assert reaction_mark(Reaction.LIKED) == "+"
    assert reaction_mark(Reaction.DISLIKED) == "-"
    assert reaction_mark(None) == reaction_mark(Reaction.NEUTRAL) == "·"
    assert first_line("\n\n  \n  second\nthird") == "second"
