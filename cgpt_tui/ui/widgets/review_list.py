"""Every answer of an agent, one line each, however many: only the rows on screen are drawn.

Like the workshop's PagesTable (Textual's line API): the widget keeps the items that pass the
review queue's filters and draws a row when it comes into view, its text cleaned and fitted
once per width. A row: when, the reaction, the request source, who started the conversation,
the question and the first line of the answer. Server text is cleaned and never read as
markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from cgpt_tui.api import Reaction
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.widgets.cursor_lines import CursorLines, fit

DATE_WIDTH = 12  # "Nov 19 14:02"
MARK_WIDTH = 1
SOURCE_WIDTH = 8  # "livechat"
WHO_WIDTH = 7
GAP = 1
MARKS = {Reaction.LIKED: "+", Reaction.DISLIKED: "-"}
WHO = {"me": "me", "team_member": "team", "anonymous": "visitor"}


def reaction_mark(reaction: Reaction | None) -> str:
    """ "+" liked, "-" disliked, "·" neither (a sign, not a colour alone)."""
    return MARKS.get(reaction, "·") if reaction is not None else "·"


def short_when(when: datetime | None) -> str:
    return when.astimezone().strftime("%b %d %H:%M") if when else "unknown"


def first_line(text: str) -> str:
    """The first line of `text` that shows something, cleaned."""
    for line in clean_text(text).splitlines():
        if shown := clean_line(line):
            return shown
    return ""


def text_widths(width: int) -> tuple[int, int]:
    """(question, answer) widths: what the fixed columns leave, 45 % to the question."""
    free = width - DATE_WIDTH - MARK_WIDTH - SOURCE_WIDTH - WHO_WIDTH - 5 * GAP
    question = max(free * 45 // 100, 8)
    return question, max(free - question, 0)


def header_line(width: int) -> str:
    question, answer = text_widths(width)
    gap = " " * GAP
    return (
        fit("When", DATE_WIDTH)
        + gap
        + fit("", MARK_WIDTH)
        + gap
        + fit("Source", SOURCE_WIDTH)
        + gap
        + fit("Started", WHO_WIDTH)
        + gap
        + fit("Question", question)
        + gap
        + fit("Answer", answer)
    )


class ReviewList(CursorLines):
    """The answers passing the queue's filters, newest first, with a cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "review-list--cursor",
        "review-list--liked",
        "review-list--disliked",
        "review-list--unanswered",
        "review-list--muted",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Next answer", show=False, id="review.next"),
        Binding("up,k", "cursor(-1)", "Previous answer", show=False, id="review.previous"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="review.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="review.page_down"),
        Binding("home", "first", "First", show=False, id="review.first"),
        Binding("end", "last", "Last", show=False, id="review.last"),
    ]

    class CursorMoved(Message):
        """The answer under the cursor changed (None when the list shows nothing)."""

        def __init__(self, item: ReviewItem | None) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ReviewItem] = []
        # message id → (width, row cells): cleaning and fitting once a row, not once a frame
        self._texts: dict[int, tuple[int, str, str, str, str, str]] = {}

    # ------------------------------------------------------------ data

    def set_items(self, items: Sequence[ReviewItem], *, keep: int | None = None) -> None:
        """Show `items`; the cursor on message `keep` if it is among them, else near where it
        was (the top when `keep` is None)."""
        self.items = list(items)
        self.virtual_size = Size(0, len(self.items))  # rows fit the width: never sideways
        row = 0
        if keep is not None:
            row = next((r for r, item in enumerate(self.items) if item.message_id == keep), -1)
            if row < 0:
                row = min(self.cursor, max(len(self.items) - 1, 0))
        self.cursor = row
        self.refresh()

    def replace_item(self, item: ReviewItem) -> None:
        """The same answer with something changed (its reaction): its row is drawn again."""
        for row, shown in enumerate(self.items):
            if shown.message_id == item.message_id:
                self.items[row] = item
                self._texts.pop(item.message_id, None)
                self.refresh_line(row - round(self.scroll_offset.y))
                if row == self.cursor:
                    self.post_message(self.CursorMoved(item))
                return

    @property
    def current(self) -> ReviewItem | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    # ------------------------------------------------------------ cursor

    @property
    def row_count(self) -> int:
        return len(self.items)

    def cursor_moved(self) -> None:
        self.post_message(self.CursorMoved(self.current))

    # ------------------------------------------------------------ drawing

    def _row_styles(self, kind: str, cursor: bool) -> tuple[Style, Style, Style]:
        """(base, mark, muted) styles of a row; Style additions are costly, so kept."""
        key = (kind, cursor)
        found = self._styles.get(key)
        if found is None:
            base = self.rich_style
            if cursor and self.has_focus:
                base = base + self.get_component_rich_style("review-list--cursor")
            elif cursor:
                base = base + Style(underline=True)
            mark = base
            if kind != "plain":
                mark = base + self.get_component_rich_style(f"review-list--{kind}", partial=True)
            muted = base + self.get_component_rich_style("review-list--muted", partial=True)
            found = self._styles[key] = (base, mark, muted)
        return found

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if row >= len(self.items):
            return Strip.blank(width, self.rich_style)
        item = self.items[row]
        texts = self._texts.get(item.message_id)
        if texts is None or texts[0] != width:
            texts = self._texts[item.message_id] = (width, *self._columns(item, width))
        _, when, mark, source_who, question, answer = texts
        kind = "plain"
        if item.reaction is Reaction.LIKED:
            kind = "liked"
        elif item.reaction is Reaction.DISLIKED:
            kind = "disliked"
        base, mark_style, muted = self._row_styles(kind, row == self.cursor)
        answer_style = self._row_styles("unanswered", row == self.cursor)[1]
        segments = [
            Segment(when, muted),
            Segment(mark, mark_style),
            Segment(source_who, muted),
            Segment(question, base),
            Segment(answer, answer_style if item.unanswered else muted),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _columns(self, item: ReviewItem, width: int) -> tuple[str, str, str, str, str]:
        """The row's cells as text, each padded to its column (gaps included)."""
        question_width, answer_width = text_widths(width)
        gap = " " * GAP
        source = clean_line(item.request_source) or "?"
        who = WHO.get(item.started_by, item.started_by)
        return (
            fit(short_when(item.created_at), DATE_WIDTH) + gap,
            fit(reaction_mark(item.reaction), MARK_WIDTH) + gap,
            fit(source, SOURCE_WIDTH) + gap + fit(who, WHO_WIDTH) + gap,
            fit(first_line(item.question) or "(no question)", question_width) + gap,
            fit(first_line(item.answer) or "(no answer)", answer_width),
        )
