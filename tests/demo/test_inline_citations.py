"""Inline citation markers: `[n]` refers to the answer's n-th citation, numbered in the order
the answer first uses its sources; on with the agent's `enable_inline_citations_api` setting,
and on the OpenAI-compatible endpoint with the request's `is_inline_citation`. A streamed
answer carries the same text as its message record."""

from __future__ import annotations

import json
import re

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
)

MARKER = re.compile(r" \[(\d+)\]")
EXPORT = "Can I export my data with an API token?"
COMPLETIONS = f"/api/v1/projects/{NORTHWIND}/chat/completions"


def turn_inline(http: httpx.Client, on: bool, agent_id: int = NORTHWIND) -> None:
    response = http.post(
        f"/api/v1/projects/{agent_id}/settings",
        files={"enable_inline_citations_api": (None, "true" if on else "false")},
    )
    assert response.json() == {"status": "success", "data": {"updated": True}}


def ask(http: httpx.Client, question: str, agent_id: int = NORTHWIND) -> dict:
    path = messages_path(agent_id, new_conversation(http, agent_id))
    response = http.post(path, json={"prompt": question})
    assert response.status_code == 200
    return response.json()["data"]


def outside_code(text: str) -> str:
    return re.sub(r"```.*?```", "", text, flags=re.DOTALL)


def markers(text: str) -> list[int]:
    return [int(number) for number in MARKER.findall(text)]


def assert_marked_in_citation_order(text: str, cited: list[int]) -> None:
    found = markers(text)
    assert found, "no markers"
    assert found == markers(outside_code(text)), "no marker inside a code block"
    first_seen = list(dict.fromkeys(found))
    assert first_seen == list(range(1, len(cited) + 1)), "1, 2, … in the order of citations"


def test_markers_follow_the_setting(http) -> None:
    plain = ask(http, EXPORT)
    assert markers(plain["openai_response"]) == []
    turn_inline(http, True)
    marked = ask(http, EXPORT)
    assert marked["citations"] == plain["citations"] == [9004, 9005]
    text = marked["openai_response"]
    assert_marked_in_citation_order(text, marked["citations"])
    assert markers(text) == [1, 1, 2]  # two sections of the export page, then the token page
    assert "store it in a password manager. [2]" in text
    assert "seven days. [1]" in text and "```bash" in text
    assert MARKER.sub("", text) == plain["openai_response"], "the same answer, marked"
    turn_inline(http, False)
    assert ask(http, EXPORT)["openai_response"] == plain["openai_response"]


@pytest.mark.parametrize(
    ("agent_id", "question"),
    [
        (NORTHWIND, "What can you help me with?"),
        (NORTHWIND, "What can you tell me about this product?"),
        (NORTHWIND, "What plans do you offer and where are invoices?"),
        (LUMEN, "How do I take sharp photos at night?"),
    ],
)
def test_every_kind_of_cited_answer_is_marked(http, agent_id: int, question: str) -> None:
    turn_inline(http, True, agent_id)
    message = ask(http, question, agent_id)
    assert message["citations"]
    assert_marked_in_citation_order(message["openai_response"], message["citations"])


def test_an_overview_marks_each_listed_document(http) -> None:
    turn_inline(http, True)
    message = ask(http, "what can you help me with?")
    items = [line for line in message["openai_response"].splitlines() if line.startswith("- ")]
    assert [markers(item) for item in items] == [[n] for n in range(1, 7)]
    assert all(item.endswith(f" [{n}]") for n, item in enumerate(items, start=1))


def test_small_talk_and_no_answer_carry_no_markers(http) -> None:
    turn_inline(http, True)
    for question in ("hi", "thanks", "What is the capital of Mongolia?"):
        message = ask(http, question)
        assert message["citations"] == [] and markers(message["openai_response"]) == []


def test_a_streamed_answer_is_the_marked_text_of_its_record(http) -> None:
    turn_inline(http, True)
    session = new_conversation(http)
    path = messages_path(NORTHWIND, session)
    events = message_events(http.post(path, params={"stream": 1}, json={"prompt": EXPORT}).text)
    streamed = joined_text(events)
    finish = events[-1][1]
    kept = http.get(f"{path}/{finish['id']}").json()["data"]
    assert streamed == kept["openai_response"]
    assert finish["citations"] == kept["citations"] == [9004, 9005]
    assert_marked_in_citation_order(streamed, finish["citations"])


def completion(http: httpx.Client, question: str, **extra: object) -> str:
    body = {"messages": [{"role": "user", "content": question}], **extra}
    response = http.post(COMPLETIONS, json=body)
    assert response.status_code == 200
    return response.json()["choices"][0]["message"]["content"]


def test_the_completions_endpoint_marks_when_the_request_asks(http) -> None:
    plain = completion(http, EXPORT)
    assert markers(plain) == []
    marked = completion(http, EXPORT, is_inline_citation=True)
    assert_marked_in_citation_order(marked, [9004, 9005])
    assert MARKER.sub("", marked) == plain
    turn_inline(http, True)
    assert completion(http, EXPORT) == marked, "left out: the agent's setting decides"
    assert completion(http, EXPORT, is_inline_citation=False) == plain
    assert ask(http, EXPORT)["openai_response"] == marked, "the same text as the chat's"


def test_a_streamed_completion_carries_the_markers_too(http) -> None:
    whole = completion(http, EXPORT, is_inline_citation=True)
    body = {"messages": [{"role": "user", "content": EXPORT}], "is_inline_citation": True}
    response = http.post(COMPLETIONS, json={**body, "stream": True})
    chunks = [json.loads(data) for _, data in sse_events(response.text)[:-1]]
    text = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in chunks)
    assert text == whole and markers(text) == [1, 1, 2]
