"""The Textual application: owns the API client and wires the screens together."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

from cgpt_tui.api import Agent, CustomGPTClient, CustomGPTError, Page
from cgpt_tui.history.recorder import HistoryRecorder
from cgpt_tui.history.store import CacheBusy, CacheError
from cgpt_tui.history.sync import sync_history
from cgpt_tui.local.config import Settings
from cgpt_tui.local.config_write import save_setting
from cgpt_tui.local.credentials import keyring_available
from cgpt_tui.local.drafts import Drafts
from cgpt_tui.local.state import Location
from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import Account
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.ui.connection import Connection
from cgpt_tui.ui.crash_reports import CrashReports
from cgpt_tui.ui.key_help import KeyAreas, key_sections
from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.screens.signin_screen import SignedIn, SignInScreen
from cgpt_tui.ui.session import Session
from cgpt_tui.ui.themes import load_themes, shipped_themes_dir
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.unsaved import Unsaved
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.composer import Composer
from cgpt_tui.ui.widgets.conversation_list import ConversationList

DEFAULT_THEME = "customgpt"
FILL_HISTORY_AFTER = 1.0  # seconds after the start: out of the way of the first frames
FIRST_FRAME_OUT = 0.1  # seconds the first frame is given to reach the terminal
READ_RETRIES = 3  # a read answered 429 is tried again this often before the user is told


class CgptApp(CrashReports, App[int]):
    """cgpt-tui: agents, conversations and a streaming chat."""

    TITLE = "cgpt-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1,question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.settings = session.settings or Settings()
        self._settings_problems = [str(problem) for problem in session.settings_problems]
        self.base_url = session.base_url
        self.demo = session.demo
        self.now = session.clock
        self.profile = profile = session.profile
        self.store = session.store
        self.app_state = app_state = session.app_state
        self.start = session.start or (app_state.location(profile) if app_state else Location())
        self.account: Account | None = None
        # Never a plain str: a crash report that shows frame locals shows ApiKey('[redacted]').
        self._api_key = session.api_key or None
        self.error_log = error_log = session.error_log
        self.drafts = session.drafts or Drafts(None, profile)
        self.unsaved = Unsaved(lambda text: self.notify(text, severity="error", timeout=20))
        if error_log is not None and self._api_key:
            error_log.add_secret(self._api_key)
        self._timeout = session.timeout
        self.client: CustomGPTClient | None = None
        self._renewal: asyncio.Future[ApiKey | None] | None = None
        self.citations: CitationCache | None = None
        self._first_agents: asyncio.Future[Page[Agent]] | None = None
        self.sub_title = "demo" if session.demo else session.base_url
        self.config_path = session.config_path
        # What the app fetches is kept for search (and, later, offline use).
        self.history = HistoryRecorder(
            session.history, warn=self._history_warning, schedule=self.set_timer
        )
        self.connection = Connection(self)  # offline, the cache answers instead
        self._after_first_frame: list[Callable[[], object]] | None = []
        self._fill_history = session.fill_history  # the demo: search finds every conversation

    offline: reactive[bool] = reactive(False)
    """The server cannot be reached: cached history, read-only (see `Connection`)."""

    def watch_offline(self, offline: bool) -> None:
        if not offline and self.account is None and self.client is not None:
            self._load_account()

    def require_online(self, what: str) -> bool:
        """Whether `what` (a change on the server) can be done now; offline, says why not."""
        if self.offline:
            self.notify(
                f"Offline: cannot {what} until the server is back (cached history is read-only).",
                severity="warning",
            )
        return not self.offline

    def on_ready(self) -> None:
        # What was made while starting (Textual's styles, modules, the first screen) lives
        # as long as the app (see memory.py).
        freeze_survivors(collect=False)
        waiting, self._after_first_frame = self._after_first_frame, None
        for callback in waiting or ():
            self.set_timer(FIRST_FRAME_OUT, callback)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call now, or once the first frame is out if it is not yet: what the cache can
        paint at start (a conversation's answers) must not hold that frame back.

        `Ready` comes when the frame is handed to Textual's writer thread, which needs the
        GIL for every chunk the terminal takes: painting 20 answers at once then held a full
        frame back ~190 ms (`python -m tests.bench startup`). FIRST_FRAME_OUT leaves it time."""
        if self._after_first_frame is None:
            callback()
        else:
            self._after_first_frame.append(callback)

    async def on_mount(self) -> None:
        self._apply_settings()
        if self._api_key:
            await self._start(self._api_key)
        elif self.store is not None:
            screen = SignInScreen(
                base_url=self.base_url, store=self.store, keyring_ok=keyring_available()
            )
            await self.push_screen(screen, callback=self._signed_in)
        else:
            self.exit(return_code=2, message="No API key and nowhere to ask for one.")

    def _apply_settings(self) -> None:
        for problem in self._settings_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=12)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._register_themes()
        theme = self.settings.theme
        if theme and theme not in self.available_themes:
            self.notify(
                f"Unknown theme “{theme}” in the settings; using {DEFAULT_THEME}.",
                title="Themes",
                severity="warning",
            )
            theme = None
        self.theme = theme or DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _register_themes(self) -> None:
        """The shipped themes, then the user's (`themes/` beside the config file)."""
        folders = [shipped_themes_dir()]
        if self.config_path is not None:
            folders.append(self.config_path.parent / "themes")
        themes, problems = load_themes(folders)
        for theme in themes:
            self.register_theme(theme)
        for problem in problems:
            self.notify(f"{problem} (skipped)", title="Theme", severity="warning", timeout=12)

    def _theme_chosen(self, theme: Theme) -> None:
        """Keep a theme picked in the app (palette or keys) for the next start."""
        if self.config_path is None or self.demo:
            return
        if theme.name == (self.settings.theme or DEFAULT_THEME):
            return  # what the settings already give
        try:
            save_setting(self.config_path, "theme", theme.name)
        except (OSError, ValueError) as error:
            self.notify(
                f"The theme is on, but could not be saved to {self.config_path}: {error}",
                title="Theme",
                severity="warning",
            )
            return
        self.settings = replace(self.settings, theme=theme.name)

    async def _signed_in(self, result: SignedIn | None) -> None:
        if result is not None:
            self.account = result.account
            await self._start(result.api_key)

    async def _start(self, api_key: ApiKey) -> None:
        self._api_key = api_key
        if self.error_log is not None:
            self.error_log.add_secret(api_key)
        self._connect(api_key)
        mounted = self.push_screen(MainScreen())
        # Asked while the screen is built (on the stack already, so a sign-in the request
        # may need goes on top of it): the round trip no longer waits for the layout.
        assert self.client is not None
        self._first_agents = asyncio.ensure_future(self.client.list_agents(1))
        # Its error is the agent list's to show; never left "unretrieved" if nobody asks.
        self._first_agents.add_done_callback(lambda done: done.cancelled() or done.exception())
        await mounted
        if self.account is None:
            self._load_account()
        else:
            self.refresh_account()
        if self._fill_history and self.history.store is not None:
            self.set_timer(FILL_HISTORY_AFTER, self._fill_history_cache)

    def _history_warning(self, message: str) -> None:
        self.notify(message, title="History", severity="warning", timeout=10)

    def first_agents(self) -> asyncio.Future[Page[Agent]] | None:
        """The first page of agents, asked for at start; handed out once."""
        first, self._first_agents = self._first_agents, None
        return first

    def _connect(self, api_key: ApiKey) -> None:
        self.client = CustomGPTClient(
            self.base_url,
            api_key,
            timeout=self._timeout,
            stream_timeout=self.settings.read_timeout,
            read_retries=READ_RETRIES,
            reauthenticate=self.renew_key,
        )
        self.citations = CitationCache(self.client)

    async def renew_key(self) -> ApiKey | None:
        """The server refused the key mid-session: ask for a new one, once for all callers.

        Awaited by the client inside the call that was refused, so that call goes on with
        the new key as soon as the user has signed in. Callers share one sign-in screen;
        a caller cancelled meanwhile leaves the screen to the others.
        """
        if self.store is None:
            return None
        if self._renewal is None or self._renewal.done():
            self._renewal = asyncio.get_running_loop().create_future()
            self.notify(
                "The server no longer accepts the API key: sign in again to go on.",
                severity="warning",
                timeout=10,
            )
            screen = SignInScreen(
                base_url=self.base_url, store=self.store, keyring_ok=keyring_available()
            )
            await self.push_screen(screen, callback=self._renewed)
        return await asyncio.shield(self._renewal)

    def _renewed(self, result: SignedIn | None) -> None:
        if result is not None:
            self._api_key = result.api_key
            if self.error_log is not None:
                self.error_log.add_secret(result.api_key)
            self.account = result.account
            self.refresh_account()
        if self._renewal is not None and not self._renewal.done():
            self._renewal.set_result(result.api_key if result else None)

    @work(group="history", exclusive=True, exit_on_error=False)
    async def _fill_history_cache(self) -> None:
        """Everything of the account into the history cache (the demo's, kept in memory)."""
        store = self.history.store
        if store is None or self.client is None:
            return
        try:
            await sync_history(self.client, store)
        except (CustomGPTError, CacheBusy) as error:
            self.log.warning(f"could not fill the history cache: {error}")
        except CacheError as error:
            self.history.set_aside(error)

    @work(group="account", exclusive=True, exit_on_error=False)
    async def _load_account(self) -> None:
        assert self.client is not None
        try:
            user = await self.client.get_user()
            limits = await self.client.get_usage_limits()
        except CustomGPTError:
            return
        self.account = Account(user, limits)
        self.refresh_account()

    def refresh_account(self) -> None:
        """Show who is signed in and the query usage in the header."""
        if self.account is not None:
            self.title = f"cgpt-tui — {clean_line(self.account.greeting)} · {self.account.usage}"

    def remember(self, agent_id: int | None, session_id: str | None) -> None:
        """Where the user is, so the next start opens there."""
        if self.app_state is not None and not self.demo:
            state = self.app_state
            self.unsaved.attempt(
                "Where you left off",
                state.path,
                lambda: state.remember(self.profile, agent_id=agent_id, session_id=session_id),
            )

    def save_drafts(self) -> None:
        """Keep unsent text for the next start (soon after typing stops, and on the way out)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.chat.keep_draft()
        self.unsaved.attempt("Drafts", self.drafts.path, self.drafts.save)

    async def action_quit(self) -> None:
        self.save_drafts()
        await super().action_quit()

    def leave(self, code: int) -> None:
        """A signal or the end of the terminal's input (see exits.py): like ctrl+q."""
        self.save_drafts()
        self.exit(return_code=code)

    def get_driver_class(self) -> type[Driver]:
        if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
            return super().get_driver_class()
        from cgpt_tui.ui.exits import ExitDriver  # imports termios: not on Windows

        return ExitDriver

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        self.history.close()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications often quote the server: never interpret them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the main screen's commands, then Textual's own (theme, quit,
        screenshot…) with its key panel replaced by the keys screen."""
        if isinstance(screen, MainScreen):
            yield from screen.palette_commands()
        yield SystemCommand("Keys", "Show every key binding", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections(self.key_areas())))

    @staticmethod
    def key_areas() -> KeyAreas:
        """Where keys apply, and whose bindings they are: the help screen's table."""
        return [
            ("Everywhere", [CgptApp, MainScreen]),
            ("Agents", [AgentList]),
            ("Conversations", [ConversationList]),
            ("Composer", [Composer, ChatPane]),
            ("Answers", [Transcript]),
        ]
