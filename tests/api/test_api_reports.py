"""The five report operations through the client, against the real stand-in over loopback:
what was asked is what the reports count, date ranges are sent and honoured, every page of
customer intelligence reads, and the records stand nulls and strings where numbers belong."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from cgpt_tui.api import (
    AnalysisReport,
    ConversationReport,
    CustomGPTClient,
    DateRange,
    IntelligenceRow,
    NotFound,
    QueryReport,
    Reaction,
    SeriesPoint,
    ServerError,
    SourceCount,
    TrafficReport,
)
from cgpt_tui.api.reports import _query
from cgpt_tui.demo.server import DemoServer

NORTHWIND = 103
NOW = datetime(2030, 1, 16, 12, 0, tzinfo=UTC)  # the stand-in's clock: after every seed
TODAY = DateRange(NOW.date(), NOW.date())
UNCOVERED = "xyzzy plugh frobnicate quux"


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer(port=0, api_key="k", clock=lambda: NOW) as server:
        yield server


@pytest.fixture
async def client(server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        yield client


async def ask(client: CustomGPTClient, questions: list[str]) -> tuple[list[int], str]:
    """Each question in a new conversation of Northwind's (two to the first); message ids."""
    first = await client.create_conversation(NORTHWIND, "Reports")
    ids = []
    for n, question in enumerate(questions):
        session = first if n < 2 else await client.create_conversation(NORTHWIND, f"R{n}")
        message = await client.send_message(NORTHWIND, session.session_id, question)
        ids.append(message.id)
    return ids, first.session_id


def test_filters_are_sent_in_phps_form_and_dates_as_days() -> None:
    query = _query(DateRange(date(2026, 11, 1), date(2026, 11, 20)), "total", "query_status")
    request = httpx.Request("GET", "http://x/r", params=query)
    assert request.url.query.decode() == (
        "start_date=2026-11-01&end_date=2026-11-20&filters%5B%5D=total&filters%5B%5D=query_status"
    )
    assert _query(DateRange()) == {}


async def test_the_reports_count_what_was_asked_today(client: CustomGPTClient) -> None:
    (covered, again, uncovered), session = await ask(
        client, ["How do I reset my password?", "How do I reset my password", UNCOVERED]
    )
    await client.set_reaction(NORTHWIND, session, covered, Reaction.DISLIKED)

    queries = await client.query_report(NORTHWIND, dates=TODAY)
    assert queries == QueryReport(total=3, succeeded=2, failed=1)
    conversations = await client.conversation_report(NORTHWIND, dates=TODAY)
    assert conversations == ConversationReport(total=2, average_queries=1.5)
    assert isinstance(conversations.average_queries, float)
    traffic = await client.traffic_report(NORTHWIND, dates=TODAY)
    assert traffic == TrafficReport((SourceCount("api", 3),))
    assert traffic.total == 3

    page = await client.intelligence_page(NORTHWIND, dates=TODAY)
    assert [row.prompt_id for row in page.items] == [uncovered, again, covered]  # newest first
    assert page.total == 3 and not page.has_next
    row = page.items[2]
    assert isinstance(row, IntelligenceRow)
    assert row.user_query == "How do I reset my password?"
    assert row.feedback is Reaction.DISLIKED
    assert row.chatbot_deployment == "api"
    assert row.project_id == NORTHWIND and row.conversation_id is not None
    assert row.created_at == NOW
    assert page.items[0].ai_response == (
        "Sorry, I could not find that in the Northwind Help Center."
    )


async def test_the_analysis_has_every_interval_of_the_range(client: CustomGPTClient) -> None:
    await ask(client, ["How do I reset my password?"])
    week = DateRange(NOW.date() - timedelta(days=6), NOW.date())
    daily = await client.analysis_report(NORTHWIND, interval="daily", dates=week)
    assert daily.interval == "daily"
    assert [point.day for point in daily.queries] == [
        week.since + timedelta(days=n)  # type: ignore[operator]
        for n in range(7)
    ]
    assert daily.queries[-1] == SeriesPoint(NOW.date().isoformat(), NOW.date(), 1.0)
    assert sum(point.value for point in daily.queries[:-1]) == 0
    assert [p.value for p in daily.conversations][-1] == 1.0
    assert [p.value for p in daily.queries_per_conversation][-1] == 1.0

    weekly = await client.analysis_report(NORTHWIND, dates=TODAY)
    monday = NOW.date() - timedelta(days=NOW.weekday())
    assert weekly.interval == "weekly"
    assert [(p.day, p.value) for p in weekly.queries] == [(monday, 1.0)]


async def test_a_bad_interval_is_refused_before_sending(client: CustomGPTClient) -> None:
    with pytest.raises(ValueError, match="daily or weekly"):
        await client.analysis_report(NORTHWIND, interval="monthly")  # type: ignore[arg-type]


async def test_date_ranges_are_honoured(server: DemoServer, client: CustomGPTClient) -> None:
    start = datetime(2029, 3, 1, tzinfo=UTC)
    server.state.add_bulk_history(
        NORTHWIND, 30, conversations=3, start=start, spacing=timedelta(hours=12), failed_every=5
    )
    first_week = DateRange(date(2029, 3, 1), date(2029, 3, 7))  # 14 messages, 2 a day
    queries = await client.query_report(NORTHWIND, dates=first_week)
    assert (queries.total, queries.failed) == (14, 2)  # messages 5 and 10
    assert (await client.query_report(NORTHWIND, dates=DateRange(date(2029, 3, 16)))).total == 0
    until = await client.query_report(NORTHWIND, dates=DateRange(until=date(2029, 3, 1)))
    assert until.total > 2  # the seeds' and the first day's
    everything = await client.query_report(NORTHWIND)
    assert everything.total > until.total
    page = await client.intelligence_page(NORTHWIND, dates=DateRange(date(2029, 3, 2)))
    assert page.total == 30 - 2


async def test_every_intelligence_page_reads(server: DemoServer, client: CustomGPTClient) -> None:
    session = (await client.create_conversation(NORTHWIND, "Many")).session_id
    server.state.add_bulk_messages(
        NORTHWIND, session, 25, start=datetime(2029, 6, 1, tzinfo=UTC), reactions=["liked", None]
    )
    june = DateRange(date(2029, 6, 1), date(2029, 6, 30))
    pages = [await client.intelligence_page(NORTHWIND, n, limit=10, dates=june) for n in (1, 2, 3)]
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [p.has_next for p in pages] == [True, True, False]
    assert pages[0].last_page == 3 and pages[0].total == 25
    ids = [row.prompt_id for page in pages for row in page.items]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 25
    liked = [row for page in pages for row in page.items if row.feedback is Reaction.LIKED]
    assert len(liked) == 13


async def test_an_unknown_agent_and_a_failing_report_raise(
    server: DemoServer, client: CustomGPTClient
) -> None:
    with pytest.raises(NotFound):
        await client.traffic_report(999_999)
    server.faults.fail_next(1, 503, "Reports are resting", path="/reports/queries")
    with pytest.raises(ServerError, match="Reports are resting"):
        await client.query_report(NORTHWIND)
    assert (await client.query_report(NORTHWIND)).total > 0  # the fault was used up


# ---------------------------------------------------------------------- tolerant records


def test_records_stand_strings_nulls_and_floats() -> None:
    traffic = TrafficReport.from_api(
        {
            "sources": [
                {"request_source": "web", "request_source_number": "12"},
                {"request_source": None, "request_source_number": None},
                {"request_source": "api", "request_source_number": 40.0},
                "junk",
            ]
        }
    )
    assert traffic.sources == (
        SourceCount("api", 40),
        SourceCount("web", 12),
        SourceCount("unknown", 0),
    )
    assert TrafficReport.from_api(None).sources == ()
    assert QueryReport.from_api(
        {"total": "7", "query_status": [{"status": "FAILED", "count": "2"}, {"count": 1}]}
    ) == QueryReport(7, 0, 2)
    assert QueryReport.from_api({"query_status": [{"status": "success", "count": 5}]}).total == 5
    assert ConversationReport.from_api(
        {"total": "4", "average_queries_per_conversation": "2.25"}
    ) == ConversationReport(4, 2.25)
    assert (
        ConversationReport.from_api({"average_queries_per_conversation": 3}).average_queries == 3.0
    )
    assert ConversationReport.from_api([]) == ConversationReport(0, 0.0)
    analysis = AnalysisReport.from_api(
        {
            "queries": [
                {"queries_number": "5", "created_at_interval": "2026-11-16"},
                {"queries_number": None, "created_at_interval": "Sat"},
                {"queries_number": 1.5, "created_at_interval": "2026-11-20T00:00:00Z"},
            ],
            "conversations": None,
        },
        "daily",
    )
    assert analysis.queries == (
        SeriesPoint("2026-11-16", date(2026, 11, 16), 5.0),
        SeriesPoint("Sat", None, 0.0),
        SeriesPoint("2026-11-20T00:00:00Z", date(2026, 11, 20), 1.5),
    )
    assert analysis.conversations == () and analysis.interval == "daily"


def test_an_intelligence_row_stands_odd_values() -> None:
    row = IntelligenceRow.from_api(
        {
            "prompt_id": "42",
            "conversation_id": None,
            "user_query": 12,
            "created_at": "2026-11-20 10:00:00",
            "feedback": "neutral",
            "browser": "Chrome",
        }
    )
    assert row.prompt_id == 42 and row.conversation_id is None
    assert row.user_query == "12" and row.ai_response == ""
    assert row.created_at == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert row.feedback is None  # neutral is no reaction
    assert row.browser == "Chrome" and row.language is None
    assert IntelligenceRow.from_api({"prompt_id": 1, "feedback": "disliked"}).feedback is (
        Reaction.DISLIKED
    )


def test_a_date_range_holds_its_days() -> None:
    november = DateRange(date(2026, 11, 1), date(2026, 11, 30))
    assert november.holds(datetime(2026, 11, 30, 23, 59, tzinfo=UTC))
    assert not november.holds(datetime(2026, 12, 1, tzinfo=UTC))
    assert not november.holds(None) and DateRange().holds(None)
    assert DateRange(since=date(2026, 11, 1)).holds(date(2030, 1, 1))
    assert november.query() == {"start_date": "2026-11-01", "end_date": "2026-11-30"}
