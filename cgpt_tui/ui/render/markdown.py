"""Render Markdown blocks to Textual strips with Rich's Markdown.

Rich renders a block straight to lines of segments, which the transcript keeps as cached
strips; no widget is mounted per block or per answer.
"""

from __future__ import annotations

from typing import ClassVar

from markdown_it import MarkdownIt
from rich.console import Console
from rich.markdown import Heading, Markdown
from rich.segment import Segment
from textual.strip import Strip

from cgpt_tui.ui.render.text import lines_to_strips


class _LeftHeading(Heading):
    """Headings start at the left edge, like the rest of a chat answer."""

    LEVEL_ALIGN: ClassVar = dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "left")


class ChatMarkdown(Markdown):
    """Rich Markdown with chat-friendly headings.

    Links render as `text (url)`: the reader sees where a link goes, and the terminal gets no
    OSC 8 hyperlink it could open on its own.
    """

    elements: ClassVar = {**Markdown.elements, "heading_open": _LeftHeading}

    def __init__(self, markup: str, *, code_theme: str = "monokai") -> None:
        # Rich's own __init__ builds a new markdown-it parser for every instance (0.6 ms,
        # a third of rendering a paragraph); one parser serves every block here.
        self.markup = markup
        self.parsed = _PARSER.parse(markup)
        self.code_theme = code_theme
        self.justify = None
        self.style = "none"
        self.hyperlinks = False
        self.inline_code_lexer = None
        self.inline_code_theme = code_theme


_PARSER = MarkdownIt().enable("strikethrough").enable("table")  # as rich.markdown.Markdown's


def render_markdown(
    console: Console, text: str, width: int, *, code_theme: str = "monokai"
) -> list[Strip]:
    """Render one Markdown block to strips exactly `width` cells wide."""
    lines = render_block_lines(console, ChatMarkdown(text, code_theme=code_theme), width)
    return lines_to_strips(lines, width)


def render_block_lines(console: Console, markdown: ChatMarkdown, width: int) -> list[list[Segment]]:
    """The block's lines (not yet strips), without the empty ones around it."""
    options = console.options.update(width=width, height=None)
    lines = console.render_lines(markdown, options, pad=False)
    start, end = 0, len(lines)
    while start < end and _is_empty(lines[start]):
        start += 1
    while end > start and _is_empty(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _is_empty(line: list[Segment]) -> bool:
    """A line with no text and no background (a code block's padding is not empty)."""
    return not any(
        segment.text.strip() or (segment.style is not None and segment.style.bgcolor)
        for segment in line
    )
