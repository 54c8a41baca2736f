"""The answer cursor and what the answer keys do: move between answers and sources, react,
copy, retry, ask again or edit the question, click.

Mixed into `Transcript`; the actions only move its cursor or post its messages. `self` is
`parts.TranscriptParts`, what they use of it.
"""

from __future__ import annotations

from textual import events

from cgpt_tui.api import Reaction
from cgpt_tui.ui.transcript.layout import SEPARATOR
from cgpt_tui.ui.transcript.parts import TranscriptParts
from cgpt_tui.ui.transcript.reading_keys import focus_rows


class AnswerKeys:
    """The transcript's key actions."""

    def action_cursor_up(self: TranscriptParts) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor > 0:
            self._set_cursor(self.cursor - 1)
        else:
            self.scroll_home(animate=False, immediate=True)
            self.post_message(self.NearTop())

    def action_cursor_down(self: TranscriptParts) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor < len(self.entries) - 1:
            self._set_cursor(self.cursor + 1)
        else:
            self.scroll_end(animate=False, immediate=True)

    def action_card(self: TranscriptParts, step: int) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            card = 0 if step > 0 else len(entry.cards) - 1
        else:
            card = max(0, min(len(entry.cards) - 1, self.card_cursor + step))
        self._set_cursor(self.cursor, card)

    def action_open_card(self: TranscriptParts) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            self._set_cursor(self.cursor, 0)
            if len(entry.cards) > 1:
                return
        self.post_message(self.CardOpened(self, entry, entry.cards[self.card_cursor or 0]))

    def action_react(self: TranscriptParts, reaction: str) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.ReactionRequested(self, entry, Reaction(reaction)))

    def action_copy(self: TranscriptParts) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.CopyRequested(self, entry))

    def action_retry(self: TranscriptParts) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.RetryRequested(self, entry))

    def action_ask_again(self: TranscriptParts) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.AskAgainRequested(self, entry))

    def action_edit_question(self: TranscriptParts) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.EditRequested(self, entry))

    # ----------------------------------------------------------------- cursor

    def _set_cursor(
        self: TranscriptParts,
        index: int | None,
        card: int | None = None,
        *,
        marker: int | None = None,
        code: int | None = None,
    ) -> None:
        """Select answer `index`, and in it a card, an inline marker or a code block."""
        previous = self.cursor
        self.cursor, self.card_cursor = index, card
        self.marker_cursor, self.code_cursor = marker, code
        anchor = self._anchor()
        for changed in {previous, index}:
            if changed is not None and 0 <= changed < len(self.entries):
                self._layout.forget(changed)
        self._settle(anchor, follow=False)
        if index is not None:
            self._scroll_to_entry(index, card)

    def _scroll_to_entry(self: TranscriptParts, index: int, card: int | None) -> None:
        painted = self._painted(index)
        offsets = self._layout.offsets
        top, bottom = offsets[index], offsets[index + 1] - SEPARATOR
        height = self.scrollable_content_region.height
        rows = focus_rows(painted, card, self.marker_cursor, self.code_cursor, height)
        if rows is not None:
            top, bottom = top + rows[0], top + rows[1]
        if bottom - top > height or top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def show_entry(self: TranscriptParts, index: int) -> None:
        """Put the cursor on entry `index`, scrolled into view."""
        self._set_cursor(index)

    def focus_last(self: TranscriptParts) -> None:
        self.focus()
        if self.entries:
            self._set_cursor(len(self.entries) - 1)

    def on_focus(self: TranscriptParts) -> None:
        if self.entries and self.cursor is None:
            self.cursor = len(self.entries) - 1
        self._repaint_cursor()

    def on_blur(self: TranscriptParts) -> None:
        self._repaint_cursor()

    def _repaint_cursor(self: TranscriptParts) -> None:
        if self.cursor is not None and self.cursor < len(self.entries):
            anchor = self._anchor()
            self._layout.forget(self.cursor)
            self._settle(anchor, follow=self._stick)

    def on_click(self: TranscriptParts, event: events.Click) -> None:
        offset = self._content_offset(event)
        if offset is None or not self.entries:
            return
        row = round(self.scroll_y) + offset.y
        if row >= self._layout.total_rows:
            return
        index = self._layout.entry_at(row)
        local = row - self._layout.offsets[index]
        painted = self._painted(index)
        card = next((n for n, (a, b) in enumerate(painted.cards) if a <= local < b), None)
        self.focus()
        self._set_cursor(index, card)
        if card is not None:
            entry = self.entries[index]
            self.post_message(self.CardOpened(self, entry, entry.cards[card]))
