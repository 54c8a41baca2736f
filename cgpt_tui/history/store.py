"""The local history cache: one SQLite file per profile, WAL, schema versioned by migrations.

It keeps what the app has seen (agents, conversations, messages, citations) so the app can
paint at once, work offline, and search every conversation: the CustomGPT API has no message
search. Text is stored cleaned (`sanitize.clean_text`): nothing from the cache can carry
escape sequences to the terminal, and the search's highlight marks (control characters)
cannot be forged by a message.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from cgpt_tui.api import (
    Agent,
    AgentSettings,
    Citation,
    Conversation,
    Message,
    MessageMetadata,
    Reaction,
)
from cgpt_tui.history.db import FIX_HINT, CacheBusy, CacheError, Database, SqlValue
from cgpt_tui.history.schema import MIGRATIONS
from cgpt_tui.sanitize import clean_text

__all__ = ["CacheBusy", "CacheError", "HistoryStore"]


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


_CONVERSATION_COLUMNS = "id, session_id, name, agent_id, created_by, created_at, updated_at"


def _conversation(r: Sequence[Any]) -> Conversation:
    return Conversation(r[0], r[1], r[2], r[3], r[4], _parse_when(r[5]), _parse_when(r[6]))


def _agent(r: Sequence[Any]) -> Agent:
    return Agent(
        r[0], r[1], bool(r[2]), r[3], _parse_when(r[4]), _parse_when(r[5]), bool(r[6]), r[7]
    )


# A name filter as the API's: a substring of the name, case folded as Python's
# `str.casefold` ("über" finds "Über uns", "strasse" finds "Straße"); '' keeps all, and
# what the user typed is literal (instr, not LIKE). Parameters: the filter, `_folded(filter)`.
_NAME_HOLDS = "WHERE (? = '' OR instr(casefold(name), ?) > 0)"


def _folded(name: str) -> str:
    return name.casefold()


def _casefold(text: SqlValue) -> SqlValue:
    return text.casefold() if isinstance(text, str) else text


class HistoryStore:
    """Read and write the cache. Not thread-safe: use it from one thread (the app's)."""

    def __init__(
        self,
        path: Path | str,
        *,
        busy_timeout: float = 5.0,
        lock_wait: float = 0.0,
        on_wait: Callable[[CacheBusy], None] | None = None,
        hint: str = FIX_HINT,
    ) -> None:
        """Raises CacheError (CacheBusy when another process holds the lock past the wait).

        `busy_timeout`, `lock_wait`, `hint`: see `Database`. The app, whose every write blocks
        the screen, waits briefly and keeps what it could not write for later (see
        HistoryRecorder); a command waits longer."""
        self.path = Path(path)
        self._db = Database(
            self.path, busy_timeout=busy_timeout, lock_wait=lock_wait, on_wait=on_wait, hint=hint
        )
        try:
            self._db.create_function("casefold", 1, _casefold)
            # A new cache holds nothing to lose: it is made without waiting for the disk
            # (six or seven fdatasync calls at the first start of a profile, before its
            # first frame; on a busy disk each can take tens of ms). Cut short, it is a damaged
            # cache, set aside and made again. Commits after it wait as before (NORMAL).
            new = self._db.retrying(lambda: self.version) == 0
            self._db.execute(f"PRAGMA synchronous = {'OFF' if new else 'NORMAL'}")
            self._db.retrying(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if new:
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.make_private()
        except CacheError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise CacheError(
                self.path,
                f"made by a newer cgpt-tui (schema {current})",
                f"a newer cgpt-tui can use it, or: {self._db.hint}",
            )
        while current < len(MIGRATIONS):
            number, script = current + 1, MIGRATIONS[current]
            try:
                self._db.script(
                    f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; COMMIT;"
                )
            except CacheError:
                # Two cgpt-tui opening one new cache at once both read version 0; the second
                # gets the lock once the first has migrated, and its step fails on tables
                # that now exist. Only a step nobody took is a failure.
                if self.version < number:
                    raise
            current = self.version

    # ------------------------------------------------------------ writing

    def save_agents(self, agents: Iterable[Agent], *, start: int = 0) -> None:
        """Agents as the API listed them, the first at `start` (its place in the full list)."""
        rows = [
            (
                a.id,
                clean_text(a.name),
                int(a.is_active),
                a.type,
                _when(a.created_at),
                _when(a.updated_at),
                int(a.is_shared),
                a.shareable_link,
                start + n,
            )
            for n, a in enumerate(agents)
        ]
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO agents VALUES (?,?,?,?,?,?,?,?,?)", rows)

    def save_conversations(self, agent_id: int, conversations: Iterable[Conversation]) -> None:
        rows = [
            (
                c.session_id,
                agent_id,
                c.id,
                clean_text(c.name),
                c.created_by,
                _when(c.created_at),
                _when(c.updated_at),
            )
            for c in conversations
        ]
        with self._transaction():
            self._db.executemany(
                "INSERT INTO conversations VALUES (?,?,?,?,?,?,?) ON CONFLICT (session_id) DO "
                "UPDATE SET agent_id=excluded.agent_id, id=excluded.id, name=excluded.name, "
                "created_by=excluded.created_by, created_at=excluded.created_at, "
                "updated_at=excluded.updated_at",
                rows,
            )

    def save_messages(self, session_id: str, messages: Iterable[Message]) -> None:
        rows = [
            (
                m.id,
                session_id,
                clean_text(m.question),
                clean_text(m.answer),
                json.dumps(list(m.citation_ids)),
                _when(m.created_at),
                _when(m.updated_at),
                m.reaction.value if m.reaction else None,
                m.metadata.request_source,
                m.metadata.external_id,
            )
            for m in messages
        ]
        with self._transaction():
            self._db.executemany(
                "INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
                "session_id=excluded.session_id, question=excluded.question, "
                "answer=excluded.answer, citation_ids=excluded.citation_ids, "
                "created_at=excluded.created_at, updated_at=excluded.updated_at, "
                "reaction=excluded.reaction, request_source=excluded.request_source, "
                "external_id=excluded.external_id",
                rows,
            )

    def save_citations(self, agent_id: int, citations: Iterable[Citation]) -> None:
        rows = [
            (
                agent_id,
                c.id,
                clean_text(c.url),
                clean_text(c.title),
                clean_text(c.description),
                clean_text(c.image),
            )
            for c in citations
        ]
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO citations VALUES (?,?,?,?,?,?)", rows)

    def keep_only_conversations(self, agent_id: int, session_ids: Iterable[str]) -> int:
        """After a full refresh: forget the agent's conversations the server no longer has
        (their messages go with them). How many were forgotten."""
        keep = set(session_ids)
        known = [
            row[0]
            for row in self._db.execute(
                "SELECT session_id FROM conversations WHERE agent_id = ?", (agent_id,)
            )
        ]
        gone = [(session,) for session in known if session not in keep]
        with self._transaction():
            self._db.executemany("DELETE FROM conversations WHERE session_id = ?", gone)
        return len(gone)

    def save_settings(self, agent_id: int, settings: AgentSettings) -> None:
        stored = {
            name: clean_text(value) if isinstance(value, str) else value
            for name, value in asdict(settings).items()
        }
        stored["example_questions"] = [clean_text(q) for q in settings.example_questions]
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO agent_settings VALUES (?, ?)",
                (agent_id, json.dumps(stored)),
            )

    def keep_only_agents(self, agent_ids: Iterable[int]) -> int:
        """After the full list of agents: forget those the server no longer has, with their
        conversations and messages. How many were forgotten."""
        keep = set(agent_ids)
        known = [row[0] for row in self._db.execute("SELECT id FROM agents")]
        gone = [(agent_id,) for agent_id in known if agent_id not in keep]
        with self._transaction():
            self._db.executemany("DELETE FROM conversations WHERE agent_id = ?", gone)
            self._db.executemany("DELETE FROM citations WHERE agent_id = ?", gone)
            self._db.executemany("DELETE FROM agent_settings WHERE agent_id = ?", gone)
            self._db.executemany("DELETE FROM agents WHERE id = ?", gone)
        return len(gone)

    def forget_missing_conversations(
        self, agent_id: int, listed: Sequence[Conversation], *, first: bool, last: bool
    ) -> int:
        """One page of the agent's conversations as the API lists them (newest id first):
        cached ones in the span the page covers but not on it were deleted on the server.
        The first page covers everything newer, the last everything older. How many left."""
        if not listed and not (first and last):
            return 0
        ids = [c.id for c in listed]
        high = None if first else max(ids)
        low = None if last else min(ids)
        keep = {c.session_id for c in listed}
        gone = [
            (session,)
            for session, conversation_id in self._db.execute(
                "SELECT session_id, id FROM conversations WHERE agent_id = ?", (agent_id,)
            )
            if session not in keep
            and (high is None or conversation_id <= high)
            and (low is None or conversation_id >= low)
        ]
        with self._transaction():
            self._db.executemany("DELETE FROM conversations WHERE session_id = ?", gone)
        return len(gone)

    def forget_conversation(self, session_id: str) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM conversations WHERE session_id = ?", (session_id,))

    def forget_agent(self, agent_id: int) -> None:
        """The agent and everything cached of it (messages go with their conversations)."""
        with self._transaction():
            for table in ("conversations", "citations", "agent_settings"):
                self._db.execute(f"DELETE FROM {table} WHERE agent_id = ?", (agent_id,))
            self._db.execute("DELETE FROM agents WHERE id = ?", (agent_id,))

    def clear(self) -> None:
        with self._transaction():
            for table in ("messages", "conversations", "agents", "citations", "agent_settings"):
                self._db.execute(f"DELETE FROM {table}")

    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        return self._db.transaction()

    # ------------------------------------------------------------ reading

    def agents(self, *, name: str = "", offset: int = 0, limit: int = -1) -> list[Agent]:
        """Agents in the API's order; `name` keeps those whose name holds it (any case)."""
        rows = self._db.execute(
            "SELECT id, name, is_active, type, created_at, updated_at, is_shared, shareable_link "
            f"FROM agents {_NAME_HOLDS} ORDER BY position, id LIMIT ? OFFSET ?",
            (name, _folded(name), limit, offset),
        )
        return [_agent(row) for row in rows]

    def agent(self, agent_id: int) -> Agent | None:
        row = self._db.execute(
            "SELECT id, name, is_active, type, created_at, updated_at, is_shared, shareable_link "
            "FROM agents WHERE id = ?",
            (agent_id,),
        ).fetchone()
        return None if row is None else _agent(row)

    def count_agents(self, *, name: str = "") -> int:
        row = self._db.execute(f"SELECT count(*) FROM agents {_NAME_HOLDS}", (name, _folded(name)))
        return int(row.fetchone()[0])

    def conversations(
        self, agent_id: int, *, name: str = "", offset: int = 0, limit: int = -1
    ) -> list[Conversation]:
        """The agent's conversations as the API lists them: newest id first."""
        rows = self._db.execute(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations "
            f"{_NAME_HOLDS} AND agent_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (name, _folded(name), agent_id, limit, offset),
        )
        return [_conversation(row) for row in rows]

    def count_conversations(self, agent_id: int, *, name: str = "") -> int:
        row = self._db.execute(
            f"SELECT count(*) FROM conversations {_NAME_HOLDS} AND agent_id = ?",
            (name, _folded(name), agent_id),
        )
        return int(row.fetchone()[0])

    def conversation(self, session_id: str) -> Conversation | None:
        row = self._db.execute(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE session_id = ?",
            (session_id,),
        ).fetchone()
        return None if row is None else _conversation(row)

    def messages(
        self, session_id: str, *, newest_first: bool = False, offset: int = 0, limit: int = -1
    ) -> list[Message]:
        """The conversation's messages, oldest first (or newest first, as the API pages)."""
        order = "DESC" if newest_first else "ASC"
        rows = self._db.execute(
            "SELECT m.id, m.question, m.answer, m.citation_ids, c.id, m.created_at, "
            "m.updated_at, m.reaction, m.request_source, m.external_id "
            "FROM messages m JOIN conversations c USING (session_id) "
            f"WHERE m.session_id = ? ORDER BY m.id {order} LIMIT ? OFFSET ?",
            (session_id, limit, offset),
        )
        return [
            Message(
                r[0],
                r[1],
                r[2],
                tuple(json.loads(r[3])),
                r[4],
                _parse_when(r[5]),
                _parse_when(r[6]),
                MessageMetadata(request_source=r[8], external_id=r[9]),
                Reaction.parse(r[7]),
            )
            for r in rows
        ]

    def settings(self, agent_id: int) -> AgentSettings | None:
        row = self._db.execute(
            "SELECT settings FROM agent_settings WHERE agent_id = ?", (agent_id,)
        ).fetchone()
        if row is None:
            return None
        stored = json.loads(row[0])
        known = {field.name for field in fields(AgentSettings)}
        try:  # kept by another version of the app, its fields may differ: then not cached
            stored["example_questions"] = tuple(stored["example_questions"])
            return AgentSettings(**{k: v for k, v in stored.items() if k in known})
        except (KeyError, TypeError):
            return None

    def citations(self, agent_id: int, citation_ids: Iterable[int]) -> dict[int, Citation]:
        """The sources the cache holds among these, by id (those it lacks are left out)."""
        found = ((i, self.citation(agent_id, i)) for i in citation_ids)
        return {i: citation for i, citation in found if citation is not None}

    def citation(self, agent_id: int, citation_id: int) -> Citation | None:
        row = self._db.execute(
            "SELECT id, url, title, description, image FROM citations WHERE agent_id=? AND id=?",
            (agent_id, citation_id),
        ).fetchone()
        return Citation(*row) if row else None

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """A read query, for the search module."""
        return self._db.execute(sql, params)

    def count_messages(self, session_id: str | None = None) -> int:
        """Every cached message, or one conversation's."""
        if session_id is None:
            return int(self._db.execute("SELECT count(*) FROM messages").fetchone()[0])
        row = self._db.execute("SELECT count(*) FROM messages WHERE session_id = ?", (session_id,))
        return int(row.fetchone()[0])
