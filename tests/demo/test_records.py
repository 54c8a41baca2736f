"""The seed world and the shape of every record, as a client receives them."""

from __future__ import annotations

import re
import uuid

from .conftest import ACME, LUMEN, NORTHWIND, messages_path

DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$")
SEED_MONTHS = ("2026-10-", "2026-11-")


def all_pages(http, path: str, **params) -> list[dict]:
    rows, page = [], 1
    while True:
        body = http.get(path, params={**params, "page": page}).json()["data"]
        body = body.get("messages", body)
        rows += body["data"]
        if not body["next_page_url"]:
            return rows
        page += 1


def seed_messages(http) -> list[dict]:
    found = []
    for agent in (NORTHWIND, LUMEN, ACME):
        for conversation in all_pages(http, f"/api/v1/projects/{agent}/conversations"):
            found += all_pages(http, messages_path(agent, conversation["session_id"]))
    return found


def test_three_agents_with_distinct_settings(http) -> None:
    agents = {a["id"]: a for a in http.get("/api/v1/projects").json()["data"]["data"]}
    assert agents[NORTHWIND]["project_name"] == "Northwind Help Center"
    assert agents[LUMEN]["project_name"] == "Lumen X100 Manual"
    assert agents[ACME]["project_name"] == "Acme Intranet (archived)"
    assert [agents[i]["is_chat_active"] for i in (NORTHWIND, LUMEN, ACME)] == [True, True, False]
    assert agents[LUMEN]["type"] == "URL" and agents[NORTHWIND]["type"] == "SITEMAP"

    settings = {i: http.get(f"/api/v1/projects/{i}/settings").json()["data"] for i in agents}
    northwind = settings[NORTHWIND]
    assert northwind["example_questions"][0] == "How do I reset my password?"
    assert northwind["default_prompt"].startswith("Ask about your Northwind account")
    assert settings[LUMEN]["example_questions"] == []
    assert settings[LUMEN]["chatbot_model"] == "claude-3.5-sonnet"
    no_answers = {s["no_answer_message"] for s in settings.values()}
    assert len(no_answers) == 3
    assert all(s["markdown_enabled"] is True for s in settings.values())


def test_every_record_has_its_dates_in_the_usual_form(http) -> None:
    records = [
        http.get("/api/v1/user").json()["data"],
        *http.get("/api/v1/projects").json()["data"]["data"],
        *all_pages(http, f"/api/v1/projects/{NORTHWIND}/conversations"),
        *seed_messages(http),
    ]
    for record in records:
        for field in ("created_at", "updated_at"):
            assert DATE.match(record[field]), (field, record)
            assert record[field].startswith(SEED_MONTHS), "seed dates are in Oct-Nov 2026"
        feedback = record.get("response_feedback")
        if feedback:
            assert DATE.match(feedback["created_at"]) and DATE.match(feedback["updated_at"])


def test_ids_are_ints_and_session_ids_uuids(http) -> None:
    conversations = all_pages(http, f"/api/v1/projects/{NORTHWIND}/conversations")
    assert len(conversations) >= 25
    for conversation in conversations:
        assert type(conversation["id"]) is int and type(conversation["project_id"]) is int
        assert conversation["created_by"] is None or type(conversation["created_by"]) is int
        assert uuid.UUID(conversation["session_id"]).version == 5
    for message in seed_messages(http):
        assert type(message["id"]) is int and type(message["conversation_id"]) is int
        assert all(type(citation) is int for citation in message["citations"])
        assert set(message["metadata"]) == {
            "user_ip",
            "user_agent",
            "external_id",
            "request_source",
        }
        assert message["response_feedback"] is None or set(message["response_feedback"]) == {
            "created_at",
            "updated_at",
            "user_id",
            "reaction",
        }


def test_seed_answers_are_markdown_with_citations_and_reactions(http) -> None:
    messages = seed_messages(http)
    answers = "\n".join(m["openai_response"] for m in messages)
    assert "| Plan | Price per seat |" in answers, "a table"
    assert "```bash" in answers, "a code block"
    assert "\n1. " in answers and "\n- " in answers, "numbered and bulleted lists"
    assert "\n\n" in answers, "paragraphs"
    reactions = {m["response_feedback"]["reaction"] for m in messages if m["response_feedback"]}
    assert {"liked", "disliked"} <= reactions
    assert sum(1 for m in messages if m["citations"]) > 40
    assert any(not m["citations"] for m in messages), "a question the documents do not answer"
    sources = {m["metadata"]["request_source"] for m in messages}
    assert sources == {"web", "api", "embed", "iframe", "slack", "livechat"}


def test_the_long_conversation_and_who_started_which(http) -> None:
    conversations = all_pages(http, f"/api/v1/projects/{NORTHWIND}/conversations")
    onboarding = next(c for c in conversations if c["name"] == "Onboarding the support team")
    assert onboarding["session_id"] == "df23d71a-8454-576f-bbd2-d045bdb68007"
    messages = all_pages(http, messages_path(NORTHWIND, onboarding["session_id"]))
    assert len(messages) == 46
    assert {m["conversation_id"] for m in messages} == {onboarding["id"]}
    owners = {c["created_by"] for c in conversations}
    assert owners == {None, 1, 2, 3}


def test_user_limits_and_stats(http) -> None:
    user = http.get("/api/v1/user").json()["data"]
    assert (user["id"], user["name"], user["email"]) == (1, "Dana Demo", "dana@northwind.example")
    assert set(user) == {
        "id",
        "name",
        "email",
        "current_team_id",
        "profile_photo_url",
        "created_at",
        "updated_at",
    }
    limits = http.get("/api/v1/limits/usage").json()["data"]
    assert limits["current_projects_num"] == 3
    assert all(type(value) is int for value in limits.values()) and len(limits) == 6
    assert limits["current_queries"] < limits["max_queries"]
    stats = http.get(f"/api/v1/projects/{LUMEN}/stats").json()["data"]
    assert stats["pages_indexed"] == 6 and stats["total_words_indexed"] > 300
    assert stats["total_queries"] == 4  # one seeded question per Lumen conversation


def test_bulk_seeding_for_benchmarks(http, demo_server) -> None:
    state = demo_server.state
    agent_ids = state.add_bulk_agents(30)
    assert len(agent_ids) == 30 and http.get("/api/v1/projects").json()["data"]["total"] == 33
    assert http.get("/api/v1/limits/usage").json()["data"]["current_projects_num"] == 33
    sessions = state.add_bulk_conversations(agent_ids[0], 45)
    listed = http.get(f"/api/v1/projects/{agent_ids[0]}/conversations").json()["data"]
    assert listed["total"] == 45 and listed["last_page"] == 3
    ids = state.add_bulk_messages(agent_ids[0], sessions[0], 250)
    page = http.get(messages_path(agent_ids[0], sessions[0])).json()["data"]["messages"]
    assert page["total"] == 250 and page["data"][0]["id"] == ids[-1]
    assert page["data"][0]["user_query"] == "Question 250"
