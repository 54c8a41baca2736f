"""Small talk is answered as an agent would, in its persona: greetings, thanks, goodbyes,
"who are you", and "what can you help me with" with the topics of its documents."""

from __future__ import annotations

import pytest

from tests.demo.sites import wait_indexed

from .conftest import ACME, LUMEN, NORTHWIND, messages_path, new_conversation
from .test_content_uploads import create_with_file

HELP_CENTER = "Northwind Help Center"
NORTHWIND_HELLO = (
    "Hello! I'm **Northwind Assistant**, Northwind's friendly support assistant. "
    "How can I assist you today?"
)


def ask(http, agent_id: int, question: str, **body: object) -> dict:
    path = messages_path(agent_id, new_conversation(http, agent_id))
    response = http.post(path, json={"prompt": question, **body})
    assert response.status_code == 200, response.text
    return response.json()["data"]


@pytest.mark.parametrize(
    "greeting", ["Hello!", "hi", "Hey there", "Hello?", "hi Northwind Assistant"]
)
def test_a_greeting_is_greeted_back_in_the_agents_persona(http, greeting: str) -> None:
    message = ask(http, NORTHWIND, greeting)
    assert message["openai_response"] == NORTHWIND_HELLO
    assert message["citations"] == []


def test_each_agent_greets_as_its_own_persona(http) -> None:
    lumen = ask(http, LUMEN, "Good morning!")["openai_response"]
    assert lumen == (
        "Good morning! I'm **Lumen Camera Guide**, a patient camera expert who explains "
        "settings simply. How can I assist you today?"
    )
    acme = ask(http, ACME, "hello")["openai_response"]  # no persona instructions
    assert acme == (
        "Hello! I'm **Acme HR Bot**, the AI assistant of Acme Intranet (archived). "
        "How can I assist you today?"
    )


@pytest.mark.parametrize(
    "persona",
    ["You are a pirate who loves spreadsheets.", "you are a pirate who loves spreadsheets"],
)
def test_a_custom_persona_of_the_request_speaks_instead(http, persona: str) -> None:
    message = ask(http, NORTHWIND, "hi", custom_persona=persona)
    assert message["openai_response"] == (
        "Hello! I'm **Northwind Assistant**, a pirate who loves spreadsheets. "
        "How can I assist you today?"
    )
    plain = ask(http, NORTHWIND, "hi", custom_persona="Answer in haiku.")  # names no role
    assert plain["openai_response"] == (
        "Hello! I'm **Northwind Assistant**, the AI assistant of Northwind Help Center. "
        "How can I assist you today?"
    )


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        ("Thanks!", "You're welcome! Is there anything else I can help you with?"),
        ("thank you so much", "You're welcome! Is there anything else I can help you with?"),
        ("ok", "Glad to help! Is there anything else you would like to know?"),
        ("great thanks", "You're welcome! Is there anything else I can help you with?"),
        (
            "Bye!",
            "Goodbye, and thanks for stopping by. Come back any time you have a question.",
        ),
        (
            "ok thanks, bye",
            "You're welcome! Goodbye, and thanks for stopping by. "
            "Come back any time you have a question.",
        ),
        (
            "How are you?",
            "I'm doing well, thank you for asking! How can I assist you today?",
        ),
    ],
)
def test_thanks_goodbyes_and_how_are_you(http, said: str, reply: str) -> None:
    message = ask(http, NORTHWIND, said)
    assert message["openai_response"] == reply
    assert message["citations"] == []


@pytest.mark.parametrize("question", ["Who are you?", "what's your name", "Are you a bot?"])
def test_who_are_you_introduces_the_agent_and_its_documents(http, question: str) -> None:
    message = ask(http, NORTHWIND, question)
    assert message["openai_response"] == (
        "I'm **Northwind Assistant**, Northwind's friendly support assistant. I answer "
        "questions from the 6 documents of Northwind Help Center and cite the ones I draw "
        "on. Ask me what I can help with to see the topics they cover."
    )
    assert message["citations"] == []


@pytest.mark.parametrize(
    "question", ["What can you help me with?", "what can you do", "Help", "What can I ask?"]
)
def test_what_can_you_help_with_lists_the_topics_citing_their_documents(
    http, question: str
) -> None:
    message = ask(http, NORTHWIND, question)
    cited = message["citations"]
    assert cited == [9001, 9002, 9003, 9004, 9005, 9006]
    lines = message["openai_response"].splitlines()
    assert lines[0] == f"Here is what I can help you with, from the documents of {HELP_CENTER}:"
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(cited)
    for item, citation_id in zip(items, cited, strict=True):
        card = http.get(f"/api/v1/projects/{NORTHWIND}/citations/{citation_id}").json()["data"]
        topic = card["title"] or "Mobile app sync"  # no title: its first heading
        assert item.startswith(f"- **{topic}**: ")
    assert items[0] == (
        "- **Reset your password**: Forgot your Northwind password? Reset it from the sign-in "
        "page or from Settings in a couple of minutes."
    )
    assert items[5] == (  # no description: the first sentence of its opening
        "- **Mobile app sync**: The Northwind mobile app syncs every few seconds while it is "
        "open and keeps the last 30 days of projects available offline."
    )
    assert lines[-1] == "Ask me about any of these, for example: “How do I reset my password?”"


def test_hi_what_can_you_help_me_with_greets_then_lists(http) -> None:
    message = ask(http, LUMEN, "hi, what can you help me with?")
    text = message["openai_response"]
    assert text.startswith(
        "Hello! I'm **Lumen Camera Guide**, a patient camera expert who explains settings "
        "simply. Here is what I can help you with, from the documents of Lumen X100 Manual:\n\n"
    )
    assert "- **Lumen X100 manual: battery and charging**: Charging the LB-40 battery" in text
    assert message["citations"] == [9101, 9102, 9103, 9104, 9105, 9106]  # with the PDF and DOCX
    assert text.rstrip().endswith("Ask me about any of these.")  # Lumen has no examples


def test_a_greeting_before_a_question_gets_the_answer(http) -> None:
    plain = ask(http, LUMEN, "How do I charge the battery?")
    greeted = ask(http, LUMEN, "Hi! How do I charge the battery?")
    assert greeted["openai_response"] == plain["openai_response"]
    assert plain["citations"] == greeted["citations"] == [9101]
    assert plain["openai_response"].startswith("**Charging the battery.** The Lumen X100 uses")
    elsewhere = ask(http, NORTHWIND, "hi, how do I charge the battery?")
    assert elsewhere["openai_response"] == (
        "Sorry, I could not find that in the Northwind Help Center."
    )


def test_a_question_that_opens_with_a_pleasant_word_keeps_it(http) -> None:
    """An "ok" or "nice" is small talk only before a mark ("Nice!") or more thanks, else a
    word of the question: "Nice mode?" asks about the nice mode."""
    manual = (
        b"## Night mode\n\nNight mode stacks exposures.\n\n## Nice mode\n\nNice mode softens.\n"
    )
    agent = create_with_file(http, "modes.md", manual, "text/markdown")
    assert wait_indexed(http, agent["id"])["is_chat_active"] is True
    asked = ask(http, agent["id"], "Nice mode?")["openai_response"]
    assert asked == "**Nice mode.** Nice mode softens.\n"
    assert ask(http, agent["id"], "Nice!")["openai_response"].startswith("Glad to help!")


def test_small_talk_is_no_failed_query(http) -> None:
    path = f"/api/v1/projects/{NORTHWIND}/reports/queries"

    def counts() -> dict[str, int]:
        rows = http.get(path, params={"filters[]": "query_status"}).json()["data"]
        return {row["status"]: row["count"] for row in rows["query_status"]}

    before = counts()
    for said in ("hi", "thanks", "who are you?", "what can you help me with?", "bye"):
        ask(http, NORTHWIND, said)
    assert counts() == {"success": before["success"] + 5, "failed": before["failed"]}
