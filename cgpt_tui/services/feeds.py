"""Where the lists' rows come from: the agents, an agent's conversations, a conversation's
messages, page by page.

A feed paints the history cache's first page at once (`cached_first`, then `paint`), then
reads each page from the server, or offline from the cache (`more`), reconciles it with
what is shown (`paging.PagedRows`) and records what the server sent in the cache. A list
widget only applies the `Change` it is handed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from typing import Generic, TypeVar, get_args

from cgpt_tui.api import Agent, Conversation, CustomGPTClient, Message, Page
from cgpt_tui.api.client import UserFilter
from cgpt_tui.history.pages import CachedPages
from cgpt_tui.sanitize import clean_text
from cgpt_tui.services.paging import Change, PagedRows
from cgpt_tui.services.reading import Origin, Reader

T = TypeVar("T")


class Feed(ABC, Generic[T]):
    """One list's pages; `rows` is what the list shows, in the server's order."""

    def __init__(self, reader: Reader, rows: PagedRows[T]) -> None:
        self.reader = reader
        self.rows = rows

    @property
    def page(self) -> int:
        """The number of the last page taken (0 while only the cache painted)."""
        return self.rows.page

    @property
    def has_more(self) -> bool:
        return self.rows.has_more

    def cached_first(self) -> list[T]:
        """The cache's first page, to paint while the server is asked ([] when it has none)."""
        cache = self.reader.cache()
        page = self._cached(cache, 1, 0) if cache is not None else None
        return list(page.items) if page is not None else []

    def paint(self, items: Iterable[T]) -> Change[T]:
        return self.rows.paint(items)

    async def more(self) -> Change[T]:
        """The next page: from the server (recorded in the cache), or offline from the cache.
        Raises the API's error when neither has it."""
        number, offset = self.rows.page + 1, self.rows.confirmed
        result = await self.reader.read(
            lambda client: self._fetch(client, number),
            lambda cache: self._cached(cache, number, offset),
        )
        page = result.value
        change = self.rows.take(
            page.items, number=page.page, has_more=page.has_next, origin=result.origin
        )
        if result.origin is Origin.SERVER:
            self._record(page)
        return change

    @abstractmethod
    async def _fetch(self, client: CustomGPTClient, number: int) -> Page[T]: ...

    @abstractmethod
    def _cached(self, cache: CachedPages, number: int, offset: int) -> Page[T] | None: ...

    @abstractmethod
    def _record(self, page: Page[T]) -> None: ...


def _agent_id(agent: Agent) -> Hashable:
    return agent.id


class AgentFeed(Feed[Agent]):
    """The account's agents, optionally filtered by name."""

    def __init__(self, reader: Reader, name: str = "") -> None:
        super().__init__(reader, PagedRows(_agent_id))
        self.name = name

    async def _fetch(self, client: CustomGPTClient, number: int) -> Page[Agent]:
        first = self.reader.first_agents() if number == 1 and not self.name else None
        if first is not None:
            return await first
        return await client.list_agents(number, name=self.name or None)

    def _cached(self, cache: CachedPages, number: int, offset: int) -> Page[Agent] | None:
        return cache.agents(offset=offset, name=self.name)

    def _record(self, page: Page[Agent]) -> None:
        if self.name:  # only the full list is kept
            return
        history = self.reader.history
        history.agents(page.items, start=(page.page - 1) * (page.per_page or 0))
        if not page.has_next:  # every page seen, in order: the rest were deleted
            history.all_agents(agent.id for agent in self.rows.rows)


def user_filter(value: object) -> UserFilter:
    """Who started the conversations to list: one of the API's filters, else everyone's."""
    for known in get_args(UserFilter):
        if value == known:
            return known
    return "all"


def _session_id(conversation: Conversation) -> Hashable:
    return conversation.session_id


class ConversationFeed(Feed[Conversation]):
    """An agent's conversations, newest first, filtered by name and by who started them."""

    def __init__(
        self, reader: Reader, agent_id: int, *, name: str = "", user_filter: UserFilter = "all"
    ) -> None:
        super().__init__(reader, PagedRows(_session_id))
        self.agent_id = agent_id
        self.name = name
        self.user_filter = user_filter

    async def _fetch(self, client: CustomGPTClient, number: int) -> Page[Conversation]:
        return await client.list_conversations(
            self.agent_id,
            number,
            user_filter=self.user_filter,
            name=self.name or None,
            order="desc",
        )

    def _cached(self, cache: CachedPages, number: int, offset: int) -> Page[Conversation] | None:
        """None for an owner filter: the cache does not know who the user is."""
        if self.user_filter != "all":
            return None
        return cache.conversations(self.agent_id, offset=offset, name=self.name)

    def _record(self, page: Page[Conversation]) -> None:
        complete = not self.name and self.user_filter == "all"
        self.reader.history.conversation_page(self.agent_id, page, complete=complete)


def _message_id(message: Message) -> Hashable:
    return message.id


def _same_messages(painted: Sequence[Message], fresh: Sequence[Message]) -> bool:
    """Whether the server's page shows what the cache painted (the cache keeps text cleaned,
    so the server's is compared cleaned)."""

    def shown(message: Message) -> tuple[object, ...]:
        return (
            message.id,
            clean_text(message.question),
            clean_text(message.answer),
            message.citation_ids,
            message.reaction,
        )

    return [shown(m) for m in painted] == [shown(m) for m in fresh]


class MessageFeed(Feed[Message]):
    """A conversation's messages, newest first (a transcript shows them the other way up)."""

    def __init__(self, reader: Reader, agent_id: int, conversation: Conversation) -> None:
        super().__init__(reader, PagedRows(_message_id, _same_messages))
        self.agent_id = agent_id
        self.conversation = conversation

    def answered(self, message: Message, *, finished: bool) -> None:
        """An answer given here: the newest row; a `finished` one is kept in the cache."""
        self.rows.insert_first(message)
        if finished:
            self.reader.history.messages(self.agent_id, self.conversation, [message])

    async def _fetch(self, client: CustomGPTClient, number: int) -> Page[Message]:
        session_id = self.conversation.session_id
        result = await client.list_messages(self.agent_id, session_id, number, order="desc")
        return result.page

    def _cached(self, cache: CachedPages, number: int, offset: int) -> Page[Message] | None:
        found = cache.messages(self.conversation.session_id, number)
        return found.page if found is not None else None

    def _record(self, page: Page[Message]) -> None:
        self.reader.history.messages(self.agent_id, self.conversation, page.items)
