"""What `cgpt-tui report` prints for an `Insight`: the JSON keys and their types, the
sections of the table, bars only on a terminal, server text cleaned."""

from __future__ import annotations

import json
from datetime import date

from cgpt_tui.cli.report_output import (
    BAR,
    BAR_CELLS,
    all_failed,
    bar,
    problem_lines,
    report_json,
    report_text,
)
from tests.cli.report_records import agent, insight

HOSTILE = "Where is \x1b]52;c;cHduZWQ=\x07my \x1b[31mparcel\u202e?"


def test_json_holds_every_key_numbers_as_numbers_days_as_text() -> None:
    document = json.loads(report_json(agent(), insight()))
    assert document == {
        "agent": 103,
        "agent_name": "Northwind Help Center",
        "since": "2026-11-02",
        "until": None,
        "origin": "server",
        "queries": 12,
        "conversations": 5,
        "average_queries_per_conversation": 2.4,
        "answered": 10,
        "unanswered": 2,
        "liked": 3,
        "disliked": 1,
        "traffic": {"web": 8, "api": 4},
        "series": {
            "interval": "weekly",
            "points": [
                {"date": "2026-11-02", "label": "2026-11-02", "queries": 5},
                {"date": "2026-11-09", "label": "2026-11-09", "queries": 0},
                {"date": "2026-11-16", "label": "2026-11-16", "queries": 7},
            ],
        },
        "top_questions": [
            {"question": "How do I reset my password?", "count": 3},
            {"question": "Refunds?", "count": 2},
        ],
        "problems": {},
    }


def test_json_cleans_what_the_server_sent() -> None:
    document = json.loads(
        report_json(
            agent(name=f"Agent {HOSTILE}"),
            insight(top=((HOSTILE, 2),), traffic=(("we\x1b[2Jb", 3),)),
        )
    )
    shown = json.dumps(document, ensure_ascii=False)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert document["top_questions"][0]["question"] == "Where is my parcel?"
    assert document["traffic"] == {"web": 3}


def test_piped_the_sections_are_plain_aligned_lines() -> None:
    text = report_text(agent(), insight(), bars=False)
    assert text.splitlines()[0] == (
        "Agent 103 “Northwind Help Center”, from 2026-11-02 to today (UTC)"
    )
    totals = dict(line.rsplit(None, 1) for line in text.split("\n\n")[1].splitlines())
    assert totals == {
        "Queries": "12",
        "Conversations": "5",
        "Average per conversation": "2.40",
        "Answered": "10",
        "Unanswered": "2",
        "Liked": "3",
        "Disliked": "1",
    }
    assert "\nTraffic by source\nSOURCE  QUERIES\nweb     8\napi     4\n" in text
    assert "\nQueries per week\nWEEK OF     QUERIES\n2026-11-02  5\n2026-11-09  0\n" in text
    assert "\nTop questions\nCOUNT  QUESTION\n3      How do I reset my password?\n" in text
    assert BAR not in text and "history cache" not in text


def test_on_a_terminal_counts_get_bars_the_largest_the_longest() -> None:
    text = report_text(agent(), insight(), bars=True)
    assert f"web     8        {BAR * BAR_CELLS}\n" in text
    assert f"api     4        {BAR * (BAR_CELLS // 2)}\n" in text
    assert "2026-11-09  0\n" in text  # an empty week: no bar at all
    assert bar(1, 1000) == BAR  # anything above nothing shows


def test_daily_series_and_nothing_to_show() -> None:
    text = report_text(agent(), insight(interval="daily", series=(), traffic=(), top=()), bars=True)
    assert "\nTraffic by source: none\n" in text
    assert "\nQueries per day: none\n" in text
    assert text.endswith("\nTop questions: none\n")


def test_from_the_cache_it_says_so() -> None:
    text = report_text(agent(), insight(from_cache=True), bars=False)
    assert text.splitlines()[1].startswith("Computed from the history cache")
    assert json.loads(report_json(agent(), insight(from_cache=True)))["origin"] == "cache"


def test_failed_reports_are_named_and_only_all_of_them_fail_the_command() -> None:
    some = insight(problems={"traffic": "HTTP 500: \x1b[31mdown"})
    assert problem_lines(some) == ["the traffic report failed: HTTP 500: down"]
    assert not all_failed(some)
    every = {s: "down" for s in ("traffic", "queries", "conversations", "analysis", "intelligence")}
    assert all_failed(insight(problems=every))


def test_a_range_with_both_ends() -> None:
    text = report_text(
        agent(), insight(since=date(2026, 11, 1), until=date(2026, 11, 20)), bars=False
    )
    assert text.splitlines()[0].endswith("from 2026-11-01 to 2026-11-20 (UTC)")
