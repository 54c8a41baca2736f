"""The reading column: on a wide terminal the transcript keeps its lines to a comfortable
length (`reading_width` in the settings, about 100 columns) and centres them, as a page
of text is set; at or below that width nothing changes."""

from __future__ import annotations

from typing import NamedTuple

from cgpt_tui.ui.transcript.painter import GUTTER, MARGIN


class Column(NamedTuple):
    indent: int  # blank cells left of the column
    width: int  # cells the entries are painted in, their gutter and margin included


def reading_column(width: int, reading_width: int | None) -> Column:
    """Where the entries go in a transcript `width` cells wide, their text kept to
    `reading_width` columns (None: the full width)."""
    if reading_width is None:
        return Column(0, width)
    column = reading_width + GUTTER + MARGIN
    if width <= column:
        return Column(0, width)
    return Column((width - column) // 2, column)
