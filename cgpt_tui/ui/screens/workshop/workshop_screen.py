"""The workshop: one agent's settings, sources and pages, each tab loading on its own.

Everything goes through `app.data.workshop`, which refuses at once when offline (nothing is
queued): each tab then says the workshop needs the server, keeps what was typed, and ctrl+r
loads again once the server is back. Leaving with unsaved settings asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from cgpt_tui.api import Agent
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.screens.workshop.leave_screen import Choice, LeaveScreen
from cgpt_tui.ui.screens.workshop.pages_tab import PagesTab
from cgpt_tui.ui.screens.workshop.settings_fields import LABELS
from cgpt_tui.ui.screens.workshop.settings_tab import SettingsTab
from cgpt_tui.ui.screens.workshop.sources_tab import SourcesTab
from cgpt_tui.ui.screens.workshop.status import TabStatus
from cgpt_tui.ui.widgets.keys_footer import KeysFooter
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors

STILL_OFFLINE_AFTER = 3.0  # seconds after asking the server again to say it did not answer


class WorkshopScreen(ReportsWorkerErrors, Screen[Agent | None]):
    """Returns the agent as saved when its name or settings changed, else None."""

    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = "#workshop-tabs Tabs"  # left / right switch tabs; tab goes into one
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="workshop.close"),
        Binding("ctrl+r", "reload", "Reload", id="workshop.reload"),
        Binding("ctrl+s", "save_settings", "Save settings", id="workshop.save"),
        Binding("ctrl+o", "add_files", "Add files", id="workshop.add_files"),
    ]

    app = getters.app(AppServices)

    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent
        self.statuses: dict[str, tuple[str, bool]] = {}

    def compose(self) -> ComposeResult:
        name = clean_line(self.agent.name) or f"Agent {self.agent.id}"
        yield Static(Content(f"Workshop: {name}"), id="workshop-title")
        with TabbedContent(id="workshop-tabs"):
            with TabPane("Settings", id="settings"):
                yield SettingsTab(self.agent, id="settings-tab")
            with TabPane("Sources", id="sources"):
                yield SourcesTab(self.agent, id="sources-tab")
            with TabPane("Pages", id="pages"):
                yield PagesTab(self.agent, id="pages-tab")
        yield Static("", id="workshop-status")
        yield KeysFooter()

    @property
    def settings(self) -> SettingsTab:
        return self.query_one(SettingsTab)

    @property
    def sources(self) -> SourcesTab:
        return self.query_one(SourcesTab)

    @property
    def pages(self) -> PagesTab:
        return self.query_one(PagesTab)

    def _tab_id(self, tab: Widget) -> str:
        return (tab.id or "").removesuffix("-tab")

    @on(TabStatus)
    def _status(self, event: TabStatus) -> None:
        event.stop()
        self.statuses[self._tab_id(event.tab)] = (event.text, event.error)
        self._show_status()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        active = self.query_one(TabbedContent).active
        text, error = self.statuses.get(active, ("", False))
        line = self.query_one("#workshop-status", Static)
        line.update(Content(text))
        line.set_class(error, "-error")

    @on(SourcesTab.Changed)
    def _sources_changed(self) -> None:
        self.pages.load()

    def on_mount(self) -> None:
        self.watch(self.app, "offline", self._offline_changed, init=False)

    def _offline_changed(self, offline: bool) -> None:
        if not offline:  # back: what could not load loads now (typed settings are kept)
            self.action_reload()

    def action_reload(self) -> None:
        """Load every tab again; offline, ask the server first (a reload follows its answer)."""
        if self.app.offline:
            self.app.data.try_now()
            line = self.query_one("#workshop-status", Static)
            line.update(Content("Asking the server again…"))
            line.set_class(False, "-error")
            self.set_timer(STILL_OFFLINE_AFTER, self._still_offline)
            return
        self.settings.load()
        self.sources.load()
        self.pages.load()

    def action_add_files(self) -> None:
        """The file picker, from any tab: the files become sources (the Sources tab shows)."""
        self.query_one(TabbedContent).active = "sources"
        self.sources.action_pick_files()

    def action_save_settings(self) -> None:
        self.settings.save()

    def _still_offline(self) -> None:
        if self.app.offline:
            reason = clean_line(self.app.data.offline_reason) or "it cannot be reached"
            line = self.query_one("#workshop-status", Static)
            line.update(Content(f"The workshop needs the server: {reason} (ctrl+r: ask again)"))
            line.set_class(True, "-error")

    def action_close(self) -> None:
        pending = self.settings.pending()
        if not pending:
            self._leave()
            return
        fields = [LABELS.get(key, key) for key in pending]
        self.app.push_screen(LeaveScreen(fields), callback=self._left)

    def guard_quit(self, quit: Callable[[], None]) -> bool:
        """ctrl+q with unsaved settings: save, discard (and quit) or stay."""
        pending = self.settings.pending()
        if not pending:
            return False
        if not isinstance(self.app.screen, LeaveScreen):  # asked already: one question
            fields = [LABELS.get(key, key) for key in pending]
            self.app.push_screen(LeaveScreen(fields), callback=partial(self._quitting, quit))
        return True

    def _quitting(self, quit: Callable[[], None], choice: Choice | None) -> None:
        if choice == "discard":
            quit()
        elif choice == "save":
            self._save_and_quit(quit)

    @work(group="leave", exclusive=True, exit_on_error=False)
    async def _save_and_quit(self, quit: Callable[[], None]) -> None:
        if await self.settings.save().wait():
            quit()

    def _left(self, choice: Choice | None) -> None:
        if choice == "discard":
            self._leave()
        elif choice == "save":
            self._save_and_leave()

    @work(group="leave", exclusive=True, exit_on_error=False)
    async def _save_and_leave(self) -> None:
        if await self.settings.save().wait():
            self._leave()

    def _leave(self) -> None:
        tab = self.settings
        self.dismiss(tab.agent if tab.saved_something else None)
