"""Online or offline, for the whole app.

When the server cannot be reached the app goes offline: the lists and the chat read the
history cache instead (read-only; see `reading.Reader.read`), and the server is tried again
on a growing delay. When it answers, the app goes live and the screen refreshes from it.

Plain asyncio (no Textual): the delay is the running loop's `call_later`, the probe a task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from cgpt_tui.api import CustomGPTError, NetworkError

SYNC_HINT = "`cgpt-tui sync` keeps everything for offline use."
FIRST_DELAY = 2.0  # seconds before the server is tried again
MAX_DELAY = 10.0  # a returning server is noticed within this

log = logging.getLogger(__name__)


class Connection:
    """Whether the server answers; while it does not, asks it again with backoff.

    `probe()` is any cheap request; `on_change(offline)` is told each time the state flips.
    """

    def __init__(
        self,
        probe: Callable[[], Awaitable[object]],
        on_change: Callable[[bool], None] = lambda offline: None,
    ) -> None:
        self._probe_server = probe
        self._on_change = on_change
        self.error: NetworkError | None = None  # why the app is offline
        self._delay = FIRST_DELAY
        self._timer: asyncio.TimerHandle | None = None
        self._probe: asyncio.Task[None] | None = None

    @property
    def offline(self) -> bool:
        return self.error is not None

    def lost(self, error: NetworkError) -> None:
        """The server could not be reached: offline until it answers again."""
        if self.error is None:
            self._delay = FIRST_DELAY
            self.error = error
            self._on_change(True)
        self._schedule()

    def answered(self) -> None:
        """The server answered a request (whatever it said): live again if it was not."""
        if self.error is None:
            return
        self.error = None
        self._stop_timer()
        self._on_change(False)

    def try_now(self) -> None:
        """Ask the server again at once (ctrl+r while offline); a probe under way is
        replaced by this one."""
        self._stop_timer()
        if self._probe is not None:
            self._probe.cancel()
        self._probe = asyncio.ensure_future(self._run_probe())
        self._probe.add_done_callback(_log_failure)

    def close(self) -> None:
        """No more probes (the app is closing)."""
        self._stop_timer()
        if self._probe is not None:
            self._probe.cancel()
            self._probe = None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _schedule(self) -> None:
        if self._timer is not None:
            return
        delay, self._delay = self._delay, min(self._delay * 1.5, MAX_DELAY)
        self._timer = asyncio.get_running_loop().call_later(delay, self._timer_fired)

    def _timer_fired(self) -> None:
        self._timer = None
        self.try_now()

    async def _run_probe(self) -> None:
        if self.error is None:
            return
        try:
            await self._probe_server()
        except NetworkError as error:
            self.error = error
            self._schedule()
            return
        except CustomGPTError:
            pass  # it answered: the server is back, whatever it said
        self.answered()


def _log_failure(task: asyncio.Task[None]) -> None:
    """A probe that failed in an unforeseen way is logged, never left unretrieved."""
    with contextlib.suppress(asyncio.CancelledError):
        if (error := task.exception()) is not None:
            log.warning("probing the server failed: %r", error)
