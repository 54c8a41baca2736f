"""The stand-in server seen through plain httpx: envelopes, paging, streams, faults."""

from __future__ import annotations

import json
import time

import httpx
import pytest

NORTHWIND = 103


@pytest.fixture
def http(demo_server):
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url, headers=headers, timeout=10) as client:
        yield client


def events(body: str) -> list[tuple[str, dict]]:
    found = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_missing_and_wrong_keys_get_the_exact_401_envelope(demo_server) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic test-key"}):
        response = httpx.get(f"{demo_server.base_url}/api/v1/projects", headers=headers)
        assert response.status_code == 401
        assert response.json() == {
            "status": "error",
            "url": f"{demo_server.base_url}/api/v1/projects",
            "data": {"code": 401, "message": "API Token is either missing or invalid"},
        }


def test_pagination_walks_every_page(http) -> None:
    seen, url = [], "/api/v1/projects/103/conversations"
    while url:
        page = http.get(url).json()["data"]
        assert page["per_page"] == 20 and page["total"] == 28
        assert page["from"] == (page["current_page"] - 1) * 20 + 1
        assert page["to"] == page["from"] + len(page["data"]) - 1
        seen += [row["session_id"] for row in page["data"]]
        url = page["next_page_url"]
    assert len(seen) == len(set(seen)) == 28
    empty = http.get("/api/v1/projects/103/conversations", params={"page": 9}).json()["data"]
    assert empty["data"] == [] and empty["from"] is None and empty["to"] is None
    assert empty["prev_page_url"].endswith("page=8") and empty["next_page_url"] is None


def test_bad_parameters_are_400_in_the_envelope(http) -> None:
    for params in ({"page": "x"}, {"order": "sideways"}, {"userFilter": "robots"}):
        response = http.get("/api/v1/projects/103/conversations", params=params)
        assert response.status_code == 400 and response.json()["status"] == "error"
    assert http.get("/api/v1/projects/abc").status_code == 400
    assert http.get("/api/v1/nowhere").json()["data"]["code"] == 404


def test_created_renamed_and_deleted_conversations_persist(http) -> None:
    created = http.post("/api/v1/projects/103/conversations", json={"name": "Persist"})
    assert created.status_code == 201
    session = created.json()["data"]["session_id"]
    path = f"/api/v1/projects/103/conversations/{session}"
    assert http.put(path, json={"name": ""}).status_code == 422
    assert http.put(path, json={"name": "Renamed"}).json()["data"]["name"] == "Renamed"
    listed = http.get("/api/v1/projects/103/conversations", params={"name": "renamed"})
    assert [c["session_id"] for c in listed.json()["data"]["data"]] == [session]
    assert http.delete(path).json() == {"status": "success", "data": {"deleted": True}}
    assert http.get(f"{path}/messages").status_code == 404


def test_streamed_answer_events_in_order_and_stored(http) -> None:
    session = http.post("/api/v1/projects/103/conversations", json={}).json()["data"]["session_id"]
    path = f"/api/v1/projects/103/conversations/{session}/messages"
    response = http.post(
        path,
        params={"stream": "true"},
        json={"prompt": "How do I turn on two-factor authentication?"},
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    found = events(response.text)
    assert [name for name, _ in found[:2]] == ["start", "progress"]
    assert found[1][1]["message"] == ""
    assert all(name == data["status"] for name, data in found)
    name, finish = found[-1]
    assert name == "finish" and finish["citations"] == [9002]
    text = "".join(data["message"] for name, data in found if name == "progress")
    stored = http.get(f"{path}/{finish['id']}").json()["data"]
    assert stored["openai_response"] == text and stored["metadata"]["request_source"] == "api"
    body_flag = http.post(path, json={"prompt": "plans", "stream": 1})
    assert body_flag.headers["content-type"].startswith("text/event-stream")


def test_retrieval_is_deterministic_and_cites_what_it_uses(http) -> None:
    session = http.post("/api/v1/projects/102/conversations", json={}).json()["data"]["session_id"]
    path = f"/api/v1/projects/102/conversations/{session}/messages"
    first = http.post(path, json={"prompt": "How do I update the firmware?"}).json()["data"]
    second = http.post(path, json={"prompt": "How do I update the firmware?"}).json()["data"]
    assert first["openai_response"] == second["openai_response"]
    assert first["citations"][0] == 9103 and "X100FW.DAT" in first["openai_response"]
    nonsense = http.post(path, json={"prompt": "qwxz plonk"}).json()["data"]
    assert nonsense["openai_response"] == "The X100 manual does not cover that."


def test_faults_over_http(http, demo_server) -> None:
    armed = http.post(
        "/__demo__/faults",
        json={
            "fail_next": {
                "n": 2,
                "status": 503,
                "message": "maintenance",
                "path": "/user",
                "retry_after": 4,
            },
        },
    )
    assert armed.status_code == 200
    assert http.get("/api/v1/projects").status_code == 200, "other paths are untouched"
    for _ in range(2):
        response = http.get("/api/v1/user")
        assert response.status_code == 503 and response.headers["retry-after"] == "4"
        assert response.json()["data"]["message"] == "maintenance"
    assert http.get("/api/v1/user").status_code == 200
    assert http.post("/__demo__/faults", json={"explode": {}}).status_code == 422
    http.post("/__demo__/faults", json={"fail_next": {"status": 500}})
    assert http.delete("/__demo__/faults").status_code == 200
    assert http.get("/api/v1/user").status_code == 200


def test_injected_control_characters_reach_the_stored_answer(http, demo_server) -> None:
    demo_server.faults.inject_control_chars("\x1b]52;c;UFdORUQ=\x07")
    session = http.post("/api/v1/projects/103/conversations", json={}).json()["data"]["session_id"]
    path = f"/api/v1/projects/103/conversations/{session}/messages"
    body = http.post(path, params={"stream": 1}, json={"prompt": "plans"}).text
    text = "".join(d["message"] for n, d in events(body) if n == "progress")
    assert "\x1b]52;c;UFdORUQ=\x07" in text


def test_pace_sets_the_streaming_speed(http, demo_server) -> None:
    session = http.post("/api/v1/projects/103/conversations", json={}).json()["data"]["session_id"]
    path = f"/api/v1/projects/103/conversations/{session}/messages"
    demo_server.pace = 0
    started = time.monotonic()
    fast = http.post(path, params={"stream": 1}, json={"prompt": "What plans do you offer?"})
    unpaced = time.monotonic() - started
    tokens = len(events(fast.text)) - 3
    demo_server.pace = 200
    started = time.monotonic()
    http.post(path, params={"stream": 1}, json={"prompt": "What plans do you offer?"})
    paced = time.monotonic() - started
    expected = tokens / 200
    assert paced >= expected * 0.8
    assert paced < expected * 3 + 1
    assert unpaced < paced


def test_stream_log_records_finished_streams(http, demo_server) -> None:
    session = http.post("/api/v1/projects/103/conversations", json={}).json()["data"]["session_id"]
    http.post(
        f"/api/v1/projects/103/conversations/{session}/messages",
        params={"stream": 1},
        json={"prompt": "plans"},
    )
    record = demo_server.stream_log[-1]
    assert record.finished and not record.client_disconnected and record.events_sent > 5


def test_server_stops_quickly_with_an_open_stream(demo_server) -> None:
    demo_server.faults.stall(30, after_events=2)
    client = httpx.Client(
        base_url=demo_server.base_url, headers={"Authorization": f"Bearer {demo_server.api_key}"}
    )
    session = client.post("/api/v1/projects/103/conversations", json={}).json()["data"][
        "session_id"
    ]
    with client.stream(
        "POST",
        f"/api/v1/projects/103/conversations/{session}/messages",
        params={"stream": 1},
        json={"prompt": "plans"},
    ) as response:
        lines = response.iter_lines()
        next(lines)
        started = time.monotonic()
        demo_server.stop()
        assert time.monotonic() - started < 5
    client.close()
