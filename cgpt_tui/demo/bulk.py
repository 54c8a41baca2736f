"""Bulk data for tests and benchmarks: many agents, conversations, messages or pages at once.

Each function takes the state first and is also a method of DemoState
(`server.state.add_bulk_messages(...)`), so a test or a bench seeds from its own thread.
The state is seen through `Store` (state.py imports this module).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from cgpt_tui.demo.agent_data import AgentData
from cgpt_tui.demo.pages import CRAWLED, Content, Page, metadata_row, page_row
from cgpt_tui.demo.retrieval import Answer

T = TypeVar("T")
BULK_ANSWER = (
    "This is a **bulk** answer, made for benchmarks.\n\n"
    "- It has a list\n- and a second item\n\nAnd a closing paragraph.\n"
)
# Request sources as a busy agent might see them: the web chat most, then the API, ...
SOURCE_MIX = ("web", "web", "web", "web", "api", "api", "embed", "iframe", "slack", "livechat")


class Store(Protocol):
    """What these helpers use of DemoState."""

    lock: threading.RLock
    agents: dict[int, AgentData]
    bulk_agents: int

    @property
    def user_id(self) -> int: ...

    def next_id(self, kind: str) -> int: ...

    def now(self) -> str: ...

    def content(self, agent: AgentData) -> Content: ...

    def add_agent(self, name: str, *, folder: str, active: bool = True) -> AgentData: ...

    def add_conversation(
        self, agent: AgentData, name: str, *, created_by: int | None, when: datetime | None = None
    ) -> dict[str, Any]: ...

    def add_message(
        self,
        agent: AgentData,
        conversation: dict[str, Any],
        question: str,
        answer: Answer,
        *,
        when: datetime | None = None,
        reaction: str | None = None,
        request_source: str = "api",
    ) -> dict[str, Any]: ...


def add_bulk_agents(state: Store, count: int, *, folder: str = "northwind") -> list[int]:
    """`count` more agents ("Bulk agent 00001", ...), every seventh inactive."""
    ids = []
    with state.lock:
        for _ in range(count):
            state.bulk_agents += 1
            number = state.bulk_agents
            name = f"Bulk agent {number:05d}"
            ids.append(state.add_agent(name, folder=folder, active=number % 7 != 0).id)
    return ids


def add_bulk_conversations(
    state: Store,
    agent_id: int,
    count: int,
    *,
    start: datetime | None = None,
    spacing: timedelta = timedelta(hours=1),
) -> list[str]:
    """`count` more conversations, started in turn by me, a visitor and a team member
    (with `start`, the n-th started at `start + n * spacing`, else now)."""
    agent = state.agents[agent_id]
    owners = (state.user_id, None, state.user_id + 1)
    with state.lock:
        return [
            state.add_conversation(
                agent,
                f"Bulk conversation {n + 1:05d}",
                created_by=owners[n % 3],
                when=None if start is None else start + n * spacing,
            )["session_id"]
            for n in range(count)
        ]


def add_bulk_messages(
    state: Store,
    agent_id: int,
    session_id: str,
    count: int,
    answer: str | None = None,
    *,
    start: datetime | None = None,
    spacing: timedelta = timedelta(minutes=1),
    request_sources: Sequence[str] = ("api",),
    failed_every: int = 0,
    reactions: Sequence[str | None] = (None,),
    first: int = 1,
) -> list[int]:
    """`count` more messages ("Question 1", ... from `first`), each answered with `answer`.

    With `start`, the n-th is dated `start + n * spacing` (else now); request sources and
    reactions are taken in turn; every `failed_every`-th message is answered with the
    agent's no_answer_message: a failed query."""
    agent = state.agents[agent_id]
    reply = Answer(BULK_ANSWER if answer is None else answer, ())
    no_answer = Answer(agent.settings["no_answer_message"] or "", (), answered=False)
    with state.lock:
        conversation = agent.conversations[session_id]
        ids = []
        for n in range(count):
            number = first + n
            failed = failed_every > 0 and number % failed_every == 0
            row = state.add_message(
                agent,
                conversation,
                f"Question {number}",
                no_answer if failed else reply,
                when=None if start is None else start + n * spacing,
                reaction=reactions[n % len(reactions)],
                request_source=request_sources[n % len(request_sources)],
            )
            ids.append(row["id"])
        return ids


def add_bulk_history(
    state: Store,
    agent_id: int,
    messages: int,
    *,
    conversations: int,
    start: datetime,
    spacing: timedelta = timedelta(minutes=5),
    request_sources: Sequence[str] = SOURCE_MIX,
    failed_every: int = 0,
    reactions: Sequence[str | None] = (None,),
) -> list[str]:
    """`messages` messages over `conversations` new conversations, one every `spacing` from
    `start` (100,000 five minutes apart span about 347 days); each conversation holds the
    next block of messages and starts with its first. Returns the session ids."""
    sessions = []
    with state.lock:
        done = 0
        for c in range(conversations):
            block = (c + 1) * messages // conversations - done
            when = start + done * spacing
            (session_id,) = add_bulk_conversations(state, agent_id, 1, start=when)
            add_bulk_messages(
                state,
                agent_id,
                session_id,
                block,
                start=when,
                spacing=spacing,
                request_sources=_turned(request_sources, done),
                failed_every=failed_every,
                reactions=_turned(reactions, done),
                first=done + 1,
            )
            sessions.append(session_id)
            done += block
    return sessions


def _turned(items: Sequence[T], by: int) -> list[T]:
    """`items` started `by` places on (so turns continue across conversations)."""
    at = by % len(items)
    return [*items[at:], *items[:at]]


def add_bulk_pages(state: Store, agent_id: int, count: int, *, failed_every: int = 10) -> list[int]:
    """`count` more crawled pages (https://bulk.example/page-00001, ...) in the agent's
    first sitemap source, indexed, every `failed_every`-th failed; none is queued and
    none has text (their questions find nothing)."""
    agent = state.agents[agent_id]
    with state.lock:
        content = state.content(agent)
        source = next(
            (s for s in content.sources.values() if s.row["type"] == "sitemap"), None
        ) or next(iter(content.sources.values()))
        now = state.now()
        ids = []
        for n in range(1, count + 1):
            page_id = state.next_id("page")
            url = f"https://bulk.example/page-{n:05d}"
            row = page_row(page_id, url, agent_id=agent_id, now=now, is_file=False)
            failed = failed_every > 0 and n % failed_every == 0
            row.update(crawl_status="ok", index_status="failed" if failed else "ok")
            if failed:
                row["failure_reason"] = "A bulk page, failed on purpose"
            metadata = metadata_row(state.next_id("metadata"), page_id, now, url=url)
            content.pages[page_id] = Page(row, metadata, source.id, CRAWLED)
            ids.append(page_id)
        return ids
