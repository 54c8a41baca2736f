"""A one-line question in a modal: a title, a prefilled value, OK and Cancel."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class PromptScreen(ModalScreen[str | None]):
    """Returns the text entered (trimmed), or None when cancelled."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]
    EMPTY_MESSAGE = "This cannot be empty."

    def __init__(
        self, title: str, value: str, *, ok_label: str, max_length: int = 0, detail: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.ok_label = ok_label
        self.max_length = max_length
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Input(
                self.value, id="prompt-value", max_length=self.max_length, select_on_focus=True
            )
            if self.detail:
                yield Static(Content(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.ok_label, id="save", variant="primary")

    def clean(self, text: str) -> str:
        return text.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        value = self.clean(self.query_one(Input).value)
        if not value:
            self.notify(self.EMPTY_MESSAGE, severity="warning")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
