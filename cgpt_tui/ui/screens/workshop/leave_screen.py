"""Leaving the workshop with unsaved settings: save, discard or stay."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

Choice = Literal["save", "discard", "stay"]


class LeaveScreen(ModalScreen[Choice]):
    """Returns what to do with the unsaved changes."""

    CSS_PATH = "workshop.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('stay')", "Stay", id="leave.stay"),
        Binding("s", "choose('save')", "Save", id="leave.save"),
        Binding("d", "choose('discard')", "Discard", id="leave.discard"),
    ]

    def __init__(self, fields: list[str]) -> None:
        super().__init__()
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Save the changed settings?"), classes="dialog-title")
            yield Static(Content("Changed: " + ", ".join(self.fields)), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay (esc)", id="stay")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Save (s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("save", "discard", "stay"):
            self.action_choose(event.button.id)

    def action_choose(self, choice: str) -> None:
        if choice == "save":
            self.dismiss("save")
        elif choice == "discard":
            self.dismiss("discard")
        else:
            self.dismiss("stay")
