"""The history cache read in the API's shapes (pages, a conversation's messages), so the
app can paint from it at once and browse it when the server cannot be reached."""

from __future__ import annotations

import math

from cgpt_tui.api import Agent, AgentSettings, Conversation, Message, MessagePage, Page
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.services.export import ConversationDump

AGENTS_PER_PAGE = 100
CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 20  # as the API pages them


def _rows_after(items: list, offset: int, per_page: int, total: int) -> Page:
    """A page of the rows from `offset` on (the lists read on from what they already show,
    whatever the server's page size was)."""
    number = offset // per_page + 1
    last = max(number, math.ceil(total / per_page))
    return Page(tuple(items), number, last, per_page, total, offset + len(items) < total)


class CachedPages:
    """Pages of cached agents, conversations and messages, in the order the API lists them."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store

    def agents(self, *, offset: int = 0, name: str = "") -> Page[Agent]:
        """Up to AGENTS_PER_PAGE agents from `offset` on, in the API's order."""
        per_page = AGENTS_PER_PAGE
        items = self.store.agents(name=name, offset=offset, limit=per_page)
        return _rows_after(items, offset, per_page, self.store.count_agents(name=name))

    def agent(self, agent_id: int) -> Agent | None:
        return self.store.agent(agent_id)

    def conversations(
        self, agent_id: int, *, offset: int = 0, name: str = ""
    ) -> Page[Conversation]:
        """Up to CONVERSATIONS_PER_PAGE of the agent's conversations from `offset` on."""
        per_page = CONVERSATIONS_PER_PAGE
        items = self.store.conversations(agent_id, name=name, offset=offset, limit=per_page)
        total = self.store.count_conversations(agent_id, name=name)
        return _rows_after(items, offset, per_page, total)

    def settings(self, agent_id: int) -> AgentSettings | None:
        return self.store.settings(agent_id)

    def conversation(self, session_id: str) -> Conversation | None:
        return self.store.conversation(session_id)

    def messages(self, session_id: str, number: int) -> MessagePage | None:
        """A page of the conversation's messages, newest first; None if it is not cached."""
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
        agent = self.store.agent(agent_id)
        conversation = self.store.conversation(session_id)
        if agent is None or conversation is None or conversation.agent_id != agent_id:
            return None
        messages = self.store.messages(session_id)
        citations = self.store.citations(agent_id, {i for m in messages for i in m.citation_ids})
        return ConversationDump(agent, conversation, messages, citations)
