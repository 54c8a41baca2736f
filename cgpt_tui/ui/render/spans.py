"""Where a rendered block's inline citation markers and code blocks are (found by marks.py).

Apart from marks.py, which brings in the Markdown stack: the painter keeps these from the
start."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from textual.strip import Strip

from cgpt_tui.api.frozen import record


@record
class MarkerSpan:
    """A marker `[number]` on `row` of a block, in cells [start, end)."""

    row: int
    start: int
    end: int
    number: int


@record
class CodeSpan:
    """A code block: rows [first, end) of a block, cells [column, column + width) of them."""

    first: int
    end: int
    column: int
    width: int
    code: str
    language: str


@dataclass
class Marks:
    """What is marked in some rendered lines (their rows counted from the first)."""

    markers: list[MarkerSpan] = field(default_factory=list)
    code: list[CodeSpan] = field(default_factory=list)

    def extend(self, other: Marks, rows: int) -> None:
        """Take `other`'s marks, of lines that start `rows` rows further down."""
        self.markers += [replace(m, row=m.row + rows) for m in other.markers]
        self.code += [replace(c, first=c.first + rows, end=c.end + rows) for c in other.code]


@dataclass
class MarkedBlock:
    """A rendered block and what is marked in it."""

    strips: list[Strip]
    marks: Marks = field(default_factory=Marks)
