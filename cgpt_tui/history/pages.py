"""The history cache read in the API's shapes (pages, a conversation's messages), so the
app can paint from it at once and browse it when the server cannot be reached.

Every read answers None when the cache cannot (a damaged page, a lock): the app reads as
if the cache lacked it, and `on_error` is told of a damaged cache (not of a busy one).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from cgpt_tui.api import Agent, AgentSettings, Conversation, Message, MessagePage, Page
from cgpt_tui.history.db import CacheBusy, CacheError
from cgpt_tui.history.store import HistoryStore

if TYPE_CHECKING:
    from cgpt_tui.services.export import ConversationDump

AGENTS_PER_PAGE = 100
CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 20  # as the API pages them
T = TypeVar("T")


def _rows_after(items: list, offset: int, per_page: int, total: int) -> Page:
    """A page of the rows from `offset` on (the lists read on from what they already show,
    whatever the server's page size was)."""
    number = offset // per_page + 1
    last = max(number, math.ceil(total / per_page))
    return Page(tuple(items), number, last, per_page, total, offset + len(items) < total)


class CachedPages:
    """Pages of cached agents, conversations and messages, in the order the API lists them."""

    def __init__(
        self, store: HistoryStore, on_error: Callable[[CacheError], None] | None = None
    ) -> None:
        """Without `on_error`, a CacheError is raised (a command says it and stops)."""
        self.store = store
        self.on_error = on_error

    def _guard(self, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except CacheBusy:
            if self.on_error is None:
                raise
            return None
        except CacheError as error:
            if self.on_error is None:
                raise
            self.on_error(error)
            return None

    def answer(self, read: Callable[[HistoryStore], T]) -> T | None:
        """What `read(store)` answers; None when the cache cannot (see the module's doc)."""
        return self._guard(lambda: read(self.store))

    def agents(self, *, offset: int = 0, name: str = "") -> Page[Agent] | None:
        """Up to AGENTS_PER_PAGE agents from `offset` on, in the API's order."""
        return self._guard(lambda: self._agents(offset, name))

    def _agents(self, offset: int, name: str) -> Page[Agent]:
        per_page = AGENTS_PER_PAGE
        items = self.store.agents(name=name, offset=offset, limit=per_page)
        return _rows_after(items, offset, per_page, self.store.count_agents(name=name))

    def agent(self, agent_id: int) -> Agent | None:
        return self._guard(lambda: self.store.agent(agent_id))

    def conversations(
        self, agent_id: int, *, offset: int = 0, name: str = ""
    ) -> Page[Conversation] | None:
        """Up to CONVERSATIONS_PER_PAGE of the agent's conversations from `offset` on."""
        return self._guard(lambda: self._conversations(agent_id, offset, name))

    def _conversations(self, agent_id: int, offset: int, name: str) -> Page[Conversation]:
        per_page = CONVERSATIONS_PER_PAGE
        items = self.store.conversations(agent_id, name=name, offset=offset, limit=per_page)
        total = self.store.count_conversations(agent_id, name=name)
        return _rows_after(items, offset, per_page, total)

    def settings(self, agent_id: int) -> AgentSettings | None:
        return self._guard(lambda: self.store.settings(agent_id))

    def conversation(self, session_id: str) -> Conversation | None:
        return self._guard(lambda: self.store.conversation(session_id))

    def messages(self, session_id: str, number: int) -> MessagePage | None:
        """A page of the conversation's messages, newest first; None if it is not cached."""
        return self._guard(lambda: self._messages(session_id, number))

    def _messages(self, session_id: str, number: int) -> MessagePage | None:
        conversation = self.store.conversation(session_id)
        if conversation is None:
            return None
        per_page = MESSAGES_PER_PAGE
        offset = (number - 1) * per_page
        items: list[Message] = self.store.messages(
            session_id, newest_first=True, offset=offset, limit=per_page
        )
        total = self.store.count_messages(session_id)
        return MessagePage(conversation, _rows_after(items, offset, per_page, total))

    def dump(self, agent_id: int, session_id: str) -> ConversationDump | None:
        """The whole conversation with its cached sources (for an export); None when the
        cache does not hold it for this agent."""
        return self._guard(lambda: self._dump(agent_id, session_id))

    def _dump(self, agent_id: int, session_id: str) -> ConversationDump | None:
        agent = self.store.agent(agent_id)
        conversation = self.store.conversation(session_id)
        if agent is None or conversation is None or conversation.agent_id != agent_id:
            return None
        from cgpt_tui.services.export import ConversationDump  # imported when first used

        messages = self.store.messages(session_id)
        citations = self.store.citations(agent_id, {i for m in messages for i in m.citation_ids})
        return ConversationDump(agent, conversation, messages, citations)
