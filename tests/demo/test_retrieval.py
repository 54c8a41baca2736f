"""Answers are composed from the sections retrieval finds in the seed documents: on topic,
keeping their Markdown, citing each document drawn on, deterministic."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.demo.retrieval import library, stem, tokenize
from cgpt_tui.demo.server import DemoServer
from tests.conftest import TEST_KEY
from tests.demo.sites import pages_of, wait_indexed

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
    ("agent_id", "question", "cited", "lead", "expected"),
    [
        (NORTHWIND, "How do I reset my password?", 9001, "Reset a forgotten password", "1. Open"),
        (NORTHWIND, "What are the API rate limits?", 9005, "Rate limits", "600 requests"),
        (NORTHWIND, "Can I get a refund on an annual plan?", 9003, "Invoices", "within 14 days"),
        (NORTHWIND, "Can I automate exports with the API?", 9004, "Export with", "```bash"),
        (LUMEN, "Which autofocus mode is best for sport?", 9102, "Autofocus", "**C (contin"),
        (LUMEN, "How long does the battery last?", 9101, "Battery life", "420 shots"),
        (ACME, "What is the hotel limit for expenses?", 9202, "Limits per trip", "$180 a night"),
        (ACME, "Can I work from home on Fridays?", 9203, "Hybrid working", "including Fridays"),
    ],
)
def test_a_question_is_answered_from_the_section_on_its_topic(
    http, agent_id: int, question: str, cited: int, lead: str, expected: str
) -> None:
    """The answer opens with the best section's heading as a bold lead-in (no "According
    to …" any more) and keeps its Markdown."""
    message = ask(http, agent_id, question)
    assert message["citations"][0] == cited
    text = message["openai_response"]
    assert text.startswith(f"**{lead}") and "According to" not in text
    assert expected in text
    citation = http.get(f"/api/v1/projects/{agent_id}/citations/{cited}").json()["data"]
    assert citation["id"] == cited


def section_body(folder: str, citation_id: int, heading: str) -> str:
    [document] = [d for d in library(folder).documents if d.citation_id == citation_id]
    [section] = [s for s in document.sections if s.heading == heading]
    return section.body


def test_an_answer_is_composed_from_two_documents_keeping_their_code(http) -> None:
    message = ask(http, NORTHWIND, "Can I export my data with an API token?")
    assert message["citations"] == [9004, 9005]
    text = message["openai_response"]
    code = section_body("northwind", 9004, "Export with the API")
    assert code in text, "the section with its fenced code block, as written"
    assert text.count("```") == 2
    assert "**Create an API token.** Open **Settings → Developers → API tokens**" in text
    assert text.index("**Export with the API.**") < text.index("**Create an API token.**")
    single = ask(http, NORTHWIND, "I lost my phone, how do I get into my account?")
    assert single["citations"] == [9002], "a runner-up sharing one word is not cited"
    assert single["openai_response"] == (
        f"**Lost your phone.** {section_body('northwind', 9002, 'Lost your phone')}\n"
    )


def test_an_answer_is_composed_from_two_documents_keeping_a_table(http) -> None:
    question = "Can I claim a home office desk as an expense, and what are the limits?"
    message = ask(http, ACME, question)
    assert message["citations"] == [9203, 9202]
    text = message["openai_response"]
    assert text.startswith("**Home office allowance.** Every employee may claim up to $400")
    table = section_body("acme", 9202, "Limits per trip")
    assert f"**Limits per trip**\n\n{table}" in text, "the table under its heading, intact"


def test_a_question_on_two_sections_of_a_document_gets_both(http) -> None:
    message = ask(http, NORTHWIND, "What plans do you offer and where are invoices?")
    assert message["citations"] == [9003]
    text = message["openai_response"]
    assert "**Invoices and refunds.** Invoices are emailed" in text
    assert "| Team | $9 / month | Unlimited | 100 GB |" in text


def test_an_answer_stays_short(http) -> None:
    """At most three sections, and each beyond the first only as far as it fits."""
    for question in ("How do I turn on two-factor authentication?", "export API token"):
        text = ask(http, NORTHWIND, question)["openai_response"]
        assert len(text) < 1_800 and text.count("\n\n**") <= 2


@pytest.mark.parametrize(
    "question",
    [
        "What can you tell me about this product?",
        "How do I get started?",
        "How do I get started with the product?",
        "What is Northwind?",
    ],
)
def test_a_question_about_the_product_gets_the_documents_overview(http, question: str) -> None:
    message = ask(http, NORTHWIND, question)
    assert message["citations"] == [9001, 9002, 9003, 9004, 9005, 9006]
    text = message["openai_response"]
    lines = text.splitlines()
    assert lines[0] == "Here is an overview from the documents of Northwind Help Center:"
    items = [line for line in lines if line.startswith("- **")]
    assert len(items) == 6
    assert items[0] == (
        "- **Reset your password**: If you cannot sign in, open the sign-in page and choose "
        "**Forgot password?**."
    )
    assert items[5].startswith("- **Mobile app sync**: The Northwind mobile app syncs")
    assert "Start export" not in text, "no longer the export section"


def test_a_product_question_finds_a_getting_started_section(http) -> None:
    """An agent whose documents have a section headed like an overview answers from it."""
    guide = (
        b"# Otter Notes\n\n## Getting started\n\nInstall Otter Notes, sign in and press "
        b"**New note**.\n\n## Sharing\n\nShare a note with **Share** and an email address.\n"
    )
    made = http.post(
        "/api/v1/projects",
        data={"project_name": "Otter Notes"},
        files={"file": ("otter.md", guide, "text/markdown")},
    )
    assert made.status_code == 201
    agent_id = made.json()["data"]["id"]
    assert wait_indexed(http, agent_id)["is_chat_active"] is True
    [page] = pages_of(http, agent_id)
    message = ask(http, agent_id, "How do I get started?")
    assert message["citations"] == [page["id"]]
    assert message["openai_response"] == (
        "**Getting started.** Install Otter Notes, sign in and press **New note**.\n"
    )
    assert ask(http, agent_id, "What is the capital of Mongolia?")["citations"] == []


@pytest.mark.parametrize(
    "question", ["qwxz plonk", "Do you have a dark mode?", "?", "What is the capital of Mongolia?"]
)
def test_nonsense_gets_the_no_answer_message_and_no_citations(http, question: str) -> None:
    message = ask(http, NORTHWIND, question)
    assert (
        message["openai_response"] == "Sorry, I could not find that in the Northwind Help Center."
    )
    assert message["citations"] == []


@pytest.mark.parametrize(
    "question", ["How do I change the lens?", "How do I send the camera for repair?"]
)
def test_a_question_matching_one_common_word_is_not_covered(http, question: str) -> None:
    """ "change" and "send" are in the help center (passwords, reset links), "lens",
    "camera" and "repair" are not: the documents do not cover the question."""
    message = ask(http, NORTHWIND, question)
    assert message["citations"] == []
    assert message["openai_response"].startswith("Sorry, I could not find that")


def test_the_same_question_is_answered_where_the_documents_cover_it(http) -> None:
    message = ask(http, LUMEN, "How do I send the camera for repair?")
    assert message["openai_response"].startswith("**Sending the camera for service.**")
    assert message["citations"] == [9105]  # the warranty PDF


def test_an_uncovered_question_is_a_failed_query_in_the_report(http) -> None:
    before = queries_by_status(http)
    ask(http, NORTHWIND, "What is the capital of Mongolia?")
    ask(http, NORTHWIND, "What can you tell me about this product?")
    ask(http, NORTHWIND, "Hello!")
    after = queries_by_status(http)
    assert after == {"success": before["success"] + 2, "failed": before["failed"] + 1}


def queries_by_status(http) -> dict[str, int]:
    response = http.get(
        f"/api/v1/projects/{NORTHWIND}/reports/queries", params={"filters[]": "query_status"}
    )
    return {row["status"]: row["count"] for row in response.json()["data"]["query_status"]}


def test_every_answer_is_the_same_on_another_server() -> None:
    """Deterministic: a second stand-in answers each kind of question word for word alike."""
    questions = [
        "hi, what can you help me with?",
        "What can you tell me about this product?",
        "Can I export my data with an API token?",
        "Who are you?",
    ]
    answers = []
    for _ in range(2):
        with DemoServer(port=0, api_key=TEST_KEY, pace=0) as server:
            headers = {"Authorization": f"Bearer {TEST_KEY}"}
            with httpx.Client(base_url=server.base_url, headers=headers) as http:
                answers.append([ask(http, NORTHWIND, q)["openai_response"] for q in questions])
    assert answers[0] == answers[1]
    assert len(set(answers[0])) == len(questions)


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
