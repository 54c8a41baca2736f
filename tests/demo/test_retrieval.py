"""Answers come from retrieval over the seed documents: deterministic, on topic, cited."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.demo.retrieval import stem, tokenize

from .conftest import ACME, LUMEN, NORTHWIND, messages_path, new_conversation


def ask(http, agent_id: int, question: str) -> dict:
    path = messages_path(agent_id, new_conversation(http, agent_id))
    response = http.post(path, json={"prompt": question})
    assert response.status_code == 200
    return response.json()["data"]


def test_the_same_question_gets_the_same_answer(http) -> None:
    session = new_conversation(http, LUMEN)
    path = messages_path(LUMEN, session)
    first = http.post(path, json={"prompt": "How do I update the firmware?"}).json()["data"]
    again = http.post(path, json={"prompt": "How do I update the firmware?"}).json()["data"]
    elsewhere = ask(http, LUMEN, "How do I update the firmware?")
    assert first["openai_response"] == again["openai_response"] == elsewhere["openai_response"]
    assert first["citations"] == again["citations"] == [9103]
    assert "X100FW.DAT" in first["openai_response"]


@pytest.mark.parametrize(
    ("agent_id", "question", "cited", "expected"),
    [
        (NORTHWIND, "How do I reset my password?", 9001, "Forgot password?"),
        (NORTHWIND, "What are the API rate limits?", 9005, "600 requests per minute"),
        (NORTHWIND, "Can I get a refund on an annual plan?", 9003, "within 14 days"),
        (NORTHWIND, "Can I automate exports with the API?", 9004, "```bash"),
        (LUMEN, "Which autofocus mode is best for sport?", 9102, "**C (continuous)**"),
        (LUMEN, "How long does the battery last?", 9101, "420 shots"),
        (ACME, "What is the hotel limit for expenses?", 9202, "$180 a night"),
        (ACME, "Can I work from home on Fridays?", 9203, "including Fridays"),
    ],
)
def test_a_question_cites_the_document_on_its_topic(
    http, agent_id: int, question: str, cited: int, expected: str
) -> None:
    message = ask(http, agent_id, question)
    assert message["citations"][0] == cited
    assert expected in message["openai_response"]
    citation = http.get(f"/api/v1/projects/{agent_id}/citations/{cited}").json()["data"]
    assert citation["title"] and f"**{citation['title']}**" in message["openai_response"]


def test_a_close_runner_up_is_cited_too(http) -> None:
    message = ask(http, NORTHWIND, "Can I export my data with an API token?")
    assert message["citations"] == [9004, 9005]
    assert "**See also — Create an API token:**" in message["openai_response"]
    single = ask(http, NORTHWIND, "I lost my phone, how do I get into my account?")
    assert single["citations"] == [9002], "a runner-up sharing one word is not cited"


@pytest.mark.parametrize("question", ["qwxz plonk", "Hello?", "Do you have a dark mode?", "?"])
def test_nonsense_gets_the_no_answer_message_and_no_citations(http, question: str) -> None:
    message = ask(http, NORTHWIND, question)
    assert (
        message["openai_response"] == "Sorry, I could not find that in the Northwind Help Center."
    )
    assert message["citations"] == []


def test_each_agent_answers_only_from_its_own_documents(http) -> None:
    assert ask(http, ACME, "How do I reset my password?")["citations"] == []
    assert ask(http, LUMEN, "What plans do you offer?")["citations"] == []


@given(st.text(alphabet=st.sampled_from(" \n\t\x1b\x85ab.,é\u2028-"), max_size=60))
def test_tokens_join_back_to_exactly_the_text(text: str) -> None:
    pieces = tokenize(text)
    assert "".join(pieces) == text
    assert all(pieces)


def test_tokens_are_words_with_the_whitespace_before_them() -> None:
    assert tokenize("Hello, world!\n\n- one") == ["Hello,", " world!", "\n\n-", " one"]


@pytest.mark.parametrize(
    ("words", "stemmed"),
    [
        (("plan", "plans", "planned", "planning"), "plan"),
        (("update", "updates", "updated", "updating"), "updat"),
        (("battery", "batteries"), "battery"),
        (("export", "exports", "exported"), "export"),
    ],
)
def test_stemming_brings_word_forms_together(words: tuple[str, ...], stemmed: str) -> None:
    assert {stem(word) for word in words} == {stemmed}
