"""The five reports agree with what the conversation routes show: counted here from the
message lists over HTTP, for the seeded agents and after questions asked through the API."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import httpx

from .conftest import ACME, LUMEN, NORTHWIND, new_conversation
from .reports_helpers import (
    P,
    ask_in,
    error,
    get,
    intelligence,
    no_answer,
    report,
    shown,
)

UNCOVERED = "Can I pay with bitcoin?"


def _monday(stamp: str) -> str:
    day = date.fromisoformat(stamp[:10])
    return (day - timedelta(days=day.weekday())).isoformat()


def _expected(http: httpx.Client, agent_id: int) -> dict:
    """Every number of the reports, counted from the conversation and message routes."""
    rows = shown(http, agent_id)
    unanswered = no_answer(http, agent_id)
    failed = sum(1 for _, m in rows if m["openai_response"] == unanswered)
    conversations = {c["id"] for c, _ in rows}
    weeks: Counter[str] = Counter(_monday(m["created_at"]) for _, m in rows)
    week_talks: dict[str, set[int]] = {}
    for c, m in rows:
        week_talks.setdefault(_monday(m["created_at"]), set()).add(c["id"])
    return {
        "rows": rows,
        "total": len(rows),
        "failed": failed,
        "conversations": len(conversations),
        "sources": Counter(m["metadata"]["request_source"] for _, m in rows),
        "weeks": weeks,
        "week_talks": {week: len(ids) for week, ids in week_talks.items()},
    }


def _check_agreement(http: httpx.Client, agent_id: int) -> dict:
    want = _expected(http, agent_id)
    queries = report(http, agent_id, "queries")
    assert queries == {
        "total": want["total"],
        "query_status": [
            {"status": "success", "count": want["total"] - want["failed"]},
            {"status": "failed", "count": want["failed"]},
        ],
    }
    conversations = report(http, agent_id, "conversations")
    assert conversations["total"] == want["conversations"]
    average = round(want["total"] / want["conversations"], 2) if want["conversations"] else 0
    assert conversations["average_queries_per_conversation"] == average
    sources = report(http, agent_id, "traffic")["sources"]
    assert {s["request_source"]: s["request_source_number"] for s in sources} == want["sources"]
    assert sources == sorted(
        sources, key=lambda s: (-s["request_source_number"], s["request_source"])
    )
    series = report(http, agent_id, "analysis")
    counted = {p["created_at_interval"]: p["queries_number"] for p in series["queries"]}
    assert {week: n for week, n in counted.items() if n} == want["weeks"]
    talks = {p["created_at_interval"]: p["queries_number"] for p in series["conversations"]}
    assert {week: n for week, n in talks.items() if n} == want["week_talks"]
    rows = intelligence(http, agent_id)
    messages = {m["id"]: (c, m) for c, m in want["rows"]}
    assert len(rows) == len(messages) and {r["prompt_id"] for r in rows} == set(messages)
    for row in rows:
        conversation, message = messages[row["prompt_id"]]
        assert row["conversation_id"] == conversation["id"]
        assert row["project_id"] == agent_id
        assert (row["user_query"], row["ai_response"], row["created_at"]) == (
            message["user_query"],
            message["openai_response"],
            message["created_at"],
        )
        assert row["chatbot_deployment"] == message["metadata"]["request_source"]
        reaction = (message["response_feedback"] or {}).get("reaction")
        assert row["feedback"] == (reaction if reaction in ("liked", "disliked") else None)
    return want


def test_the_seeded_reports_agree_with_the_conversations(http) -> None:
    for agent_id in (NORTHWIND, LUMEN, ACME):
        _check_agreement(http, agent_id)
    northwind = _check_agreement(http, NORTHWIND)
    assert northwind["failed"] >= 5, "the demo shows questions the documents do not cover"
    assert set(northwind["sources"]) == {"web", "api", "embed", "iframe", "slack", "livechat"}
    assert northwind["sources"].most_common(1)[0][0] == "web"


def test_a_question_the_documents_do_not_cover_is_a_failed_query(http) -> None:
    before = _expected(http, NORTHWIND)
    session = new_conversation(http, NORTHWIND, "Uncovered")
    message = ask_in(http, NORTHWIND, session, UNCOVERED)
    assert message["openai_response"] == no_answer(http, NORTHWIND)
    assert "failed" not in message, "the flag is kept beside the message, not sent in it"
    after = _check_agreement(http, NORTHWIND)
    assert (after["total"], after["failed"]) == (before["total"] + 1, before["failed"] + 1)
    assert after["sources"]["api"] == before["sources"]["api"] + 1
    newest = report(http, NORTHWIND, "intelligence", ("limit", "1"))["data"][0]
    assert newest["prompt_id"] == message["id"]
    assert (newest["chatbot_deployment"], newest["browser"]) == ("api", "python-httpx")
    answered = ask_in(http, NORTHWIND, session, "How do I reset my password?")
    assert answered["openai_response"] != no_answer(http, NORTHWIND)
    # The flag is what happened when it was answered, whatever the setting says later.
    changed = http.post(f"{P}/{NORTHWIND}/settings", json={"no_answer_message": "Nope."})
    assert changed.status_code == 200
    queries = report(http, NORTHWIND, "queries")
    assert queries["query_status"] == [
        {"status": "success", "count": before["total"] - before["failed"] + 1},
        {"status": "failed", "count": before["failed"] + 1},
    ]


def test_reactions_show_as_intelligence_feedback(http) -> None:
    session = new_conversation(http, NORTHWIND, "Reactions")
    message = ask_in(http, NORTHWIND, session, "What plans do you offer?")
    feedback = f"{P}/{NORTHWIND}/conversations/{session}/messages/{message['id']}/feedback"

    def newest() -> dict:
        return report(http, NORTHWIND, "intelligence", ("limit", "1"))["data"][0]

    assert newest()["feedback"] is None
    for reaction, shown_as in (("liked", "liked"), ("disliked", "disliked"), ("neutral", None)):
        assert http.put(feedback, json={"reaction": reaction}).status_code == 200
        assert newest()["feedback"] == shown_as
    _check_agreement(http, NORTHWIND)


def test_openai_compatible_answers_are_api_openai_queries(http) -> None:
    before = _expected(http, LUMEN)
    completion = http.post(
        f"{P}/{LUMEN}/chat/completions",
        json={"messages": [{"role": "user", "content": UNCOVERED}]},
    )
    assert completion.status_code == 200, completion.text
    after = _check_agreement(http, LUMEN)
    assert after["sources"]["api-openai"] == 1
    assert (after["total"], after["failed"]) == (before["total"] + 1, before["failed"] + 1)
    assert after["conversations"] == before["conversations"] + 1
    known = {m["id"] for _, m in before["rows"]}
    [(conversation, message)] = [(c, m) for c, m in after["rows"] if m["id"] not in known]
    assert completion.json()["id"] == f"chatcmpl-{message['id']}"
    assert conversation["name"] == UNCOVERED[:60]


def test_an_unknown_agent_and_a_fault(demo_server, http) -> None:
    for name in ("traffic", "queries", "conversations", "analysis", "intelligence"):
        params = [("filters[]", "total")]
        assert error(get(http, 4242, name, params), 404) == "Agent with id 4242 not found"
    demo_server.faults.fail_next(status=500, path="/reports/")
    assert error(get(http, NORTHWIND, "intelligence"), 500) == "Internal Server Error"
    assert get(http, NORTHWIND, "intelligence").status_code == 200
