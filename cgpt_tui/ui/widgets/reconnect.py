"""Try again by itself when the server failed: the pane reloads when it answers again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.timer import Timer

from cgpt_tui.api import CustomGPTError, ServerError
from cgpt_tui.ui.app_services import AppServices

FIRST_DELAY = 2.0  # seconds
MAX_DELAY = 30.0


class Reloads(Protocol):
    """What `Reconnects` uses of the pane it is mixed into."""

    _reconnect_delay: float
    _reconnect_timer: Timer | None

    @property
    def app(self) -> AppServices: ...

    def set_timer(self, delay: float, callback: Callable[[], object] | None = ...) -> Timer: ...

    def reload(self) -> None: ...

    def _reconnect(self) -> None: ...


class Reconnects:
    """Mix into a pane with `reload()`: after a server error, reload on a growing delay;
    ctrl+r (`action_reload`) reloads at once."""

    _reconnect_delay: float = FIRST_DELAY
    _reconnect_timer: Timer | None = None

    def schedule_reconnect(self: Reloads, error: CustomGPTError) -> None:
        """Call when loading failed; server errors (5xx) are retried. An unreachable server
        (NetworkError) is the data service's `Connection`'s to watch: it refreshes every
        pane."""
        if not isinstance(error, ServerError) or self._reconnect_timer:
            return
        delay = self._reconnect_delay
        self._reconnect_delay = min(delay * 2, MAX_DELAY)
        self._reconnect_timer = self.set_timer(delay, self._reconnect)

    def action_reload(self: Reloads) -> None:
        """ctrl+r: load the pane again; offline, try the server at once too."""
        if self.app.offline:
            self.app.data.try_now()
        self.reload()

    def reconnected(self) -> None:
        """Call when loading worked."""
        self._reconnect_delay = FIRST_DELAY

    def _reconnect(self: Reloads) -> None:
        self._reconnect_timer = None
        self.reload()
