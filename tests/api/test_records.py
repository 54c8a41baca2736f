"""Tolerant parsing: every quirk the API notes list, and then some."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cgpt_tui.api import Agent, AgentSettings, Citation, Conversation, Message, Page, Reaction
from cgpt_tui.api.coerce import as_bool, as_datetime, as_int
from cgpt_tui.api.errors import ProtocolError


@pytest.mark.parametrize(
    "text",
    [
        "2023-09-29T11:29:14.000000Z",
        "2023-09-29 11:29:14",
        "29 Sep 2023 11:29:14",
        "2023-09-29T11:29:14+00:00",
    ],
)
def test_three_date_formats(text: str) -> None:
    assert as_datetime(text) == datetime(2023, 9, 29, 11, 29, 14, tzinfo=UTC)


@pytest.mark.parametrize("junk", [None, "", "yesterday", 12, [], {}])
def test_unreadable_dates_are_none(junk: object) -> None:
    assert as_datetime(junk) is None


def test_ids_booleans_and_float_strings() -> None:
    assert as_int("12061.0") == 12061 and as_int("7") == 7 and as_int(3.0) == 3
    assert as_int("1.5") is None and as_int("x") is None and as_int(None) is None
    assert as_bool(1) and as_bool("1") and as_bool(True) and as_bool("true")
    assert not as_bool(0) and not as_bool("0") and not as_bool(None)
    assert as_bool(None, default=True)


def test_agent_with_quirks() -> None:
    agent = Agent.from_api(
        {
            "id": "12",
            "project_name": "Docs",
            "is_chat_active": 0,
            "is_shared": "1",
            "created_at": "2023-04-30 16:43:53",
            "brand_new_field": {"x": 1},
        }
    )
    assert agent.id == 12 and not agent.is_active and agent.is_shared
    assert agent.created_at == datetime(2023, 4, 30, 16, 43, 53, tzinfo=UTC)
    assert Agent.from_api({"id": 1, "project_name": None, "is_chat_active": None}).is_active


def test_message_with_php_empty_objects_and_string_citations() -> None:
    message = Message.from_api(
        {
            "id": 5,
            "user_query": "q",
            "openai_response": None,
            "citations": ["12061.0", 3, "bad"],
            "metadata": [],
            "response_feedback": [],
            "conversation_id": "9",
        }
    )
    assert message.citation_ids == (12061, 3)
    assert message.answer == "" and message.reaction is None
    assert message.metadata.request_source is None and message.conversation_id == 9
    liked = Message.from_api({"id": 6, "response_feedback": {"reaction": "liked"}})
    assert liked.reaction is Reaction.LIKED


def test_settings_from_empty_array_and_nulls() -> None:
    settings = AgentSettings.from_api([])
    assert settings.example_questions == () and settings.default_prompt is None
    settings = AgentSettings.from_api(
        {"example_questions": None, "enable_citations": "3", "markdown_enabled": 0}
    )
    assert settings.enable_citations == 3 and not settings.markdown_enabled


def test_citation_and_conversation_nullables() -> None:
    citation = Citation.from_api({"id": "12074", "url": None, "title": None})
    assert citation == Citation(12074, None, None, None, None)
    conversation = Conversation.from_api(
        {"id": 1, "session_id": "abc", "name": None, "project_id": "3", "created_by": None}
    )
    assert conversation.agent_id == 3 and conversation.name == ""


def test_records_without_identity_are_protocol_errors() -> None:
    with pytest.raises(ProtocolError):
        Message.from_api({"user_query": "no id"})
    with pytest.raises(ProtocolError):
        Conversation.from_api({"id": 1})
    with pytest.raises(ProtocolError):
        Agent.from_api("not an object")


def test_page_of_an_empty_listing() -> None:
    page = Page.from_api(
        {
            "current_page": 4,
            "data": [],
            "from": None,
            "to": None,
            "last_page": 3,
            "next_page_url": None,
            "total": 47,
        },
        Agent.from_api,
    )
    assert page.items == () and not page.has_next and page.has_prev and page.total == 47
    with pytest.raises(ProtocolError):
        Page.from_api({"data": "nope"}, Agent.from_api)
