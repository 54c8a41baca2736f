"""Records of the five report operations (traffic, queries, conversations, analysis and
customer intelligence), parsed once at the edge and tolerant of nulls and strings.

The API's documented types are not what it sends: `average_queries_per_conversation` and the
analysis' `queries_number` are floats although typed integer, counts may come as strings,
and `created_at_interval` is a date (`2026-11-16`) or a weekday's name (`Sat`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from cgpt_tui.api.coerce import as_date, as_datetime, as_dict, as_float, as_int, as_str
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.frozen import record
from cgpt_tui.api.records import Reaction

Interval = Literal["daily", "weekly"]
INTERVALS: tuple[Interval, ...] = ("daily", "weekly")


def _count(value: Any) -> int:
    number = as_int(value)
    if number is None:
        real = as_float(value)
        number = round(real) if real is not None else 0
    return max(number, 0)


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


@record
class DateRange:
    """Both ends inclusive, either open (None). Sent as start_date / end_date `YYYY-MM-DD`."""

    since: date | None = None
    until: date | None = None

    def query(self) -> dict[str, str]:
        """The query parameters of the range (the open ends left out)."""
        values: dict[str, str] = {}
        if self.since is not None:
            values["start_date"] = self.since.isoformat()
        if self.until is not None:
            values["end_date"] = self.until.isoformat()
        return values

    def holds(self, moment: datetime | date | None) -> bool:
        """Whether a moment (its UTC day) falls in the range; an unknown moment only in an
        unbounded range."""
        if self.since is None and self.until is None:
            return True
        if moment is None:
            return False
        day = moment.date() if isinstance(moment, datetime) else moment
        if self.since is not None and day < self.since:
            return False
        return not (self.until is not None and day > self.until)

    @property
    def unbounded(self) -> bool:
        return self.since is None and self.until is None


ALL_DATES = DateRange()  # every date: the default range


@record
class SourceCount:
    source: str
    count: int


@record
class TrafficReport:
    sources: tuple[SourceCount, ...]

    @classmethod
    def from_api(cls, value: Any) -> TrafficReport:
        rows = _rows(as_dict(value).get("sources"))
        sources = [
            SourceCount(
                as_str(row.get("request_source")) or "unknown",
                _count(row.get("request_source_number")),
            )
            for row in rows
        ]
        return cls(tuple(sorted(sources, key=lambda s: (-s.count, s.source))))

    @property
    def total(self) -> int:
        return sum(source.count for source in self.sources)


@record
class QueryReport:
    total: int
    succeeded: int
    failed: int

    @classmethod
    def from_api(cls, value: Any) -> QueryReport:
        data = as_dict(value)
        statuses: dict[str, int] = {}
        for row in _rows(data.get("query_status")):
            status = (as_str(row.get("status")) or "").strip().lower()
            statuses[status] = statuses.get(status, 0) + _count(row.get("count"))
        succeeded, failed = statuses.get("success", 0), statuses.get("failed", 0)
        total = as_int(data.get("total"))
        return cls(total if total is not None else succeeded + failed, succeeded, failed)


@record
class ConversationReport:
    total: int
    average_queries: float

    @classmethod
    def from_api(cls, value: Any) -> ConversationReport:
        data = as_dict(value)
        average = as_float(data.get("average_queries_per_conversation"))
        return cls(_count(data.get("total")), average if average is not None else 0.0)


@record
class SeriesPoint:
    """One interval: its label as sent, its first day when the label is a date, the value."""

    label: str
    day: date | None
    value: float

    @classmethod
    def from_api(cls, value: Any) -> SeriesPoint:
        data = as_dict(value)
        label = as_str(data.get("created_at_interval")) or ""
        number = as_float(data.get("queries_number"))
        return cls(label, as_date(label), number if number is not None else 0.0)


def _series(value: Any) -> tuple[SeriesPoint, ...]:
    return tuple(SeriesPoint.from_api(row) for row in _rows(value))


@record
class AnalysisReport:
    interval: Interval
    queries: tuple[SeriesPoint, ...]
    conversations: tuple[SeriesPoint, ...]
    queries_per_conversation: tuple[SeriesPoint, ...]

    @classmethod
    def from_api(cls, value: Any, interval: Interval = "weekly") -> AnalysisReport:
        data = as_dict(value)
        return cls(
            interval,
            _series(data.get("queries")),
            _series(data.get("conversations")),
            _series(data.get("queries_per_conversation")),
        )


def _feedback(value: Any) -> Reaction | None:
    reaction = Reaction.parse(value)
    return None if reaction is Reaction.NEUTRAL else reaction


@record
class IntelligenceRow:
    """One message as customer intelligence describes it."""

    prompt_id: int
    conversation_id: int | None
    project_id: int | None
    user_query: str
    ai_response: str
    created_at: datetime | None
    content_source: str | None
    user_emotion: str | None
    user_intent: str | None
    language: str | None
    feedback: Reaction | None
    user_location: str | None
    chatbot_deployment: str | None
    browser: str | None

    @classmethod
    def from_api(cls, value: Any) -> IntelligenceRow:
        if not isinstance(value, dict):
            raise ProtocolError("expected an intelligence row")
        prompt_id = as_int(value.get("prompt_id"))
        if prompt_id is None:
            raise ProtocolError("intelligence row without a usable 'prompt_id'")
        return cls(
            prompt_id=prompt_id,
            conversation_id=as_int(value.get("conversation_id")),
            project_id=as_int(value.get("project_id")),
            user_query=as_str(value.get("user_query")) or "",
            ai_response=as_str(value.get("ai_response")) or "",
            created_at=as_datetime(value.get("created_at")),
            content_source=as_str(value.get("content_source")),
            user_emotion=as_str(value.get("user_emotion")),
            user_intent=as_str(value.get("user_intent")),
            language=as_str(value.get("language")),
            feedback=_feedback(value.get("feedback")),
            user_location=as_str(value.get("user_location")),
            chatbot_deployment=as_str(value.get("chatbot_deployment")),
            browser=as_str(value.get("browser")),
        )
