"""Search over a big history cache: the first page of results for what a user types.

The cache is filled with `messages` realistic questions and Markdown answers spread over
agents and conversations. The baseline is the same search without the full-text index: a
LIKE scan over questions and answers, newest first, 20 rows.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cgpt_tui.api import Agent, Conversation, Message, MessageMetadata
from cgpt_tui.history.search import search
from cgpt_tui.history.store import HistoryStore
from tests.bench.corpus import SECTIONS

QUERIES = ["export attachments", "refund annual plan", "csv records", "passw", "download link"]
TOPICS = [
    "How do I reset my password",
    "Can I get a refund on an annual plan",
    "Where can I download invoices",
    "How do I export my data to CSV",
    "Why did my export fail",
    "How do I add a team member",
]
PER_CONVERSATION = 20
START = datetime(2026, 1, 1, tzinfo=UTC)


def fill(store: HistoryStore, messages: int) -> None:
    pick = random.Random(11)
    agents = [Agent(i, f"Agent {i}", True, None, START, START, False, None) for i in range(1, 6)]
    store.save_agents(agents)
    for c in range(messages // PER_CONVERSATION):
        agent = agents[c % len(agents)]
        when = START + timedelta(minutes=c)
        session = f"session-{c}"
        store.save_conversations(
            agent.id,
            [
                Conversation(
                    c + 1, session, f"{pick.choice(TOPICS)} #{c}", agent.id, None, when, when
                )
            ],
        )
        batch = []
        for m in range(PER_CONVERSATION):
            number = c * PER_CONVERSATION + m + 1
            answer = "\n\n".join(pick.sample(SECTIONS, 3)) + f"\n\nTicket {number}."
            batch.append(
                Message(
                    number,
                    f"{pick.choice(TOPICS)}?",
                    answer,
                    (),
                    c + 1,
                    when,
                    when,
                    MessageMetadata(),
                    None,
                )
            )
        store.save_messages(session, batch)


def _like(store: HistoryStore, typed: str) -> list[tuple]:
    words = typed.split()
    where = " AND ".join("(question LIKE ? OR answer LIKE ?)" for _ in words)
    params: list[object] = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    return store.rows(
        f"SELECT id, session_id FROM messages WHERE {where} ORDER BY created_at DESC, id DESC "
        "LIMIT 20",
        params,
    )


def search_times(messages: int, repeats: int) -> tuple[float, float, int]:
    """(median seconds for a first page with the index, the same with LIKE, hits found)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        HistoryStore(Path(folder) / "bench.sqlite3") as store,
    ):
        fill(store, messages)
        assert store.count_messages() == messages
        indexed, scanned, found = [], [], 0
        for _ in range(repeats):
            for typed in QUERIES:
                started = time.perf_counter()
                hits = search(store, typed)
                indexed.append(time.perf_counter() - started)
                found += len(hits)
                started = time.perf_counter()
                _like(store, typed)
                scanned.append(time.perf_counter() - started)
        return statistics.median(indexed), statistics.median(scanned), found
