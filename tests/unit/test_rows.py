"""Rows drawn as Textual's strips (ui/transcript/rows.py)."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.painter import EntryPainter, Palette
from cgpt_tui.ui.transcript.reading import Column, reading_column
from cgpt_tui.ui.transcript.rows import RowStrips

BASE = Style(color="#e0e0e0", bgcolor="#101010")


def test_a_row_below_the_entries_is_drawn_as_a_blank_row_of_an_entry() -> None:
    """A row that turns from one kind of blank into the other as an answer grows must be
    the same strip: the repaint skips it as unchanged, and Textual keeps the old one."""
    painter = EntryPainter(Console(width=100), Palette(base=BASE))
    strips = RowStrips(painter)
    for width, column in [(80, Column(0, 80)), (100, reading_column(100, 60))]:
        entry = ChatEntry("Why?")
        entry.answer.append("First paragraph.\n\nSecond paragraph.")
        painted = painter.paint(entry, column.width)
        blanks = [line for line in painted.lines if not painter.text(line).strip()]
        assert blanks, "the entry has a blank row between its paragraphs"
        drawn = strips.draw(7, blanks[0], column, width, selected=False)
        below = strips.blank(7, column, width)
        assert below.cell_length == drawn.cell_length == width
        assert list(below) == list(drawn)  # the same segments, styles and offsets
        assert strips.blank(7, column, width) is below  # kept, not drawn anew
