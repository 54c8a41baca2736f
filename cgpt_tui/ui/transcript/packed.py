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

    def segments(self, line: PackedLine) -> list[Segment]:
        styles = self._styles
        return [Segment(text, styles[number]) for text, number in line]

    def text(self, line: PackedLine) -> str:
        return "".join(text for text, _ in line)
