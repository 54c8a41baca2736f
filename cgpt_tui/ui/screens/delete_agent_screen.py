"""Delete an agent: the user types its exact name before Delete is enabled.

Deleting an agent takes its pages and every conversation with it, so the modal says so and
asks for more than a keypress.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from cgpt_tui.api import Agent
from cgpt_tui.sanitize import clean_line


def confirm_name(agent: Agent) -> str:
    """What the user types to confirm: the name as shown (cleaned), else "Agent <id>" for
    a name that shows nothing."""
    return clean_line(agent.name) or f"Agent {agent.id}"


class DeleteAgentScreen(ModalScreen[bool]):
    """Returns True once the user typed the agent's name and pressed Delete."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["modal.tcss", "delete_agent_screen.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="delete_agent.cancel"),
    ]

    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent
        self.expected = confirm_name(agent)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog delete-agent"):
            yield Static(Content(f"Delete the agent “{self.expected}”?"), classes="dialog-title")
            yield Static(
                Content(
                    "All its conversations, pages, sources and settings are deleted on the "
                    "server too. This cannot be undone."
                ),
                id="delete-warning",
            )
            yield Static(
                Content.assemble("Type ", (self.expected, "bold"), " to confirm:"),
                classes="dialog-detail",
            )
            yield Input(id="delete-name", placeholder=self.expected)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Delete", id="confirm", variant="error", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#delete-name", Input).focus()

    @property
    def name_matches(self) -> bool:
        return self.query_one("#delete-name", Input).value == self.expected

    @on(Input.Changed, "#delete-name")
    def _typed(self) -> None:
        self.query_one("#confirm", Button).disabled = not self.name_matches

    @on(Input.Submitted, "#delete-name")
    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if self.name_matches:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
