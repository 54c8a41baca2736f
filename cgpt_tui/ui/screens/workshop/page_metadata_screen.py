"""Edit one page's metadata (title, URL, description, image) in a modal form.

The description's limits (255 / 2000 / 500 / 2000 characters) are checked by each field as it
is typed; the server's refusal shows above the fields, which keep what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from cgpt_tui.api import AgentPage, CustomGPTError, PageMetadata
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.widgets.pages_table import page_name
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

LIMITS = {"title": 255, "url": 2000, "description": 500, "image": 2000}
LABELS = {"title": "Title", "url": "URL", "description": "Description", "image": "Image URL"}


def too_long(values: dict[str, str]) -> dict[str, str]:
    """The fields over their limit, with what to do."""
    return {
        key: f"At most {LIMITS[key]:,} characters ({len(value):,} now)."
        for key, value in values.items()
        if len(value) > LIMITS[key]
    }


class PageMetadataScreen(ReportsWorkerErrors, ModalScreen[PageMetadata | None]):
    """Loads the page's metadata, saves the changed fields; returns what was saved or None."""

    CSS_PATH = "workshop.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="metadata.cancel"),
        Binding("ctrl+s", "save", "Save", id="metadata.save"),
    ]

    app = getters.app(AppServices)

    def __init__(self, agent_id: int, page: AgentPage) -> None:
        super().__init__()
        self.agent_id = agent_id
        self.page = page
        self.loaded: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog metadata"):
            yield Static(Content(f"Metadata of {page_name(self.page)}"), classes="dialog-title")
            yield Static("Loading…", id="metadata-error", classes="field-error -shown")
            for key, label in LABELS.items():
                yield Static(label, classes="field-label")
                yield Input(id=f"metadata-{key}", disabled=True)
                yield Static("", id=f"metadata-error-{key}", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        try:
            metadata = await self.app.data.workshop.page_metadata(self.agent_id, self.page.id)
        except CustomGPTError as error:
            self._top(describe(error))
            return
        self.loaded = {
            "title": clean_line(metadata.title),
            "url": clean_line(metadata.url),
            "description": clean_line(metadata.description),
            "image": clean_line(metadata.image),
        }
        for key, value in self.loaded.items():
            field = self.query_one(f"#metadata-{key}", Input)
            field.value = value
            field.disabled = False
        self.query_one("#save", Button).disabled = False
        self._top("")
        self.query_one("#metadata-title", Input).focus()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#metadata-{key}", Input).value for key in LABELS}

    @on(Input.Changed)
    def _check(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("metadata-")
        if key in LIMITS:
            self._field_error(key, too_long({key: event.value}).get(key, ""))

    def _field_error(self, key: str, text: str) -> None:
        note = self.query_one(f"#metadata-error-{key}", Static)
        note.update(Content(text))
        note.set_class(bool(text), "-shown")

    def _top(self, text: str) -> None:
        note = self.query_one("#metadata-error", Static)
        note.update(Content(text))
        note.set_class(bool(text), "-shown")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.loaded is None:
            return
        values = self.values()
        errors = too_long(values)
        for key in LABELS:
            self._field_error(key, errors.get(key, ""))
        if errors:
            self._top("Not saved: see the marked fields.")
            return
        changed = {key: value for key, value in values.items() if value != self.loaded[key]}
        if not changed:
            self.dismiss(None)
            return
        self.save(changed)

    @work(exclusive=True, exit_on_error=False)
    async def save(self, changed: dict[str, str]) -> None:
        self._top("Saving…")
        try:
            saved = await self.app.data.workshop.save_page_metadata(
                self.agent_id, self.page.id, **changed
            )
        except CustomGPTError as error:
            self._top(f"Not saved: {describe(error)}")
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
