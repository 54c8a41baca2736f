"""The rows of the transcript's view: what each shows, drawn as strips, and what changed.

A row's key (`RowKey`) holds all a drawn row depends on; `line` draws the row for its key
(rows.py keeps the strips drawn), and after a change `repaint_changes` refreshes only the
cells that look different from what was drawn (repaint.py).
"""

from __future__ import annotations

from typing import Protocol

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from cgpt_tui.ui.transcript.layout import TranscriptLayout
from cgpt_tui.ui.transcript.packed import PackedLine
from cgpt_tui.ui.transcript.painter import EntryPainter
from cgpt_tui.ui.transcript.reading import Column
from cgpt_tui.ui.transcript.repaint import DrawnRows
from cgpt_tui.ui.transcript.rows import RowStrips
from cgpt_tui.ui.transcript.selection import TranscriptSelection

# A row of the view: its row in the transcript (the selection's offsets name it), the painted
# line (None: blank), whether its entry has the cursor, the selected span of its text and the
# reading column: all a drawn row depends on (a key left out leaves a stale row on screen).
RowKey = tuple[int, PackedLine | None, bool, tuple[int, int] | None, Column]


class RowsView(Protocol):
    """What the view's rows use of the transcript."""

    _layout: TranscriptLayout
    _selection: TranscriptSelection
    cursor: int | None

    @property
    def column(self) -> Column: ...

    @property
    def scroll_y(self) -> float: ...

    @property
    def has_focus(self) -> bool: ...

    @property
    def scrollable_content_region(self) -> Region: ...

    def _ensure_painter(self) -> EntryPainter: ...

    def selection_highlight(self) -> Style: ...

    def refresh(self, *regions: Region) -> object: ...


class ViewRows:
    """The transcript's rows on screen: their keys, their strips, their changes."""

    def __init__(self, view: RowsView) -> None:
        self._view = view
        self._strips: RowStrips | None = None
        self._drawn = DrawnRows[RowKey]()  # what each row of the view shows

    def line(self, y: int) -> Strip:
        """Row `y` of the view, drawn (Textual's `render_line`)."""
        key = self.key(y)
        width = self._view.scrollable_content_region.width
        self._drawn.draw(y, width, key)
        return self.strip(key, width)

    def key(self, y: int) -> RowKey:
        """What row `y` of the view shows now (see RowKey); equal keys draw equal strips."""
        view = self._view
        column = view.column
        row = round(view.scroll_y) + y
        layout = view._layout
        if not layout.entries or row >= layout.total_rows:
            return row, None, False, None, column
        index = layout.entry_at(row)
        painted = layout.painted[index]
        local = row - layout.offsets[index]
        if painted is None or local >= painted.height:  # off screen a moment ago
            return row, None, False, None, column
        line = painted.lines[local]
        span = None
        selection = view._selection
        if selection.selection is not None:
            span = selection.span(row, painted, local, self.strips().painter.text(line))
        return row, line, index == view.cursor and view.has_focus, span, column

    def strip(self, key: RowKey, width: int) -> Strip:
        strips = self.strips()
        row, line, selected, span, column = key
        if line is None:
            return strips.blank(row, column, width)
        highlight = self._view.selection_highlight() if span is not None else None
        return strips.draw(
            row, line, column, width, selected=selected, span=span, highlight=highlight
        )

    def strips(self) -> RowStrips:
        painter = self._view._ensure_painter()
        if self._strips is None or self._strips.painter is not painter:
            self._strips = RowStrips(painter)
        return self._strips

    def repaint_changes(self) -> None:
        """Refresh the cells of the view that differ from what is on screen (see repaint.py)."""
        view = self._view
        region = view.scrollable_content_region
        width = region.width
        regions = self._drawn.changed(
            width, region.height, self.key, lambda key: self.strip(key, width)
        )
        if regions is None:
            view.refresh()
        elif regions:
            view.refresh(*regions)

    def forget(self) -> None:
        """Colours or layout changed under the rows: the next repaint is a whole one."""
        self._drawn.forget()
