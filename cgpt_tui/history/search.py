"""Full-text search over every cached message of a profile (SQLite FTS5).

What the user types is never passed to FTS5 as query syntax: it is split into words, each
quoted, all required, the last one matched as a prefix (so results come while typing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cgpt_tui.history.store import HistoryStore

MARK_START, MARK_END = "\x02", "\x03"  # stored text is cleaned, so no message holds these
SNIPPET_WORDS = 16
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    message_id: int
    session_id: str
    conversation_name: str
    agent_id: int
    agent_name: str
    created_at: datetime | None
    snippet: str  # plain text, one line
    marks: tuple[tuple[int, int], ...]  # (start, end) of each matched stretch in `snippet`


def fts_query(text: str) -> str | None:
    """The FTS5 query for what was typed, or None when it has no words."""
    words = WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _marked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length, start = 0, None
    for part in re.split(f"([{MARK_START}{MARK_END}])", " ".join(snippet.split())):
        if part == MARK_START:
            start = length
        elif part == MARK_END:
            if start is not None and length > start:
                marks.append((start, length))
            start = None
        else:
            plain.append(part)
            length += len(part)
    return "".join(plain), tuple(marks)


def search(store: HistoryStore, text: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """The best matches first (FTS5 rank), `limit` at a time."""
    query = fts_query(text)
    if query is None:
        return []
    rows = store.rows(
        "SELECT m.id, m.session_id, c.name, c.agent_id, coalesce(a.name, ''), m.created_at, "
        f"snippet(messages_fts, -1, char(2), char(3), '…', {SNIPPET_WORDS}) "
        "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
        "JOIN conversations c ON c.session_id = m.session_id "
        "LEFT JOIN agents a ON a.id = c.agent_id "
        "WHERE messages_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
        (query, limit, offset),
    )
    hits = []
    for message_id, session_id, name, agent_id, agent_name, created, snippet in rows:
        plain, marks = _marked(snippet)
        when = datetime.fromisoformat(created) if created else None
        hits.append(
            SearchHit(message_id, session_id, name, agent_id, agent_name, when, plain, marks)
        )
    return hits
