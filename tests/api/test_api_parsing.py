"""The records tolerate every quirk of the real API (customgpt-api-notes.md, last section).

Pure parsing: no server, no network.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.api import (
    Agent,
    AgentSettings,
    AgentStats,
    ChatCompletion,
    ChatCompletionChunk,
    Citation,
    Conversation,
    Message,
    MessageMetadata,
    MessagePage,
    Page,
    ProtocolError,
    Reaction,
    UsageLimits,
    User,
)
from cgpt_tui.api.coerce import as_bool, as_datetime, as_int, as_int_list, as_str_list

# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-09-29T11:29:14.000000Z", datetime(2023, 9, 29, 11, 29, 14, tzinfo=UTC)),
        ("2023-04-30 16:43:53", datetime(2023, 4, 30, 16, 43, 53, tzinfo=UTC)),
        ("25 Jun 2023 05:01:11", datetime(2023, 6, 25, 5, 1, 11, tzinfo=UTC)),
        ("2023-09-29T13:29:14+02:00", datetime(2023, 9, 29, 11, 29, 14, tzinfo=UTC)),
        ("2023-09-29T11:29:14Z", datetime(2023, 9, 29, 11, 29, 14, tzinfo=UTC)),
        ("  2023-04-30 16:43:53 ", datetime(2023, 4, 30, 16, 43, 53, tzinfo=UTC)),
    ],
)
def test_every_date_format_of_the_api_becomes_an_aware_utc_datetime(
    text: str, expected: datetime
) -> None:
    parsed = as_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "yesterday",
        "2023-13-45 99:99:99",
        "31 Feb 2023 00:00:00",
        1695986954,
        [],
        {},
        "0001-01-01T00:00:00+01:00",
        "２０２３-０９-２９",
    ],
)
def test_an_unreadable_date_is_none(value: object) -> None:
    assert as_datetime(value) is None


@given(st.text())
def test_date_parsing_never_raises(text: str) -> None:
    parsed = as_datetime(text)
    assert parsed is None or parsed.tzinfo is UTC


# ---------------------------------------------------------------------- ids and booleans


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12061, 12061),
        ("12061", 12061),
        ("12061.0", 12061),
        (12061.0, 12061),
        (" 7 ", 7),
        ("12.5", None),
        ("abc", None),
        (None, None),
        ([], None),
        ("nan", None),
        ("1e999", None),
        ("9" * 5000, None),
    ],
)
def test_ids_are_read_from_ints_strings_and_float_strings(value: object, expected: int | None):
    assert as_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("false", False),
        (None, None),
        ("maybe", None),
        ([], None),
    ],
)
def test_booleans_come_as_bools_numbers_or_strings(value: object, expected: bool | None):
    assert as_bool(value, default=True) is (True if expected is None else expected)
    assert as_bool(value, default=False) is (False if expected is None else expected)


def test_id_lists_drop_what_is_not_an_id() -> None:
    assert as_int_list(["12061.0", 12074, "x", None, 3.5]) == (12061, 12074)
    assert as_int_list(None) == ()
    assert as_int_list({}) == ()
    assert as_str_list(["a", "", " ", None, 3, {}]) == ("a", "3")


# ---------------------------------------------------------------------- records


AGENT = {
    "id": "103",
    "project_name": "Northwind",
    "is_chat_active": 1,
    "type": "SITEMAP",
    "created_at": "2023-04-30 16:43:53",
    "updated_at": "25 Jun 2023 05:01:11",
    "is_shared": "0",
    "shareable_link": None,
    "something_new": {"nested": [1, 2]},
}


def test_agent_reads_quirky_types_and_ignores_unknown_fields() -> None:
    agent = Agent.from_api(AGENT)
    assert agent == Agent(
        id=103,
        name="Northwind",
        is_active=True,
        type="SITEMAP",
        created_at=datetime(2023, 4, 30, 16, 43, 53, tzinfo=UTC),
        updated_at=datetime(2023, 6, 25, 5, 1, 11, tzinfo=UTC),
        is_shared=False,
        shareable_link=None,
    )


def test_agent_with_nulls_everywhere_but_its_id() -> None:
    agent = Agent.from_api(
        {
            "id": 5,
            "project_name": None,
            "is_chat_active": None,
            "created_at": None,
            "is_shared": None,
        }
    )
    assert (agent.id, agent.name, agent.created_at, agent.is_shared) == (5, "", None, False)
    assert agent.is_active is True  # older data without the flag: assume chat works


@pytest.mark.parametrize("value", [{"project_name": "no id"}, [], None, "agent"])
def test_an_agent_without_an_id_or_not_an_object_is_a_protocol_error(value: object) -> None:
    with pytest.raises(ProtocolError):
        Agent.from_api(value)


def test_settings_as_php_empty_array_are_all_empty() -> None:
    settings = AgentSettings.from_api([])
    assert settings.example_questions == ()
    assert settings.default_prompt is None and settings.enable_citations is None
    assert settings.enable_feedbacks is True and settings.markdown_enabled is True


def test_settings_fields_are_renamed_and_coerced() -> None:
    settings = AgentSettings.from_api(
        {
            "chatbot_msg_lang": "de",
            "chatbot_siesta_msg": "Siesta",
            "enable_citations": "3",
            "example_questions": None,
            "enable_feedbacks": 0,
            "markdown_enabled": "1",
            "citations_view_type": "show",
            "persona_instructions": None,
        }
    )
    assert settings.language == "de"
    assert settings.error_message == "Siesta"
    assert settings.enable_citations == 3
    assert settings.example_questions == ()
    assert settings.enable_feedbacks is False and settings.markdown_enabled is True


def test_stats_counters_as_ints_or_none() -> None:
    stats = AgentStats.from_api({"pages_found": "4", "total_queries": None, "extra": 1})
    assert stats.pages_found == 4 and stats.total_queries is None and stats.pages_indexed is None


def test_conversation_ids_may_be_strings() -> None:
    conversation = Conversation.from_api(
        {
            "id": 9,
            "session_id": "f9b2",
            "name": None,
            "project_id": "103",
            "created_by": "2",
            "created_at": "2023-09-29T11:29:14.000000Z",
            "deleted_at": None,
        }
    )
    assert (conversation.agent_id, conversation.created_by, conversation.name) == (103, 2, "")
    with pytest.raises(ProtocolError):
        Conversation.from_api({"id": 9, "session_id": None})


MESSAGE = {
    "id": 433,
    "user_query": "Who is Professor Moisture?",
    "openai_response": None,
    "citations": ["12061.0", 12074],
    "conversation_id": "77",
    "created_at": "2023-06-25T17:12:28.000000Z",
    "updated_at": None,
    "metadata": [],
    "response_feedback": None,
}


def test_message_tolerates_null_answer_float_ids_and_empty_array_metadata() -> None:
    message = Message.from_api(MESSAGE)
    assert message.answer == ""
    assert message.citation_ids == (12061, 12074)
    assert message.conversation_id == 77
    assert message.metadata == MessageMetadata()
    assert message.reaction is None
    assert message.updated_at is None


@pytest.mark.parametrize(
    ("feedback", "expected"),
    [
        (None, None),
        ([], None),
        ({"reaction": "liked"}, Reaction.LIKED),
        ({"reaction": "DISLIKED"}, Reaction.DISLIKED),
        ({"reaction": "neutral"}, Reaction.NEUTRAL),
        ({"reaction": "love"}, None),
        ({"reaction": None}, None),
    ],
)
def test_reaction_comes_from_response_feedback(feedback: object, expected: Reaction | None):
    assert Message.from_api(MESSAGE | {"response_feedback": feedback}).reaction is expected


def test_message_metadata_fields() -> None:
    metadata = {
        "user_ip": "1.2.3.4",
        "user_agent": "ua",
        "external_id": 42,
        "request_source": "api",
        "other": True,
    }
    message = Message.from_api(MESSAGE | {"metadata": metadata})
    assert message.metadata == MessageMetadata("1.2.3.4", "ua", "42", "api")


def test_citation_id_as_float_string_and_null_fields() -> None:
    citation = Citation.from_api({"id": "12061.0", "url": None, "title": "T", "image": None})
    assert citation == Citation(12061, None, "T", None, None)


def test_user_and_limits() -> None:
    user = User.from_api(
        {
            "id": "1",
            "name": "Dana",
            "email": None,
            "current_team_id": "4",
            "created_at": "2023-04-30 16:43:53",
        }
    )
    assert (user.id, user.current_team_id, user.email) == (1, 4, None)
    limits = UsageLimits.from_api(
        {
            "max_projects_num": 10,
            "current_projects_num": "3",
            "max_total_storage_credits": None,
            "current_total_storage_credits": 5,
            "max_queries": 1000,
            "current_queries": 12.0,
        }
    )
    assert limits == UsageLimits(10, 3, None, 5, 1000, 12)
    assert UsageLimits.from_api([]) == UsageLimits(None, None, None, None, None, None)


# ---------------------------------------------------------------------- pages


def laravel(items: list, page: int, last_page: int, next_url: object = "absent") -> dict:
    body = {
        "current_page": page,
        "data": items,
        "last_page": last_page,
        "per_page": 20,
        "total": 47,
        "from": None,
        "to": None,
    }
    if next_url != "absent":
        body["next_page_url"] = next_url
    return body


def test_page_follows_next_page_url() -> None:
    page = Page.from_api(laravel([AGENT], 1, 3, "https://x/?page=2"), Agent.from_api)
    assert (page.page, page.last_page, page.per_page, page.total) == (1, 3, 20, 47)
    assert page.has_next and not page.has_prev
    assert page.items[0].id == 103
    assert not Page.from_api(laravel([], 3, 3, None), Agent.from_api).has_next


def test_page_without_next_page_url_compares_page_numbers() -> None:
    assert Page.from_api(laravel([AGENT], "2", "3"), Agent.from_api).has_next
    last = Page.from_api(laravel([AGENT], 3, 3), Agent.from_api)
    assert not last.has_next and last.has_prev


def test_an_unreadable_item_is_left_out_not_the_whole_page() -> None:
    page = Page.from_api(laravel([AGENT, {"project_name": "no id"}, "junk"], 1, 1), Agent.from_api)
    assert [agent.id for agent in page.items] == [103]


@pytest.mark.parametrize("value", [None, {}, {"data": {}}, "page", 3])
def test_a_body_that_is_not_a_page_is_a_protocol_error(value: object) -> None:
    with pytest.raises(ProtocolError):
        Page.from_api(value, Agent.from_api)


def test_message_page_needs_its_conversation() -> None:
    body = {"conversation": {"id": 1, "session_id": "s"}, "messages": laravel([MESSAGE], 1, 1)}
    parsed = MessagePage.from_api(body)
    assert parsed.conversation.session_id == "s"
    assert parsed.page.items[0].id == 433
    with pytest.raises(ProtocolError):
        MessagePage.from_api({"messages": laravel([MESSAGE], 1, 1)})
    with pytest.raises(ProtocolError):
        MessagePage.from_api([])


# ---------------------------------------------------------------------- completions


def test_chat_completion_and_chunk_views() -> None:
    completion = ChatCompletion.from_api(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hi"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {},
        }
    )
    assert (completion.id, completion.content, completion.finish_reason) == (
        "chatcmpl-1",
        "Hi",
        "stop",
    )
    chunk = ChatCompletionChunk.from_api(
        {"id": "c", "choices": [{"delta": {"content": "piece"}, "finish_reason": None}]}
    )
    assert (chunk.content, chunk.finish_reason, chunk.choices[0].index) == ("piece", None, 0)
    with pytest.raises(ProtocolError):
        ChatCompletion.from_api({"id": "no choices"})
