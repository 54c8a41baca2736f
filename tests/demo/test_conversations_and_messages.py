"""Writes persist for the life of the server: conversations, messages, reactions; citations
and previews resolve; the clock stamps new records."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from cgpt_tui.demo.server import DemoServer

from .conftest import LUMEN, NORTHWIND, messages_path, new_conversation

PASSWORD = "How do I reset my password?"


def test_create_rename_delete_persist(http, demo_server) -> None:
    created = http.post(f"/api/v1/projects/{NORTHWIND}/conversations", json={"name": "Persist"})
    assert created.status_code == 201
    row = created.json()["data"]
    assert (row["name"], row["project_id"], row["created_by"]) == ("Persist", NORTHWIND, 1)
    session = row["session_id"]
    path = f"/api/v1/projects/{NORTHWIND}/conversations/{session}"
    for bad in ({"name": ""}, {"name": "   "}, {}, {"name": 7}, {"name": "x" * 256}):
        refused = http.put(path, json=bad)
        assert refused.status_code == 422 and refused.json()["status"] == "error"
    renamed = http.put(path, json={"name": "Renamed"})
    assert renamed.status_code == 200
    assert renamed.json()["data"]["session_id"] == session
    listed = http.get(f"/api/v1/projects/{NORTHWIND}/conversations", params={"name": "renamed"})
    assert [c["name"] for c in listed.json()["data"]["data"]] == ["Renamed"]
    assert demo_server.state.agents[NORTHWIND].conversations[session]["name"] == "Renamed"
    deleted = http.delete(path)
    assert deleted.json() == {"status": "success", "data": {"deleted": True}}
    assert http.get(f"{path}/messages").status_code == 404
    assert http.delete(path).status_code == 404
    total = http.get(f"/api/v1/projects/{NORTHWIND}/conversations").json()["data"]["total"]
    assert total == 28


def test_a_conversation_without_a_name_gets_one(http) -> None:
    created = http.post(f"/api/v1/projects/{LUMEN}/conversations")
    assert created.status_code == 201 and created.json()["data"]["name"] == "New conversation"


def test_sending_stores_the_message_and_counts_the_query(http) -> None:
    session = new_conversation(http)
    path = messages_path(NORTHWIND, session)
    before = http.get("/api/v1/limits/usage").json()["data"]["current_queries"]
    sent = http.post(
        path,
        params={"external_id": "ticket-42"},
        json={"prompt": PASSWORD},
        headers={"User-Agent": "demo-tests/1.0"},
    )
    assert sent.status_code == 200
    message = sent.json()["data"]
    assert message["user_query"] == PASSWORD and message["citations"] == [9001]
    assert message["metadata"] == {
        "user_ip": "127.0.0.1",
        "user_agent": "demo-tests/1.0",
        "external_id": "ticket-42",
        "request_source": "api",
    }
    assert message["response_feedback"] is None
    assert http.get(f"{path}/{message['id']}").json()["data"] == message
    listed = http.get(path).json()["data"]
    assert [m["id"] for m in listed["messages"]["data"]] == [message["id"]]
    assert listed["conversation"]["updated_at"] == message["created_at"]
    after = http.get("/api/v1/limits/usage").json()["data"]["current_queries"]
    assert after == before + 1


def test_no_cache_asks_again_as_a_new_message_and_is_recorded(http, demo_server) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    first = http.post(path, json={"prompt": PASSWORD}).json()["data"]
    again = []
    for header in ("no-cache", "No-Cache, max-age=0", "max-age=0", "no-store"):
        sent = http.post(path, json={"prompt": PASSWORD}, headers={"Cache-Control": header})
        assert sent.status_code == 200
        again.append(sent.json()["data"])
    # No answer cache to bypass: every ask is its own message with the answer retrieved anew.
    assert len({m["id"] for m in [first, *again]}) == 5
    assert {m["openai_response"] for m in again} == {first["openai_response"]}
    asked = [(r.prompt, r.no_cache) for r in list(demo_server.ask_log)[-5:]]
    flags = [False, True, True, False, False]
    assert asked == [(PASSWORD, flag) for flag in flags]


def test_bad_sends_are_400(http) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    for body in ({}, {"prompt": ""}, {"prompt": 5}, {"prompt": "x", "response_source": "web"}):
        refused = http.post(path, json=body)
        assert refused.status_code == 400 and refused.json()["data"]["code"] == 400
    assert http.post(path, content=b"{not json").status_code == 400
    too_long = http.post(path, params={"external_id": "x" * 129}, json={"prompt": "hi"})
    assert too_long.status_code == 400
    assert http.get(path).json()["data"]["messages"]["total"] == 0


def test_unknown_message_is_404(http) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    missing = http.get(f"{path}/999999")
    assert missing.status_code == 404
    assert missing.json()["data"]["message"] == "Conversation message with id 999999 not found"
    assert http.put(f"{path}/999999/feedback", json={"reaction": "liked"}).status_code == 404
    assert http.get(f"{path}/abc").status_code == 400


def test_reactions_persist_and_bad_ones_are_refused(http, demo_server) -> None:
    session = new_conversation(http)
    path = messages_path(NORTHWIND, session)
    message = http.post(path, json={"prompt": PASSWORD}).json()["data"]
    feedback = f"{path}/{message['id']}/feedback"
    liked = http.put(feedback, json={"reaction": "liked"})
    assert liked.status_code == 200
    first = liked.json()["data"]["response_feedback"]
    assert (first["reaction"], first["user_id"]) == ("liked", 1)
    disliked = http.put(feedback, json={"reaction": "disliked"}).json()["data"]
    assert disliked["response_feedback"]["reaction"] == "disliked"
    assert disliked["response_feedback"]["created_at"] == first["created_at"]
    for bad in ({"reaction": "love"}, {"reaction": ["liked"]}, {}):
        refused = http.put(feedback, json=bad)
        assert refused.status_code == 422
        assert refused.json()["data"]["message"] == "The selected reaction is invalid."
    stored = http.get(f"{path}/{message['id']}").json()["data"]
    assert stored["response_feedback"]["reaction"] == "disliked"
    http.put(feedback, json={"reaction": "neutral"})
    server_side = demo_server.state.agents[NORTHWIND].messages[session][0]
    assert server_side["response_feedback"]["reaction"] == "neutral"


def test_citations_resolve_to_open_graph_data(http) -> None:
    citation = http.get(f"/api/v1/projects/{NORTHWIND}/citations/9001").json()["data"]
    assert citation == {
        "id": 9001,
        "url": "https://help.northwind.example/account/reset-password",
        "title": "Reset your password",
        "description": "Forgot your Northwind password? Reset it from the sign-in page or "
        "from Settings in a couple of minutes.",
        "image": "https://help.northwind.example/og/reset-password.png",
    }
    bare = http.get(f"/api/v1/projects/{NORTHWIND}/citations/9006").json()["data"]
    assert bare["url"] and bare["title"] is None and bare["image"] is None
    missing = http.get(f"/api/v1/projects/{NORTHWIND}/citations/9101")  # another agent's
    assert missing.status_code == 404
    assert missing.json()["data"]["message"] == "Page with id 9101 not found"


def test_uploaded_files_preview_with_their_type_and_name(http, demo_server) -> None:
    types = {}
    for citation_id in (9101, 9102, 9103, 9104):
        citation = http.get(f"/api/v1/projects/{LUMEN}/citations/{citation_id}").json()["data"]
        assert citation["url"].startswith(f"{demo_server.base_url}/api/v1/preview/")
        preview = http.get(citation["url"])
        assert preview.status_code == 200
        disposition = preview.headers["content-disposition"]
        assert disposition.startswith('inline; filename="lumen-x100-')
        types[citation_id] = preview.headers["content-type"]
        assert len(preview.content) > 200
    assert types[9101] == "text/markdown; charset=utf-8"
    assert types[9103] == "text/plain; charset=utf-8"
    battery = http.get("/api/v1/preview/7001")
    assert battery.text.startswith("## Charging the battery\n") and "LB-40" in battery.text
    firmware = http.get("/api/v1/preview/7003").text
    assert firmware.startswith("Updating the firmware\n=====") and "X100FW.DAT" in firmware
    assert http.get("/api/v1/preview/424242").status_code == 404
    assert http.get("/api/v1/preview/abc").status_code == 400


def test_the_clock_stamps_new_records() -> None:
    fixed = datetime(2026, 11, 5, 14, 30, 15, tzinfo=UTC)
    with DemoServer(port=0, api_key="k", clock=lambda: fixed) as server:
        headers = {"Authorization": "Bearer k"}
        with httpx.Client(base_url=server.base_url, headers=headers) as http:
            conversation = http.post(f"/api/v1/projects/{NORTHWIND}/conversations").json()
            assert conversation["data"]["created_at"] == "2026-11-05T14:30:15.000000Z"
            path = messages_path(NORTHWIND, conversation["data"]["session_id"])
            message = http.post(path, json={"prompt": "hi"}).json()["data"]
            assert message["created_at"] == message["updated_at"] == "2026-11-05T14:30:15.000000Z"
            completion = http.post(
                f"/api/v1/projects/{NORTHWIND}/chat/completions",
                json={"messages": [{"role": "user", "content": "hi"}]},
            ).json()
            assert completion["created"] == int(fixed.timestamp())
