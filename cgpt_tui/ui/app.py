"""The Textual application: starting, signing in, themes, the keys screen and the palette.

What its screens and widgets use of it (the data service, settings, drafts, the clock,
online or offline) is `AppServices` (app_services.py), which it extends.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.screen import Screen
from textual.theme import Theme

from cgpt_tui.api import CustomGPTError
from cgpt_tui.local.config_write import save_setting
from cgpt_tui.local.credentials import keyring_available
from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import Account
from cgpt_tui.ui import partial_writes
from cgpt_tui.ui.app_services import AppServices, GuardsQuit
from cgpt_tui.ui.key_help import KeyAreas, key_sections
from cgpt_tui.ui.screens.main_screen import MainScreen
from cgpt_tui.ui.session import Session
from cgpt_tui.ui.themes import load_themes, shipped_themes_dir
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.widgets.agent_list import AgentList
from cgpt_tui.ui.widgets.chat_pane import ChatPane
from cgpt_tui.ui.widgets.composer import Composer
from cgpt_tui.ui.widgets.conversation_list import ConversationList

if TYPE_CHECKING:  # the keys and sign-in screens are imported when shown, not at start
    from cgpt_tui.ui.screens.signin_screen import SignedIn

DEFAULT_THEME = "customgpt"
FILL_HISTORY_AFTER = 1.0  # seconds after the start: out of the way of the first frames


class CgptApp(AppServices):
    """cgpt-tui: agents, conversations and a streaming chat."""

    TITLE = "cgpt-tui"
    # Absolute: subclasses live elsewhere. The main screen's own is read with the app's, so
    # that showing it does not parse the whole stylesheet again (App._load_screen_css).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).with_name("app.tcss"),
        MainScreen.CSS_PATH,
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1,question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        partial_writes.install()
        self._settings_problems = [str(problem) for problem in session.settings_problems]
        self.store = session.store
        self.account: Account | None = None
        # Never a plain str: a crash report that shows frame locals shows ApiKey('[redacted]').
        self._api_key = session.api_key or None
        if self.error_log is not None and self._api_key:
            self.error_log.add_secret(self._api_key)
        self._timeout = session.timeout
        self._renewal: asyncio.Future[ApiKey | None] | None = None
        self.sub_title = "demo" if session.demo else session.base_url
        self.config_path = session.config_path
        self._fill_history = session.fill_history  # the demo: search finds every conversation
        # Asked ahead (api/prefetch.py): used by the one start with a key, stopped at the end
        # if still asking. (A start after signing in had no key to ask ahead with.)
        self._asked_ahead = session.first_agents
        self._theme_problems = self._register_themes()
        self._start_with_theme(self._starting_theme())

    def watch_offline(self, was_offline: bool, offline: bool) -> None:
        """Back online: the account, if it never came. Only on a change: at start (the
        screen watches `offline` with init) a second load cancelled the one `_start` had
        sent, a request wasted and the header's account shown ~20 ms later."""
        if was_offline and not offline and self.account is None and self.data.connected:
            self._load_account()

    async def on_mount(self) -> None:
        self._apply_settings()
        if self._api_key:
            await self._start(self._api_key)
        elif self.store is not None:
            from cgpt_tui.ui.screens.signin_screen import SignInScreen

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
        for problem in self._theme_problems:
            self.notify(f"{problem} (skipped)", title="Theme", severity="warning", timeout=12)
        theme = self.settings.theme
        if theme and theme not in self.available_themes:
            self.notify(
                f"Unknown theme “{theme}” in the settings; using {DEFAULT_THEME}.",
                title="Themes",
                severity="warning",
            )
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _start_with_theme(self, name: str) -> None:
        """The theme the app starts in, set before anything is parsed or styled.

        Setting `theme` runs Textual's App._watch_theme, which queues a refresh_css: every
        stylesheet source parsed twice (once in a scratch stylesheet), the app restyled,
        ~30 M instructions of a ~2.5 G start (cachegrind). Here only what that watcher
        does that a stylesheet not read yet still needs: its variables, the app's theme
        classes and the ANSI colour filter. Later changes of theme go through Textual."""
        self.set_reactive(App.theme, self._validate_theme(name))
        theme = self.current_theme
        self.add_class(f"-theme-{theme.name}", update=False)
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def _starting_theme(self) -> str:
        """The settings' theme, or DEFAULT_THEME when they name none or one not known."""
        theme = self.settings.theme
        return theme if theme and theme in self.available_themes else DEFAULT_THEME

    def _register_themes(self) -> list[str]:
        """The shipped themes, then the user's (`themes/` beside the config file); what
        could not be loaded."""
        folders = [shipped_themes_dir()]
        if self.config_path is not None:
            folders.append(self.config_path.parent / "themes")
        themes, problems = load_themes(folders)
        for theme in themes:
            self.register_theme(theme)
        return [str(problem) for problem in problems]

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
        self.data.ask_first_agents(self._asked_ahead)
        await mounted
        # httpx is imported after the first frame (a child asked for the agents, see
        # api/prefetch.py): then, not at the user's first request.
        self.after_first_frame(self.data.open_client)
        if self.account is None:
            self.after_first_frame(self._load_account)
        else:
            self.refresh_account()
        if self._fill_history and self.data.has_cache:
            self.set_timer(FILL_HISTORY_AFTER, self._fill_history_cache)

    def _connect(self, api_key: ApiKey) -> None:
        self.data.connect(
            self.base_url,
            api_key,
            timeout=self._timeout,
            stream_timeout=self.settings.read_timeout,
            reauthenticate=self.renew_key,
        )

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
            from cgpt_tui.ui.screens.signin_screen import SignInScreen

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
        problem = await self.data.fill_history()
        if problem is not None:
            self.log.warning(f"could not fill the history cache: {problem}")

    @work(group="account", exclusive=True, exit_on_error=False)
    async def _load_account(self) -> None:
        try:
            self.account = await self.data.account()
        except CustomGPTError:
            return
        self.refresh_account()

    def refresh_account(self) -> None:
        """Show who is signed in and the query usage in the header."""
        if self.account is not None:
            self.title = f"cgpt-tui — {clean_line(self.account.greeting)} · {self.account.usage}"

    async def action_quit(self) -> None:
        """ctrl+q: a screen with changes not yet sent asks first (see GuardsQuit)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GuardsQuit) and screen.guard_quit(self.quit_now):
                return
        self.quit_now()

    def quit_now(self) -> None:
        self.save_drafts()
        self.exit()

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
        if self._asked_ahead is not None:
            self._asked_ahead.stop()
        await self.data.close()

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
        from cgpt_tui.ui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections(self.key_areas())))

    @staticmethod
    def key_areas() -> KeyAreas:
        """Where keys apply, and whose bindings they are: the help screen's table."""
        from cgpt_tui.ui.screens.insights import InsightsScreen  # as the main screen: when asked
        from cgpt_tui.ui.screens.preview_screen import PreviewScreen
        from cgpt_tui.ui.screens.review import ReviewScreen
        from cgpt_tui.ui.widgets.review_list import ReviewList

        return [
            ("Everywhere", [CgptApp, MainScreen]),
            ("Agents", [AgentList]),
            ("Conversations", [ConversationList]),
            ("Composer", [Composer, ChatPane]),
            ("Answers", [Transcript]),
            ("File preview", [PreviewScreen]),
            ("Insights", [InsightsScreen]),
            ("Review queue", [ReviewScreen, ReviewList]),
        ]
