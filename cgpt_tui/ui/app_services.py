"""What the screens and widgets use of the app, typed: the data service, the user's
settings, drafts and place, the clock, online or offline.

`CgptApp` (app.py) is this class plus starting, signing in, themes and the screens. A widget
says `app = getters.app(AppServices)` and gets these typed, without importing `CgptApp`
(which imports every widget).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from textual.notifications import SeverityLevel
from textual.reactive import reactive

from cgpt_tui.local.config import Settings
from cgpt_tui.local.drafts import Drafts
from cgpt_tui.local.state import Location
from cgpt_tui.local.viewer import open_in_viewer, spawn_detached
from cgpt_tui.services.data import DataService
from cgpt_tui.ui.crash_reports import CrashReports
from cgpt_tui.ui.memory import freeze_survivors, resume_collections
from cgpt_tui.ui.session import Session
from cgpt_tui.ui.unsaved import Unsaved

FIRST_FRAME_OUT = 0.1  # seconds the first frame is given to reach the terminal


@runtime_checkable
class KeepsDrafts(Protocol):
    """A screen with text the user is typing (the main screen's composer)."""

    def keep_draft(self) -> None: ...


@runtime_checkable
class GuardsQuit(Protocol):
    """A screen with changes not yet sent (the workshop's settings): ctrl+q asks it first."""

    def guard_quit(self, quit: Callable[[], None]) -> bool:
        """True when it asks the user (and calls `quit` if they choose to go on)."""
        ...


class AppServices(CrashReports):
    """The app as its screens and widgets see it."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.settings = session.settings or Settings()
        self.base_url = session.base_url
        self.demo = session.demo
        self.now = session.clock
        self.profile = profile = session.profile
        self.app_state = app_state = session.app_state
        self.start = session.start or (app_state.location(profile) if app_state else Location())
        self.drafts = session.drafts or Drafts(None, profile)
        self.unsaved = Unsaved(lambda text: self.notify(text, severity="error", timeout=20))
        self.error_log = session.error_log
        # What the app fetches is kept for search and offline use; offline, the cache answers.
        self.data = DataService(
            session.history, warn=self._history_warning, on_offline=self._set_offline
        )
        self._after_first_frame: list[Callable[[], object]] | None = []

    offline: reactive[bool] = reactive(False)
    """The server cannot be reached: cached history, read-only (see services/connection.py)."""

    def _set_offline(self, offline: bool) -> None:
        self.offline = offline

    def _history_warning(self, message: str) -> None:
        self.notify(message, title="History", severity="warning", timeout=10)

    def require_online(self, what: str) -> bool:
        """Whether `what` (a change on the server) can be done now; offline, says why not."""
        if self.offline:
            self.notify(
                f"Offline: cannot {what} until the server is back (cached history is read-only).",
                severity="warning",
            )
        return not self.offline

    def on_ready(self) -> None:
        # The screen's first full paint was made while Textual held frames back (until
        # on_mount returns) and was dropped; the next is painted from what changed since.
        # Every widget of the screen changed for it: the first frame shows the whole screen.
        for widget in self.screen.walk_children(with_self=True):
            widget.refresh()
        # What was made while starting (Textual's styles, modules, the first screen) lives
        # as long as the app (see memory.py).
        freeze_survivors(collect=False)
        self.call_after_refresh(self._first_frame_out)  # `Ready` comes before that frame

    def _first_frame_out(self) -> None:
        resume_collections()  # held while starting, if cli.main held them (see memory.py)
        waiting, self._after_first_frame = self._after_first_frame, None
        for callback in waiting or ():
            self.set_timer(FIRST_FRAME_OUT, callback)

    @property
    def first_frame_pending(self) -> bool:
        """The first frame has not reached the terminal yet."""
        return self._after_first_frame is not None

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call now, or once the first frame is out if it is not yet: what the cache can
        paint at start (a conversation's answers) must not hold that frame back.

        The frame is out when the screen has painted it after `Ready` (see on_ready) and
        handed it to Textual's writer thread, which needs the GIL for every chunk the
        terminal takes: painting 20 answers at once then held a full frame back ~190 ms
        (`python -m tests.bench startup`). FIRST_FRAME_OUT leaves it time."""
        if self._after_first_frame is None:
            callback()
        else:
            self._after_first_frame.append(callback)

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
            if isinstance(screen, KeepsDrafts):
                screen.keep_draft()
        self.unsaved.attempt("Drafts", self.drafts.path, self.drafts.save)

    def open_file(self, path: Path) -> bool:
        """Open a saved file in the platform's viewer (local/viewer.py); False when there is
        none. Like `open_url`, the one way out of the app to another program."""
        return open_in_viewer(path, spawn=self.spawn_viewer)

    def spawn_viewer(self, argv: list[str]) -> None:
        """Start the viewer's command line (the tests' app records it instead)."""
        spawn_detached(argv)

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
