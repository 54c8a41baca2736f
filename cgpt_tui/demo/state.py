"""The stand-in's in-memory data: agents, conversations, messages, reactions.

Rows are plain dicts shaped like the API's records, so the routes send them as they are.
Everything created while the server runs lives until it stops. A lock guards the data:
requests run on the server's thread, tests and benchmarks read and seed from theirs.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cgpt_tui.demo.retrieval import Answer, Document, Library

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.000000Z"
SESSION_NAMESPACE = uuid.UUID("6f1d2f9e-3c55-4a43-9d8e-0c5e2b7a9b10")  # stable demo session ids


def stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime(DATE_FORMAT)


@dataclass
class AgentData:
    row: dict[str, Any]
    settings: dict[str, Any]
    library: Library
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by session id
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by session id
    queries: int = 0

    def documents_by_citation(self) -> dict[int, Document]:
        return {d.citation_id: d for d in self.library.documents}


class DemoState:
    """All the data of one stand-in server."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.agents: dict[int, AgentData] = {}
        self.user: dict[str, Any] = {}
        self.limits: dict[str, int] = {}
        self._next_ids = {"agent": 1, "conversation": 1, "message": 1}

    def next_id(self, kind: str) -> int:
        value = self._next_ids[kind]
        self._next_ids[kind] = value + 1
        return value

    def reserve_ids(self, kind: str, at_least: int) -> None:
        self._next_ids[kind] = max(self._next_ids[kind], at_least)

    def now(self) -> str:
        return stamp(self.clock())

    # ------------------------------------------------------------------ lookups

    def agent(self, agent_id: int) -> AgentData | None:
        return self.agents.get(agent_id)

    def citation(self, citation_id: int) -> tuple[AgentData, Document] | None:
        for agent in self.agents.values():
            document = agent.documents_by_citation().get(citation_id)
            if document is not None:
                return agent, document
        return None

    def file(self, file_id: int) -> Document | None:
        for agent in self.agents.values():
            for document in agent.library.documents:
                if document.file_id == file_id:
                    return document
        return None

    # ------------------------------------------------------------------ changes

    def add_conversation(
        self, agent: AgentData, name: str, *, created_by: int | None, when: datetime | None = None
    ) -> dict[str, Any]:
        with self.lock:
            created = stamp(when) if when else self.now()
            conversation_id = self.next_id("conversation")
            row = {
                "id": conversation_id,
                "name": name,
                "project_id": agent.row["id"],
                "created_by": created_by,
                "session_id": str(
                    uuid.uuid5(SESSION_NAMESPACE, f"{agent.row['id']}:{conversation_id}")
                ),
                "created_at": created,
                "updated_at": created,
                "deleted_at": None,
            }
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
        user_agent: str = "cgpt-tui demo",
    ) -> dict[str, Any]:
        with self.lock:
            created = stamp(when) if when else self.now()
            row = {
                "id": self.next_id("message"),
                "user_id": self.user.get("id"),
                "user_query": question,
                "openai_response": answer.text,
                "created_at": created,
                "updated_at": created,
                "conversation_id": conversation["id"],
                "citations": list(answer.citation_ids),
                "metadata": {
                    "user_ip": "127.0.0.1",
                    "user_agent": user_agent,
                    "external_id": external_id,
                    "request_source": request_source,
                },
                "response_feedback": None,
            }
            if reaction:
                self.set_reaction(row, reaction, when=when)
            agent.messages[conversation["session_id"]].append(row)
            conversation["updated_at"] = created
            agent.queries += 1
            self.limits["current_queries"] = self.limits.get("current_queries", 0) + 1
            return row

    def set_reaction(
        self, message: dict[str, Any], reaction: str, *, when: datetime | None = None
    ) -> None:
        with self.lock:
            now = stamp(when) if when else self.now()
            feedback = message.get("response_feedback") or {"created_at": now}
            feedback.update(updated_at=now, user_id=self.user.get("id"), reaction=reaction)
            message["response_feedback"] = feedback
            message["updated_at"] = now

    def delete_conversation(self, agent: AgentData, session_id: str) -> None:
        with self.lock:
            agent.conversations.pop(session_id, None)
            agent.messages.pop(session_id, None)

    # ------------------------------------------------------------------ bulk data (benchmarks)

    def add_bulk_agents(self, count: int) -> None:
        from cgpt_tui.demo.seed import make_agent

        with self.lock:
            for n in range(count):
                make_agent(self, f"Bulk agent {n + 1:05d}", folder="northwind", active=n % 7 != 0)

    def add_bulk_conversations(self, agent_id: int, count: int) -> None:
        agent = self.agents[agent_id]
        with self.lock:
            for n in range(count):
                self.add_conversation(agent, f"Bulk conversation {n + 1:05d}", created_by=None)

    def add_bulk_messages(self, agent_id: int, session_id: str, count: int, answer: str) -> None:
        agent = self.agents[agent_id]
        conversation = agent.conversations[session_id]
        with self.lock:
            for n in range(count):
                self.add_message(agent, conversation, f"Question {n + 1}", Answer(answer, ()))
