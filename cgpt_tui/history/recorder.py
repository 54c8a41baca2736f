"""What the app fetches, kept in the history cache as it goes (for search and offline use).

The cache is a convenience: a write that fails is logged by the caller's `warn` once and the
app goes on without it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from cgpt_tui.api import Agent, AgentSettings, Citation, Conversation, Message, Page
from cgpt_tui.history.store import CacheError, HistoryStore


class HistoryRecorder:
    """Writes pages as the app loads them; `store` is None when there is no cache."""

    def __init__(self, store: HistoryStore | None, warn: Callable[[str], None]) -> None:
        self.store = store
        self._warn = warn

    def _write(self, write: Callable[[HistoryStore], None]) -> None:
        if self.store is None:
            return
        try:
            write(self.store)
        except (sqlite3.Error, CacheError) as error:
            self._warn(f"The history cache stopped recording: {error}")
            self.store = None

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
        except sqlite3.Error:
            return {}

    def settings(self, agent_id: int, settings: AgentSettings) -> None:
        self._write(lambda store: store.save_settings(agent_id, settings))

    def citations(self, agent_id: int, citations: Iterable[Citation]) -> None:
        items = list(citations)
        self._write(lambda store: store.save_citations(agent_id, items))

    def close(self) -> None:
        """Stop recording and close the cache (its WAL is folded back into the file)."""
        store, self.store = self.store, None
        if store is not None:
            store.close()

    def forget(self, session_id: str) -> None:
        self._write(lambda store: store.forget_conversation(session_id))
