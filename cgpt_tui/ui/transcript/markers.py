"""Inline citation markers in a painted answer: `[n]` links to the n-th citation card.

A marker is found when its block is rendered (render/marks.py); here the painted rows get its
look (a link, or the one selected), and `]` / `[` step through them in text order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field

from rich.style import Style

from cgpt_tui.api.frozen import record
from cgpt_tui.ui.render.spans import MarkerSpan
from cgpt_tui.ui.transcript.packed import PackedLine, StyleTable


@record
class MarkerLooks:
    """A marker's style as a link, and as the selected one."""

    link: Style = field(default_factory=Style)
    selected: Style = field(default_factory=Style)


def style_markers(
    table: StyleTable,
    rows: list[PackedLine],
    markers: Sequence[MarkerSpan],
    selected: int | None,
    looks: MarkerLooks,
) -> None:
    """Give each marker in `rows` (rows of the entry) its look, in place."""
    for index, marker in enumerate(markers):
        look = looks.selected if index == selected else looks.link
        rows[marker.row] = table.restyle(rows[marker.row], marker.start, marker.end, look)


def step(current: int | None, count: int, direction: int) -> int:
    """The next (or previous) of `count` items after `current`, wrapping at the ends."""
    if current is None or not 0 <= current < count:
        return 0 if direction > 0 else count - 1
    return (current + direction) % count
