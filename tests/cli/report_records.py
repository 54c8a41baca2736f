"""An `Agent` and an `Insight` to render, for the tests of cli/report_output.py."""

from __future__ import annotations

from datetime import date

from cgpt_tui.api import Agent
from cgpt_tui.api.report_records import DateRange, Interval, SeriesPoint, SourceCount
from cgpt_tui.services.insights import Insight, QuestionCount, Totals
from cgpt_tui.services.reading import Origin


def agent(name: str = "Northwind Help Center") -> Agent:
    return Agent.from_api({"id": 103, "project_name": name})


WEEKS = ((date(2026, 11, 2), 5.0), (date(2026, 11, 9), 0.0), (date(2026, 11, 16), 7.0))


def insight(
    *,
    interval: Interval = "weekly",
    series: tuple[tuple[date, float], ...] = WEEKS,
    traffic: tuple[tuple[str, int], ...] = (("web", 8), ("api", 4)),
    top: tuple[tuple[str, int], ...] = (("How do I reset my password?", 3), ("Refunds?", 2)),
    problems: dict[str, str] | None = None,
    from_cache: bool = False,
    since: date | None = date(2026, 11, 2),
    until: date | None = None,
) -> Insight:
    return Insight(
        totals=Totals(
            queries=12,
            conversations=5,
            average_queries=2.4,
            answered=10,
            unanswered=2,
            liked=3,
            disliked=1,
        ),
        series=tuple(SeriesPoint(day.isoformat(), day, value) for day, value in series),
        interval=interval,
        traffic=tuple(SourceCount(source, count) for source, count in traffic),
        top_questions=tuple(QuestionCount(text, count) for text, count in top),
        origin=Origin.CACHE if from_cache else Origin.SERVER,
        problems=problems or {},
        dates=DateRange(since, until),
        agent_id=103,
    )
