"""What the app fetches, kept in the history cache as it goes (for search and offline use).

The cache is a convenience, and never stops the app. A damaged or unusable cache is set
aside for the rest of the session with one warning naming the file and the fix (the file
is left where it is). A write another process holds the lock against (a `cgpt-tui sync`) is
kept and tried again, in order, until it goes through: the cache stays on.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable

from cgpt_tui.api import Agent, AgentSettings, Citation, Conversation, Message, Page
from cgpt_tui.history.db import CacheBusy, CacheError
from cgpt_tui.history.store import HistoryStore

RETRY_AFTER = 2.0  # seconds before writes kept back by a lock are tried again

Write = Callable[[HistoryStore], object]  # what a write returns is not used


class HistoryRecorder:
    """Writes pages as the app loads them; `store` is None when there is no cache.

    `schedule(delay, callback)` (the app's `set_timer`) lets writes kept back by a lock be
    tried again while nothing else is written."""

    def __init__(
        self,
        store: HistoryStore | None,
        warn: Callable[[str], None],
        schedule: Callable[[float, Callable[[], None]], object] | None = None,
    ) -> None:
        self.store = store
        self._warn = warn
        self._schedule = schedule
        self._waiting: deque[Write] = deque()  # kept back by another process's lock
        self._retry_set = False
        self._told_busy = False

    def set_aside(self, error: CacheError) -> None:
        """The cache cannot be used: the session goes on without it (said once)."""
        store, self.store = self.store, None
        self._waiting.clear()
        if store is None:
            return
        self._warn(f"{error.advice()} Until then the app goes on without it.")
        with contextlib.suppress(CacheError):
            store.close()  # lets `cgpt-tui cache clear` run while the app does

    def _write(self, write: Write) -> None:
        if self.store is None:
            return
        self._waiting.append(write)
        if not self._retry_set:  # a lock is known to be held: the retry writes it, in order
            self.flush()

    def flush(self, *, last: bool = False) -> None:
        """Write what waits, in order; what a lock still holds back waits on (`last`: the
        app is closing, what a lock holds back is dropped: the server has it)."""
        while self._waiting and self.store is not None:
            try:
                self._waiting[0](self.store)
            except CacheBusy as busy:
                if last:
                    return
                if not self._told_busy:
                    self._told_busy = True
                    self._warn(busy.advice())
                self._retry_later()
                return
            except CacheError as error:
                self.set_aside(error)
                return
            self._waiting.popleft()
        self._told_busy = False

    def _retry_later(self) -> None:
        if self._schedule is None or self._retry_set:
            return
        self._retry_set = True

        def retry() -> None:
            self._retry_set = False
            self.flush()

        self._schedule(RETRY_AFTER, retry)

    def agents(self, agents: Iterable[Agent], *, start: int) -> None:
        items = list(agents)
        self._write(lambda store: store.save_agents(items, start=start))

    def all_agents(self, agent_ids: Iterable[int]) -> None:
        """The server's whole list has been seen: the cache keeps only these agents."""
        ids = list(agent_ids)
        self._write(lambda store: store.keep_only_agents(ids))

    def conversation_page(self, agent_id: int, page: Page[Conversation], *, complete: bool) -> None:
        """A page of the agent's conversations from the server; `complete` when unfiltered:
        then cached ones in the page's span that it does not list were deleted there."""
        items = list(page.items)

        def write(store: HistoryStore) -> None:
            store.save_conversations(agent_id, items)
            if complete:
                first, last = page.page == 1, not page.has_next
                store.forget_missing_conversations(agent_id, items, first=first, last=last)

        self._write(write)

    def messages(
        self, agent_id: int, conversation: Conversation, messages: Iterable[Message]
    ) -> None:
        items = list(messages)

        def write(store: HistoryStore) -> None:
            if store.conversation(conversation.session_id) is None:
                store.save_conversations(agent_id, [conversation])
            store.save_messages(conversation.session_id, items)

        self._write(write)

    def cited(self, agent_id: int, citation_ids: Iterable[int]) -> dict[int, Citation]:
        """The sources the cache already holds, by id (those it lacks are left out)."""
        if self.store is None:
            return {}
        try:
            return self.store.citations(agent_id, citation_ids)
        except CacheBusy:
            return {}
        except CacheError as error:
            self.set_aside(error)
            return {}

    def settings(self, agent_id: int, settings: AgentSettings) -> None:
        self._write(lambda store: store.save_settings(agent_id, settings))

    def citations(self, agent_id: int, citations: Iterable[Citation]) -> None:
        items = list(citations)
        self._write(lambda store: store.save_citations(agent_id, items))

    def close(self) -> None:
        """Write what still waits if the lock is free now, and close the cache (its WAL is
        folded back into the file)."""
        self.flush(last=True)
        store, self.store = self.store, None
        if store is not None:
            with contextlib.suppress(CacheError):
                store.close()

    def forget(self, session_id: str) -> None:
        self._write(lambda store: store.forget_conversation(session_id))

    def forget_agent(self, agent_id: int) -> None:
        """The agent is gone: its conversations, messages, citations and settings too."""
        self._write(lambda store: store.forget_agent(agent_id))
