"""The chat transcript: a line-based scroll view over painted entries.

Entries are painted into cached lines (see painter.py) and `render_line` only looks lines
up (rows.py draws them, keeping each row drawn), so a long history costs no widgets and
scrolling costs no rendering. What is on screen is painted at once, the rest in slices
between other work (see layout.py). An answer being streamed re-paints only its own growing
block, at the pace streaming.py sets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar, TypeAlias

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Offset, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from cgpt_tui.local.config import DEFAULT_READING_WIDTH
from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.transcript import messages
from cgpt_tui.ui.transcript.answer_keys import AnswerKeys
from cgpt_tui.ui.transcript.bindings import TRANSCRIPT_BINDINGS
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.layout import TranscriptLayout
from cgpt_tui.ui.transcript.mouse import MouseSelection
from cgpt_tui.ui.transcript.painter import COMPONENT_CLASSES, EntryPainter, Painted, palette_for
from cgpt_tui.ui.transcript.reading import Column, reading_column
from cgpt_tui.ui.transcript.reading_keys import ReadingKeys
from cgpt_tui.ui.transcript.rows import selection_style
from cgpt_tui.ui.transcript.selection import TranscriptSelection
from cgpt_tui.ui.transcript.streaming import StreamPacer
from cgpt_tui.ui.transcript.view_rows import ViewRows

TOP_THRESHOLD = 3  # rows from the top at which older history is asked for
BACKGROUND_SLICE = 0.008  # seconds of painting off-screen entries between other work
BACKGROUND_PAUSE = 0.004  # seconds left to the rest of the app between slices
SCROLL_PAINT_BUDGET = 0.03  # seconds of painting what a scroll brought into view, at once


class Transcript(MouseSelection, AnswerKeys, ReadingKeys, ScrollView, can_focus=True):
    """Questions and answers of one conversation, newest at the bottom."""

    BINDINGS: ClassVar[list[BindingType]] = TRANSCRIPT_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENT_CLASSES)  # the painter's palette

    # The messages it sends (messages.py), under its name.
    EntryMessage: TypeAlias = messages.EntryMessage
    ReactionRequested: TypeAlias = messages.ReactionRequested
    CopyRequested: TypeAlias = messages.CopyRequested
    RetryRequested: TypeAlias = messages.RetryRequested
    CodeCopyRequested: TypeAlias = messages.CodeCopyRequested
    AskAgainRequested: TypeAlias = messages.AskAgainRequested
    EditRequested: TypeAlias = messages.EditRequested
    CardOpened: TypeAlias = messages.CardOpened
    NearTop: TypeAlias = messages.NearTop

    def __init__(self, *, agent_name: str = "Answer", **kwargs) -> None:
        super().__init__(**kwargs)
        self.agent_name = agent_name
        self._layout = TranscriptLayout()
        self._painter: EntryPainter | None = None
        self._background: Timer | None = None
        self._settling = False
        self.cursor: int | None = None
        self.card_cursor: int | None = None
        self.marker_cursor: int | None = None
        self.code_cursor: int | None = None
        self._stick = True  # the reader is at the bottom: new content keeps the view there
        self.follow_stream = True  # settings: a growing answer keeps the view at the bottom
        # When a key was last typed nearby (time.monotonic()): a stream repaint lets it go first.
        self.key_pressed_at: Callable[[], float] = lambda: 0.0
        self._pacer = StreamPacer(self)
        # Settings: the columns of text kept on a wide terminal (None: the full width).
        self.reading_width: int | None = DEFAULT_READING_WIDTH
        self._column = Column(0, 0)
        self._selection = TranscriptSelection(self)
        self._view_rows = ViewRows(self)  # the rows on screen, to repaint only changes
        self._slack = 0  # blank rows under the last entry, into which a streamed answer grows
        self._slack_rows = 0  # the entries' rows when the slack was last set

    @property
    def entries(self) -> list[ChatEntry]:
        return self._layout.entries

    @property
    def column(self) -> Column:
        """Where the entries are drawn across the transcript (reading.py)."""
        return self._column

    def set_reading_width(self, columns: int | None) -> None:
        """Keep the text to `columns` on a wide transcript (None: use the full width)."""
        if columns != self.reading_width:
            self.reading_width = columns
            self._settle(self._anchor(), follow=self._stick)

    # ----------------------------------------------------------------- content

    def set_entries(self, entries: list[ChatEntry]) -> None:
        """Replace everything and show the newest entry."""
        self._layout.reset(entries)
        self.cursor = None
        self.card_cursor = self.marker_cursor = self.code_cursor = None
        if self._painter:
            self._painter.clear()
        self._stick = True
        self._slack = 0
        self._settle(None, follow=True)

    def prepend(self, entries: list[ChatEntry]) -> None:
        """Add older entries above, keeping what the reader sees where it is."""
        if not entries:
            return
        anchor = self._anchor()
        self._layout.insert(0, entries)
        if self.cursor is not None:
            self.cursor += len(entries)
        if anchor is not None:
            anchor = (anchor[0] + len(entries), anchor[1])
        self._settle(anchor, follow=anchor is None)

    def append(self, entry: ChatEntry) -> None:
        follow = self._stick or entry.status.is_active
        anchor = self._anchor()
        self._layout.insert(len(self._layout), [entry])
        self._settle(anchor, follow=follow, grow=entry.status.is_active)

    def update_entry(self, entry: ChatEntry) -> None:
        """Re-paint one entry after it changed; follow it only if the reader is at the bottom."""
        self.update_entries([entry])

    def update_entries(self, entries: list[ChatEntry]) -> None:
        """Re-paint changed entries without moving what the reader is looking at."""
        indexes = [i for entry in entries if (i := self._layout.index_of(entry)) is not None]
        if not indexes:
            return
        anchor = self._anchor()
        for index in indexes:
            self._layout.forget(index)
        streamed = self._pacer.streamed
        self._settle(
            anchor,
            follow=self._stick and self.follow_stream,
            grow=any(entry is streamed for entry in entries),
        )

    def prerender(self, entry: ChatEntry, seconds: float) -> bool:
        """Render the entry's finished answer blocks for up to `seconds`, ahead of its next
        repaint; True when none is left."""
        if not self._measure():
            return True
        deadline = time.perf_counter() + seconds
        return self._ensure_painter().warm_finished(entry, self._layout.width, deadline)

    def stream_start(self, entry: ChatEntry) -> None:
        """`entry` (appended) is being streamed: its changes are painted at the stream's pace."""
        self._pacer.start(entry)

    def stream_changed(self, entry: ChatEntry) -> None:
        """The streamed entry took text or a new state: it is painted soon, not now."""
        self._pacer.changed(entry)

    def stream_end(self, entry: ChatEntry) -> None:
        """The stream ended (finished, stopped or failed): its final state is painted now."""
        self._pacer.end(entry)

    def _content_offset(self, event: events.MouseEvent) -> Offset | None:
        """Where the pointer is in the transcript's content (for a click)."""
        return event.get_content_offset(self)

    @property
    def is_at_bottom(self) -> bool:
        return self.scroll_y >= self.max_scroll_y - 1

    @property
    def selected_entry(self) -> ChatEntry | None:
        if self.cursor is None or not 0 <= self.cursor < len(self.entries):
            return None
        return self.entries[self.cursor]

    def painted_text(self, index: int) -> list[str]:
        """The lines of entry `index` as painted now, as plain text (no gutter)."""
        painter = self._ensure_painter()
        return [painter.text(line) for line in self._painted(index).lines]

    def painted_line(self, index: int, row: int) -> Strip:
        """Row `row` of entry `index` as painted now, with its styles (no gutter)."""
        painter = self._ensure_painter()
        return Strip(painter.segments(self._painted(index).lines[row]))

    # ----------------------------------------------------------------- layout

    def _ensure_painter(self) -> EntryPainter:
        if self._painter is None:
            self._painter = EntryPainter(self.app.console, palette_for(self))
        return self._painter

    def _paint(self, index: int) -> int:
        """Paint entry `index` now; by how many rows its height changed."""
        selected = index == self.cursor and self.has_focus
        painted = self._ensure_painter().paint(
            self.entries[index],
            self._layout.width,
            selected=selected,
            selected_card=self.card_cursor if selected else None,
            selected_marker=self.marker_cursor if selected else None,
            selected_code=self.code_cursor if selected else None,
            agent_name=self.agent_name,
        )
        return self._layout.set_painted(index, painted)

    def _painted(self, index: int) -> Painted:
        """Entry `index`'s lines, painting it first (keeping the view still) if need be."""
        painted = self._layout.painted[index]
        if painted is None:
            anchor = self._anchor()
            self._measure()
            if self._paint(index):
                self._layout.reflow(index)
                self._settle(anchor, follow=self._stick)
            painted = self._layout.painted[index]
            assert painted is not None
        return painted

    def _measure(self) -> bool:
        """Take the current width (a new one means painting everything again); False if none."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return False
        self._column = reading_column(width, self.reading_width)
        self._layout.set_width(self._column.width)
        return True

    def _visible_entries(self) -> range:
        layout = self._layout
        if not layout.entries or not layout.total_rows:
            return range(0)
        top = max(0, min(round(self.scroll_y), layout.total_rows - 1))
        bottom = min(top + self.scrollable_content_region.height, layout.total_rows) - 1
        return range(layout.entry_at(top), layout.entry_at(max(bottom, top)) + 1)

    def _settle(
        self,
        anchor: tuple[int, float] | None,
        *,
        follow: bool,
        budget: float | None = None,
        grow: bool = False,
    ) -> None:
        """After a change: paint what is on screen, keep the view where it was (or at the
        bottom when following), and leave the rest to be painted in the background.

        With a `budget` (seconds), painting the view stops when it is spent and the
        background goes on from there: a jump into a long unpainted history fills in over a
        frame or two instead of holding every key for as long as it takes.

        `grow`: an answer is growing at the bottom. When it reaches the bottom of the view,
        the view moves on by two thirds of its height at once and the answer grows into the blank
        rows below, rather than every new line scrolling (and repainting) the whole view.
        """
        if self._settling or not self._measure():
            return
        self._settling = True
        deadline = None if budget is None else time.perf_counter() + budget
        try:
            for _ in range(8):  # painting the view changes heights: a few rounds settle it
                self._set_virtual_height(grow=grow and follow)
                if follow:
                    if self.scroll_y < self.max_scroll_y:
                        self.scroll_end(animate=False, immediate=True)
                else:
                    self._restore_anchor(anchor)
                visible = self._visible_entries()
                todo = self._layout.unpainted(visible.start, visible.stop)
                if not todo or (deadline is not None and time.perf_counter() > deadline):
                    break
                painter = self._ensure_painter()
                for index in todo:
                    # Block by block against the deadline: one long answer coming into view
                    # must not hold the app for all of its blocks at once.
                    if deadline is not None and not painter.warm(
                        self.entries[index], self._layout.width, deadline
                    ):
                        break
                    self._paint(index)
                    if deadline is not None and time.perf_counter() > deadline:
                        break
                self._layout.reflow(todo[0])
        finally:
            self._settling = False
        if self._selection.selection is not None and self.is_attached:
            self._selection.follow(self.screen, self)
        self._repaint_changes()
        if self._background is None and None in self._layout.painted:
            self._background = self.set_timer(BACKGROUND_PAUSE, self._paint_background)

    def _paint_background(self) -> None:
        """Paint entries off screen, nearest first, a few milliseconds (some blocks) at a time."""
        self._background = None
        if not self._measure():
            return
        anchor = self._anchor()
        visible = self._visible_entries()
        deadline = time.perf_counter() + BACKGROUND_SLICE
        painted: list[int] = []
        painter = self._ensure_painter()
        while time.perf_counter() < deadline:
            index = self._layout.nearest_unpainted(visible.start)
            if index is None or not painter.warm(self.entries[index], self._layout.width, deadline):
                break
            self._paint(index)
            painted.append(index)
        if painted:
            self._layout.reflow(min(painted))
        self._settle(anchor, follow=self._stick)
        if painted and self._background is None:  # every entry is painted now
            freeze_survivors()

    def _repaint_changes(self) -> None:
        self._view_rows.repaint_changes()

    def _set_virtual_height(self, *, grow: bool = False) -> None:
        """Set the scrollable size without a layout of the whole screen.

        Assigning `virtual_size` re-arranges every widget on the screen (~12 ms here), once
        per flush of a streaming answer. The transcript's own region does not change when its
        content grows, so only the scrollbars need to hear of it; they ask for a layout
        themselves when one appears or goes.

        Below the entries' rows are `_slack` blank rows: two thirds of a view when a growing
        answer (`grow`) passes the bottom, for the view to move on into (see _settle); after
        that fewer, as the view still shows them: nothing jumps back when the answer ends.
        """
        rows = self._layout.total_rows
        height = self.scrollable_content_region.height
        below = round(self.scroll_y) + height - rows  # blank rows the view shows under the end
        if grow and below < 0:
            self._slack = max(1, height * 2 // 3)
        elif self._slack:  # it only shrinks, as far as the view still shows it; rows that
            # went from the end (the "answering…" line when the answer ends) become slack
            lost = max(0, self._slack_rows - rows)
            self._slack = max(0, min(self._slack + lost, below))
        self._slack_rows = rows
        size = Size(self._layout.width, rows + self._slack)
        if size != self.virtual_size:
            self.set_reactive(Transcript.virtual_size, size)
            self._scroll_update(size)

    def _anchor(self) -> tuple[int, float] | None:
        """The entry at the top of the view and how far into it the view starts."""
        if not self.entries or not self._layout.total_rows:
            return None
        index = self._layout.entry_at(int(self.scroll_y))
        return index, self.scroll_y - self._layout.offsets[index]

    def _restore_anchor(self, anchor: tuple[int, float] | None) -> None:
        if anchor is None:
            return
        index, delta = anchor
        if index < len(self.entries):
            y = self._layout.offsets[index] + delta
            # Only when the content above moved: scrolling (even to where the view is)
            # would stop a scroll the reader started with Home, PageUp or the wheel.
            if abs(y - self.scroll_y) >= 0.5:
                self.scroll_to(y=y, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._settle(self._anchor(), follow=self._stick)

    def _restyle(self) -> None:
        """Colours changed (theme switch): paint every entry again."""
        self._painter = None  # and with it the drawn rows (ViewRows.strips)
        self._view_rows.forget()
        self._layout.forget_all()
        self._settle(self._anchor(), follow=self._stick)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _on_theme_changed(self, _theme: object) -> None:
        self.call_after_refresh(self._restyle)

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        return self._view_rows.line(y)

    def selection_highlight(self) -> Style:
        return selection_style(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._stick = new_value >= self.max_scroll_y - 1
        if not self._settling:  # the reader scrolled: paint what came into view
            self._settle(self._anchor(), follow=False, budget=SCROLL_PAINT_BUDGET)
        if new_value <= TOP_THRESHOLD and old_value > new_value:
            self.post_message(self.NearTop())
