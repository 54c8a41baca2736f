"""What a workshop tab tells the screen's status line."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class TabStatus(Message):
    """`text` for the status line while `tab` shows; `error` colours it."""

    def __init__(self, tab: Widget, text: str, *, error: bool = False) -> None:
        super().__init__()
        self.tab = tab
        self.text = text
        self.error = error
