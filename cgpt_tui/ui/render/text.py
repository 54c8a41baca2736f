"""Render plain, already styled text to Textual strips of an exact width.

Kept apart from markdown.py, which brings in markdown-it and Rich's Markdown: labels and
cards need only this, and the app starts without the Markdown stack until an answer shows.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip


def lines_to_strips(lines: list[list[Segment]], width: int) -> list[Strip]:
    strips = []
    for line in lines:
        strip = Strip(line)
        strips.append(strip.adjust_cell_length(width) if strip.cell_length != width else strip)
    return strips


def render_text(console: Console, text: Text, width: int) -> list[Strip]:
    """Render plain (already styled) text, wrapped to `width`."""
    options = console.options.update(width=width, height=None)
    return lines_to_strips(console.render_lines(text, options, pad=False), width)
