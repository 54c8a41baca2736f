"""ChatMarkdown skips Rich's per-instance parser; it must still render as Rich's Markdown does."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown

from cgpt_tui.ui.render.markdown import ChatMarkdown
from tests.bench.corpus import SECTIONS


def rendered(renderable: object) -> str:
    console = Console(width=72, color_system="truecolor", record=True, file=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


class _StockChatMarkdown(Markdown):
    """Rich's Markdown, built by Rich's __init__, with ChatMarkdown's elements."""

    elements = ChatMarkdown.elements


def test_each_kind_of_block_renders_exactly_as_with_rich_building_the_parser() -> None:
    extra = "# A heading\n\nText with a [link](https://example.com) and ~~gone~~."
    for block in [*SECTIONS, extra]:
        stock = _StockChatMarkdown(block, code_theme="friendly", hyperlinks=False)
        assert rendered(ChatMarkdown(block, code_theme="friendly")) == rendered(stock)
