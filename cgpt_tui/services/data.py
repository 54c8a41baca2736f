"""The data service: the one thing the screens ask for data, and the only way to the API
client and the history cache above this package.

It owns, once: the server first and the cache when the network fails (`reading.Reader`),
recording what came back, reconciling the lists' pages (`feeds`, `paging`), going offline
and back online (`connection.Connection`), and where each answer came from (`Origin`).
Screens receive plain records (`cgpt_tui.api`'s) and `Change`s to apply.

Adding an API call end to end: a method on `CustomGPTClient` (api/client.py), a method here
that reads or changes through `self.reader` (and records what the cache keeps), and the
screen awaits it in a worker and shows the record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING

from cgpt_tui.api import (
    Agent,
    AgentSettings,
    AgentStats,
    Citation,
    Conversation,
    CustomGPTClient,
    CustomGPTError,
    FilePreview,
    Message,
    Reaction,
    UsageLimits,
)
from cgpt_tui.api.client import UserFilter
from cgpt_tui.api.frozen import record
from cgpt_tui.history.db import CacheBusy, CacheError
from cgpt_tui.history.recorder import HistoryRecorder
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import Account
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.services.connection import SYNC_HINT, Connection
from cgpt_tui.services.feeds import AgentFeed, ConversationFeed, MessageFeed
from cgpt_tui.services.reading import NotConnected, Origin, Reader, Sourced
from cgpt_tui.services.workshop import Workshop

if TYPE_CHECKING:  # imported when first used: the start shows no report, search or export
    # (nor streams an answer: httpx is imported after the first frame, see api/prefetch.py)
    from cgpt_tui.api.prefetch import FirstAgents
    from cgpt_tui.api.streaming import MessageStream
    from cgpt_tui.history.search import SearchHit
    from cgpt_tui.services.export import ConversationDump
    from cgpt_tui.services.insights import Insights

__all__ = [
    "SYNC_HINT",
    "DataService",
    "HistoryStore",
    "Origin",
    "SearchHit",
    "SearchResults",
    "Sourced",
]


def __getattr__(name: str) -> object:
    """`SearchHit` for the search screen, imported with the search when first named."""
    if name == "SearchHit":
        from cgpt_tui.history.search import SearchHit

        return SearchHit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


READ_RETRIES = 3  # a read answered 429 is tried again this often before the user is told


@record
class SearchResults:
    """The cache's matches; `problem` says why there are none when the cache could not
    answer (busy, damaged: a damaged cache is set aside)."""

    hits: list[SearchHit] = field(default_factory=list)
    problem: str | None = None


def _call_later(delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
    return asyncio.get_running_loop().call_later(delay, callback)


class DataService:
    """Agents, conversations and messages from the server or the cache, and the changes
    the user makes to them. `warn` says what goes wrong with the cache; `on_offline` is
    told when the server stops or starts answering."""

    def __init__(
        self,
        history: HistoryStore | None,
        *,
        warn: Callable[[str], None],
        on_offline: Callable[[bool], None] = lambda offline: None,
    ) -> None:
        recorder = HistoryRecorder(history, warn=warn, schedule=_call_later)
        connection = Connection(self._probe, on_offline)
        self.reader = Reader(recorder, connection)
        self.workshop = Workshop(self.reader)  # building and tending agents (online only)
        self._citations: CitationCache | None = None

    @cached_property
    def insights(self) -> Insights:
        """Reports and the review queue."""
        from cgpt_tui.services.insights import Insights

        return Insights(self.reader)

    # ------------------------------------------------------------ the connection

    def connect(
        self,
        base_url: str,
        api_key: ApiKey,
        *,
        timeout: float,
        stream_timeout: float | None,
        reauthenticate: Callable[[], Awaitable[ApiKey | None]],
    ) -> None:
        """Make the client (once the app has a key); `reauthenticate` is awaited when the
        server refuses the key mid-session."""
        client = CustomGPTClient(
            base_url,
            api_key,
            timeout=timeout,
            stream_timeout=stream_timeout,
            read_retries=READ_RETRIES,
            reauthenticate=reauthenticate,
        )
        self.reader.use(client)
        self._citations = CitationCache(client)

    def open_client(self) -> None:
        """Make the client's HTTP client (importing httpx) before a request needs it."""
        self.reader.client.open()

    @property
    def connected(self) -> bool:
        return self.reader.connected

    def _citation_cache(self) -> CitationCache:
        if self._citations is None:
            raise NotConnected("sources are asked for before the app has a key")
        return self._citations

    @property
    def history(self) -> HistoryRecorder:
        return self.reader.history

    @property
    def offline(self) -> bool:
        return self.reader.connection.offline

    @property
    def offline_reason(self) -> str:
        """The error that took the app offline ("" when online)."""
        error = self.reader.connection.error
        return error.message if error is not None else ""

    @property
    def has_cache(self) -> bool:
        """Whether a history cache is open (offline, the app browses it)."""
        return self.reader.history.store is not None

    def try_now(self) -> None:
        """Offline: ask the server again at once."""
        self.reader.connection.try_now()

    async def _probe(self) -> None:
        await self.reader.client.get_user()

    async def close(self) -> None:
        self.reader.connection.close()
        if self.reader.connected:
            await self.reader.client.aclose()
        self.reader.history.close()

    # ------------------------------------------------------------ the lists

    def ask_first_agents(self, asked: FirstAgents | None = None) -> None:
        """Ask for the first page of agents now, while the screen is being built (or take
        the one `asked` ahead, see api/prefetch.py)."""
        self.reader.ask_first_agents(asked)

    def agents(self, name: str = "") -> AgentFeed:
        return AgentFeed(self.reader, name)

    def conversations(
        self, agent_id: int, *, name: str = "", user_filter: UserFilter = "all"
    ) -> ConversationFeed:
        return ConversationFeed(self.reader, agent_id, name=name, user_filter=user_filter)

    def messages(self, agent_id: int, conversation: Conversation) -> MessageFeed:
        return MessageFeed(self.reader, agent_id, conversation)

    # ------------------------------------------------------------ single records

    def cached_agent(self, agent_id: int) -> Agent | None:
        cache = self.reader.cache()
        return cache.agent(agent_id) if cache is not None else None

    def cached_conversation(self, session_id: str) -> Conversation | None:
        cache = self.reader.cache()
        return cache.conversation(session_id) if cache is not None else None

    def cached_settings(self, agent_id: int) -> AgentSettings | None:
        cache = self.reader.cache()
        return cache.settings(agent_id) if cache is not None else None

    async def agent(self, agent_id: int) -> Agent:
        found = await self.reader.read(
            lambda client: client.get_agent(agent_id), lambda cache: cache.agent(agent_id)
        )
        return found.value

    async def conversation(self, agent_id: int, session_id: str) -> Conversation:
        """The conversation's record (as its first page of messages gives it)."""
        found = await self.reader.read(
            lambda client: client.list_messages(agent_id, session_id, 1),
            lambda cache: cache.messages(session_id, 1),
        )
        return found.value.conversation

    async def settings(self, agent_id: int) -> Sourced[AgentSettings]:
        """The agent's settings (kept in the cache); offline, the cached ones."""
        found = await self.reader.read(
            lambda client: client.get_agent_settings(agent_id),
            lambda cache: cache.settings(agent_id),
        )
        if found.origin is Origin.SERVER:
            self.reader.history.settings(agent_id, found.value)
        return found

    async def settings_value(self, agent_id: int) -> AgentSettings:
        """The agent's settings, wherever they came from."""
        return (await self.settings(agent_id)).value

    async def agent_stats(self, agent_id: int) -> AgentStats:
        return await self.reader.client.get_agent_stats(agent_id)

    async def usage_limits(self) -> UsageLimits:
        return await self.reader.client.get_usage_limits()

    async def account(self) -> Account:
        """Who is signed in, and the query usage."""
        client = self.reader.client
        user = await client.get_user()
        return Account(user, await client.get_usage_limits())

    async def dump(self, agent: Agent, conversation: Conversation) -> ConversationDump:
        """Every message of the conversation and its sources (for an export); offline,
        what the cache holds of it."""
        from cgpt_tui.services.export import fetch_conversation  # imported when first used

        citations = self._citation_cache()
        found = await self.reader.read(
            lambda client: fetch_conversation(client, citations, agent, conversation),
            lambda cache: cache.dump(agent.id, conversation.session_id),
        )
        return found.value

    async def sources(
        self, agent_id: int, citation_ids: Sequence[int]
    ) -> dict[int, Citation | CustomGPTError]:
        """Each citation by id, from the cache when it holds it, else from the server (and
        then kept); a citation that could not be read is the error that stopped it."""
        history = self.reader.history
        results: dict[int, Citation | CustomGPTError] = dict(history.cited(agent_id, citation_ids))
        missing = [citation_id for citation_id in citation_ids if citation_id not in results]
        if missing:
            fetched = await self._citation_cache().resolve(agent_id, missing)
            results.update(zip(missing, fetched, strict=True))
            history.citations(agent_id, [c for c in fetched if isinstance(c, Citation)])
        return results

    async def preview_file(self, file_id: int) -> FilePreview:
        return await self.reader.client.preview_file(file_id)

    # ------------------------------------------------------------ changes

    async def create_conversation(self, agent_id: int, name: str) -> Conversation:
        return await self.reader.client.create_conversation(agent_id, name)

    async def rename_conversation(self, agent_id: int, session_id: str, name: str) -> Conversation:
        return await self.reader.client.rename_conversation(agent_id, session_id, name)

    async def delete_conversation(self, agent_id: int, session_id: str) -> None:
        """Deleted on the server, then forgotten by the cache."""
        await self.reader.client.delete_conversation(agent_id, session_id)
        self.forget(session_id)

    def forget(self, session_id: str) -> None:
        """The conversation is gone (deleted here or elsewhere): the cache forgets it."""
        self.reader.history.forget(session_id)

    async def set_reaction(
        self, agent_id: int, session_id: str, message_id: int, reaction: Reaction
    ) -> None:
        await self.reader.client.set_reaction(agent_id, session_id, message_id, reaction)

    def stream_answer(
        self,
        agent_id: int,
        session_id: str,
        question: str,
        *,
        lang: str | None,
        fresh: bool = False,
    ) -> MessageStream:
        """The answer as events (enter it with `async with`). `fresh`: not a cached answer
        to the same question (`Cache-Control: no-cache`)."""
        return self.reader.client.stream_message(
            agent_id, session_id, question, lang=lang, fresh=fresh
        )

    async def answer(
        self,
        agent_id: int,
        session_id: str,
        question: str,
        *,
        lang: str | None,
        fresh: bool = False,
    ) -> Message:
        """The whole answer at once (streaming turned off); `fresh` as for stream_answer."""
        return await self.reader.client.send_message(
            agent_id, session_id, question, lang=lang, fresh=fresh
        )

    # ------------------------------------------------------------ the cache as a whole

    def search(self, text: str, limit: int = 20) -> SearchResults | None:
        """Messages of every cached conversation matching `text`; None without a cache."""
        history = self.reader.history
        store = history.store
        if store is None:
            return None
        from cgpt_tui.history.search import search  # imported when first used

        try:
            return SearchResults(search(store, text, limit=limit))
        except CacheBusy as busy:
            return SearchResults(problem=busy.advice())
        except CacheError as error:
            history.set_aside(error)
            return SearchResults(problem=error.advice())

    async def fill_history(self) -> str | None:
        """Everything of the account into the cache (the demo's, kept in memory); what
        stopped it, if anything (a damaged cache is set aside)."""
        history = self.reader.history
        store = history.store
        if store is None or not self.reader.connected:
            return None
        from cgpt_tui.history.sync import sync_history  # imported when first used

        try:
            await sync_history(self.reader.client, store)
        except (CustomGPTError, CacheBusy) as error:
            return str(error)
        except CacheError as error:
            history.set_aside(error)
        return None
