"""What the answer keys do: move between answers and sources, react, copy, retry.

Mixed into `Transcript`; the actions only move its cursor or post its messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cgpt_tui.api import Reaction

if TYPE_CHECKING:
    from cgpt_tui.ui.transcript.transcript import Transcript


class AnswerKeys:
    """The transcript's key actions."""

    def action_cursor_up(self: Transcript) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor > 0:
            self._set_cursor(self.cursor - 1)
        else:
            self.scroll_home(animate=False, immediate=True)
            self.post_message(self.NearTop())

    def action_cursor_down(self: Transcript) -> None:
        if not self.entries:
            return
        if self.cursor is None:
            self._set_cursor(len(self.entries) - 1)
        elif self.cursor < len(self.entries) - 1:
            self._set_cursor(self.cursor + 1)
        else:
            self.scroll_end(animate=False, immediate=True)

    def action_card(self: Transcript, step: int) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            card = 0 if step > 0 else len(entry.cards) - 1
        else:
            card = max(0, min(len(entry.cards) - 1, self.card_cursor + step))
        self._set_cursor(self.cursor, card)

    def action_open_card(self: Transcript) -> None:
        entry = self.selected_entry
        if entry is None or not entry.cards:
            return
        if self.card_cursor is None:
            self._set_cursor(self.cursor, 0)
            if len(entry.cards) > 1:
                return
        self.post_message(self.CardOpened(self, entry, entry.cards[self.card_cursor or 0]))

    def action_react(self: Transcript, reaction: str) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.ReactionRequested(self, entry, Reaction(reaction)))

    def action_copy(self: Transcript) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.CopyRequested(self, entry))

    def action_retry(self: Transcript) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.RetryRequested(self, entry))
