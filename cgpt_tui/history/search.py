"""Full-text search over every cached message of a profile (SQLite FTS5).

What the user types is never passed to FTS5 as query syntax: it is split into words, each
quoted, all required, the last one matched as a prefix (so results come while typing).
Snippets show an answer's text, not its Markdown (plain_text.py); the matches are marked
where they are in that text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from cgpt_tui.api.frozen import record
from cgpt_tui.history.plain_text import markdown_text
from cgpt_tui.history.store import HistoryStore

SNIPPET_WORDS = 16
CANDIDATES = 400  # the newest matches ranked for a page (see `search`)
WORD = re.compile(r"\w+", re.UNICODE)


@record
class SearchHit:
    message_id: int
    session_id: str
    conversation_name: str
    agent_id: int
    agent_name: str
    created_at: datetime | None
    snippet: str  # plain text (no Markdown syntax), one line
    marks: tuple[tuple[int, int], ...]  # (start, end) of each matched stretch in `snippet`


def fts_query(text: str) -> str | None:
    """The FTS5 query for what was typed, or None when it has no words."""
    words = WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _pattern(text: str) -> re.Pattern[str]:
    words = WORD.findall(text)
    alternatives = [re.escape(word) + r"\b" for word in words[:-1]]
    alternatives.append(re.escape(words[-1]) + r"\w*")
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def snippet(
    fields: Sequence[str], pattern: re.Pattern[str]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About SNIPPET_WORDS words of the first field that matches, around its first match,
    with every match in them marked; "…" where the text was cut."""
    flat = [" ".join(field.split()) for field in fields]

    def found(field: str) -> int:  # how many of the words it matches
        return len({m.group().lower() for m in pattern.finditer(field)})

    text = max(flat, key=found, default="")  # the first of equals: the question
    first = pattern.search(text)
    spaces = [m.start() for m in re.finditer(" ", text)]
    before = sum(1 for at in spaces if first and at < first.start())
    last_start = max(0, len(spaces) + 1 - SNIPPET_WORDS)  # a full window where it can be
    start_word = min(max(0, before - SNIPPET_WORDS // 3), last_start)
    start = spaces[start_word - 1] + 1 if start_word else 0
    end_word = start_word + SNIPPET_WORDS
    end = spaces[end_word - 1] if end_word <= len(spaces) else len(text)
    lead = "…" if start else ""
    shown = lead + text[start:end] + ("…" if end < len(text) else "")
    marks = tuple(
        (m.start() - start + len(lead), m.end() - start + len(lead))
        for m in pattern.finditer(text, start, end)
    )
    return shown, marks


def search(store: HistoryStore, text: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """The best matches (FTS5's bm25) among the newest `CANDIDATES` matching messages.

    Ranking every match is what makes a common word slow (65,000 matches of 100,000
    messages: ~150 ms); the index walks matches newest first and stops, so ranking the
    newest few hundred keeps a first page under ~20 ms however common the words are.
    """
    query = fts_query(text)
    if query is None:
        return []
    window = max(CANDIDATES, offset + limit)
    candidates = store.rows(
        "SELECT rowid, bm25(messages_fts) FROM messages_fts WHERE messages_fts MATCH ? "
        "ORDER BY rowid DESC LIMIT ?",
        (query, window),
    )
    candidates.sort(key=lambda row: (row[1], -row[0]))  # bm25: lower is better
    chosen = [row[0] for row in candidates[offset : offset + limit]]
    if not chosen:
        return []
    rows = store.rows(
        "SELECT m.id, m.session_id, c.name, c.agent_id, coalesce(a.name, ''), m.created_at, "
        "m.question, m.answer FROM messages m "
        "JOIN conversations c ON c.session_id = m.session_id "
        "LEFT JOIN agents a ON a.id = c.agent_id "
        f"WHERE m.id IN ({','.join('?' * len(chosen))})",
        chosen,
    )
    by_id = {row[0]: row for row in rows}
    pattern = _pattern(text)
    hits = []
    for message_id in chosen:
        if message_id not in by_id:
            continue
        _, session_id, name, agent_id, agent_name, created, question, answer = by_id[message_id]
        shown, marks = snippet((question, markdown_text(answer)), pattern)
        when = datetime.fromisoformat(created) if created else None
        hits.append(
            SearchHit(message_id, session_id, name, agent_id, agent_name, when, shown, marks)
        )
    return hits
