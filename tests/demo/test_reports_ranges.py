"""Report parameters: date ranges (days and date-times, both ends inclusive) on all five
reports, the filter forms (`filters[]=a`, repeated `filters=a`, a mix), and the 400s."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from cgpt_tui.demo.server import DemoServer

from .reports_helpers import ALL_FILTERS, error, get, intelligence, report, served

REPORTS = ("traffic", "queries", "conversations", "analysis", "intelligence")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def ranged() -> Iterator[tuple[DemoServer, httpx.Client, int]]:
    """An agent of its own: conversation A with four messages on 1-3 November (two on the
    edges of the 1st), B with a failed one on the 10th and a slack one on Monday the 16th."""
    with served() as (server, http):
        state = server.state
        agent = state.add_agent("Ranges", folder="northwind")
        first = state.add_conversation(agent, "A", created_by=1, when=at("2026-11-01T00:00:00"))
        second = state.add_conversation(agent, "B", created_by=None, when=at("2026-11-10T08:00"))
        for when in ("2026-11-01T00:00:00", "2026-11-01T23:59:59", "2026-11-02", "2026-11-03T12"):
            state.add_bulk_messages(agent.id, first["session_id"], 1, start=at(when))
        state.add_bulk_messages(
            agent.id, second["session_id"], 1, start=at("2026-11-10T08:00"), failed_every=1
        )
        state.add_bulk_messages(
            agent.id,
            second["session_id"],
            1,
            start=at("2026-11-16T09:00"),
            request_sources=["slack"],
        )
        yield server, http, agent.id


def total(http: httpx.Client, agent_id: int, start: str | None, end: str | None) -> int:
    dates = [(k, v) for k, v in (("start_date", start), ("end_date", end)) if v is not None]
    return report(http, agent_id, "queries", *dates)["total"]


def test_days_and_date_times_both_inclusive(ranged) -> None:
    _, http, agent = ranged
    assert total(http, agent, None, None) == 6
    assert total(http, agent, "2026-11-01", "2026-11-01") == 2  # 00:00:00 and 23:59:59
    assert total(http, agent, "2026-11-02", None) == 4
    assert total(http, agent, None, "2026-11-01") == 2
    assert total(http, agent, "2026-11-01T23:59:59Z", "2026-11-02T00:00:00Z") == 2
    assert total(http, agent, "2026-11-01T23:59:59.000000Z", "2026-11-02T00:00:00.000000Z") == 2
    assert total(http, agent, "2026-11-01T23:59:59.000001Z", "2026-11-01T23:59:59.999999Z") == 0
    assert total(http, agent, "2026-11-01T12:00:00", "2026-11-03T11:59:59Z") == 2  # no offset: UTC
    assert total(http, agent, "2026-11-04", "2026-11-09") == 0
    assert total(http, agent, "2026-11-16T09:00:00Z", "2026-11-16T09:00:00Z") == 1


def test_every_report_honours_the_range(ranged) -> None:
    _, http, agent = ranged
    week = (("start_date", "2026-11-10"), ("end_date", "2026-11-16"))
    assert report(http, agent, "traffic", *week)["sources"] == [
        {"request_source": "api", "request_source_number": 1},
        {"request_source": "slack", "request_source_number": 1},
    ]
    assert report(http, agent, "queries", *week)["query_status"] == [
        {"status": "success", "count": 1},
        {"status": "failed", "count": 1},
    ]
    assert report(http, agent, "conversations", *week) == {
        "total": 1,
        "average_queries_per_conversation": 2.0,
    }
    series = report(http, agent, "analysis", *week, ("interval", "daily"))
    assert [p["queries_number"] for p in series["queries"]] == [1, 0, 0, 0, 0, 0, 1]
    rows = intelligence(http, agent, *week)
    assert [r["created_at"] for r in rows] == [
        "2026-11-16T09:00:00.000000Z",
        "2026-11-10T08:00:00.000000Z",
    ]
    assert [r["chatbot_deployment"] for r in rows] == ["slack", "api"]
    early = (("start_date", "2026-11-01"), ("end_date", "2026-11-03T00:00:00Z"))
    assert report(http, agent, "conversations", *early) == {
        "total": 1,
        "average_queries_per_conversation": 3.0,
    }
    nothing = (("start_date", "2030-01-01"), ("end_date", "2030-01-31"))
    assert report(http, agent, "traffic", *nothing) == {"sources": []}
    assert report(http, agent, "conversations", *nothing) == {
        "total": 0,
        "average_queries_per_conversation": 0,
    }
    assert report(http, agent, "intelligence", *nothing)["total"] == 0


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026-11-01T25:00:00Z", "1/11/2026"])
def test_a_bad_date_is_a_400_naming_it_on_every_report(ranged, bad: str) -> None:
    _, http, agent = ranged
    for name in REPORTS:
        for parameter in ("start_date", "end_date"):
            params = [*(("filters[]", f) for f in ALL_FILTERS.get(name, ())), (parameter, bad)]
            message = error(get(http, agent, name, params))
            assert parameter in message, message


def test_an_end_before_the_start_is_a_400(ranged) -> None:
    _, http, agent = ranged
    for name in REPORTS:
        params = [
            *(("filters[]", f) for f in ALL_FILTERS.get(name, ())),
            ("start_date", "2026-11-10"),
            ("end_date", "2026-11-09"),
        ]
        assert "end_date" in error(get(http, agent, name, params))


def test_both_filter_forms_and_a_mix(ranged) -> None:
    _, http, agent = ranged
    php = get(http, agent, "queries", [("filters[]", "total"), ("filters[]", "query_status")])
    sdk = get(http, agent, "queries", [("filters", "total"), ("filters", "query_status")])
    mixed = get(http, agent, "queries", [("filters[]", "total"), ("filters", "query_status")])
    indexed = get(http, agent, "queries", [("filters[0]", "total"), ("filters[1]", "query_status")])
    bodies = [r.json()["data"] for r in (php, sdk, mixed, indexed)]
    assert all(body == bodies[0] for body in bodies)
    assert set(bodies[0]) == {"total", "query_status"}
    assert get(http, agent, "queries", {"filters": "total"}).json()["data"] == {"total": 6}
    only_status = get(http, agent, "queries", {"filters[]": "query_status"}).json()["data"]
    assert list(only_status) == ["query_status"]
    averages = get(http, agent, "conversations", {"filters": "average_queries_per_conversation"})
    assert averages.json()["data"] == {"average_queries_per_conversation": 3.0}
    twice = get(http, agent, "analysis", [("filters", "queries"), ("filters[]", "queries")])
    assert list(twice.json()["data"]) == ["queries"]
    some = get(http, agent, "analysis", [("filters", "conversations"), ("filters[]", "queries")])
    assert list(some.json()["data"]) == ["conversations", "queries"]


def test_missing_or_unknown_filters_are_400s(ranged) -> None:
    _, http, agent = ranged
    for name, allowed in ALL_FILTERS.items():
        assert error(get(http, agent, name)) == "The filters field is required."
        message = error(
            get(http, agent, name, [("filters[]", allowed[0]), ("filters", "browsers")])
        )
        assert '"browsers"' in message and allowed[0] in message
    assert get(http, agent, "intelligence").status_code == 200  # it takes no filters
    message = error(get(http, agent, "analysis", {"filters": "queries", "interval": "monthly"}))
    assert message == "The interval must be one of: daily, weekly."


def test_the_series_default_range_runs_from_the_first_query_to_today(ranged) -> None:
    server, http, agent = ranged
    daily = report(http, agent, "analysis", ("interval", "daily"))
    days = [p["created_at_interval"] for p in daily["queries"]]
    assert days[0] == "2026-11-01" and days[-1] == "2026-11-20" and len(days) == 20
    assert [p["queries_number"] for p in daily["queries"][:4]] == [2, 1, 1, 0]
    weekly = report(http, agent, "analysis")  # weekly by default
    assert [p["created_at_interval"] for p in weekly["queries"]] == [
        "2026-10-26",  # the Monday of Sunday 1 November
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
    ]
    assert [p["queries_number"] for p in weekly["queries"]] == [2, 2, 1, 1]
    assert [p["queries_number"] for p in weekly["conversations"]] == [1, 1, 1, 1]
    assert [p["queries_number"] for p in weekly["queries_per_conversation"]] == [2.0, 2.0, 1.0, 1.0]
    late = report(http, agent, "analysis", ("start_date", "2026-11-18"), ("interval", "daily"))
    assert [p["created_at_interval"] for p in late["queries"]] == [
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
    ]
    until = report(http, agent, "analysis", ("end_date", "2026-11-02"), ("interval", "daily"))
    assert [p["created_at_interval"] for p in until["queries"]] == ["2026-11-01", "2026-11-02"]
    empty = server.state.add_agent("Empty", folder="northwind").id
    for interval, label in (("daily", "2026-11-20"), ("weekly", "2026-11-16")):
        series = report(http, empty, "analysis", ("interval", interval))
        for name in ALL_FILTERS["analysis"]:
            assert series[name] == [{"queries_number": 0, "created_at_interval": label}]


def test_empty_intervals_and_the_longest_range(ranged) -> None:
    _, http, agent = ranged
    span = (("start_date", "2026-11-01"), ("end_date", "2026-11-05"), ("interval", "daily"))
    series = report(http, agent, "analysis", *span)
    assert series["queries"] == [
        {"queries_number": n, "created_at_interval": f"2026-11-0{d}"}
        for d, n in zip(range(1, 6), (2, 1, 1, 0, 0), strict=True)
    ]
    assert [p["queries_number"] for p in series["conversations"]] == [1, 1, 1, 0, 0]
    assert [p["queries_number"] for p in series["queries_per_conversation"]] == [
        2.0,
        1.0,
        1.0,
        0,
        0,
    ]
    start = datetime(2026, 11, 20, tzinfo=UTC) - timedelta(days=399)
    longest = (("start_date", start.date().isoformat()), ("end_date", "2026-11-20"))
    assert len(report(http, agent, "analysis", *longest, ("interval", "daily"))["queries"]) == 400
    too_long = [("filters[]", "queries"), ("start_date", "2025-10-15"), ("interval", "daily")]
    assert error(get(http, agent, "analysis", too_long)) == (
        "The date range is too long for daily intervals"
    )
    weeks = report(http, agent, "analysis", ("start_date", "2025-10-15"))["queries"]
    assert weeks[0]["created_at_interval"] == "2025-10-13" and len(weeks) == 58
