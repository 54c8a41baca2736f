"""The chat transcript: a line-based scroll view over painted entries.

Entries are painted into cached strips (see painter.py) and `render_line` only looks lines
up, so a long history costs no widgets and scrolling costs no rendering. An answer being
streamed re-paints only its own growing block.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cgpt_tui.api import Reaction
from cgpt_tui.ui.transcript.entry import ChatEntry, CitationCard
from cgpt_tui.ui.transcript.painter import EntryPainter, Painted, palette_for

SEPARATOR = 1  # blank rows after each entry
TOP_THRESHOLD = 3  # rows from the top at which older history is asked for


class Transcript(ScrollView, can_focus=True):
    """Questions and answers of one conversation, newest at the bottom."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous answer", show=False, id="transcript.up"),
        Binding("down,j", "cursor_down", "Next answer", show=False, id="transcript.down"),
        Binding(
            "plus,equals_sign", "react('liked')", "Like", key_display="+", id="transcript.like"
        ),
        Binding("minus", "react('disliked')", "Dislike", key_display="-", id="transcript.dislike"),
        Binding("0", "react('neutral')", "Clear reaction", id="transcript.neutral"),
        Binding("c", "copy", "Copy", id="transcript.copy"),
        Binding("left,h", "card(-1)", "Prev source", show=False, id="transcript.card_prev"),
        Binding("right,l", "card(1)", "Next source", show=False, id="transcript.card_next"),
        Binding("enter,o", "open_card", "Open source", id="transcript.open"),
        Binding("r", "retry", "Retry", show=False, id="transcript.retry"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--question-label",
        "transcript--question",
        "transcript--answer-label",
        "transcript--meta",
        "transcript--cursor",
        "transcript--card-border",
        "transcript--card-border-selected",
        "transcript--card-title",
        "transcript--card-host",
        "transcript--card-link",
        "transcript--busy",
        "transcript--warning",
        "transcript--error",
    }

    class EntryMessage(Message):
        def __init__(self, transcript: Transcript, entry: ChatEntry) -> None:
            super().__init__()
            self.transcript = transcript
            self.entry = entry

    class ReactionRequested(EntryMessage):
        def __init__(self, transcript: Transcript, entry: ChatEntry, reaction: Reaction) -> None:
            super().__init__(transcript, entry)
            self.reaction = reaction

    class CopyRequested(EntryMessage):
        pass

    class RetryRequested(EntryMessage):
        pass

    class CardOpened(EntryMessage):
        def __init__(self, transcript: Transcript, entry: ChatEntry, card: CitationCard) -> None:
            super().__init__(transcript, entry)
            self.card = card

    class NearTop(Message):
        """The reader reached the top: time to load older messages."""

    def __init__(self, *, agent_name: str = "Answer", **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[ChatEntry] = []
        self.agent_name = agent_name
        self._painted: list[Painted | None] = []
        self._offsets: list[int] = [0]
        self._painter: EntryPainter | None = None
        self._paint_width = 0
        self.cursor: int | None = None
        self.card_cursor: int | None = None
        self._stick = True  # the reader is at the bottom: new content keeps the view there
        self.follow_stream = True  # settings: a growing answer keeps the view at the bottom

    # ----------------------------------------------------------------- content

    def set_entries(self, entries: list[ChatEntry]) -> None:
        """Replace everything and show the newest entry."""
        self.entries = list(entries)
        self._painted = [None] * len(self.entries)
        self.cursor = None
        self.card_cursor = None
        if self._painter:
            self._painter.clear()
        self._relayout()
        self._stick = True
        self.scroll_end(animate=False, immediate=True)

    def prepend(self, entries: list[ChatEntry]) -> None:
        """Add older entries above, keeping what the reader sees where it is."""
        if not entries:
            return
        old_height = self._offsets[-1]
        self.entries[:0] = entries
        self._painted[:0] = [None] * len(entries)
        if self.cursor is not None:
            self.cursor += len(entries)
        self._relayout()
        grown = self._offsets[-1] - old_height
        self.scroll_to(y=self.scroll_y + grown, animate=False, immediate=True)

    def append(self, entry: ChatEntry) -> None:
        follow = self._stick
        self.entries.append(entry)
        self._painted.append(None)
        self._relayout()
        if follow or entry.status.is_active:
            self.scroll_end(animate=False, immediate=True)

    def update_entry(self, entry: ChatEntry) -> None:
        """Re-paint one entry after it changed; follow it only if the reader is at the bottom."""
        self.update_entries([entry])

    def update_entries(self, entries: list[ChatEntry]) -> None:
        """Re-paint changed entries without moving what the reader is looking at."""
        positions = {id(entry): n for n, entry in enumerate(self.entries)}
        indexes = [positions[id(e)] for e in entries if id(e) in positions]
        if not indexes:
            return
        follow = self._stick and self.follow_stream
        anchor = self._anchor()
        for index in indexes:
            self._painted[index] = None
        self._relayout(start=min(indexes))
        if follow:
            self.scroll_end(animate=False, immediate=True)
        else:
            self._restore_anchor(anchor)

    def _anchor(self) -> tuple[int, float] | None:
        """The entry at the top of the view and how far into it the view starts."""
        if not self.entries or self._offsets[-1] == 0:
            return None
        row = int(self.scroll_y)
        index = min(bisect_right(self._offsets, row) - 1, len(self.entries) - 1)
        return index, self.scroll_y - self._offsets[index]

    def _restore_anchor(self, anchor: tuple[int, float] | None) -> None:
        if anchor is None:
            return
        index, delta = anchor
        if index < len(self.entries):
            self.scroll_to(y=self._offsets[index] + delta, animate=False, immediate=True)

    def remove(self, entry: ChatEntry) -> None:
        if entry in self.entries:
            index = self.entries.index(entry)
            del self.entries[index]
            del self._painted[index]
            if self.cursor is not None and self.cursor >= len(self.entries):
                self.cursor = len(self.entries) - 1 if self.entries else None
            self._relayout()

    @property
    def is_at_bottom(self) -> bool:
        return self.scroll_y >= self.max_scroll_y - 1

    @property
    def selected_entry(self) -> ChatEntry | None:
        if self.cursor is None or not 0 <= self.cursor < len(self.entries):
            return None
        return self.entries[self.cursor]

    # ----------------------------------------------------------------- layout

    def _ensure_painter(self) -> EntryPainter:
        if self._painter is None:
            self._painter = EntryPainter(self.app.console, palette_for(self))
        return self._painter

    def _entry_strips(self, index: int) -> Painted:
        painted = self._painted[index]
        if painted is None:
            painter = self._ensure_painter()
            selected = index == self.cursor and self.has_focus
            painted = painter.paint(
                self.entries[index],
                self._paint_width,
                selected_card=self.card_cursor if selected else None,
                agent_name=self.agent_name,
            )
            self._painted[index] = painted
        return painted

    def painted_text(self, index: int) -> list[str]:
        """The lines of entry `index` as painted now, as plain text (no gutter)."""
        painter = self._ensure_painter()
        return [painter.text(line) for line in self._entry_strips(index).lines]

    def _relayout(self, start: int = 0) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width != self._paint_width:
            self._paint_width = width
            self._painted = [None] * len(self.entries)
            start = 0
        offsets = self._offsets[: start + 1] if start < len(self._offsets) else [0]
        if len(offsets) < start + 1:
            offsets, start = [0], 0
        for index in range(start, len(self.entries)):
            offsets.append(offsets[-1] + self._entry_strips(index).height + SEPARATOR)
        self._offsets = offsets
        self._set_virtual_height(width, offsets[-1])
        self.refresh()

    def _set_virtual_height(self, width: int, height: int) -> None:
        """Set the scrollable size without a layout of the whole screen.

        Assigning `virtual_size` re-arranges every widget on the screen (~12 ms here), once
        per flush of a streaming answer. The transcript's own region does not change when its
        content grows, so only the scrollbars need to hear of it; they ask for a layout
        themselves when one appears or goes.
        """
        size = Size(width, height)
        if size != self.virtual_size:
            self.set_reactive(Transcript.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self, event: events.Resize) -> None:
        anchor = self._anchor()
        self._relayout()
        if self._stick:
            self.scroll_end(animate=False, immediate=True)
        else:
            self._restore_anchor(anchor)

    def _restyle(self) -> None:
        """Colours changed (theme switch, focus): drop every painted line."""
        self._painter = None
        self._painted = [None] * len(self.entries)
        self._relayout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _on_theme_changed(self, _theme: object) -> None:
        self.call_after_refresh(self._restyle)

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        if row >= self._offsets[-1] or not self.entries:
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._offsets, row) - 1
        painted = self._entry_strips(index)
        local = row - self._offsets[index]
        if local >= painted.height:
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor and self.has_focus
        return self._ensure_painter().draw(painted.lines[local], width, selected=selected)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._stick = new_value >= self.max_scroll_y - 1
        if new_value <= TOP_THRESHOLD and old_value > new_value:
            self.post_message(self.NearTop())

    # ----------------------------------------------------------------- cursor

    def _set_cursor(self, index: int | None, card: int | None = None) -> None:
        previous = self.cursor
        self.cursor, self.card_cursor = index, card
        for changed in {previous, index}:
            if changed is not None and 0 <= changed < len(self._painted):
                self._painted[changed] = None
        self._relayout(start=min(i for i in (previous, index, len(self.entries)) if i is not None))
        if index is not None:
            self._scroll_to_entry(index, card)

    def _scroll_to_entry(self, index: int, card: int | None) -> None:
        top, bottom = self._offsets[index], self._offsets[index + 1] - SEPARATOR
        if card is not None:
            card_top, card_bottom = self._entry_strips(index).cards[card]
            top, bottom = top + card_top, top + card_bottom
        height = self.scrollable_content_region.height
        if bottom - top > height or top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def focus_last(self) -> None:
        self.focus()
        if self.entries:
            self._set_cursor(len(self.entries) - 1)

    def on_focus(self) -> None:
        if self.entries and self.cursor is None:
            self.cursor = len(self.entries) - 1
        self._repaint_cursor()

    def on_blur(self) -> None:
        self._repaint_cursor()

    def _repaint_cursor(self) -> None:
        if self.cursor is not None and self.cursor < len(self._painted):
            self._painted[self.cursor] = None
            self._relayout(start=self.cursor)

    def action_cursor_up(self) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor > 0:
            self._set_cursor(self.cursor - 1)
        else:
            self.scroll_home(animate=False, immediate=True)
            self.post_message(self.NearTop())

    def action_cursor_down(self) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor < len(self.entries) - 1:
            self._set_cursor(self.cursor + 1)
        else:
            self.scroll_end(animate=False, immediate=True)

    def action_card(self, step: int) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            card = 0 if step > 0 else len(entry.cards) - 1
        else:
            card = max(0, min(len(entry.cards) - 1, self.card_cursor + step))
        self._set_cursor(self.cursor, card)

    def action_open_card(self) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            self._set_cursor(self.cursor, 0)
            if len(entry.cards) > 1:
                return
        self.post_message(self.CardOpened(self, entry, entry.cards[self.card_cursor or 0]))

    def action_react(self, reaction: str) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.ReactionRequested(self, entry, Reaction(reaction)))

    def action_copy(self) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.CopyRequested(self, entry))

    def action_retry(self) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.RetryRequested(self, entry))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.entries:
            return
        row = round(self.scroll_y) + offset.y
        if row >= self._offsets[-1]:
            return
        index = bisect_right(self._offsets, row) - 1
        local = row - self._offsets[index]
        painted = self._entry_strips(index)
        card = next((n for n, (a, b) in enumerate(painted.cards) if a <= local < b), None)
        self.focus()
        self._set_cursor(index, card)
        if card is not None:
            entry = self.entries[index]
            self.post_message(self.CardOpened(self, entry, entry.cards[card]))
