"""Each fault switch, set from Python and over HTTP, seen by a plain HTTP client."""

from __future__ import annotations

import itertools
import json
import threading
import time

import httpx
import pytest

from cgpt_tui.demo.faults import DEFAULT_INJECTION

from .conftest import NORTHWIND, joined_text, message_events, messages_path, new_conversation

PASSWORD = "How do I reset my password?"
NOTHING_ARMED = {"requests": [], "delays": [], "streams": [], "injections": []}


def stream_lines(http, path: str, prompt: str = PASSWORD) -> list[str]:
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": prompt}) as reply:
        return list(reply.iter_lines())


def blocks(lines: list[str]) -> list[list[str]]:
    """Lines grouped into events (a blank line ends one)."""
    found, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


# ---------------------------------------------------------------------- request faults


def test_fail_next_answers_matching_requests_with_the_error(http, demo_server) -> None:
    demo_server.faults.fail_next(
        n=2, status=503, message="Down for maintenance", path="/user", retry_after=4
    )
    assert http.get("/api/v1/projects").status_code == 200, "other paths are untouched"
    for _ in range(2):
        failed = http.get("/api/v1/user")
        assert failed.status_code == 503 and failed.headers["retry-after"] == "4"
        assert failed.json() == {
            "status": "error",
            "url": f"{demo_server.base_url}/api/v1/user",
            "data": {"code": 503, "message": "Down for maintenance"},
        }
    assert http.get("/api/v1/user").status_code == 200


def test_fail_next_path_may_be_a_regular_expression(http, demo_server) -> None:
    demo_server.faults.fail_next(status=429, message="slow down", path=r"/projects/\d+/settings$")
    assert http.get(f"/api/v1/projects/{NORTHWIND}").status_code == 200
    limited = http.get(f"/api/v1/projects/{NORTHWIND}/settings")
    assert limited.status_code == 429 and "retry-after" not in limited.headers
    assert http.get(f"/api/v1/projects/{NORTHWIND}/settings").status_code == 200


def test_delay_next_answers_matching_requests_late_and_unchanged(http, demo_server) -> None:
    demo_server.faults.delay_next(0.4, path="/projects$")
    started = time.monotonic()
    assert http.get("/api/v1/user").status_code == 200, "other paths are untouched"
    assert time.monotonic() - started < 0.3
    started = time.monotonic()
    late = http.get("/api/v1/projects")
    assert time.monotonic() - started >= 0.4
    assert late.status_code == 200 and late.json()["data"]["data"], "the answer itself is normal"
    started = time.monotonic()
    assert http.get("/api/v1/projects").status_code == 200
    assert time.monotonic() - started < 0.3, "only the next one was held"
    assert demo_server.faults.pending() == NOTHING_ARMED


def test_a_missing_key_is_still_401_and_leaves_the_fault_armed(demo_server, http) -> None:
    demo_server.faults.fail_next(status=500, message="boom")
    assert httpx.get(f"{demo_server.base_url}/api/v1/user").status_code == 401
    assert http.get("/api/v1/user").json()["data"]["message"] == "boom"
    assert http.get("/api/v1/user").status_code == 200


def test_request_faults_are_shared_exactly_between_threads(demo_server) -> None:
    demo_server.faults.fail_next(n=25, status=500, message="boom", path="/limits")
    statuses: list[int] = []
    lock = threading.Lock()

    def hammer() -> None:
        headers = {"Authorization": f"Bearer {demo_server.api_key}"}
        with httpx.Client(base_url=demo_server.base_url, headers=headers) as client:
            for _ in range(10):
                status = client.get("/api/v1/limits/usage").status_code
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(500) == 25 and statuses.count(200) == 55


# ---------------------------------------------------------------------- stream faults


def test_cut_stream_ends_the_body_abruptly_after_k_events(http, demo_server) -> None:
    demo_server.faults.cut_stream_after(5, streams=2)
    path = messages_path(NORTHWIND, new_conversation(http))
    for _ in range(2):
        received: list[str] = []
        with (
            pytest.raises(httpx.RemoteProtocolError),
            http.stream("POST", path, params={"stream": 1}, json={"prompt": PASSWORD}) as reply,
        ):
            for line in reply.iter_lines():
                received.append(line)
        assert len(blocks(received)) == 5
        assert not any("finish" in line for line in received)
        record = demo_server.stream_log[-1]
        assert record.cut and record.events_sent == 5 and not record.finished
        assert not record.client_disconnected
    assert any("finish" in line for line in stream_lines(http, path)), "only two streams"


def test_malformed_event_is_a_data_line_that_is_not_json(http, demo_server) -> None:
    demo_server.faults.malformed_event(at=3)
    path = messages_path(NORTHWIND, new_conversation(http))
    events = blocks(stream_lines(http, path))
    data = [line.removeprefix("data: ") for event in events for line in event[1:]]
    with pytest.raises(json.JSONDecodeError):
        json.loads(data[2])
    good = [
        (e[0].removeprefix("event: "), json.loads(d))
        for index, (e, d) in enumerate(zip(events, data, strict=True))
        if index != 2
    ]
    finish = good[-1][1]
    assert good[-1][0] == "finish"
    stored = http.get(f"{path}/{finish['id']}").json()["data"]["openai_response"]
    assert joined_text(good) == stored, "the malformed event is extra: no text is lost"
    record = demo_server.stream_log[-1]
    assert record.malformed and record.finished and record.events_sent == len(events)


def test_stall_before_the_first_event(http, demo_server) -> None:
    demo_server.faults.stall(0.4)
    path = messages_path(NORTHWIND, new_conversation(http))
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": "plans"}) as reply:
        started = time.monotonic()
        first = next(reply.iter_lines())
        waited = time.monotonic() - started
    assert first == "event: start" and 0.35 < waited < 1.5


def test_stall_after_k_events(http, demo_server) -> None:
    demo_server.faults.stall(0.4, after_events=3)
    path = messages_path(NORTHWIND, new_conversation(http))
    stamps = []
    with http.stream("POST", path, params={"stream": 1}, json={"prompt": "plans"}) as reply:
        for line in reply.iter_lines():
            if line.startswith("event:"):
                stamps.append(time.monotonic())
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    assert gaps.index(max(gaps)) == 2 and 0.35 < max(gaps) < 1.5  # between events 3 and 4
    assert demo_server.stream_log[-1].finished


def test_error_event_mid_stream_then_the_end(http, demo_server) -> None:
    demo_server.faults.error_event(at=4, message="The agent is taking a siesta.")
    path = messages_path(NORTHWIND, new_conversation(http))
    events = message_events("\n".join(stream_lines(http, path)))
    assert [name for name, _ in events] == ["start", "progress", "progress", "error"]
    assert events[-1][1] == {"status": "error", "message": "The agent is taking a siesta."}
    record = demo_server.stream_log[-1]
    assert record.failed and not record.finished and not record.cut


def test_completion_streams_take_stream_faults_too(http, demo_server) -> None:
    url = f"/api/v1/projects/{NORTHWIND}/chat/completions"
    body = {"stream": True, "messages": [{"role": "user", "content": PASSWORD}]}
    demo_server.faults.error_event(at=3, message="nope")
    lines = [line for line in http.post(url, json=body).text.split("\n") if line]
    assert json.loads(lines[-1].removeprefix("data: ")) == {
        "error": {"message": "nope", "type": "server_error"}
    }
    demo_server.faults.cut_stream_after(2)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(url, json=body)
    assert demo_server.stream_log[-1].cut and demo_server.stream_log[-1].kind == "completion"


def test_injected_control_characters_reach_every_kind_of_answer(http, demo_server) -> None:
    path = messages_path(NORTHWIND, new_conversation(http))
    demo_server.faults.inject_control_chars(answers=2)
    plain = http.post(path, json={"prompt": PASSWORD}).json()["data"]["openai_response"]
    assert DEFAULT_INJECTION in plain and "\x1b]52;" in plain and "\x9b" in plain
    events = message_events(http.post(path, params={"stream": 1}, json={"prompt": PASSWORD}).text)
    streamed = joined_text(events)
    assert DEFAULT_INJECTION in streamed
    assert http.get(f"{path}/{events[-1][1]['id']}").json()["data"]["openai_response"] == streamed
    clean = http.post(path, json={"prompt": PASSWORD}).json()["data"]["openai_response"]
    assert "\x1b" not in clean and clean == plain.replace(DEFAULT_INJECTION, "")
    demo_server.faults.inject_control_chars("\x1b[31m[@click=app.quit]red")
    completion = http.post(
        f"/api/v1/projects/{NORTHWIND}/chat/completions",
        json={"messages": [{"role": "user", "content": PASSWORD}]},
    ).json()
    assert "\x1b[31m[@click=app.quit]red" in completion["choices"][0]["message"]["content"]


def test_clear_disarms_everything(http, demo_server) -> None:
    faults = demo_server.faults
    faults.fail_next(n=5)
    faults.cut_stream_after(1)
    faults.inject_control_chars()
    faults.delay_next(5)
    assert len(faults.pending()["requests"]) == 1
    assert faults.pending()["delays"] == [{"remaining": 1, "seconds": 5.0, "path": None}]
    faults.clear()
    assert faults.pending() == NOTHING_ARMED
    assert http.get("/api/v1/user").status_code == 200
    path = messages_path(NORTHWIND, new_conversation(http))
    assert demo_server.stream_log == []
    assert any("finish" in line for line in stream_lines(http, path))


def test_bad_switch_arguments_are_refused_in_python(demo_server) -> None:
    faults = demo_server.faults
    with pytest.raises(ValueError):
        faults.fail_next(n=0)
    with pytest.raises(ValueError):
        faults.fail_next(status=200)
    with pytest.raises(ValueError):
        faults.stall(-1)
    with pytest.raises(ValueError):
        faults.malformed_event(at=0)
    with pytest.raises(ValueError):
        faults.delay_next(-1)
    with pytest.raises(ValueError):
        faults.delay_next(1, n=0)
    assert faults.pending() == NOTHING_ARMED


# ---------------------------------------------------------------------- over HTTP


def test_faults_over_http(http, demo_server) -> None:
    armed = http.post(
        "/__demo__/faults",
        json={
            "fail_next": {"n": 1, "status": 429, "message": "credits", "path": "/messages"},
            "cut_stream_after": {"events": 3},
            "inject_control_chars": {"text": "\x07"},
            "delay_next": {"seconds": 0.2, "path": "/user$"},
        },
    )
    assert armed.status_code == 200
    pending = http.get("/__demo__/faults").json()["data"]
    assert pending["requests"][0]["status"] == 429 and pending["streams"][0]["cut_after"] == 3
    assert pending["injections"] == ["\x07"]
    assert pending["delays"] == [{"remaining": 1, "seconds": 0.2, "path": "/user$"}]
    path = messages_path(NORTHWIND, new_conversation(http))
    assert http.post(path, json={"prompt": "plans"}).status_code == 429
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(path, params={"stream": 1}, json={"prompt": "plans"})
    assert demo_server.stream_log[-1].cut and demo_server.stream_log[-1].events_sent == 3
    http.post("/__demo__/faults", json={"fail_next": {"n": 3}, "stall": {"seconds": 9}})
    cleared = http.delete("/__demo__/faults")
    assert cleared.json()["data"] == NOTHING_ARMED
    assert http.get("/api/v1/user").status_code == 200


@pytest.mark.parametrize(
    "spec",
    [
        {"explode": {}},
        {"fail_next": {"status": "bad"}},
        {"fail_next": {"n": 1, "colour": "red"}},
        {"stall": 3},
        {"delay_next": {"seconds": "long"}},
        {"cut_stream_after": {"events": 2}, "error_event": {"at": -1}},
    ],
)
def test_bad_fault_specs_are_422_and_arm_nothing(http, demo_server, spec) -> None:
    refused = http.post("/__demo__/faults", json=spec)
    assert refused.status_code == 422 and refused.json()["status"] == "error"
    assert demo_server.faults.pending() == NOTHING_ARMED


def test_fault_routes_need_the_key_and_are_never_failed(http, demo_server) -> None:
    plain = httpx.post(f"{demo_server.base_url}/__demo__/faults", json={"fail_next": {}})
    assert plain.status_code == 401
    demo_server.faults.fail_next(n=1, status=500)
    assert http.get("/__demo__/faults").status_code == 200
    assert http.get("/api/v1/user").status_code == 500
