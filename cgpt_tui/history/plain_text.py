"""An answer's Markdown as the words a reader sees, for search snippets: no `**`, `###`,
backticks, bullets or table pipes; a link as its text and, as the transcript shows it, its
address in brackets; code as its code. HTML tags are dropped."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
# Text without any of these has no Markdown to take out: it is returned as it is.
_MARKUP = re.compile(r"[*_`#\[\]|<>~!&\\]|^\s*(?:[-+=]|\d+[.)])(?:\s|$)", re.MULTILINE)
_BLOCK_ENDS = frozenset(
    {"paragraph_close", "heading_close", "list_item_close", "tr_close", "blockquote_close"}
)
CELL_SEPARATOR = " · "


@functools.cache
def _parser() -> MarkdownIt:
    # Imported on the first search: the Markdown parser is not needed to start.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough").enable("table")


def markdown_text(markdown: str) -> str:
    """The text of `markdown`, one line per block (paragraph, heading, list item, table
    row, code line)."""
    if not _MARKUP.search(markdown):
        return markdown
    parts: list[str] = []
    cells = 0  # cells of the table row so far
    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "inline":
            parts.append(_inline(token.children or ()))
        elif kind in ("fence", "code_block"):
            parts.append(token.content.rstrip("\n") + "\n")
        elif kind == "tr_open":
            cells = 0
        elif kind in ("th_open", "td_open"):
            if cells:
                parts.append(CELL_SEPARATOR)
            cells += 1
        elif kind in _BLOCK_ENDS and parts and not parts[-1].endswith("\n"):
            parts.append("\n")
    return "".join(parts).strip("\n")


def _inline(children: Sequence[Token]) -> str:
    parts: list[str] = []
    links: list[tuple[str, int]] = []  # (address, where its text starts in `parts`)
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            parts.append(token.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(_inline(token.children or ()))
        elif kind == "link_open":
            links.append((str(token.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and links:
            address, start = links.pop()
            text = "".join(parts[start:])
            if address and address not in (text, f"mailto:{text}"):  # not an autolink
                parts.append(f" ({address})")
    return "".join(parts)
