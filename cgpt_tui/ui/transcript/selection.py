"""Text selected in the transcript with the mouse: Textual's own selection, in the
transcript's rows.

The screen keeps the selection as two offsets of the transcript's content, the ones drawn
into each row's segments (rows.py): x counts characters from the transcript's left edge,
y is the row in the whole transcript. Here they become characters of the rows' text: the
indent and gutter are not text, nor the trailing blanks a row is padded with, nor a
citation card's borders, so what is copied is the text as shown, lines joined with
newlines.

Rows move when the entries above them change height (older history loaded above, an
entry painted for the first time): the selection is kept on its first entry and moves
with it; it goes when its entries go or the width changes (every row is wrapped anew).
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.geometry import Offset
from textual.screen import Screen
from textual.selection import Selection
from textual.widget import Widget

from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.layout import TranscriptLayout
from cgpt_tui.ui.transcript.painter import GUTTER, EntryPainter, Painted
from cgpt_tui.ui.transcript.reading import Column

CARD_SIDE = 2  # a card's body row starts with "│ " and ends with " │" (painter._card)

Bounds = tuple[int, int]  # the characters of a row that are text: [start, end)


def text_bounds(painted: Painted, local: int, text: str) -> Bounds | None:
    """Which characters of row `local` of an entry are text: all of them; a card's body
    between its borders; none on a card's top and bottom borders."""
    for top, end in painted.cards:
        if top <= local < end:
            if local in (top, end - 1):
                return None
            return CARD_SIDE, max(len(text) - CARD_SIDE, CARD_SIDE)
    return 0, len(text)


def text_span(span: tuple[int, int], lead: int, bounds: Bounds, text: str) -> Bounds:
    """The characters of a row's text in a selection's `span` of the row (drawn
    characters, `lead` of them before the text; an end of -1 is the end of the row). The
    blanks a row is padded with are not selected."""
    start, end = bounds
    end = start + len(text[start:end].rstrip())
    first = min(max(span[0] - lead, start), end)
    last = end if span[1] < 0 else min(max(span[1] - lead, start), end)
    return first, max(first, last)


class SelectionView(Protocol):
    """What the selection uses of the transcript."""

    _layout: TranscriptLayout

    @property
    def entries(self) -> list[ChatEntry]: ...

    @property
    def column(self) -> Column: ...

    def _painted(self, index: int) -> Painted: ...

    def _ensure_painter(self) -> EntryPainter: ...


class TranscriptSelection:
    """The transcript's part of the screen's selection: its text, and where it is drawn."""

    def __init__(self, view: SelectionView) -> None:
        self._view = view
        self.selection: Selection | None = None
        self._anchor: tuple[ChatEntry, int] | None = None  # the first row's entry, its row
        self._width = 0

    @property
    def lead(self) -> int:
        """Drawn characters before a row's text: the column's indent and the gutter."""
        return self._view.column.indent + GUTTER

    def updated(self, selection: Selection | None) -> None:
        """The screen changed the selection: keep it, and where its first row is."""
        self.selection = selection
        self._anchor = None
        layout = self._view._layout
        self._width = layout.width
        if selection is not None and selection.start is not None and layout.total_rows:
            row = selection.start.y
            if row < layout.total_rows:
                index = layout.entry_at(row)
                self._anchor = (layout.entries[index], layout.offsets[index])

    def span(self, row: int, painted: Painted, local: int, text: str) -> Bounds | None:
        """The selected characters of `row` (entry row `local`), if any are."""
        if self.selection is None:
            return None
        span = self.selection.get_span(row)
        bounds = text_bounds(painted, local, text)
        if span is None or bounds is None:
            return None
        first, last = text_span(span, self.lead, bounds, text)
        return (first, last) if last > first else None

    def moved(self) -> Selection | None:
        """After the layout changed: the selection moved with its rows (the same one when
        they did not move), or None when it has to go."""
        selection, layout = self.selection, self._view._layout
        if selection is None:
            return None
        if layout.width != self._width:
            return None
        if self._anchor is None:
            return selection
        entry, was = self._anchor
        index = layout.index_of(entry)
        if index is None:
            return None
        shift = layout.offsets[index] - was
        if not shift:
            return selection
        start, end = selection
        return Selection(
            None if start is None else start + Offset(0, shift),
            None if end is None else end + Offset(0, shift),
        )

    def word(self, row: int, x: int) -> Selection | None:
        """The word at drawn character `x` of `row`, as a selection (a double click)."""
        found = self._row(row)
        if found is None:
            return None
        painted, local, text = found
        bounds = text_bounds(painted, local, text)
        word = None if bounds is None else word_at(text, bounds, x - self.lead)
        if word is None:
            return None
        return Selection(Offset(self.lead + word[0], row), Offset(self.lead + word[1], row))

    def entry(self, row: int) -> Selection | None:
        """All of the entry showing `row`, as a selection (a triple click)."""
        found = self._row(row)
        if found is None:
            return None
        painted, local, _ = found
        top = row - local
        last = self._view._ensure_painter().text(painted.lines[-1])
        return Selection(Offset(0, top), Offset(self.lead + len(last), top + painted.height - 1))

    def _row(self, row: int) -> tuple[Painted, int, str] | None:
        """The painted entry showing `row`, the row in it and its text, if one does."""
        layout = self._view._layout
        if not layout.entries or not 0 <= row < layout.total_rows:
            return None
        index = layout.entry_at(row)
        painted = layout.painted[index]
        local = row - layout.offsets[index]
        if painted is None or local >= painted.height:
            return None
        return painted, local, self._view._ensure_painter().text(painted.lines[local])

    def follow(self, screen: Screen[Any], widget: Widget) -> None:
        """After the layout changed: move the screen's selection in `widget` (the
        transcript) with its rows, or let it go."""
        selection = self.selection
        moved = self.moved()
        if moved is selection:
            return
        selections = {w: s for w, s in screen.selections.items() if w is not widget}
        if moved is not None:
            selections[widget] = moved
        screen.selections = selections

    def text(self, selection: Selection) -> str:
        """The selected text as shown, lines joined with newlines."""
        view, layout = self._view, self._view._layout
        if not layout.entries or not layout.total_rows:
            return ""
        last_row = layout.total_rows - 1
        start = selection.start or Offset(0, 0)
        end = selection.end or Offset(-1, last_row)
        if end.y > last_row:  # past the last row: to the end of it
            end = Offset(-1, last_row)
        if start.y > last_row:
            return ""
        # Rows as (entry, row of the entry): painting an entry on the way may move the rows
        # of those after it.
        first_entry = layout.entry_at(start.y)
        first_local = start.y - layout.offsets[first_entry]
        last_entry = layout.entry_at(end.y)
        last_local = end.y - layout.offsets[last_entry]
        painter = view._ensure_painter()
        lead = self.lead
        lines: list[str] = []
        for index in range(first_entry, last_entry + 1):
            painted = view._painted(index)
            low = first_local if index == first_entry else 0
            high = last_local if index == last_entry else painted.height
            for local in range(low, min(high, painted.height - 1) + 1):
                text = painter.text(painted.lines[local])
                bounds = text_bounds(painted, local, text)
                if bounds is None:
                    continue
                left = start.x if (index, local) == (first_entry, first_local) else 0
                right = end.x if (index, local) == (last_entry, last_local) else -1
                first, last = text_span((left, right), lead, bounds, text)
                lines.append(text[first:last])
            if index != last_entry or high >= painted.height:
                lines.append("")  # the blank row between entries
        return "\n".join(lines).rstrip("\n")


def word_at(text: str, bounds: Bounds, at: int) -> Bounds | None:
    """The word (letters, digits and what joins them in names and links) at character
    `at` of a row's text, if there is one there."""
    start, end = bounds
    if not start <= at < end or not _in_word(text[at]):
        return None
    first, last = at, at + 1
    while first > start and _in_word(text[first - 1]):
        first -= 1
    while last < end and _in_word(text[last]):
        last += 1
    return first, last


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_-'./:@#%&=?~+"
