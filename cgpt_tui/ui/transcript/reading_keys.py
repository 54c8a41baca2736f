"""Keys for reading inside the selected answer: step through its inline citation markers
(`]` / `[`, the marker's card becomes the selected card) and its code blocks (`b` / `B`),
copy the selected code block (`y`).

Mixed into `Transcript` as `answer_keys.AnswerKeys` is; `self` is `parts.TranscriptParts`.
"""

from __future__ import annotations

from cgpt_tui.ui.transcript.markers import step
from cgpt_tui.ui.transcript.painter import Painted
from cgpt_tui.ui.transcript.parts import TranscriptParts


class ReadingKeys:
    """The transcript's marker and code block actions."""

    def action_marker(self: TranscriptParts, direction: int) -> None:
        index = self.cursor
        if index is None or not _finished(self):
            return
        markers = self._painted(index).markers
        if not markers:
            self.notify("This answer has no citation markers.", timeout=3)
            return
        chosen = step(self.marker_cursor, len(markers), direction)
        self._set_cursor(index, markers[chosen].number - 1, marker=chosen)

    def action_code_block(self: TranscriptParts, direction: int) -> None:
        index = self.cursor
        if index is None or not _finished(self):
            return
        blocks = self._painted(index).code_blocks
        if not blocks:
            self.notify("This answer has no code block.", timeout=3)
            return
        chosen = step(self.code_cursor, len(blocks), direction)
        self._set_cursor(index, self.card_cursor, code=chosen)

    def action_copy_code(self: TranscriptParts) -> None:
        """Copy the selected code block; with none selected, select the first and copy it."""
        index, entry = self.cursor, self.selected_entry
        if index is None or entry is None or not _finished(self):
            return
        blocks = self._painted(index).code_blocks
        if not blocks:
            self.notify("This answer has no code block to copy.", timeout=3)
            return
        chosen = self.code_cursor
        if chosen is None or not 0 <= chosen < len(blocks):
            chosen = 0
            self._set_cursor(index, self.card_cursor, code=chosen)
        self.post_message(
            self.CodeCopyRequested(self, entry, blocks[chosen].code, chosen, len(blocks))
        )


def _finished(transcript: TranscriptParts) -> bool:
    """An answer is selected and has finished (its markers and code blocks are found then);
    while it streams, say so."""
    entry = transcript.selected_entry
    if entry is not None and entry.status.is_active:
        transcript.notify("This answer has not finished yet.", timeout=3)
        return False
    return entry is not None


def focus_rows(
    painted: Painted, card: int | None, marker: int | None, code: int | None, height: int
) -> tuple[int, int] | None:
    """The rows of the entry to bring into view for what is selected in it, if anything:
    a code block; a marker, with its card below when both fit; a card."""
    if code is not None and 0 <= code < len(painted.code_blocks):
        block = painted.code_blocks[code]
        return block.first, block.end
    card_rows = painted.cards[card] if card is not None and card < len(painted.cards) else None
    if marker is not None and 0 <= marker < len(painted.markers):
        row = painted.markers[marker].row
        if card_rows is not None and card_rows[1] - row <= height:
            return row, card_rows[1]
        return row, row + 1
    return card_rows
