"""Code blocks in a painted answer: the selected one is framed, a caption on its top padding
row (language, which block, the copy key) and a bar on its bottom one, so selecting a block
changes no row's height.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.render.spans import CodeSpan
from cgpt_tui.ui.transcript.packed import PackedLine, StyleTable


def caption(block: CodeSpan, index: int, count: int) -> str:
    """What the selected block's top row says, `block.width` cells wide."""
    language = clean_line(block.language) or "code"
    text = f" ▸ {language} · block {index + 1} of {count} · y copies it"
    if len(text) > block.width:
        text = f" ▸ {index + 1}/{count} · y"
    return text[: block.width].ljust(block.width)


def frame_code_block(
    table: StyleTable,
    rows: list[PackedLine],
    blocks: Sequence[CodeSpan],
    selected: int,
    style: Style,
) -> None:
    """Frame code block `selected` of `blocks` (rows of the entry) in `rows`, in place."""
    block = blocks[selected]
    top, bottom = block.first, block.end - 1
    rows[top] = table.overlay(rows[top], block.column, caption(block, selected, len(blocks)), style)
    if bottom > top:
        rows[bottom] = table.overlay(rows[bottom], block.column, " " * block.width, style)
