"""Try again by itself when the server failed: the pane reloads when it answers again."""

from __future__ import annotations

from textual.timer import Timer

from cgpt_tui.api import CustomGPTError, ServerError

FIRST_DELAY = 2.0  # seconds
MAX_DELAY = 30.0


class Reconnects:
    """Mix into a pane with `reload()`: after a server error, reload on a growing delay;
    ctrl+r (`action_reload`) reloads at once."""

    _reconnect_delay: float = FIRST_DELAY
    _reconnect_timer: Timer | None = None

    def schedule_reconnect(self, error: CustomGPTError) -> None:
        """Call when loading failed; server errors (5xx) are retried. An unreachable server
        (NetworkError) is the data service's `Connection`'s to watch: it refreshes every pane."""
        if not isinstance(error, ServerError) or self._reconnect_timer:
            return
        delay = self._reconnect_delay
        self._reconnect_delay = min(delay * 2, MAX_DELAY)
        self._reconnect_timer = self.set_timer(delay, self._reconnect)  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        """ctrl+r: load the pane again; offline, try the server at once too."""
        if self.app.offline:  # type: ignore[attr-defined]
            self.app.data.try_now()  # type: ignore[attr-defined]
        self.reload()  # type: ignore[attr-defined]

    def reconnected(self) -> None:
        """Call when loading worked."""
        self._reconnect_delay = FIRST_DELAY

    def _reconnect(self) -> None:
        self._reconnect_timer = None
        self.reload()  # type: ignore[attr-defined]
