"""The Sources tab: the agent's sitemaps and its uploads; add, sync, delete.

One input takes a sitemap URL (http or https) or a file path (typed or pasted); ctrl+o opens
the file picker. A refused change (a plan without instant sync, a sync asked too soon) shows
the server's words, and the input keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from cgpt_tui.api import Agent, AgentSources, CustomGPTError, Source
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.screens.confirm_screen import ConfirmScreen
from cgpt_tui.ui.screens.file_picker_screen import FilePickerScreen, parse_typed_path
from cgpt_tui.ui.screens.workshop.status import TabStatus
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import plural


def is_web_url(text: str) -> bool:
    parsed = urlparse(text.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def server_words(error: CustomGPTError) -> str:
    """The server's own message for a refused change (a 403 says why, in words)."""
    return clean_line(error.message) or describe(error)


def source_line(source: Source) -> Content:
    """One source in words: its kind, what it reads, how many pages, how it refreshes."""
    pages = plural(len(source.pages), "page")
    settings = source.settings
    if source.type == "upload":
        return Content.assemble(("Uploads", "bold"), f"  {plural(len(source.pages), 'file')}")
    where = clean_line(settings.sitemap_path) or "(no sitemap path)"
    refresh = clean_line(settings.data_refresh_frequency) or "—"
    existing = clean_line(settings.refresh_existing_pages) or "—"
    return Content.assemble(
        ("Sitemap", "bold"),
        f"  {where}\n",
        (f"  {pages} · refresh {refresh} · existing pages: {existing}", "$text-muted"),
    )


class SourceList(OptionList):
    """The sources; s syncs the highlighted one, Delete deletes it (asks first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sync", "Sync now", id="workshop.sources.sync"),
        Binding("delete,d", "delete", "Delete", id="workshop.sources.delete"),
    ]

    def action_sync(self) -> None:
        self.query_ancestor(SourcesTab).action_sync()

    def action_delete(self) -> None:
        self.query_ancestor(SourcesTab).action_delete()


class SourcesTab(ReportsWorkerErrors, Vertical):
    """Posts `TabStatus`, and `Changed` when pages may have come or gone. (ctrl+o, the file
    picker, is the screen's: it works from any tab.)"""

    class Changed(Message):
        """A source was added, synced or deleted."""

    app = getters.app(AppServices)

    def __init__(self, agent: Agent, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.agent = agent
        self.sources: list[Source] = []

    def compose(self) -> ComposeResult:
        yield SourceList(id="sources-list")
        yield Static("Add a sitemap URL or a file (a path, or ctrl+o to browse):")
        with Horizontal(id="sources-add-row"):
            yield Input(
                placeholder="https://…/sitemap.xml or ~/docs/guide.pdf",
                id="sources-add",
            )
            yield Button("Add", id="sources-add-button", variant="primary")
            yield Button("Files…", id="sources-files-button")
        yield Static("", id="sources-error", classes="field-error")
        yield Static(
            Content("In the list: s syncs the highlighted source, Delete deletes it"),
            classes="field-hint",
        )

    def on_mount(self) -> None:
        self.load()

    @work(group="sources-load", exclusive=True, exit_on_error=False)
    async def load(self, done: str = "") -> None:
        """Fetch the sources; `done` (what was just changed) stays in the status line."""
        self.post_message(TabStatus(self, f"{done} Loading sources…".lstrip()))
        try:
            found = await self.app.data.workshop.sources(self.agent.id)
        except CustomGPTError as error:
            self.post_message(TabStatus(self, describe(error, retry_key="ctrl+r"), error=True))
            return
        self.show(found)
        count = f"{plural(len(self.sources), 'source')}."
        self.post_message(TabStatus(self, f"{done} {count}".lstrip()))

    def show(self, found: AgentSources) -> None:
        self.sources = [*found.sitemaps, *([found.uploads] if found.uploads else [])]
        options = self.query_one("#sources-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.sources:
            options.add_option(Option(Content("No sources yet."), disabled=True))
            return
        options.add_options(Option(source_line(s), id=f"source-{s.id}") for s in self.sources)
        options.highlighted = min(highlighted or 0, len(self.sources) - 1)

    @property
    def highlighted_source(self) -> Source | None:
        options = self.query_one("#sources-list", OptionList)
        index = options.highlighted
        if index is None or not self.sources or index >= len(self.sources):
            return None
        return self.sources[index]

    def _error(self, text: str) -> None:
        note = self.query_one("#sources-error", Static)
        note.update(Content(text))
        note.set_class(bool(text), "-shown")

    # ------------------------------------------------------------ adding

    @on(Input.Submitted, "#sources-add")
    @on(Button.Pressed, "#sources-add-button")
    def _add_typed(self) -> None:
        text = self.query_one("#sources-add", Input).value.strip()
        if not text:
            self._error("Type a sitemap URL or a file path first.")
            return
        if is_web_url(text):
            self.add_sitemap(text)
            return
        if "://" in text and not text.startswith("file://"):
            self._error("A sitemap URL starts with http:// or https://.")
            return
        path = parse_typed_path(text, Path.cwd())
        if path is None or not path.is_file():
            self._error(f"Not an http(s) URL, nor a file here: {text}")
            return
        self.add_files([path], typed=True)

    @on(Button.Pressed, "#sources-files-button")
    def action_pick_files(self) -> None:
        self.app.push_screen(
            FilePickerScreen(Path.home(), multiple=True, title="Add files to this agent"),
            callback=self._picked,
        )

    def _picked(self, paths: list[Path] | None) -> None:
        if paths:
            self.add_files(paths)

    @work(group="sources-change", exclusive=True, exit_on_error=False)
    async def add_sitemap(self, url: str) -> None:
        self._error("")
        self.post_message(TabStatus(self, "Adding the sitemap…"))
        try:
            await self.app.data.workshop.add_sitemap(self.agent.id, url)
        except CustomGPTError as error:
            self._refused("The sitemap was not added", error)
            return
        self.query_one("#sources-add", Input).value = ""
        self._changed("Sitemap added: its pages are being read.")

    @work(group="sources-change", exclusive=True, exit_on_error=False)
    async def add_files(self, paths: Sequence[Path], *, typed: bool = False) -> None:
        self._error("")
        added: list[str] = []
        for number, path in enumerate(paths, 1):
            self.post_message(TabStatus(self, f"Uploading {number} of {len(paths)}: {path.name}…"))
            try:
                await self.app.data.workshop.add_file(self.agent.id, path)
            except CustomGPTError as error:
                done = f"Added {', '.join(added)}; " if added else ""
                self._refused(f"{done}{path.name} was not added", error)
                if added:
                    self.load(f"Added {', '.join(added)}.")
                    self.post_message(self.Changed())
                return
            added.append(path.name)
        if typed:
            self.query_one("#sources-add", Input).value = ""
        self._changed(f"Added {plural(len(added), 'file')}: being read.")

    # ------------------------------------------------------------ sync, delete

    def action_sync(self) -> None:
        source = self.highlighted_source
        if source is None:
            self.post_message(TabStatus(self, "No source to sync.", error=True))
            return
        self.sync(source)

    @work(group="sources-change", exclusive=True, exit_on_error=False)
    async def sync(self, source: Source) -> None:
        self.post_message(TabStatus(self, "Asking for an instant sync…"))
        try:
            await self.app.data.workshop.sync_source(self.agent.id, source.id)
        except CustomGPTError as error:
            self._refused("Not synced", error)
            return
        self._changed("Sync started.")

    def action_delete(self) -> None:
        source = self.highlighted_source
        if source is None:
            self.post_message(TabStatus(self, "No source to delete.", error=True))
            return
        what = "the uploads" if source.type == "upload" else "this sitemap"
        detail = f"Its {plural(len(source.pages), 'page')} leave the agent."
        self.app.push_screen(
            ConfirmScreen(f"Delete {what}?", detail, confirm_label="Delete"),
            callback=lambda yes: self._delete_if(yes, source),
        )

    def _delete_if(self, yes: bool | None, source: Source) -> None:
        if yes:
            self.delete(source)

    @work(group="sources-change", exclusive=True, exit_on_error=False)
    async def delete(self, source: Source) -> None:
        self.post_message(TabStatus(self, "Deleting the source…"))
        try:
            await self.app.data.workshop.delete_source(self.agent.id, source.id)
        except CustomGPTError as error:
            self._refused("Not deleted", error)
            return
        self._changed("Source deleted.")

    def _refused(self, what: str, error: CustomGPTError) -> None:
        text = f"{what}: {server_words(error)}"
        self._error(text)
        self.post_message(TabStatus(self, text, error=True))

    def _changed(self, done: str) -> None:
        self.load(done)
        self.post_message(self.Changed())
