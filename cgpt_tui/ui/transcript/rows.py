"""Painted rows drawn as the strips Textual shows: the reading column's indent, the gutter
that marks the selected entry, the offsets Textual's text selection reads, and the
highlight of selected text.

Textual finds where the pointer is in a line-API widget's content from the `offset` meta of
the segment under it (see `Strip.apply_offsets`). Here x counts characters from the left
edge of the transcript, indent and gutter included, and y is the row in the whole
transcript; `selection.py` turns that into characters of a row's text.

A segment with meta costs a Rich style of its own, about three times what unpacking the line
costs, so each row's strip is kept until its line, the cursor on it, the column or the
selection on it changes: a repaint (a streaming answer's, 10 a second) or a scroll finds
the rows that did not change drawn already.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from cgpt_tui.ui.transcript.packed import PackedLine
from cgpt_tui.ui.transcript.painter import GUTTER, MARGIN, EntryPainter, inner_width
from cgpt_tui.ui.transcript.reading import Column

KEPT_ROWS = 400  # drawn rows kept: a tall screen's worth several times over

# A row's key: its line (None: a blank row), whether it has the cursor, the selected
# span, column and width.
_Key = tuple[PackedLine | None, bool, tuple[int, int] | None, Column, int]


def selection_style(widget: Widget) -> Style:
    """The screen's selection colours for text in `widget`, as a Rich style. Its
    foreground is transparent unless a theme says otherwise: each character keeps its own
    colour (the Rich style alone would paint the text in the background's)."""
    screen = widget.screen
    style = screen.get_component_rich_style("screen--selection")
    if screen.get_component_styles("screen--selection").color.a == 0:
        return Style(bgcolor=style.bgcolor)
    return style


def _offset(style: Style | None, x: int, y: int) -> Style:
    meta = Style.from_meta({"offset": (x, y)})
    return style + meta if style else meta


class RowStrips:
    """Draws painted rows with one painter's styles, keeping what it drew."""

    def __init__(self, painter: EntryPainter) -> None:
        self.painter = painter
        palette = painter.palette
        self._base = palette.base
        self._cursor = palette.base + palette.cursor
        self._drawn: dict[int, tuple[_Key, Strip]] = {}

    def clear(self) -> None:
        self._drawn.clear()

    def blank(self, row: int, column: Column, width: int) -> Strip:
        """A row with no text (between entries, below the last). It is drawn as a blank
        line of an entry would be, segment for segment and offset for offset: a row that
        turns from one into the other as an answer grows then looks the same to the
        repaint (repaint.py) as it does on screen, and a skipped refresh leaves nothing
        stale behind."""
        key: _Key = (None, False, None, column, width)
        if (kept := self._kept(row, key)) is not None:
            return kept
        parts = [(" " * inner_width(column.width), self._base)]
        return self._keep(row, key, self._draw(row, parts, column, width, selected=False))

    def draw(
        self,
        row: int,
        line: PackedLine,
        column: Column,
        width: int,
        *,
        selected: bool,
        span: tuple[int, int] | None = None,
        highlight: Style | None = None,
    ) -> Strip:
        """Row `row` showing `line`; `span` (characters of the line) shown in `highlight`."""
        key: _Key = (line, selected, span, column, width)
        if (kept := self._kept(row, key)) is not None:
            return kept
        parts: Iterable[tuple[str, Style | None]] = self.painter.styled(line)
        if span is not None and highlight is not None:
            parts = _highlighted(parts, span, highlight)
        return self._keep(row, key, self._draw(row, parts, column, width, selected=selected))

    def _kept(self, row: int, key: _Key) -> Strip | None:
        kept = self._drawn.get(row)
        return kept[1] if kept is not None and kept[0] == key else None

    def _keep(self, row: int, key: _Key, strip: Strip) -> Strip:
        if len(self._drawn) >= KEPT_ROWS:
            self._drawn.clear()
        self._drawn[row] = (key, strip)
        return strip

    def _draw(
        self,
        row: int,
        parts: Iterable[tuple[str, Style | None]],
        column: Column,
        width: int,
        *,
        selected: bool,
    ) -> Strip:
        """The row's text `parts` between the indent and gutter and the right margin."""
        indent = column.indent
        segments: list[Segment] = []
        if indent:
            segments.append(Segment(" " * indent, _offset(self._base, 0, row)))
        gutter, gutter_style = ("▌ ", self._cursor) if selected else ("  ", self._base)
        segments.append(Segment(gutter, _offset(gutter_style, indent, row)))
        x = indent + GUTTER
        for text, style in parts:
            segments.append(Segment(text, _offset(style, x, row)))
            x += len(text)
        right = max(width - indent - column.width, 0) + MARGIN
        segments.append(Segment(" " * right, _offset(self._base, x, row)))
        return Strip(segments, indent + GUTTER + inner_width(column.width) + right)


def _highlighted(
    parts: Iterable[tuple[str, Style | None]], span: tuple[int, int], highlight: Style
) -> Iterator[tuple[str, Style | None]]:
    """`parts` with the characters of `span` in `highlight` (over their own style)."""
    at = 0  # characters of the line so far
    for text, style in parts:
        end = at + len(text)
        if span[0] < end and span[1] > at:
            cut_a, cut_b = max(span[0] - at, 0), min(span[1] - at, len(text))
            cuts = (
                (text[:cut_a], style),
                (text[cut_a:cut_b], style + highlight if style else highlight),
                (text[cut_b:], style),
            )
            yield from ((part, part_style) for part, part_style in cuts if part)
        else:
            yield text, style
        at = end
