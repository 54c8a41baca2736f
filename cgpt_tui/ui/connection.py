"""Online or offline, for the whole app.

When the server cannot be reached the app goes offline: the lists and the chat read the
history cache instead (read-only), and the server is tried again on a growing delay. When
it answers, the app goes live and the screen refreshes from it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.timer import Timer

from cgpt_tui.api import CustomGPTError, NetworkError
from cgpt_tui.history.pages import CachedPages

if TYPE_CHECKING:
    from textual.worker import Worker

    from cgpt_tui.api import CustomGPTClient
    from cgpt_tui.history.recorder import HistoryRecorder

T = TypeVar("T")

SYNC_HINT = "`cgpt-tui sync` keeps everything for offline use."
FIRST_DELAY = 2.0  # seconds before the server is tried again
MAX_DELAY = 10.0  # a returning server is noticed within this


class ConnectionOwner(Protocol):
    """What a Connection uses of the app (which imports this module, so it is not named)."""

    client: CustomGPTClient | None
    history: HistoryRecorder
    offline: bool

    def run_worker(
        self,
        work: Coroutine[Any, Any, None],
        *,
        group: str = ...,
        exclusive: bool = ...,
        exit_on_error: bool = ...,
    ) -> Worker[None]: ...

    def set_timer(self, delay: float, callback: Callable[[], object] | None = ...) -> Timer: ...


class Connection:
    """Reads from the API, or from the cache while the server cannot be reached."""

    def __init__(self, app: ConnectionOwner) -> None:
        self.app = app
        self.error: NetworkError | None = None  # why the app is offline
        self._delay = FIRST_DELAY
        self._timer: Timer | None = None

    @property
    def offline(self) -> bool:
        return self.error is not None

    def cached(self) -> CachedPages | None:
        store = self.app.history.store
        return None if store is None else CachedPages(store, on_error=self.app.history.set_aside)

    async def read(
        self, fetch: Callable[[], Awaitable[T]], cached: Callable[[CachedPages], T | None]
    ) -> T:
        """`fetch()` from the API; offline, what `cached` finds in the cache instead.

        Offline, what the cache does not hold raises the error that took the app offline;
        without a cache at all the API is asked anyway (its error is then the caller's)."""
        pages = self.cached()
        if self.error is not None and pages is not None:
            found = cached(pages)
            if found is None:
                raise self.error
            return found
        try:
            result = await fetch()
        except NetworkError as error:
            self.lost(error)
            found = cached(pages) if pages is not None else None
            if found is None:
                raise
            return found
        self._back()  # it answered (offline without a cache, the API is still asked)
        return result

    def lost(self, error: NetworkError) -> None:
        """The server could not be reached: offline until it answers again."""
        if self.error is None:
            self._delay = FIRST_DELAY
            self.error = error
            self.app.offline = True
        self._schedule()

    def try_now(self) -> None:
        """Ask the server again at once (ctrl+r while offline)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.app.run_worker(self._probe(), group="connection", exclusive=True, exit_on_error=False)

    def _schedule(self) -> None:
        if self._timer is not None:
            return
        delay, self._delay = self._delay, min(self._delay * 1.5, MAX_DELAY)
        self._timer = self.app.set_timer(delay, self.try_now)

    async def _probe(self) -> None:
        client = self.app.client
        if client is None or self.error is None:
            return
        try:
            await client.get_user()
        except NetworkError as error:
            self.error = error
            self._schedule()
            return
        except CustomGPTError:
            pass  # it answered: the server is back, whatever it said
        self._back()

    def _back(self) -> None:
        if self.error is None:
            return
        self.error = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.app.offline = False
