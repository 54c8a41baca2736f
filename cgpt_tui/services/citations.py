"""Citation (Open Graph) records, fetched concurrently and cached per agent and citation id."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from cgpt_tui.api import Citation, CustomGPTClient, CustomGPTError

MAX_CONCURRENT = 8


class CitationCache:
    """Resolves citation ids once; concurrent askers for the same id share one request."""

    def __init__(self, client: CustomGPTClient) -> None:
        self._client = client
        self._done: dict[tuple[int, int], Citation] = {}
        self._pending: dict[tuple[int, int], asyncio.Task[Citation]] = {}
        self._limit = asyncio.Semaphore(MAX_CONCURRENT)

    def cached(self, agent_id: int, citation_id: int) -> Citation | None:
        return self._done.get((agent_id, citation_id))

    async def get(self, agent_id: int, citation_id: int) -> Citation:
        key = (agent_id, citation_id)
        if key in self._done:
            return self._done[key]
        task = self._pending.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fetch(agent_id, citation_id))
            self._pending[key] = task
        try:
            return await asyncio.shield(task)
        finally:
            if task.done():
                self._pending.pop(key, None)

    async def _fetch(self, agent_id: int, citation_id: int) -> Citation:
        async with self._limit:
            citation = await self._client.get_citation(agent_id, citation_id)
        self._done[(agent_id, citation_id)] = citation
        return citation

    async def resolve(
        self, agent_id: int, citation_ids: Iterable[int]
    ) -> list[Citation | CustomGPTError]:
        """Fetch many at once; each result is the citation or the error that stopped it."""

        async def one(citation_id: int) -> Citation | CustomGPTError:
            try:
                return await self.get(agent_id, citation_id)
            except CustomGPTError as error:
                return error

        return list(await asyncio.gather(*(one(cid) for cid in citation_ids)))
