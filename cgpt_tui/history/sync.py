"""Fetch a profile's whole history into the cache, for search and offline use.

Agents, then each agent's conversations (a conversation deleted on the server leaves the
cache), then every message and the citations they name. Progress is reported after each
conversation, so a command line can draw a bar.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from cgpt_tui.api import Agent, Citation, Conversation, CustomGPTClient, NotFound, PermissionDenied
from cgpt_tui.history.store import HistoryStore

CONCURRENT_CITATIONS = 8


@dataclass
class SyncProgress:
    agents: int = 0
    conversations: int = 0  # known so far (grows as each agent's list is read)
    conversations_done: int = 0
    messages: int = 0
    citations: int = 0
    removed: int = 0  # conversations deleted on the server, forgotten here


async def sync_history(
    client: CustomGPTClient,
    store: HistoryStore,
    *,
    agent_id: int | None = None,
    on_progress: Callable[[SyncProgress], None] = lambda progress: None,
) -> SyncProgress:
    """Everything of the profile (or of one agent) into `store`; raises CustomGPTError, or
    CacheError when the cache cannot be written."""
    progress = SyncProgress()
    limit = asyncio.Semaphore(CONCURRENT_CITATIONS)
    if agent_id is None:
        agents = [agent async for agent in client.iter_agents()]
        store.save_agents(agents)
        store.keep_only_agents(a.id for a in agents)
    else:
        agents = [await client.get_agent(agent_id)]
        known = {a.id for a in store.agents()}
        if agent_id not in known:
            store.save_agents(agents, start=len(known))
    progress.agents = len(agents)
    lists: list[tuple[Agent, list[Conversation]]] = []
    for agent in agents:
        with suppress(NotFound, PermissionDenied):  # for offline use; not worth failing for
            store.save_settings(agent.id, await client.get_agent_settings(agent.id))
        conversations = [c async for c in client.iter_conversations(agent.id)]
        store.save_conversations(agent.id, conversations)
        progress.removed += store.keep_only_conversations(
            agent.id, [c.session_id for c in conversations]
        )
        progress.conversations += len(conversations)
        lists.append((agent, conversations))
        on_progress(progress)
    sources: set[tuple[int, int]] = set()
    for agent, conversations in lists:
        for conversation in conversations:
            messages = [m async for m in client.iter_messages(agent.id, conversation.session_id)]
            store.save_messages(conversation.session_id, messages)
            wanted = {i for m in messages for i in m.citation_ids}
            cached = store.citations(agent.id, wanted)
            missing = [i for i in sorted(wanted) if i not in cached]
            found = await asyncio.gather(*(_citation(client, limit, agent.id, i) for i in missing))
            store.save_citations(agent.id, [c for c in found if c is not None])
            gone = {i for i, c in zip(missing, found, strict=True) if c is None}
            sources.update((agent.id, i) for i in wanted - gone)
            progress.messages += len(messages)
            progress.citations = len(sources)  # cached now, whether fetched now or before
            progress.conversations_done += 1
            on_progress(progress)
    return progress


async def _citation(
    client: CustomGPTClient, limit: asyncio.Semaphore, agent_id: int, citation_id: int
) -> Citation | None:
    """A source's card, or None when the server has none for it (a deleted source)."""
    async with limit:
        try:
            return await client.get_citation(agent_id, citation_id)
        except NotFound:
            return None
