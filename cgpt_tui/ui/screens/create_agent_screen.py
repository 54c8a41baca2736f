"""Create an agent: its name, and its content from a sitemap URL or from files.

The form checks what it can (a name, an http(s) URL, files that exist) inline, then asks the
server; a refusal ("You have reached your agent limit") shows in the form, which keeps what
was typed. Files come from the file picker or are typed, one path a line.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import ClassVar
from urllib.parse import urlparse

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static, TextArea

from cgpt_tui.api import Agent, CustomGPTError
from cgpt_tui.services.workshop import AgentPartlyCreated
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.screens.file_picker_screen import FilePickerScreen, parse_typed_path
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

MAX_NAME = 255


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a sitemap's address, or None."""
    if not url:
        return "Give the sitemap's URL."
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "The sitemap's URL must start with http:// or https:// and name a host."
    return None


def typed_paths(text: str, base: Path) -> list[Path]:
    """The paths typed, one a line (blank lines skipped)."""
    return [path for line in text.splitlines() if (path := parse_typed_path(line, base))]


def files_problem(paths: list[Path]) -> str | None:
    if not paths:
        return "Choose at least one file (ctrl+o), or type its path."
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        return f"Not a file: {', '.join(missing)}"
    return None


class CreateAgentScreen(ReportsWorkerErrors, ModalScreen[Agent | None]):
    """Returns the agent created, or None when cancelled."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["modal.tcss", "create_agent_screen.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="create_agent.cancel"),
        Binding("ctrl+o", "pick_files", "Choose files", id="create_agent.pick"),
        Binding("ctrl+s", "create", "Create", id="create_agent.create"),
    ]

    app = getters.app(AppServices)

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog create-agent"):
            yield Static(Content("New agent"), classes="dialog-title")
            yield Input(
                id="agent-name", max_length=MAX_NAME, placeholder="What the agent is called"
            )
            with RadioSet(id="agent-source", compact=True):
                yield RadioButton("From a sitemap URL", value=True, id="from-sitemap")
                yield RadioButton("From files", id="from-files")
            yield Input(id="agent-sitemap", placeholder="https://example.com/sitemap.xml")
            with Vertical(id="agent-files-box"):
                yield TextArea(id="agent-files", soft_wrap=False, show_line_numbers=False)
                with Horizontal(classes="create-files-row"):
                    yield Static(
                        Content("Typed, or chosen from a directory tree:"), classes="files-hint"
                    )
                    yield Button("Choose files… (ctrl+o)", id="pick-files", compact=True)
            yield Static(id="create-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create (ctrl+s)", id="create", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#agent-name", Input).border_title = "Name"
        self.query_one("#agent-sitemap", Input).border_title = "Sitemap URL"
        self.query_one("#agent-files", TextArea).border_title = "Files, one path a line"
        self._show_source()
        self.query_one("#agent-name", Input).focus()

    @property
    def from_files(self) -> bool:
        return self.query_one("#from-files", RadioButton).value

    @on(RadioSet.Changed, "#agent-source")
    def _show_source(self) -> None:
        files = self.from_files
        self.query_one("#agent-sitemap").display = not files
        self.query_one("#agent-files-box").display = files
        self.say("")

    def say(self, problem: str) -> None:
        """A problem with what was typed (or the server's refusal), under the form."""
        error = self.query_one("#create-error", Static)
        error.update(Content(problem))
        error.display = bool(problem)

    # ------------------------------------------------------------ files

    def action_pick_files(self) -> None:
        self.query_one("#from-files", RadioButton).value = True
        self.app.push_screen(
            FilePickerScreen(self.start, multiple=True, title="Files for the new agent"),
            callback=self._picked,
        )

    @on(Button.Pressed, "#pick-files")
    def _pick_pressed(self) -> None:
        self.action_pick_files()

    def _picked(self, paths: list[Path] | None) -> None:
        """The picked files, after those typed (none is listed twice)."""
        if not paths:
            return
        area = self.query_one("#agent-files", TextArea)
        lines = [line for line in area.text.splitlines() if line.strip()]
        lines += [str(path) for path in paths if str(path) not in lines]
        area.text = "\n".join(lines)

    # ------------------------------------------------------------ creating

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        if self.busy:
            return
        name = " ".join(self.query_one("#agent-name", Input).value.split())
        if not name:
            self.say("The agent needs a name.")
            self.query_one("#agent-name", Input).focus()
            return
        if self.from_files:
            paths = typed_paths(self.query_one("#agent-files", TextArea).text, self.start)
            if problem := files_problem(paths):
                self.say(problem)
                return
            self._create(name, None, paths)
        else:
            url = self.query_one("#agent-sitemap", Input).value.strip()
            if problem := url_problem(url):
                self.say(problem)
                self.query_one("#agent-sitemap", Input).focus()
                return
            self._create(name, url, [])

    @work(group="create-agent", exclusive=True, exit_on_error=False)
    async def _create(self, name: str, sitemap: str | None, files: list[Path]) -> None:
        self._set_busy(True)
        self.say("")
        try:
            agent = await self.app.data.workshop.create_agent(name, sitemap=sitemap, files=files)
        except AgentPartlyCreated as partly:  # it exists: shown, and what was not added said
            self.notify(describe(partly), severity="error", timeout=20)
            agent = partly.agent
        except CustomGPTError as error:
            self.say(f"Not created: {describe(error)}")
            return
        finally:
            self._set_busy(False)
        self.dismiss(agent)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        button = self.query_one("#create", Button)
        button.disabled = busy
        button.label = "Creating…" if busy else "Create (ctrl+s)"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.busy:  # the agent may be made already: its answer is awaited
            self.notify("The server is creating the agent; a moment.", severity="warning")
            return
        self.dismiss(None)
