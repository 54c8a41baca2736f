"""Reading: the server first, the history cache when the network fails, and which of the two
each answer came from.

The API client, the history recorder and the connection meet here and nowhere above: the
data service (`data.py`) and the paged lists' feeds (`feeds.py`) read through a `Reader`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from cgpt_tui.api import Agent, CustomGPTClient, NetworkError, Page
from cgpt_tui.api.frozen import record
from cgpt_tui.history.pages import CachedPages
from cgpt_tui.history.recorder import HistoryRecorder
from cgpt_tui.services.connection import Connection

if TYPE_CHECKING:
    from cgpt_tui.api.prefetch import FirstAgents

T = TypeVar("T")


class Origin(StrEnum):
    """Where an answer came from: what the banner and the lists' empty lines say."""

    SERVER = "server"
    CACHE = "cache"


@record
class Sourced(Generic[T]):
    """An answer and where it came from."""

    value: T
    origin: Origin

    @property
    def from_cache(self) -> bool:
        return self.origin is Origin.CACHE


class NotConnected(RuntimeError):
    """The client is asked for before the app has a key (a bug, not a user's accident)."""


class Reader:
    """The client (once there is a key), the history recorder and the connection."""

    def __init__(self, history: HistoryRecorder, connection: Connection) -> None:
        self.history = history
        self.connection = connection
        self._client: CustomGPTClient | None = None
        self._first_agents: asyncio.Future[Page[Agent]] | None = None

    @property
    def client(self) -> CustomGPTClient:
        if self._client is None:
            raise NotConnected("the API client is used before the app has a key")
        return self._client

    @property
    def connected(self) -> bool:
        return self._client is not None

    def use(self, client: CustomGPTClient) -> None:
        self._client = client

    def cache(self) -> CachedPages | None:
        """The history cache's pages; None when there is no cache (or it was set aside)."""
        store = self.history.store
        return None if store is None else CachedPages(store, on_error=self.history.set_aside)

    def ask_first_agents(self, asked: FirstAgents | None = None) -> None:
        """Ask for the first page of agents now (at start, while the screen is built), or
        take it from `asked`, the page a child process asked for ahead (api/prefetch.py);
        its error is the agent list's to show, and never left "unretrieved" if nobody asks."""
        future = asyncio.ensure_future(self._first_page(asked))
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._first_agents = future

    async def _first_page(self, asked: FirstAgents | None) -> Page[Agent]:
        if asked is not None:
            page = await asked.page()  # NetworkError: the server could not be reached
            if page is not None:
                return page
        return await self.client.list_agents(1)

    def first_agents(self) -> asyncio.Future[Page[Agent]] | None:
        """The first page of agents asked for at start; handed out once."""
        first, self._first_agents = self._first_agents, None
        return first

    async def read(
        self,
        fetch: Callable[[CustomGPTClient], Awaitable[T]],
        cached: Callable[[CachedPages], T | None],
    ) -> Sourced[T]:
        """`fetch(client)` from the API; offline, what `cached` finds in the cache instead.

        Offline, what the cache does not hold raises the error that took the app offline;
        without a cache at all the API is asked anyway (its error is then the caller's)."""
        connection = self.connection
        pages = self.cache()
        if connection.error is not None and pages is not None:
            found = cached(pages)
            if found is None:
                raise connection.error
            return Sourced(found, Origin.CACHE)
        try:
            result = await fetch(self.client)
        except NetworkError as error:
            connection.lost(error)
            found = cached(pages) if pages is not None else None
            if found is None:
                raise
            return Sourced(found, Origin.CACHE)
        connection.answered()  # offline without a cache, the API is still asked
        return Sourced(result, Origin.SERVER)
