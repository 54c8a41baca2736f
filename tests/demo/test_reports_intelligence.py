"""Customer intelligence: Laravel pages (limit at most 100), newest first, the guessed fields;
and the failed flag surviving a restart with `--data`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .conftest import NORTHWIND, new_conversation
from .reports_helpers import ask_in, error, get, intelligence, report, served, shown

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_pages_of_at_most_100_newest_first() -> None:
    with served() as (server, http):
        state = server.state
        agent = state.add_agent("Paged", folder="northwind")
        session = state.add_conversation(agent, "Many", created_by=1, when=START)["session_id"]
        ids = state.add_bulk_messages(
            agent.id, session, 240, start=START, spacing=timedelta(hours=1)
        )
        same_time = state.add_bulk_messages(
            agent.id, session, 10, start=START - timedelta(days=1), spacing=timedelta(0)
        )
        first = report(http, agent.id, "intelligence")
        assert (first["per_page"], first["total"], first["last_page"]) == (100, 250, 3)
        assert (first["from"], first["to"], first["current_page"]) == (1, 100, 1)
        assert first["next_page_url"].endswith("?page=2") and first["prev_page_url"] is None
        rows = intelligence(http, agent.id)
        assert [r["prompt_id"] for r in rows] == [*reversed(ids), *reversed(same_time)]
        stamps = [r["created_at"] for r in rows]
        assert stamps == sorted(stamps, reverse=True)
        last = report(http, agent.id, "intelligence", ("page", "3"))
        assert (len(last["data"]), last["from"], last["to"]) == (50, 201, 250)
        assert last["next_page_url"] is None
        past = report(http, agent.id, "intelligence", ("page", "4"))
        assert (past["data"], past["from"], past["to"], past["total"]) == ([], None, None, 250)
        small = report(http, agent.id, "intelligence", ("limit", "7"), ("page", "2"))
        assert [r["prompt_id"] for r in small["data"]] == [r["prompt_id"] for r in rows[7:14]]
        assert (small["per_page"], small["last_page"]) == (7, 36)
        for limit in ("101", "0", "-1", "many"):
            message = error(get(http, agent.id, "intelligence", {"limit": limit}))
            assert "limit" in message
        assert "page" in error(get(http, agent.id, "intelligence", {"page": "x"}))


def test_the_rows_guessed_fields(http) -> None:
    session = new_conversation(http, NORTHWIND, "Guesses")
    cases = [
        ("Hello there", "greeting", "neutral"),
        ("Thanks, that was helpful", "feedback", "positive"),
        ("The export is broken again", "complaint", "negative"),
        ("What plans do you offer?", "question", "neutral"),
        ("Why does the mobile app not sync?", "question", "negative"),
    ]
    for question, _, _ in cases:
        ask_in(http, NORTHWIND, session, question)
    rows = report(http, NORTHWIND, "intelligence", ("limit", str(len(cases))))["data"]
    for row, (question, intent, emotion) in zip(reversed(rows), cases, strict=True):
        assert row["user_query"] == question
        assert (row["user_intent"], row["user_emotion"]) == (intent, emotion), question
        assert row["language"] == "en" and row["user_location"] is None
    plans = next(r for r in rows if r["user_query"] == "What plans do you offer?")
    assert plans["content_source"] == "own_content"
    seeded = {r["browser"] for r in report(http, NORTHWIND, "intelligence")["data"]}
    assert {"Safari", "Chrome", "python-httpx"} <= seeded
    browsers = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0": "Firefox",
        "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/130.0 Edg/130.0": "Edge",
        "cgpt-tui/0.9.0": "cgpt-tui",
    }
    for user_agent, name in browsers.items():
        sent = http.post(
            f"/api/v1/projects/{NORTHWIND}/conversations/{session}/messages",
            json={"prompt": "Where can I download invoices?"},
            headers={"User-Agent": user_agent},
        )
        assert sent.status_code == 200
        newest = report(http, NORTHWIND, "intelligence", ("limit", "1"))["data"][0]
        assert newest["browser"] == name


def test_the_failed_flag_survives_a_restart(tmp_path: Path) -> None:
    with served(tmp_path) as (_, http):
        before = report(http, NORTHWIND, "queries")["query_status"]
        session = new_conversation(http, NORTHWIND, "Kept")
        failed = ask_in(http, NORTHWIND, session, "Can I pay with bitcoin?")
        ask_in(http, NORTHWIND, session, "How do I export my data?")
        after = report(http, NORTHWIND, "queries")["query_status"]
    assert after == [
        {"status": "success", "count": before[0]["count"] + 1},
        {"status": "failed", "count": before[1]["count"] + 1},
    ]
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    [northwind] = [a for a in saved["agents"] if a["row"]["id"] == NORTHWIND]
    assert failed["id"] in northwind["failed"]
    rows = [row for rows in northwind["messages"].values() for row in rows]
    assert not any("failed" in row for row in rows), "no unknown PromptHistory field"
    with served(tmp_path) as (_, http):
        assert report(http, NORTHWIND, "queries")["query_status"] == after
        kept = [m for _, m in shown(http, NORTHWIND) if m["id"] == failed["id"]]
        assert kept == [failed]
        deleted = http.delete(f"/api/v1/projects/{NORTHWIND}/conversations/{session}")
        assert deleted.status_code == 200
        assert report(http, NORTHWIND, "queries")["query_status"] == before
