"""Repaint only what changed: the rows, and the cells of a row, that differ from the screen.

Textual repaints a whole widget when it is refreshed without regions, and the terminal is sent
every cell of it. While an answer streams, a paint changes one or two rows (the growing line
and the status line under it), so the transcript remembers what it last drew on each row of
the view (a key: the painted line and whether it is selected, cheap to compare) and refreshes
only the cells between the first and the last that differ. A paint of a streaming answer
then costs the terminal the new words and a cursor move, not the ~7 KB of a 160x48
transcript. Whatever moves every row (a scroll, a resize, a new theme) still repaints
everything, through Textual's own refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Generic, TypeVar

from rich.cells import cell_len
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

RowKey = TypeVar("RowKey", bound=Hashable)  # what a row shows: equal keys draw equal strips


class DrawnRows(Generic[RowKey]):
    """The keys of what was last drawn on the rows of a view, and what differs from them now."""

    def __init__(self) -> None:
        self._rows: dict[int, RowKey] = {}
        self._width: int | None = None  # the width the rows were drawn at

    def draw(self, y: int, width: int, key: RowKey) -> None:
        """Row `y` of the view, `width` cells wide, now shows `key`."""
        if width != self._width:
            self.forget()
            self._width = width
        self._rows[y] = key

    def forget(self) -> None:
        """The next repaint is a whole one (colours or layout changed under the rows)."""
        self._rows.clear()
        self._width = None

    def changed(
        self,
        width: int,
        height: int,
        key_at: Callable[[int], RowKey],
        strip_of: Callable[[RowKey], Strip],
    ) -> list[Region] | None:
        """The regions of rows 0..height-1 that differ from what was drawn; None when the
        whole view must be repainted (never drawn, drawn at another width, or most rows
        differ, as after a scroll).

        Rows are compared by what they show, not by where the view is scrolled to: when
        older entries are painted above the view and it moves to keep its place, nothing
        on screen changes and nothing is sent.
        """
        if width != self._width or not self._rows:
            return None
        rows = self._rows
        keys = [key_at(y) for y in range(height)]
        differing = [y for y, key in enumerate(keys) if y not in rows or rows[y] != key]
        if len(differing) > height // 2:
            return None
        regions = []
        for y in differing:
            key = keys[y]
            if y in rows:
                start, end = changed_cells(strip_of(rows[y]), strip_of(key))
            else:
                start, end = 0, width
            if end > start:
                regions.append(Region(start, y, end - start, 1))
        return regions


def changed_cells(old: Strip, new: Strip) -> tuple[int, int]:
    """The first and past-the-last cell where two strips look different, compared cell by
    cell (their segments may be cut in different places); the whole row if their widths
    differ."""
    if old.cell_length != new.cell_length:
        return 0, new.cell_length
    old_cells, new_cells = _cells(old), _cells(new)
    shortest = min(len(old_cells), len(new_cells))
    head = 0
    while head < shortest and old_cells[head] == new_cells[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old_cells[-1 - tail] == new_cells[-1 - tail]:
        tail += 1
    start = sum(cell_len(char) for char, _ in new_cells[:head])
    end = new.cell_length - sum(cell_len(char) for char, _ in new_cells[len(new_cells) - tail :])
    return start, max(start, end)


Look = Hashable  # what a cell shows, for comparing two cells


def _cells(strip: Strip) -> list[tuple[str, Look]]:
    cells: list[tuple[str, Look]] = []
    for segment in strip:
        look, blank = _look(segment.style), _blank_look(segment.style)
        cells.extend((char, blank if char == " " else look) for char in segment.text)
    return cells


@lru_cache(maxsize=4096)
def _look(style: Style | None) -> Look:
    """What a style shows: not its meta (the offsets the mouse finds its place by, which
    differ from cell to cell and are not on the screen)."""
    return None if style is None else (style.clear_meta_and_links(), style.link)


@lru_cache(maxsize=4096)
def _blank_look(style: Style | None) -> Look:
    """What a space shows: its background and what is drawn through it, not its colour or
    weight (a blank row after the status line is the same as any other blank row)."""
    if style is None:
        return None
    if style.reverse:  # the colour is the background then
        return _look(style)
    lines = (style.underline, style.underline2, style.strike, style.overline)
    return style.bgcolor, lines, style.link
