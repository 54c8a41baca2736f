"""Insights and the review queue from a big history cache (what the app shows offline, and
at once while the server's numbers come).

`make_cache(path, messages)` builds a cache file of one agent with `messages` messages (and a
second agent beside it, so every query must pick its agent's rows): dates spread over the
year before TODAY, request sources, reactions, every 7th answer the no-answer message,
conversations started by me, team members and visitors. Helpers D and E build on it for
their paint and mount figures.

Figures, each beside a baseline measured in the same run:
- every section of the insights (totals, daily series, traffic, top questions, unanswered)
  computed, against one `SELECT count(*)` over the same agent's messages;
- the whole review queue as items (newest first), against the same rows fetched as plain
  tuples, unsorted;
- the queue filtered to the unanswered, against a list comprehension on one attribute.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cgpt_tui.api import Agent, AgentSettings, Conversation, Message, MessageMetadata, Reaction
from cgpt_tui.api.report_records import DateRange
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.services.data import DataService
from cgpt_tui.services.insights import Insight
from cgpt_tui.services.review import ReviewFilter, ReviewItem, filter_items
from tests.bench.corpus import SECTIONS
from tests.bench.search import TOPICS

AGENT_ID, OTHER_ID = 1, 2
TODAY = date(2026, 11, 20)  # the stand-in's snapshot clock (FIXED_NOW)
NO_ANSWER = "Sorry, I could not find that in the Help Center."
PER_CONVERSATION = 20
SOURCES = ("web",) * 5 + ("api",) * 2 + ("embed", "iframe", "slack", "livechat")
REACTIONS = (None,) * 6 + (Reaction.LIKED,) * 3 + (Reaction.DISLIKED, Reaction.NEUTRAL)
SPELLINGS = ("{}?", "{}", "{} ?", "  {}?", "{}!")


def _settings() -> AgentSettings:
    return AgentSettings.from_api({"no_answer_message": NO_ANSWER, "chatbot_title": "Bench"})


def make_cache(
    path: Path, messages: int = 100_000, *, today: date = TODAY, other: int = 2_000
) -> Path:
    """A cache file at `path` holding `messages` messages of agent AGENT_ID (and `other` of
    agent OTHER_ID), spread over the 365 days up to `today`. Returns the path."""
    pick = random.Random(16)
    start = datetime.combine(today - timedelta(days=364), datetime.min.time(), UTC)
    span = timedelta(days=365) - timedelta(seconds=1)
    agents = [
        Agent(i, f"Bench agent {i}", True, None, start, start, False, None)
        for i in (AGENT_ID, OTHER_ID)
    ]
    answers = ["\n\n".join(pick.sample(SECTIONS, 2)) for _ in range(50)]
    with HistoryStore(path) as store:
        store.save_agents(agents)
        for agent_id in (AGENT_ID, OTHER_ID):
            store.save_settings(agent_id, _settings())
        number = 0
        for agent_id, count in ((AGENT_ID, messages), (OTHER_ID, other)):
            conversations = max(count // PER_CONVERSATION, 1)
            for c in range(conversations):
                when = start + span * (c / conversations)
                session = f"bench-{agent_id}-{c}"
                owner = (1, None, 2, None)[c % 4]
                store.save_conversations(
                    agent_id,
                    [
                        Conversation(
                            number + 1, session, f"Visitor {c}", agent_id, owner, when, when
                        )
                    ],
                )
                batch = []
                for m in range(count * (c + 1) // conversations - count * c // conversations):
                    number += 1
                    moment = when + timedelta(minutes=m)
                    unanswered = number % 7 == 0
                    topic = TOPICS[number % len(TOPICS)] if number % 3 else f"Question {number}"
                    batch.append(
                        Message(
                            number,
                            SPELLINGS[number % len(SPELLINGS)].format(topic),
                            NO_ANSWER if unanswered else answers[number % len(answers)],
                            (),
                            c + 1,
                            moment,
                            moment,
                            MessageMetadata(request_source=SOURCES[number % len(SOURCES)]),
                            REACTIONS[number % len(REACTIONS)],
                        )
                    )
                store.save_messages(session, batch)
    return path


def data_service(store: HistoryStore, today: date = TODAY) -> DataService:
    """A data service over the cache, never connected: it reads the cache only."""
    data = DataService(store, warn=lambda text: None)
    data.insights.today = lambda: today
    return data


def bench_agent() -> Agent:
    return Agent(AGENT_ID, "Bench agent 1", True, None, None, None, False, None)


@dataclass(frozen=True)
class InsightsRun:
    messages: int
    insight_seconds: float
    count_seconds: float  # baseline: SELECT count(*) over the agent's messages
    items_seconds: float
    rows_seconds: float  # baseline: the same rows as plain tuples, unsorted
    filter_seconds: float
    comprehension_seconds: float  # baseline: a comprehension on one attribute
    insight: Insight
    items: int


def _median(call, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def insights_times(messages: int, repeats: int = 3) -> InsightsRun:
    with tempfile.TemporaryDirectory() as folder:
        path = make_cache(Path(folder) / "bench.sqlite3", messages)
        with HistoryStore(path) as store:
            data = data_service(store)
            agent = bench_agent()
            year = DateRange(TODAY - timedelta(days=364), TODAY)
            insight_s, insight = _median(
                lambda: data.insights.cached(agent, dates=year, interval="daily"), repeats
            )
            count_s, _ = _median(
                lambda: store.rows(
                    "SELECT count(*) FROM conversations c JOIN messages m "
                    "ON m.session_id = c.session_id WHERE c.agent_id = ?",
                    (AGENT_ID,),
                ),
                repeats,
            )
            items_s, items = _median(lambda: data.insights.cached_review_items(agent), repeats)
            rows_s, _ = _median(
                lambda: store.rows(
                    "SELECT c.session_id, c.id, c.name, c.created_by, m.id, m.question, "
                    "m.answer, m.created_at, m.request_source, m.reaction "
                    "FROM conversations c JOIN messages m ON m.session_id = c.session_id "
                    "WHERE c.agent_id = ?",
                    (AGENT_ID,),
                ),
                repeats,
            )
            assert isinstance(insight, Insight) and isinstance(items, list)
            queue: list[ReviewItem] = items
            chosen = ReviewFilter(unanswered=True)
            filter_s, kept = _median(lambda: filter_items(queue, chosen), repeats)
            plain_s, same = _median(lambda: [i for i in queue if i.unanswered], repeats)
            assert kept == same and insight.totals.queries == messages
    return InsightsRun(
        messages,
        insight_s,
        count_s,
        items_s,
        rows_s,
        filter_s,
        plain_s,
        insight,
        len(queue),
    )


if __name__ == "__main__":
    run = insights_times(100_000)
    print(
        f"insights {run.insight_seconds * 1000:.0f} ms (count(*) {run.count_seconds * 1000:.0f}"
        f" ms), items {run.items_seconds * 1000:.0f} ms (rows {run.rows_seconds * 1000:.0f} ms)"
        f", filter {run.filter_seconds * 1000:.1f} ms"
    )
