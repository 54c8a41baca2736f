"""Where each entry of a transcript starts, and which entries are painted.

Painting an answer costs a few milliseconds a block, so a long history is never painted all
at once: an entry not painted yet (or painted at another width or in another theme) takes
the height it had, or an estimate from its text, until it is painted. The transcript paints
what is on screen at once and the rest a little at a time, keeping the view still as the
heights above it come true.
"""

from __future__ import annotations

from bisect import bisect_right

from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.painter import Painted, inner_width

SEPARATOR = 1  # blank rows after each entry
ENTRY_CHROME = 5  # rows an entry has besides its question and answer text (labels, blanks)
CARD_ROWS = 4


def estimate_height(entry: ChatEntry, width: int) -> int:
    """Rows the entry will probably take when painted `width` cells wide."""
    inner = max(inner_width(width) - 2, 8)
    rows = ENTRY_CHROME + CARD_ROWS * len(entry.cards)
    for text in (entry.question, entry.answer_text):
        for line in text.splitlines() or [""]:
            rows += 1 + len(line) // inner
    return rows


class TranscriptLayout:
    """The entries, their painted lines (or None) and the row each one starts at."""

    def __init__(self) -> None:
        self.entries: list[ChatEntry] = []
        self.painted: list[Painted | None] = []
        self.heights: list[int] = []
        self.offsets: list[int] = [0]  # offsets[i]: first row of entry i; [-1]: total rows
        self.width = 0

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def total_rows(self) -> int:
        return self.offsets[-1]

    def entry_at(self, row: int) -> int:
        """The index of the entry showing `row` (which must be within the total)."""
        return min(bisect_right(self.offsets, row) - 1, len(self.entries) - 1)

    def index_of(self, entry: ChatEntry) -> int | None:
        # The newest entries change most (a streaming answer): look from the end.
        for index in range(len(self.entries) - 1, -1, -1):
            if self.entries[index] is entry:
                return index
        return None

    # ------------------------------------------------------------ changes

    def reset(self, entries: list[ChatEntry]) -> None:
        self.entries = list(entries)
        self.painted = [None] * len(self.entries)
        self.heights = [estimate_height(entry, self.width) for entry in self.entries]
        self.reflow()

    def insert(self, at: int, entries: list[ChatEntry]) -> None:
        self.entries[at:at] = entries
        self.painted[at:at] = [None] * len(entries)
        self.heights[at:at] = [estimate_height(entry, self.width) for entry in entries]
        self.reflow(at)

    def set_width(self, width: int) -> None:
        """Take a new width: a changed one means painting every entry again."""
        if width != self.width:
            self.width = width
            self.forget_all()

    def forget(self, index: int) -> None:
        """Entry `index` changed: paint it again (its height so far stays as the estimate)."""
        self.painted[index] = None

    def forget_all(self) -> None:
        self.painted = [None] * len(self.entries)

    def set_painted(self, index: int, painted: Painted) -> int:
        """Keep entry `index`'s lines; return by how many rows its height changed."""
        self.painted[index] = painted
        change = painted.height - self.heights[index]
        if change:
            self.heights[index] = painted.height
        return change

    def reflow(self, start: int = 0) -> None:
        """Recompute where entries start, from entry `start` on."""
        start = min(start, len(self.entries), len(self.offsets) - 1)
        offsets = self.offsets[: start + 1]
        total = offsets[-1]
        for height in self.heights[start:]:
            total += height + SEPARATOR
            offsets.append(total)
        self.offsets = offsets

    # ------------------------------------------------------------ queries

    def unpainted(self, first: int, last: int) -> list[int]:
        last = min(last, len(self.entries))
        return [i for i in range(max(first, 0), last) if self.painted[i] is None]

    def nearest_unpainted(self, center: int) -> int | None:
        """The unpainted entry nearest to entry `center`, if any."""
        count = len(self.entries)
        for distance in range(count):
            for index in (center - distance, center + distance):
                if 0 <= index < count and self.painted[index] is None:
                    return index
            if center - distance < 0 and center + distance >= count:
                break
        return None
