"""The five reports (traffic, queries, conversations, analysis, customer intelligence),
computed from what the stand-in holds, so they always agree with the conversations.

A query is one message of the agent (a question and its answer), dated by its
`created_at`; it failed when the agent answered with its no_answer_message (recorded at
answer time: `AgentData.failed`), else it succeeded. Ranges are UTC and inclusive at both
ends. Message dates are all in the API's one form (records.stamp), which sorts as text, so
a range is two string comparisons per message (100,000 messages in a few tens of ms).

No Starlette here: routes_reports.py reads the request and sends what these return.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from cgpt_tui.demo.state import AgentData, DemoState

Interval = Literal["daily", "weekly"]
MAX_INTERVALS = 400
CACHED_RANGES = 4  # per agent (queries)
BOUND_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # records.DATE_FORMAT with the microseconds kept
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TRAFFIC_FILTERS = ("sources",)
QUERY_FILTERS = ("total", "query_status")
CONVERSATION_FILTERS = ("total", "average_queries_per_conversation")
ANALYSIS_FILTERS = ("queries", "conversations", "queries_per_conversation")

NEGATIVE = re.compile(
    r"\b(not|no|never|lost|broken|bad|wrong|error|errors|fail\w*|problem\w*|issue\w*|angry|"
    r"terrible|awful|worst|hate|annoy\w*|frustrat\w*|can't|cannot|doesn't|won't|isn't|"
    r"useless|slow|stuck|crash\w*)\b"
)
POSITIVE = re.compile(
    r"\b(thanks|thank|great|love|awesome|perfect|excellent|good|helpful|nice|amazing|"
    r"wonderful|happy|glad)\b"
)
GREETING = re.compile(r"^\s*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening))\b")
BROWSER_MARKS = (("Edg/", "Edge"), ("Edge/", "Edge"), ("Firefox/", "Firefox"))


class ReportError(ValueError):
    """A request the reports cannot answer (the route sends it as a 400)."""


@dataclass(frozen=True)
class Span:
    """A range of time, both ends inclusive; None leaves that end open."""

    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ReportError("The end_date must be a date after or equal to start_date.")

    def bounds(self) -> tuple[str, str]:
        """The ends as strings that compare with message dates."""
        low = self.start.astimezone(UTC).strftime(BOUND_FORMAT) if self.start else ""
        high = self.end.astimezone(UTC).strftime(BOUND_FORMAT) if self.end else "\uffff"
        return low, high


def parse_when(text: str, *, end: bool) -> datetime:
    """`YYYY-MM-DD` (a start: that day's first moment; an end: its last) or an ISO date-time
    (`2026-11-01T00:00:00Z`, `...00.000000Z`; without an offset, UTC). ValueError if neither."""
    text = text.strip()
    if DAY.fullmatch(text):
        day = date.fromisoformat(text)
        return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Query:
    row: dict[str, Any]  # the message, as the messages route sends it
    conversation_id: int
    failed: bool

    @property
    def created(self) -> str:
        return self.row["created_at"]

    @property
    def source(self) -> str:
        return str((self.row.get("metadata") or {}).get("request_source") or "api")


def queries(state: DemoState, agent: AgentData, span: Span = Span()) -> list[Query]:
    """The agent's messages in `span`, oldest first (by date, then id); do not change it.

    The last few ranges are kept until a message is added or a conversation deleted (a
    client walking a thousand intelligence pages of 100,000 messages gets each at once).
    Reactions need no new list: the rows are the state's own."""
    low, high = span.bounds()
    with state.lock:
        key = (
            low,
            high,
            state.id_counters()["message"],
            len(agent.conversations),
            sum(len(rows) for rows in agent.messages.values()),
        )
        cached = agent.report_cache.get(key)
        if cached is None:
            cached = _queries(agent, low, high)
            while len(agent.report_cache) >= CACHED_RANGES:
                agent.report_cache.pop(next(iter(agent.report_cache)))
            agent.report_cache[key] = cached
        return cached


def _queries(agent: AgentData, low: str, high: str) -> list[Query]:
    found = []
    for session_id, rows in agent.messages.items():
        conversation = agent.conversations.get(session_id)
        if conversation is None:
            continue
        for row in rows:
            if low <= row["created_at"] <= high:
                found.append(Query(row, conversation["id"], row["id"] in agent.failed))
    found.sort(key=lambda query: (query.created, query.row["id"]))
    return found


def first_day(state: DemoState, agent: AgentData) -> date | None:
    """The day of the agent's first query, None before any."""
    with state.lock:
        first = min(
            (row["created_at"] for rows in agent.messages.values() for row in rows), default=None
        )
    return date.fromisoformat(first[:10]) if first else None


def _average(count: int, of: int) -> float | int:
    return round(count / of, 2) if of else 0


# ---------------------------------------------------------------------- the four summaries


def traffic(found: Sequence[Query]) -> dict[str, Any]:
    """One entry per request source with a query, biggest first, ties by name."""
    counts = Counter(query.source for query in found)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {
        "sources": [
            {"request_source": source, "request_source_number": count} for source, count in ordered
        ]
    }


def query_summary(found: Sequence[Query], filters: Iterable[str]) -> dict[str, Any]:
    wanted = set(filters)
    failed = sum(1 for query in found if query.failed)
    data: dict[str, Any] = {}
    if "total" in wanted:
        data["total"] = len(found)
    if "query_status" in wanted:
        data["query_status"] = [
            {"status": "success", "count": len(found) - failed},
            {"status": "failed", "count": failed},
        ]
    return data


def conversation_summary(found: Sequence[Query], filters: Iterable[str]) -> dict[str, Any]:
    wanted = set(filters)
    total = len({query.conversation_id for query in found})
    data: dict[str, Any] = {}
    if "total" in wanted:
        data["total"] = total
    if "average_queries_per_conversation" in wanted:
        data["average_queries_per_conversation"] = _average(len(found), total)
    return data


# ---------------------------------------------------------------------- the series


@functools.lru_cache(maxsize=4096)
def _label(day: str, interval: Interval) -> str:
    if interval == "daily":
        return day
    start = date.fromisoformat(day)
    return (start - timedelta(days=start.weekday())).isoformat()


def intervals(first: date, last: date, interval: Interval) -> list[str]:
    """Every interval's label from `first` to `last`: the day, or the Monday of the week."""
    step = timedelta(days=1 if interval == "daily" else 7)
    at = date.fromisoformat(_label(first.isoformat(), interval))
    end = date.fromisoformat(_label(last.isoformat(), interval))
    if (end - at) // step + 1 > MAX_INTERVALS:
        raise ReportError(f"The date range is too long for {interval} intervals")
    labels = []
    while at <= end:
        labels.append(at.isoformat())
        at += step
    return labels


def analysis(
    found: Sequence[Query],
    filters: Iterable[str],
    interval: Interval,
    first: date,
    last: date,
) -> dict[str, Any]:
    """Per requested filter, `{queries_number, created_at_interval}` for every interval from
    `first` to `last`, oldest first, empty ones 0."""
    labels = intervals(first, last, interval)
    counts: Counter[str] = Counter()
    talks: defaultdict[str, set[int]] = defaultdict(set)
    for query in found:
        label = _label(query.created[:10], interval)
        counts[label] += 1
        talks[label].add(query.conversation_id)

    def value(name: str, label: str) -> float | int:
        if name == "queries":
            return counts[label]
        if name == "conversations":
            return len(talks[label])
        return _average(counts[label], len(talks[label]))

    return {
        name: [
            {"queries_number": value(name, label), "created_at_interval": label} for label in labels
        ]
        for name in dict.fromkeys(filters)
    }


# ---------------------------------------------------------------------- customer intelligence


def emotion(question: str) -> str:
    text = question.lower()
    if NEGATIVE.search(text):
        return "negative"
    if POSITIVE.search(text):
        return "positive"
    return "neutral"


def intent(question: str) -> str:
    text = question.lower()
    if GREETING.match(text) and len(text.split()) <= 4 and "?" not in text:
        return "greeting"
    if "?" not in text and NEGATIVE.search(text):
        return "complaint"
    if "?" not in text and POSITIVE.search(text):
        return "feedback"
    return "question"


def browser(user_agent: str | None) -> str | None:
    """The browser a user agent names, else its first word (`cgpt-tui/0.1` -> cgpt-tui)."""
    agent = (user_agent or "").strip()
    if not agent:
        return None
    for mark, name in BROWSER_MARKS:
        if mark in agent:
            return name
    if "Chrome/" in agent or "CriOS/" in agent:
        return "Chrome"
    if "AppleWebKit/" in agent and ("Safari/" in agent or "Mobile/" in agent):
        return "Safari"
    return re.split(r"[\s/]", agent, maxsplit=1)[0]


def intelligence_row(agent: AgentData, query: Query) -> dict[str, Any]:
    row = query.row
    metadata = row.get("metadata") or {}
    reaction = (row.get("response_feedback") or {}).get("reaction")
    cited = bool(row.get("citations")) and not query.failed
    return {
        "prompt_id": row["id"],
        "conversation_id": query.conversation_id,
        "project_id": agent.id,
        "user_query": row["user_query"],
        "ai_response": row["openai_response"],
        "created_at": row["created_at"],
        "content_source": "own_content" if cited else agent.settings.get("response_source"),
        "user_emotion": emotion(row["user_query"]),
        "user_intent": intent(row["user_query"]),
        "language": agent.settings.get("chatbot_msg_lang"),
        "feedback": reaction if reaction in ("liked", "disliked") else None,
        "user_location": None,
        "chatbot_deployment": query.source,
        "browser": browser(metadata.get("user_agent")),
    }


def newest_first(found: Sequence[Query]) -> list[Query]:
    """`found` (oldest first, as `queries` gives it) newest first: by date, then id."""
    return list(reversed(found))
