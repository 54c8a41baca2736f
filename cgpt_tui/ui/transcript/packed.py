"""Painted lines kept in a form the garbage collector need not walk.

A Textual `Strip` carries a handful of caches, and each of its segments points at a Rich
`Style`: tens of tracked objects per line. A long conversation holds tens of thousands of
painted lines, and every full collection walked them all (80–90 ms pauses while an answer
streamed). A packed line is a tuple of `(text, style number)` pairs, which CPython stops
tracking after one collection; the styles live once, in the table. Lines are kept in tuples
too: a list is always walked, and walking 50,000 line references cost ~50 ms a collection.
Lines are unpacked into strips only when they are drawn.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

PackedLine = tuple[tuple[str, int], ...]
PackedLines = tuple[PackedLine, ...]  # a tuple, not a list: untracked by the collector too


class StyleTable:
    """Numbers the styles of packed lines."""

    def __init__(self) -> None:
        self._numbers: dict[Style | None, int] = {}
        self._styles: list[Style | None] = []

    def pack(self, strip: Strip) -> PackedLine:
        numbers = self._numbers
        packed: list[tuple[str, int]] = []
        for text, style, control in strip:
            if control:
                continue
            number = numbers.get(style)
            if number is None:
                number = numbers[style] = len(self._styles)
                self._styles.append(style)
            if packed and packed[-1][1] == number:
                # One segment for a run of one style: each segment is drawn with its own
                # escape sequences (~23 bytes), and syntax highlighting cuts lines finely.
                packed[-1] = (packed[-1][0] + text, number)
            else:
                packed.append((text, number))
        return tuple(packed)

    def pack_all(self, strips: list[Strip], base: Style) -> PackedLines:
        """Pack strips with `base` under their own styles."""
        return tuple(self.pack(strip.apply_style(base)) for strip in strips)

    def styled(self, line: PackedLine) -> list[tuple[str, Style | None]]:
        """The line's pieces of text with their styles (to be drawn with more to them)."""
        styles = self._styles
        return [(text, styles[number]) for text, number in line]

    def segments(self, line: PackedLine) -> list[Segment]:
        styles = self._styles
        return [Segment(text, styles[number]) for text, number in line]

    def text(self, line: PackedLine) -> str:
        return "".join(text for text, _ in line)

    def restyle(self, line: PackedLine, start: int, end: int, style: Style) -> PackedLine:
        """`line` with cells [start, end) under `style` (over their own styles)."""
        strip = Strip(self.segments(line))
        parts = strip.divide([start, end, strip.cell_length])
        if len(parts) != 3:  # a span past the line's end: nothing to restyle
            return line
        before, middle, after = parts
        middle = Strip(Segment.apply_style(iter(middle), post_style=style))
        return self.pack(Strip.join([before, middle, after]))

    def overlay(self, line: PackedLine, start: int, text: str, style: Style) -> PackedLine:
        """`line` with `text` (one line, plain) in `style` over its cells from `start` on."""
        strip = Strip(self.segments(line))
        width = cell_len(text)
        parts = strip.divide([start, start + width, strip.cell_length])
        if len(parts) != 3:
            return line
        before, _, after = parts
        return self.pack(Strip.join([before, Strip([Segment(text, style)], width), after]))
