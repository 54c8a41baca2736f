"""Where a rendered Markdown block has inline citation markers and code blocks.

A marker (`[1]`, `[2]`, … in the answer's text, not in code) is swapped for private-use
sentinels of the same width before Rich lays the block out, so it wraps exactly as the text
would, and found again in the rendered lines by them. A code block renders with a meta tag
on its segments (invisible) that says which block it is. Both are read back once, when the
block is rendered, into rows and cells; the meta is dropped from the styles it rode on.
"""

from __future__ import annotations

import re
from typing import ClassVar

from markdown_it.token import Token
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Markdown
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled

from cgpt_tui.ui.render.markdown import ChatMarkdown, render_block_lines
from cgpt_tui.ui.render.spans import CodeSpan, MarkedBlock, MarkerSpan, Marks
from cgpt_tui.ui.render.text import lines_to_strips

OPEN, CLOSE = "\ue000", "\ue001"  # stand for "[" and "]" of a marker while it is laid out
MARKER = re.compile(r"\[([1-9][0-9]{0,2})\]")
SENTINELS = re.compile(f"([{OPEN}{CLOSE}])")
CODE_KEY = "cgpt-code-block"


def protect(text: str) -> str:
    """The sentinels are ours: any in the text itself become U+FFFD."""
    if OPEN in text or CLOSE in text:
        return text.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd")
    return text


def mark_citations(tokens: list[Token]) -> int:
    """Swap markers in the text of `tokens` (markdown-it's) for sentinels, code left as it
    is; how many were swapped."""
    count = 0
    for token in tokens:
        for child in token.children or ():
            if child.type == "text" and "[" in child.content:
                child.content, found = MARKER.subn(rf"{OPEN}\1{CLOSE}", child.content)
                count += found
    return count


class TaggedCodeBlock(CodeBlock):
    """Rich's code block, its segments tagged with its number and its code kept."""

    number = 0

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> CodeBlock:
        block = super().create(markdown, token)
        assert isinstance(block, TaggedCodeBlock) and isinstance(markdown, MarkedMarkdown)
        block.number = len(markdown.code_blocks)
        language = (token.info or "").partition(" ")[0]
        markdown.code_blocks.append((token.content.rstrip("\n"), language))
        return block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        tag = Style.from_meta({CODE_KEY: self.number})
        for renderable in super().__rich_console__(console, options):
            yield renderable if isinstance(renderable, Segment) else Styled(renderable, tag)


class MarkedMarkdown(ChatMarkdown):
    """ChatMarkdown with its citation markers and code blocks marked (see marks.py)."""

    elements: ClassVar = {
        **ChatMarkdown.elements,
        "fence": TaggedCodeBlock,
        "code_block": TaggedCodeBlock,
    }

    def __init__(self, markup: str, *, code_theme: str = "monokai") -> None:
        super().__init__(protect(markup), code_theme=code_theme)
        self.code_blocks: list[tuple[str, str]] = []  # (code, language), as they render
        self.markers = mark_citations(self.parsed)


def render_marked(
    console: Console, text: str, width: int, *, code_theme: str = "monokai"
) -> MarkedBlock:
    """Render one Markdown block as `render_markdown` does, with where its inline citation
    markers and code blocks are."""
    markdown = MarkedMarkdown(text, code_theme=code_theme)
    lines = render_block_lines(console, markdown, width)
    if not markdown.markers and not markdown.code_blocks:  # nothing to look for
        return MarkedBlock(lines_to_strips(lines, width))
    lines, marks = collect_marks(lines, markdown.code_blocks)
    return MarkedBlock(lines_to_strips(lines, width), marks)


def collect_marks(
    lines: list[list[Segment]], codes: list[tuple[str, str]]
) -> tuple[list[list[Segment]], Marks]:
    """Read the markers and code blocks out of rendered `lines`; the lines with their text
    restored and the tags gone, and the marks."""
    marks = Marks()
    out_lines: list[list[Segment]] = []
    spans: dict[int, list[int]] = {}  # block number -> [first row, end row, column, width]
    plain: dict[Style, tuple[Style, int | None]] = {}  # a style: untagged, its block number
    for row, line in enumerate(lines):
        out: list[Segment] = []
        cell = 0
        opened: int | None = None  # the cell of the "[" of a marker being read
        digits = ""
        for segment in line:
            text, style, control = segment
            number = None
            if style is not None:
                known = plain.get(style)
                if known is None:
                    meta = style.meta
                    untag = style.clear_meta_and_links() if meta else style
                    known = plain[style] = (untag, meta.get(CODE_KEY))
                style, number = known
                if number is not None:
                    span = spans.setdefault(number, [row, row + 1, cell, 0])
                    if span[0] == row:
                        span[3] = cell + cell_len(text) - span[2]
                    span[1] = row + 1
            if OPEN not in text and CLOSE not in text:
                out.append(segment if style is segment.style else Segment(text, style, control))
                cell += cell_len(text)
                if opened is not None:
                    digits += text
                continue
            for piece in SENTINELS.split(text):
                if piece == OPEN:
                    opened, digits, piece = cell, "", "["
                elif piece == CLOSE:
                    if opened is not None and digits.isdigit():
                        marks.markers.append(MarkerSpan(row, opened, cell + 1, int(digits)))
                    opened, piece = None, "]"
                elif opened is not None:
                    digits += piece
                if piece:
                    out.append(Segment(piece, style, control))
                    cell += cell_len(piece)
        out_lines.append(out)
    for number, (first, end, column, width) in sorted(spans.items()):
        code, language = codes[number] if number < len(codes) else ("", "")
        marks.code.append(CodeSpan(first, end, column, width, code, language))
    return out_lines, marks
