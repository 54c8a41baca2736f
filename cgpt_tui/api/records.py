"""Typed records of the CustomGPT API, parsed once at the edge.

Each `from_api` takes the JSON object as it arrived and never fails on unknown fields, nulls
or the API's quirky types (see coerce.py). A record that lacks the field it is identified by
raises ProtocolError.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from enum import StrEnum
from typing import Any

from cgpt_tui.api.coerce import (
    as_bool,
    as_datetime,
    as_dict,
    as_int,
    as_int_list,
    as_optional_bool,
    as_str,
    as_str_list,
)
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.frozen import record


def _required_int(data: dict[str, Any], key: str, kind: str) -> int:
    value = as_int(data.get(key))
    if value is None:
        raise ProtocolError(f"{kind} without a usable {key!r}")
    return value


def _object(value: Any, kind: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolError(f"expected a {kind} object, got {type(value).__name__}")
    return value


class Reaction(StrEnum):
    LIKED = "liked"
    DISLIKED = "disliked"
    NEUTRAL = "neutral"

    @classmethod
    def parse(cls, value: Any) -> Reaction | None:
        try:
            return cls(str(value).strip().lower()) if value is not None else None
        except ValueError:
            return None


@record
class Agent:
    id: int
    name: str
    is_active: bool
    type: str | None
    created_at: datetime | None
    updated_at: datetime | None
    is_shared: bool
    shareable_link: str | None
    # `is_chat_active` as sent: None when null or missing (a new agent not ready yet; older
    # data without the flag). `is_active` counts that as active, for chat's sake.
    # Not compared: records equal before this field existed stay equal (cached agents).
    chat_ready: bool | None = field(default=None, compare=False)

    @classmethod
    def from_api(cls, value: Any) -> Agent:
        data = _object(value, "agent")
        return cls(
            id=_required_int(data, "id", "agent"),
            name=as_str(data.get("project_name")) or "",
            is_active=as_bool(data.get("is_chat_active"), default=True),
            type=as_str(data.get("type")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
            is_shared=as_bool(data.get("is_shared")),
            shareable_link=as_str(data.get("shareable_link")),
            chat_ready=as_optional_bool(data.get("is_chat_active")),
        )


@record
class AgentSettings:
    default_prompt: str | None
    example_questions: tuple[str, ...]
    chatbot_avatar: str | None
    chatbot_title: str | None
    persona_instructions: str | None
    response_source: str | None
    chatbot_model: str | None
    language: str | None
    enable_citations: int | None
    citations_view_type: str | None
    enable_feedbacks: bool
    no_answer_message: str | None
    error_message: str | None
    markdown_enabled: bool
    agent_capability: str | None = None  # fastest-responses, optimal-choice, ...
    inline_citations: bool = False  # enable_inline_citations_api

    @classmethod
    def from_api(cls, value: Any) -> AgentSettings:
        data = as_dict(value)
        return cls(
            default_prompt=as_str(data.get("default_prompt")),
            example_questions=as_str_list(data.get("example_questions")),
            chatbot_avatar=as_str(data.get("chatbot_avatar")),
            chatbot_title=as_str(data.get("chatbot_title")),
            persona_instructions=as_str(data.get("persona_instructions")),
            response_source=as_str(data.get("response_source")),
            chatbot_model=as_str(data.get("chatbot_model")),
            language=as_str(data.get("chatbot_msg_lang")),
            enable_citations=as_int(data.get("enable_citations")),
            citations_view_type=as_str(data.get("citations_view_type")),
            enable_feedbacks=as_bool(data.get("enable_feedbacks"), default=True),
            no_answer_message=as_str(data.get("no_answer_message")),
            error_message=as_str(data.get("chatbot_siesta_msg")),
            markdown_enabled=as_bool(data.get("markdown_enabled"), default=True),
            agent_capability=as_str(data.get("agent_capability")),
            inline_citations=as_bool(data.get("enable_inline_citations_api")),
        )


@record
class AgentStats:
    pages_found: int | None
    pages_crawled: int | None
    pages_indexed: int | None
    crawl_credits_used: int | None
    query_credits_used: int | None
    total_queries: int | None
    total_words_indexed: int | None
    total_storage_credits_used: int | None

    @classmethod
    def from_api(cls, value: Any) -> AgentStats:
        data = as_dict(value)
        return cls(**{name: as_int(data.get(name)) for name in cls.__dataclass_fields__})


@record
class Conversation:
    id: int
    session_id: str
    name: str
    agent_id: int | None
    created_by: int | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> Conversation:
        data = _object(value, "conversation")
        session_id = as_str(data.get("session_id"))
        if not session_id:
            raise ProtocolError("conversation without a session_id")
        return cls(
            id=as_int(data.get("id")) or 0,
            session_id=session_id,
            name=as_str(data.get("name")) or "",
            agent_id=as_int(data.get("project_id")),
            created_by=as_int(data.get("created_by")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


@record
class MessageMetadata:
    user_ip: str | None = None
    user_agent: str | None = None
    external_id: str | None = None
    request_source: str | None = None

    @classmethod
    def from_api(cls, value: Any) -> MessageMetadata:
        data = as_dict(value)
        return cls(**{name: as_str(data.get(name)) for name in cls.__dataclass_fields__})


@record
class Message:
    """One question and its answer (the API's PromptHistory)."""

    id: int
    question: str
    answer: str
    citation_ids: tuple[int, ...]
    conversation_id: int | None
    created_at: datetime | None
    updated_at: datetime | None
    metadata: MessageMetadata
    reaction: Reaction | None

    @classmethod
    def from_api(cls, value: Any) -> Message:
        data = _object(value, "message")
        feedback = as_dict(data.get("response_feedback"))
        return cls(
            id=_required_int(data, "id", "message"),
            question=as_str(data.get("user_query")) or "",
            answer=as_str(data.get("openai_response")) or "",
            citation_ids=as_int_list(data.get("citations")),
            conversation_id=as_int(data.get("conversation_id")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
            metadata=MessageMetadata.from_api(data.get("metadata")),
            reaction=Reaction.parse(feedback.get("reaction")),
        )


@record
class Citation:
    """A cited source's Open Graph data; everything but the id may be missing."""

    id: int
    url: str | None
    title: str | None
    description: str | None
    image: str | None

    @classmethod
    def from_api(cls, value: Any) -> Citation:
        data = _object(value, "citation")
        return cls(
            id=_required_int(data, "id", "citation"),
            url=as_str(data.get("url")),
            title=as_str(data.get("title")),
            description=as_str(data.get("description")),
            image=as_str(data.get("image")),
        )


@record
class FilePreview:
    content: bytes
    content_type: str
    filename: str | None


@record
class User:
    id: int | None
    name: str | None
    email: str | None
    current_team_id: int | None
    profile_photo_url: str | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_api(cls, value: Any) -> User:
        data = _object(value, "user")
        return cls(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            email=as_str(data.get("email")),
            current_team_id=as_int(data.get("current_team_id")),
            profile_photo_url=as_str(data.get("profile_photo_url")),
            created_at=as_datetime(data.get("created_at")),
            updated_at=as_datetime(data.get("updated_at")),
        )


@record
class UsageLimits:
    max_projects: int | None
    current_projects: int | None
    max_storage_credits: int | None
    current_storage_credits: int | None
    max_queries: int | None
    current_queries: int | None

    @classmethod
    def from_api(cls, value: Any) -> UsageLimits:
        data = as_dict(value)
        return cls(
            max_projects=as_int(data.get("max_projects_num")),
            current_projects=as_int(data.get("current_projects_num")),
            max_storage_credits=as_int(data.get("max_total_storage_credits")),
            current_storage_credits=as_int(data.get("current_total_storage_credits")),
            max_queries=as_int(data.get("max_queries")),
            current_queries=as_int(data.get("current_queries")),
        )
