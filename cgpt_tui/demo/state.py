"""The stand-in's in-memory data: agents, conversations, messages, reactions, usage.

Rows are plain dicts shaped like the API's records (see records.py), so routes send them as
they are. Everything created while the server runs lives until it stops (or, with a data
folder, in its state file: persist.py). One lock guards the data: requests run on the
server's thread, the indexer on its own (indexer.py), while tests and benchmarks read and seed
from theirs (`server.state.add_bulk_agents(10_000)`).

An agent's pages and sources (pages.py) are made from its seed documents the first time they
are asked for, so ten thousand bulk agents cost no more than before.
"""

from __future__ import annotations

import queue
import tempfile
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from cgpt_tui.demo import bulk
from cgpt_tui.demo.agent_data import AgentData
from cgpt_tui.demo.documents import Document
from cgpt_tui.demo.pages import (
    Content,
    seeded_content,
)
from cgpt_tui.demo.records import (
    conversation_row,
    feedback_row,
    message_row,
    project_row,
    settings_row,
    stamp,
)
from cgpt_tui.demo.retrieval import Answer, library

SESSION_NAMESPACE = uuid.UUID("6f1d2f9e-3c55-4a43-9d8e-0c5e2b7a9b10")  # stable session ids
API_USER_AGENT = "cgpt-tui stand-in"


class DemoState:
    """All the data of one stand-in server."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.agents: dict[int, AgentData] = {}
        self.user: dict[str, Any] = {"id": 1}
        self.limits: dict[str, int] = {
            "max_projects_num": 10,
            "max_total_storage_credits": 50_000_000,
            "current_total_storage_credits": 0,
            "max_queries": 5_000,
            "current_queries": 0,
        }
        self.files: dict[int, Document] = {}  # seeded uploads, by their file id
        self.jobs: queue.Queue[tuple[str, int, int]] = queue.Queue()  # for the indexer
        self.changed = threading.Event()  # set after a change worth saving (persist.py)
        self.files_dir = Path(tempfile.gettempdir())  # where uploads are kept (the server sets it)
        self.instant_sync_wait = 60.0  # seconds between two instant syncs of one source
        self.extras: dict[str, Any] = {}  # JSON-able account-wide data of other modules
        self._next_ids = {
            "agent": 1,
            "conversation": 1,
            "message": 1,
            "page": 20001,
            "metadata": 40001,
            "source": 501,
            "license": 1,
        }
        self.bulk_agents = 0  # bulk agents made so far (bulk.py)
        self._scripted: list[Answer] = []

    @property
    def user_id(self) -> int:
        return self.user["id"]

    def next_id(self, kind: str) -> int:
        with self.lock:
            value = self._next_ids[kind]
            self._next_ids[kind] = value + 1
            return value

    def id_counters(self) -> dict[str, int]:
        """The next id of each kind (saved with the state)."""
        with self.lock:
            return dict(self._next_ids)

    def reserve_ids(self, kind: str, at_least: int) -> None:
        with self.lock:
            self._next_ids[kind] = max(self._next_ids[kind], at_least)

    def now(self) -> str:
        return stamp(self.clock())

    # ------------------------------------------------------------------ lookups

    def agent(self, agent_id: int) -> AgentData | None:
        return self.agents.get(agent_id)

    def content(self, agent: AgentData) -> Content:
        """The agent's pages and sources, made from its seed documents on first use."""
        with self.lock:
            if agent.content is None:
                agent.content = seeded_content(
                    agent.id,
                    agent.library.documents,
                    sitemap=agent.row.get("sitemap_path") or "",
                    created=agent.row["created_at"],
                    next_id=self.next_id,
                )
            return agent.content

    def answer(
        self,
        agent: AgentData,
        question: str,
        *,
        inline: bool | None = None,
        persona: str | None = None,
    ) -> Answer:
        """The next scripted answer if one is queued, else the agent's (AgentData.answer)."""
        with self.lock:
            if self._scripted:
                return self._scripted.pop(0)
        return agent.answer(question, inline=inline, persona=persona)

    def file(self, file_id: int) -> Document | None:
        return self.files.get(file_id)

    def message(self, agent: AgentData, session_id: str, message_id: int) -> dict | None:
        with self.lock:
            for row in agent.messages.get(session_id, ()):
                if row["id"] == message_id:
                    return row
        return None

    def usage(self) -> dict[str, int]:
        """The account's Limits record."""
        with self.lock:
            return {
                "max_projects_num": max(self.limits["max_projects_num"], len(self.agents)),
                "current_projects_num": len(self.agents),
                **{k: v for k, v in self.limits.items() if k != "max_projects_num"},
            }

    # ------------------------------------------------------------------ changes

    def add_agent(
        self,
        name: str,
        *,
        folder: str,
        active: bool = True,
        kind: str = "SITEMAP",
        when: datetime | None = None,
        agent_id: int | None = None,
        site: str | None = None,
        **settings: Any,
    ) -> AgentData:
        """A new agent answering from `documents/<folder>/`; `settings` override defaults."""
        with self.lock:
            agent_id = agent_id if agent_id is not None else self.next_id("agent")
            self.reserve_ids("agent", agent_id + 1)
            row = project_row(
                agent_id,
                name,
                site=site or f"{folder}.example",
                active=active,
                kind=kind,
                created=stamp(when) if when else self.now(),
                user_id=self.user_id,
                team_id=self.user.get("current_team_id") or 1,
            )
            agent = AgentData(row, settings_row(**settings), library(folder), folder=folder)
            agent.held_inactive = not active
            self.agents[agent_id] = agent
            for document in agent.library.documents:
                if document.file_id is not None:
                    self.files[document.file_id] = document
            return agent

    def add_conversation(
        self, agent: AgentData, name: str, *, created_by: int | None, when: datetime | None = None
    ) -> dict[str, Any]:
        with self.lock:
            conversation_id = self.next_id("conversation")
            row = conversation_row(
                conversation_id,
                name,
                project_id=agent.id,
                created_by=created_by,
                session_id=str(uuid.uuid5(SESSION_NAMESPACE, f"{agent.id}:{conversation_id}")),
                created=stamp(when) if when else self.now(),
            )
            agent.conversations[row["session_id"]] = row
            agent.messages[row["session_id"]] = []
            return row

    def add_message(
        self,
        agent: AgentData,
        conversation: dict[str, Any],
        question: str,
        answer: Answer,
        *,
        when: datetime | None = None,
        reaction: str | None = None,
        external_id: str | None = None,
        request_source: str = "api",
        user_agent: str = API_USER_AGENT,
        user_ip: str = "127.0.0.1",
    ) -> dict[str, Any]:
        """Store a question and its answer; counts a query and touches the conversation."""
        with self.lock:
            created = stamp(when) if when else self.now()
            row = message_row(
                self.next_id("message"),
                user_id=self.user_id,
                question=question,
                answer=answer.text,
                citations=list(answer.citation_ids),
                conversation_id=conversation["id"],
                created=created,
                user_ip=user_ip,
                user_agent=user_agent,
                external_id=external_id,
                request_source=request_source,
            )
            if reaction:
                self.set_reaction(row, reaction, when=when)
            if not answer.answered:
                agent.failed.add(row["id"])
            agent.messages[conversation["session_id"]].append(row)
            conversation["updated_at"] = created
            self.count_query(agent)
            return row

    def count_query(self, agent: AgentData) -> None:
        with self.lock:
            agent.queries += 1
            self.limits["current_queries"] += 1

    def set_reaction(
        self, message: dict[str, Any], reaction: str, *, when: datetime | None = None
    ) -> None:
        with self.lock:
            now = stamp(when) if when else self.now()
            message["response_feedback"] = feedback_row(
                message.get("response_feedback"), reaction=reaction, user_id=self.user_id, now=now
            )
            message["updated_at"] = now

    def rename_conversation(self, conversation: dict[str, Any], name: str) -> None:
        with self.lock:
            conversation["name"] = name
            conversation["updated_at"] = self.now()

    def delete_conversation(self, agent: AgentData, session_id: str) -> None:
        with self.lock:
            agent.conversations.pop(session_id, None)
            for row in agent.messages.pop(session_id, ()):
                agent.failed.discard(row["id"])

    # ------------------------------------------------------------------ bulk data (benchmarks)

    def script_answer(
        self, text: str, citation_ids: tuple[int, ...] = (), *, answered: bool = True
    ) -> None:
        """Answer the next question (to any agent, streamed or not) with `text`
        (`answered=False`: counted as a failed query, like the no_answer_message)."""
        with self.lock:
            self._scripted.append(Answer(text, tuple(citation_ids), answered))

    add_bulk_agents = bulk.add_bulk_agents
    add_bulk_conversations = bulk.add_bulk_conversations
    add_bulk_messages = bulk.add_bulk_messages
    add_bulk_history = bulk.add_bulk_history
    add_bulk_pages = bulk.add_bulk_pages
