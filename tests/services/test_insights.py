"""Insights over a real stand-in: the totals count what was asked (one question the agent
cannot answer, one answer disliked), a failing report names its reason while the others
fill, offline everything comes from the history cache (marked so) and agrees with the
server, date ranges narrow every section, and loading reports its progress."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cgpt_tui.api import Agent, DateRange, NetworkError, Reaction, SourceCount
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.services.data import DataService
from cgpt_tui.services.insights import Insight, QuestionCount, Totals, is_unanswered
from cgpt_tui.services.reading import Origin
from tests.services.helpers import service_for

NORTHWIND = 103
NOW = datetime(2030, 1, 16, 12, 0, tzinfo=UTC)  # the stand-in's clock: after every seed
TODAY = DateRange(NOW.date(), NOW.date())
UNCOVERED = "xyzzy plugh frobnicate quux"
NO_ANSWER = "Sorry, I could not find that in the Northwind Help Center."


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer(port=0, api_key="k", clock=lambda: NOW) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(tmp_path / "history.db") as store:
        yield store


def service(server: DemoServer, store: HistoryStore | None = None) -> DataService:
    data = service_for(server, store)
    data.insights.today = lambda: NOW.date()
    return data


async def ask_three(data: DataService) -> tuple[str, list[int]]:
    """Two questions in one conversation, one the agent cannot answer in another; the first
    answer disliked. The first conversation's session id and the message ids."""
    client = data.reader.client
    first = await client.create_conversation(NORTHWIND, "Passwords")
    second = await client.create_conversation(NORTHWIND, "Nonsense")
    ids = [
        (await client.send_message(NORTHWIND, first.session_id, "How do I reset my password?")).id,
        (await client.send_message(NORTHWIND, first.session_id, "how do I  reset my PASSWORD")).id,
        (await client.send_message(NORTHWIND, second.session_id, UNCOVERED)).id,
    ]
    await client.set_reaction(NORTHWIND, first.session_id, ids[0], Reaction.DISLIKED)
    return first.session_id, ids


async def northwind(data: DataService) -> Agent:
    return await data.agent(NORTHWIND)


async def test_the_totals_count_what_was_asked(server: DemoServer) -> None:
    data = service(server)
    try:
        session, ids = await ask_three(data)
        told: list[tuple[str, int, int | None]] = []
        insight = await data.insights.load(
            await northwind(data),
            dates=TODAY,
            interval="daily",
            progress=lambda *step: told.append(step),
        )
    finally:
        await data.close()
    assert insight.origin is Origin.SERVER and insight.problems == {}
    assert insight.totals == Totals(
        queries=3,
        conversations=2,
        average_queries=1.5,
        answered=2,
        unanswered=1,
        liked=0,
        disliked=1,
    )
    assert insight.traffic == (SourceCount("api", 3),)
    assert [(p.day, p.value) for p in insight.series] == [(NOW.date(), 3.0)]
    assert insight.top_questions == (
        QuestionCount("how do I reset my PASSWORD", 2),  # grouped; the newest spelling
        QuestionCount(UNCOVERED, 1),
    )
    (unanswered,) = insight.unanswered
    assert unanswered.message_id == ids[2] and unanswered.unanswered
    assert unanswered.question == UNCOVERED and unanswered.answer == NO_ANSWER
    assert unanswered.conversation_name == "Nonsense" and unanswered.session_id
    assert unanswered.started_by == "me" and unanswered.request_source == "api"
    assert unanswered.created_at == NOW and unanswered.agent_id == NORTHWIND
    sections = {section for section, _, _ in told}
    assert sections == {"traffic", "queries", "conversations", "analysis", "intelligence"}
    assert ("intelligence", 1, 1) in told
    assert session


async def test_a_failing_report_names_its_reason_while_the_others_fill(
    server: DemoServer,
) -> None:
    data = service(server)
    try:
        await ask_three(data)
        server.faults.fail_next(1, 500, "Traffic is resting", path="/reports/traffic")
        insight = await data.insights.load(await northwind(data), dates=TODAY)
        server.faults.fail_next(5, 500, "Intelligence is resting", path="/reports/intelligence")
        second = await data.insights.load(await northwind(data), dates=TODAY)
    finally:
        await data.close()
    assert list(insight.problems) == ["traffic"]
    assert "Traffic is resting" in insight.problems["traffic"]
    assert insight.traffic == () and insight.totals.queries == 3
    assert insight.totals.disliked == 1 and len(insight.unanswered) == 1
    assert list(second.problems) == ["intelligence"]
    assert "Intelligence is resting" in second.problems["intelligence"]
    assert second.top_questions == () and second.unanswered == ()
    assert second.traffic == (SourceCount("api", 3),) and second.totals.unanswered == 1


async def test_offline_everything_comes_from_the_cache_and_agrees(
    server: DemoServer, store: HistoryStore
) -> None:
    data = service(server, store)
    try:
        await ask_three(data)
        await sync_history(data.reader.client, store)
        agent = await northwind(data)
        ranges = [TODAY, DateRange(), DateRange(until=date(2026, 11, 20))]
        online = [await data.insights.load(agent, dates=d, interval="daily") for d in ranges]
        weekly = await data.insights.load(agent, interval="weekly")
        server.stop()
        offline = [await data.insights.load(agent, dates=d, interval="daily") for d in ranges]
        offline_weekly = await data.insights.load(agent, interval="weekly")
        assert data.offline
    finally:
        await data.close()
    for served, cached in zip([*online, weekly], [*offline, offline_weekly], strict=True):
        assert cached.origin is Origin.CACHE and cached.from_cache
        assert cached.problems.keys() == served.problems.keys()
        assert cached.totals == served.totals
        assert cached.traffic == served.traffic
        assert cached.top_questions == served.top_questions
        assert [(p.day, p.value) for p in cached.series] == [
            (p.day, p.value) for p in served.series
        ]
        assert [i.message_id for i in cached.unanswered] == [
            i.message_id for i in served.unanswered
        ]
        assert [(i.session_id, i.started_by) for i in cached.unanswered] == [
            (i.session_id, i.started_by) for i in served.unanswered
        ]
    assert online[0].problems == {}
    assert "too long for daily" in online[1].problems["analysis"]  # 2026 to 2030 by days
    assert "too long for daily" in offline[1].problems["analysis"]
    assert online[1].totals.queries > online[2].totals.queries > 0  # seeds before the 20th
    assert online[1].totals.unanswered >= 2  # the seeded failures and today's
    assert len(weekly.series) > 1


async def test_offline_without_the_agent_cached_raises(
    server: DemoServer, store: HistoryStore
) -> None:
    data = service(server, store)
    try:
        agent = await northwind(data)
        server.stop()
        with pytest.raises(NetworkError):
            await data.insights.load(agent)
    finally:
        await data.close()


async def test_a_date_range_narrows_every_section(server: DemoServer) -> None:
    start = datetime(2029, 3, 1, tzinfo=UTC)
    server.state.add_bulk_history(
        NORTHWIND,
        40,
        conversations=4,
        start=start,
        spacing=timedelta(hours=6),
        request_sources=("web", "web", "embed"),
        failed_every=4,
        reactions=("liked", None, "disliked", None),
    )
    data = service(server)
    try:
        insight = await data.insights.load(
            await northwind(data), dates=DateRange(date(2029, 3, 1), date(2029, 3, 5))
        )
    finally:
        await data.close()
    totals = insight.totals
    assert (totals.queries, totals.conversations) == (20, 2)
    assert (totals.unanswered, totals.liked, totals.disliked) == (5, 5, 5)
    assert totals.average_queries == 10.0
    assert {s.source: s.count for s in insight.traffic} == {"web": 14, "embed": 6}
    assert [p.value for p in insight.series] == [16.0, 4.0]  # Thursday to Sunday, Monday
    assert len(insight.unanswered) == 5
    assert all(item.started_by == "me" for item in insight.unanswered)  # bulk: all mine
    assert insight.top_questions[0].count == 1 and len(insight.top_questions) == 10


async def test_intelligence_is_walked_page_by_page_with_progress(server: DemoServer) -> None:
    server.state.add_bulk_history(
        NORTHWIND, 450, conversations=9, start=datetime(2029, 5, 1, tzinfo=UTC), failed_every=3
    )
    data = service(server)
    told: list[tuple[str, int, int | None]] = []
    try:
        insight = await data.insights.load(
            await northwind(data),
            dates=DateRange(date(2029, 5, 1), date(2029, 5, 31)),
            progress=lambda *step: told.append(step),
        )
    finally:
        await data.close()
    walked = [(done, total) for section, done, total in told if section == "intelligence"]
    assert walked[0] == (1, 5) and walked[-1] == (5, 5)
    assert sorted(done for done, _ in walked) == [1, 2, 3, 4, 5]
    assert insight.totals.unanswered == 150 and len(insight.unanswered) == 150
    stamps = [(i.created_at, i.message_id) for i in insight.unanswered]
    assert stamps == sorted(stamps, reverse=True)


def test_unanswered_is_the_no_answer_message_cleaned_and_stripped() -> None:
    assert is_unanswered(f"  {NO_ANSWER}\n", NO_ANSWER)
    assert is_unanswered(f"\x1b[31m{NO_ANSWER}", f" {NO_ANSWER} ")
    assert not is_unanswered(f"{NO_ANSWER} But try this.", NO_ANSWER)
    assert not is_unanswered("", "") and not is_unanswered("", None)


def test_an_insight_can_be_made_from_defaults() -> None:
    empty = Insight()
    assert empty.totals == Totals() and empty.problems == {} and not empty.from_cache


async def test_a_page_failing_mid_walk_names_its_reason(server: DemoServer) -> None:
    server.state.add_bulk_history(
        NORTHWIND, 350, conversations=7, start=datetime(2029, 5, 1, tzinfo=UTC)
    )
    data = service(server)

    def fail_the_rest(section: str, done: int, total: int | None) -> None:
        if section == "intelligence" and done == 1:  # the first page is in: one of the rest fails
            server.faults.fail_next(1, 500, "Page lost", path="/reports/intelligence")

    try:
        insight = await data.insights.load(
            await northwind(data),
            dates=DateRange(date(2029, 5, 1), date(2029, 5, 31)),
            progress=fail_the_rest,
        )
    finally:
        await data.close()
    assert (
        list(insight.problems) == ["intelligence"]
        and "Page lost" in insight.problems["intelligence"]
    )
    assert insight.top_questions == () and insight.totals.liked == 0
    assert insight.totals.queries == 350  # the reports still fill
