"""Streamed answers: the event format, what is stored, the pace, the OpenAI-compatible
stream, and what the server's stream log sees when a client leaves or the server stops."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from .conftest import (
    LUMEN,
    NORTHWIND,
    joined_text,
    message_events,
    messages_path,
    new_conversation,
    sse_events,
    wait_for,
)

PASSWORD = "How do I reset my password?"
RATE_LIMITS = "What are the API rate limits?"


def test_a_streamed_answer_is_start_progress_finish(http, demo_server) -> None:
    session = new_conversation(http)
    path = messages_path(NORTHWIND, session)
    response = http.post(path, params={"stream": "true"}, json={"prompt": PASSWORD})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    events = message_events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "finish"
    assert set(names[1:-1]) == {"progress"} and len(names) > 100
    assert all(name == data["status"] for name, data in events)
    assert events[0][1] == {"status": "start", "prompt": PASSWORD}
    assert events[1][1] == {"status": "progress", "message": ""}
    finish = events[-1][1]
    assert set(finish) == {"status", "id", "created_at", "session_id", "citations"}
    assert finish["session_id"] == session and finish["citations"] == [9001]
    stored = http.get(f"{path}/{finish['id']}").json()["data"]
    assert stored["openai_response"] == joined_text(events)
    assert stored["created_at"] == finish["created_at"] and stored["citations"] == [9001]
    citation = http.get(f"/api/v1/projects/{NORTHWIND}/citations/9001").json()["data"]
    assert citation["title"] == "Reset your password"
    record = demo_server.stream_log[-1]
    assert record.path == path and record.kind == "message"
    assert record.events_sent == len(events) and record.finished and record.ended
    assert not (record.client_disconnected or record.cut or record.failed)


@pytest.mark.parametrize(
    ("params", "body_flag"),
    [({"stream": "1"}, None), ({"stream": "TRUE"}, None), ({}, True), ({}, 1), ({}, "true")],
)
def test_stream_is_on_for_a_truthy_flag_in_query_or_body(http, params, body_flag) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    body = {"prompt": "plans"} if body_flag is None else {"prompt": "plans", "stream": body_flag}
    response = http.post(path, params=params, json=body)
    assert response.headers["content-type"].startswith("text/event-stream")


@pytest.mark.parametrize(("params", "body_flag"), [({"stream": "0"}, None), ({}, False)])
def test_stream_is_off_for_a_falsy_flag(http, params, body_flag) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    response = http.post(path, params=params, json={"prompt": "plans", "stream": body_flag})
    assert response.headers["content-type"] == "application/json"


def test_an_unanswerable_question_streams_the_no_answer_message(http) -> None:
    path = messages_path(LUMEN, new_conversation(http, LUMEN))
    events = message_events(http.post(path, params={"stream": 1}, json={"prompt": "zzz"}).text)
    assert joined_text(events) == "The X100 manual does not cover that."
    assert events[-1][1]["citations"] == []


def test_chat_completion_is_a_bare_openai_object(http) -> None:
    response = http.post(
        f"/api/v1/projects/{NORTHWIND}/chat/completions",
        json={
            "model": "ignored",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": PASSWORD},
            ],
        },
    )
    assert response.status_code == 200
    completion = response.json()
    assert "status" not in completion and isinstance(completion["id"], str)
    assert completion["object"] == "chat.completion" and isinstance(completion["created"], int)
    choice = completion["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["finish_reason"] == "stop"
    assert "Forgot password?" in choice["message"]["content"]
    usage = completion["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"]) == (0, 0, 0)
    refused = http.post(f"/api/v1/projects/{NORTHWIND}/chat/completions", json={"messages": []})
    assert refused.status_code == 400 and refused.json()["status"] == "error"
    missing = http.post("/api/v1/projects/4242/chat/completions", json={"messages": []})
    assert missing.json()["data"]["message"] == "Agent with id 4242 not found"


def test_a_streamed_chat_completion_is_chunks_then_done(http, demo_server) -> None:
    url = f"/api/v1/projects/{NORTHWIND}/chat/completions"
    question = {"messages": [{"role": "user", "content": PASSWORD}]}
    whole = http.post(url, json=question).json()["choices"][0]["message"]["content"]
    response = http.post(url, json={**question, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    assert all(name is None for name, _ in events)
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert {chunk["object"] for chunk in chunks} == {"chat.completion.chunk"}
    assert len({chunk["id"] for chunk in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    text = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in chunks)
    assert text == whole
    record = demo_server.stream_log[-1]
    assert record.kind == "completion" and record.finished and record.events_sent == len(events)


def test_pace_sets_tokens_per_second(http, demo_server) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    events = message_events(
        http.post(path, params={"stream": 1}, json={"prompt": RATE_LIMITS}).text
    )
    paced_events = len(events) - 2  # every token and the finish wait their turn
    assert 40 < paced_events < 80
    demo_server.pace = 50
    started = time.monotonic()
    again = http.post(path, params={"stream": 1}, json={"prompt": RATE_LIMITS})
    took = time.monotonic() - started
    assert joined_text(message_events(again.text)) == joined_text(events)
    expected = paced_events / 50
    assert expected * 0.9 < took < expected * 1.6 + 0.3
    demo_server.pace = 0
    started = time.monotonic()
    http.post(path, params={"stream": 1}, json={"prompt": RATE_LIMITS})
    assert time.monotonic() - started < expected / 4


def test_pace_changes_take_effect_mid_stream(http, demo_server) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    demo_server.pace = 2  # a token every half second: the whole answer would take ~30 s
    started = time.monotonic()
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": RATE_LIMITS}) as reply:
        lines = reply.iter_lines()
        for line in lines:
            if line.startswith("data:") and '"message": ""' in line:
                break
        demo_server.pace = 0
        rest = list(lines)
    assert time.monotonic() - started < 3 and rest[-2].startswith('data: {"status": "finish"')


def test_a_client_that_leaves_is_seen_as_disconnected_within_a_second(http, demo_server) -> None:
    demo_server.pace = 10
    path = messages_path(NORTHWIND, new_conversation(http))
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": PASSWORD}) as reply:
        lines = reply.iter_lines()
        assert next(lines) == "event: start"
        record = demo_server.stream_log[-1]
        assert not record.ended
    left = time.monotonic()
    assert wait_for(lambda: record.client_disconnected and record.ended, timeout=1.0)
    assert time.monotonic() - left < 1.0
    assert not record.finished and record.events_sent < 10


def test_leaving_during_a_stall_is_seen_at_once(http, demo_server) -> None:
    demo_server.faults.stall(30, after_events=2)
    path = messages_path(NORTHWIND, new_conversation(http))
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": PASSWORD}) as reply:
        lines = reply.iter_lines()
        received = [next(lines) for _ in range(5)]  # start, blank, the empty progress
        assert received[-1] == 'data: {"status": "progress", "message": ""}'
        record = demo_server.stream_log[-1]
    assert wait_for(lambda: record.client_disconnected, timeout=1.0)
    assert record.events_sent == 2 and not record.finished


def test_stopping_the_server_ends_open_streams_at_once(demo_server) -> None:
    demo_server.faults.stall(30, after_events=2)
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=demo_server.base_url, headers=headers) as http:
        path = messages_path(NORTHWIND, new_conversation(http))
        with http.stream("POST", path, params={"stream": 1}, json={"prompt": "plans"}) as reply:
            lines = reply.iter_lines()
            next(lines)
            started = time.monotonic()
            demo_server.stop()
            assert time.monotonic() - started < 1.0
            with pytest.raises(httpx.RemoteProtocolError):
                list(lines)
    record = demo_server.stream_log[-1]
    assert record.server_stopped and record.cut and not record.finished
    assert not demo_server.running
