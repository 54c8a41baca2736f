"""The Settings tab: the fields a customer tunes, saved with ctrl+s (only what changed).

Problems found before sending show by their field; the server's refusal shows by the field
it names, else above the form. Nothing typed is replaced by a failed save.
"""

from __future__ import annotations

from typing import Any

from textual import getters, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Select, Static, Switch, TextArea

from cgpt_tui.api import Agent, AgentSettings, CustomGPTError
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.screens.workshop.settings_fields import (
    CITATION_VIEWS,
    LABELS,
    MODELS,
    NAME,
    RESPONSE_SOURCES,
    changes,
    client_errors,
    field_of_message,
    form_values,
    questions_from_text,
)
from cgpt_tui.ui.screens.workshop.status import TabStatus
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


def _choices(pairs: tuple[tuple[str, str], ...], current: str | None) -> list[tuple[str, str]]:
    """The known choices, plus the current value when the server sent another one."""
    known = list(pairs)
    if current and current not in {value for value, _ in pairs}:
        known.append((current, f"{current} (as the server has it)"))
    return [(label, value) for value, label in known]


class SettingsTab(ReportsWorkerErrors, VerticalScroll):
    """Posts `TabStatus` for the screen's status line; `saved_agent` after a rename."""

    app = getters.app(AppServices)

    def __init__(self, agent: Agent, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.agent = agent
        self.original: dict[str, Any] | None = None  # as loaded (or last saved)
        self.saved_something = False

    def compose(self) -> ComposeResult:
        yield Static("", id="settings-error", classes="field-error")
        yield from self._field(NAME, Input(id=f"field-{NAME}", max_length=0))
        yield from self._field(
            "persona_instructions", TextArea(id="field-persona_instructions", soft_wrap=True)
        )
        yield from self._field(
            "example_questions", TextArea(id="field-example_questions", soft_wrap=True)
        )
        yield from self._field(
            "chatbot_model",
            Select([(m, m) for m in MODELS], id="field-chatbot_model", allow_blank=True),
        )
        yield from self._field(
            "response_source",
            Select(_choices(RESPONSE_SOURCES, None), id="field-response_source"),
        )
        yield from self._field("chatbot_msg_lang", Input(id="field-chatbot_msg_lang"))
        yield from self._field(
            "citations_view_type",
            Select(_choices(CITATION_VIEWS, None), id="field-citations_view_type"),
        )
        yield from self._field("no_answer_message", Input(id="field-no_answer_message"))
        for key in ("markdown_enabled", "enable_inline_citations_api"):
            with Horizontal(classes="switch-row"):
                yield Switch(id=f"field-{key}")
                yield Static(LABELS[key], classes="switch-label")
            yield Static("", id=f"error-{key}", classes="field-error")

    def _field(self, key: str, widget: Widget) -> ComposeResult:
        yield Static(LABELS[key], classes="field-label")
        if key == "example_questions":
            yield Static("One question per line.", classes="field-hint")
        yield widget
        yield Static("", id=f"error-{key}", classes="field-error")

    def on_mount(self) -> None:
        self.disabled = True
        self.load()

    # ------------------------------------------------------------ loading

    @work(group="settings", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        """Fetch the settings; a form with unsaved text is never overwritten."""
        if self.is_dirty():
            self.post_message(TabStatus(self, "Unsaved changes kept: save or discard first."))
            return
        self.post_message(TabStatus(self, "Loading settings…"))
        try:
            settings = await self.app.data.workshop.settings(self.agent.id)
        except CustomGPTError as error:
            self.post_message(TabStatus(self, describe(error, retry_key="ctrl+r"), error=True))
            return
        self.fill(settings)
        self.disabled = False
        self.post_message(TabStatus(self, "ctrl+s saves what you change."))

    def fill(self, settings: AgentSettings) -> None:
        values = form_values(self.agent.name, settings)
        self.original = values
        self.query_one(f"#field-{NAME}", Input).value = values[NAME]
        self.query_one("#field-persona_instructions", TextArea).text = values[
            "persona_instructions"
        ]
        self.query_one("#field-example_questions", TextArea).text = "\n".join(
            values["example_questions"]
        )
        self._set_select("chatbot_model", tuple((m, m) for m in MODELS), values)
        self._set_select("response_source", RESPONSE_SOURCES, values)
        self._set_select("citations_view_type", CITATION_VIEWS, values)
        self.query_one("#field-chatbot_msg_lang", Input).value = values["chatbot_msg_lang"]
        self.query_one("#field-no_answer_message", Input).value = values["no_answer_message"]
        for key in ("markdown_enabled", "enable_inline_citations_api"):
            self.query_one(f"#field-{key}", Switch).value = values[key]
        self._show_errors({})

    def _set_select(self, key: str, pairs: tuple[tuple[str, str], ...], values: dict) -> None:
        select: Select[str] = self.query_one(f"#field-{key}", Select)
        current = values[key]
        select.set_options(_choices(pairs, current))
        if current is None:
            select.clear()
        else:
            select.value = current

    # ------------------------------------------------------------ the form's values

    def current_values(self) -> dict[str, Any]:
        def chosen(key: str) -> str | None:
            value = self.query_one(f"#field-{key}", Select).value
            return value if isinstance(value, str) else None

        return {
            NAME: self.query_one(f"#field-{NAME}", Input).value,
            "persona_instructions": self.query_one("#field-persona_instructions", TextArea).text,
            "example_questions": questions_from_text(
                self.query_one("#field-example_questions", TextArea).text
            ),
            "chatbot_model": chosen("chatbot_model"),
            "response_source": chosen("response_source"),
            "chatbot_msg_lang": self.query_one("#field-chatbot_msg_lang", Input).value.strip(),
            "citations_view_type": chosen("citations_view_type"),
            "no_answer_message": self.query_one("#field-no_answer_message", Input).value,
            "markdown_enabled": self.query_one("#field-markdown_enabled", Switch).value,
            "enable_inline_citations_api": self.query_one(
                "#field-enable_inline_citations_api", Switch
            ).value,
        }

    def pending(self) -> dict[str, Any]:
        """What would be sent now: the fields changed since loading."""
        if self.original is None:
            return {}
        return changes(self.original, self.current_values())

    def is_dirty(self) -> bool:
        return bool(self.pending())

    def _show_errors(self, errors: dict[str, str], top: str = "") -> None:
        for key in LABELS:
            note = self.query_one(f"#error-{key}", Static)
            note.update(Content(errors.get(key, "")))
            note.set_class(key in errors, "-shown")
        banner = self.query_one("#settings-error", Static)
        banner.update(Content(top))
        banner.set_class(bool(top), "-shown")

    # ------------------------------------------------------------ saving

    @work(group="settings", exclusive=True, exit_on_error=False)
    async def save(self) -> bool:
        """Send what changed; True when everything was kept by the server."""
        pending = self.pending()
        if self.original is None:
            self.post_message(TabStatus(self, "The settings have not loaded: ctrl+r.", error=True))
            return False
        if not pending:
            self.post_message(TabStatus(self, "Nothing changed."))
            return True
        errors = client_errors(pending)
        if errors:
            self._show_errors(errors)
            self.post_message(TabStatus(self, "Not saved: see the marked fields.", error=True))
            return False
        self.post_message(TabStatus(self, "Saving…"))
        workshop = self.app.data.workshop
        try:
            if NAME in pending:
                name = " ".join(pending.pop(NAME).split())
                self.agent = await workshop.rename_agent(self.agent.id, name)
                self.original = {**self.original, NAME: clean_line(self.agent.name) or name}
                self.saved_something = True
            if pending:
                sent = {k: list(v) if k == "example_questions" else v for k, v in pending.items()}
                settings = await workshop.save_settings(self.agent.id, sent)
                self.saved_something = True
                self.fill(settings)  # what the server kept, as it reads back
        except CustomGPTError as error:
            self._refused(error)
            return False
        self._show_errors({})
        self.post_message(TabStatus(self, "Saved."))
        return True

    def _refused(self, error: CustomGPTError) -> None:
        message = describe(error)
        field = field_of_message(clean_line(error.message))
        if field is not None:
            self._show_errors({field: message})
        else:
            self._show_errors({}, top=message)
        self.post_message(TabStatus(self, f"Not saved: {message}", error=True))
