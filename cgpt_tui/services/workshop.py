"""The agent workshop: building agents from sitemaps and files, watching them index, tending
their pages, sources and settings (no Textual; the workshop screen and the agent list ask it).

Every call needs the server: offline, each raises NeedsServer at once with the reason, and
nothing is queued to be sent later. A network failure during a call takes the app offline
through the same Connection the reads use, and is raised as the NetworkError it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cgpt_tui.api import (
    Agent,
    AgentSettings,
    ApiError,
    CustomGPTClient,
    CustomGPTError,
    NetworkError,
    Page,
)
from cgpt_tui.api.frozen import record
from cgpt_tui.api.pages import walk_pages
from cgpt_tui.services.reading import Reader

if TYPE_CHECKING:  # the content records are built when first used (api/lazy.py)
    from cgpt_tui.api import AgentPage, AgentPages, AgentSources, PageMetadata, Source

T = TypeVar("T")

FIRST_POLL = 0.5  # seconds between the first two looks at an agent's progress
POLL_GROWTH = 1.5  # each look without news waits this much longer ...
MAX_POLL = 5.0  # ... up to this
PAGES_A_REQUEST = 100  # all_pages asks for this many at once when the server allows it


class NeedsServer(CustomGPTError):
    """Offline: the workshop changes and reads only the server, never the cache."""

    def __init__(self, reason: str) -> None:
        super().__init__("The workshop needs the server" + (f": {reason}" if reason else ""))
        self.reason = reason


class AgentPartlyCreated(CustomGPTError):
    """The agent was created but some of its files were not added (`not_added`: each file
    and the error that stopped it). The agent exists: the caller shows it, and the reasons."""

    def __init__(self, agent: Agent, not_added: Sequence[tuple[Path, CustomGPTError]]) -> None:
        names = "; ".join(f"{path.name}: {error.message}" for path, error in not_added)
        super().__init__(
            f"The agent {agent.name!r} was created, but not every file was added: {names}"
        )
        self.agent = agent
        self.not_added = tuple(not_added)


@record
class IndexProgress:
    """How far an agent's pages are indexed (stats and page counts of one moment)."""

    agent_id: int
    found: int  # stats pages_found
    indexed: int  # stats pages_indexed
    failed: int  # pages whose crawl or index failed
    queued: int  # pages still queued
    active: bool  # the agent's is_chat_active (null counts as not yet)

    @property
    def done(self) -> bool:
        """Nothing is queued, and the agent answers or every page it found failed."""
        return self.queued == 0 and (self.active or (self.found > 0 and self.found == self.failed))

    @property
    def label(self) -> str:
        if not self.done:
            return f"indexing {self.indexed}/{self.found}"
        return "" if self.active else "indexing failed"


class Workshop:
    """The workshop's calls, over the data service's Reader (client and connection)."""

    def __init__(
        self,
        reader: Reader,
        *,
        first_poll: float = FIRST_POLL,
        poll_growth: float = POLL_GROWTH,
        max_poll: float = MAX_POLL,
    ) -> None:
        self._reader = reader
        self.first_poll = first_poll
        self.poll_growth = poll_growth
        self.max_poll = max_poll

    async def _call(self, action: Callable[[CustomGPTClient], Awaitable[T]]) -> T:
        connection = self._reader.connection
        if connection.error is not None:
            raise NeedsServer(connection.error.message)
        try:
            result = await action(self._reader.client)
        except NetworkError as error:
            connection.lost(error)
            raise
        connection.answered()
        return result

    # ------------------------------------------------------------ agents

    async def create_agent(
        self, name: str, *, sitemap: str | None = None, files: Sequence[Path] = ()
    ) -> Agent:
        """A new agent from a sitemap, or from files: the first creates it, the rest are
        added as upload sources (with a sitemap, every file is). A file that could not be
        added raises AgentPartlyCreated once the others are in."""
        if sitemap is None and not files:
            raise ValueError("an agent needs a sitemap or at least one file")
        rest = list(files)
        if sitemap is not None:
            agent = await self._call(lambda client: client.create_agent(name, sitemap=sitemap))
        else:
            first = rest.pop(0)
            agent = await self._call(lambda client: client.create_agent(name, file=first))
        not_added: list[tuple[Path, CustomGPTError]] = []
        for number, path in enumerate(rest):
            try:
                await self.add_file(agent.id, path)
            except NetworkError as error:  # offline now: the others cannot go either
                not_added += [(other, error) for other in rest[number:]]
                break
            except CustomGPTError as error:
                not_added.append((path, error))
        if not_added:
            raise AgentPartlyCreated(agent, not_added)
        return agent

    async def replicate_agent(self, agent_id: int) -> Agent:
        return await self._call(lambda client: client.replicate_agent(agent_id))

    async def rename_agent(self, agent_id: int, name: str) -> Agent:
        return await self._call(lambda client: client.update_agent(agent_id, name=name))

    async def delete_agent(self, agent_id: int) -> None:
        """Deleted on the server, then forgotten by the history cache (with its
        conversations, messages, citations and settings)."""
        await self._call(lambda client: client.delete_agent(agent_id))
        self._reader.history.forget_agent(agent_id)

    # ------------------------------------------------------------ indexing

    async def progress(self, agent_id: int) -> IndexProgress:
        async def look(client: CustomGPTClient) -> IndexProgress:
            agent = await client.get_agent(agent_id)
            stats = await client.get_agent_stats(agent_id)

            async def count(
                crawl_status: str | None = None, index_status: str | None = None
            ) -> int:
                found = await client.list_pages(
                    agent_id, limit=1, crawl_status=crawl_status, index_status=index_status
                )
                return _total(found)

            queued = await count(index_status="queued")
            failed_index = await count(index_status="failed")
            failed_crawl = await count(crawl_status="failed")
            failed = failed_index
            if failed_crawl:  # those that failed crawling but not (also) indexing
                failed += failed_crawl - await count(crawl_status="failed", index_status="failed")
            return IndexProgress(
                agent_id=agent_id,
                found=stats.pages_found or 0,
                indexed=stats.pages_indexed or 0,
                failed=failed,
                queued=queued,
                active=agent.chat_ready is True,
            )

        return await self._call(look)

    def watch(self, agent_id: int) -> AsyncIterator[IndexProgress]:
        """The agent's progress now and at each change, until it is done (then the last
        one is yielded and the iteration ends). Polls after FIRST_POLL seconds, each
        look without news POLL_GROWTH times later, at most MAX_POLL apart; news starts
        the wait over. Stops when cancelled or closed; errors (NeedsServer,
        NetworkError) end it as they come."""
        return self._watch(agent_id)

    async def _watch(self, agent_id: int) -> AsyncGenerator[IndexProgress, None]:
        delay = self.first_poll
        last: IndexProgress | None = None
        while True:
            now = await self.progress(agent_id)
            if now != last:
                yield now
                delay = self.first_poll
                last = now
            else:
                delay = min(delay * self.poll_growth, self.max_poll)
            if now.done:
                return
            await asyncio.sleep(delay)

    # ------------------------------------------------------------ settings

    async def settings(self, agent_id: int) -> AgentSettings:
        settings = await self._call(lambda client: client.get_agent_settings(agent_id))
        self._reader.history.settings(agent_id, settings)
        return settings

    async def save_settings(self, agent_id: int, changes: Mapping[str, Any]) -> AgentSettings:
        """Send only `changes` (the API's names), and the settings as read back."""
        await self._call(lambda client: client.update_agent_settings(agent_id, changes))
        return await self.settings(agent_id)

    # ------------------------------------------------------------ sources

    async def sources(self, agent_id: int) -> AgentSources:
        return await self._call(lambda client: client.list_sources(agent_id))

    async def add_sitemap(self, agent_id: int, url: str) -> Source:
        return await self._call(lambda client: client.add_source(agent_id, sitemap=url))

    async def add_file(self, agent_id: int, path: Path) -> Source:
        """Upload a file (streamed from disk) as a source of the agent."""
        return await self._call(lambda client: client.add_source(agent_id, file=path))

    async def sync_source(self, agent_id: int, source_id: int) -> Source:
        return await self._call(lambda client: client.sync_source(agent_id, source_id))

    async def delete_source(self, agent_id: int, source_id: int) -> None:
        await self._call(lambda client: client.delete_source(agent_id, source_id))

    # ------------------------------------------------------------ pages

    async def all_pages(self, agent_id: int) -> list[AgentPage]:
        """Every page of the agent, PAGES_A_REQUEST a request (the server's own page size
        if it refuses that limit)."""

        async def walk(client: CustomGPTClient) -> list[AgentPage]:
            limit: int | None = PAGES_A_REQUEST
            try:
                first = await client.list_pages(agent_id, limit=limit)
            except ApiError as error:
                if error.status not in (400, 422):
                    raise
                limit = None
                first = await client.list_pages(agent_id)

            async def fetch(number: int) -> Page[AgentPage]:
                if number == 1:
                    return first.pages
                return (await client.list_pages(agent_id, number, limit=limit)).pages

            return [page async for page in walk_pages(fetch)]

        return await self._call(walk)

    async def reindex_page(self, agent_id: int, page_id: int) -> None:
        await self._call(lambda client: client.reindex_page(agent_id, page_id))

    async def delete_page(self, agent_id: int, page_id: int) -> None:
        await self._call(lambda client: client.delete_page(agent_id, page_id))

    async def page_metadata(self, agent_id: int, page_id: int) -> PageMetadata:
        return await self._call(lambda client: client.get_page_metadata(agent_id, page_id))

    async def save_page_metadata(self, agent_id: int, page_id: int, **fields: str) -> PageMetadata:
        """Change the given fields (title, url, description, image); the record read back."""
        return await self._call(
            lambda client: client.update_page_metadata(agent_id, page_id, **fields)
        )


def _total(found: AgentPages) -> int:
    """How many pages match (the page's total, or what it holds when it has none)."""
    page = found.pages
    return page.total if page.total is not None else len(page.items)
