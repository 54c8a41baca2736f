"""The help screen: every key binding, grouped by where it applies (the table is handed in)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cgpt_tui.ui.key_help import KeySections


class HelpScreen(ModalScreen[None]):
    """Lists the keys; escape, q or F1 closes it."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: KeySections) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Content("Keys"), classes="dialog-title")
            for title, rows in self.sections:
                yield Static(Content(title), classes="help-section")
                table: DataTable[str] = DataTable(
                    show_header=False, cursor_type="none", zebra_stripes=True
                )
                table.add_columns("Key", "Action")
                for row in rows:
                    table.add_row(row.keys, row.description)
                yield table
            yield Static(
                Content("Mouse: click an agent, a conversation, an answer or a source card."),
                classes="dialog-detail",
            )

    def action_close(self) -> None:
        self.dismiss(None)
