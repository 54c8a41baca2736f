"""The API's records as the stand-in sends them: plain dicts with every field the vendor's
schemas list (Project, ProjectSettings, Conversation, PromptHistory), ids as ints except the
conversation's `session_id` (a uuid), dates always in the `2023-09-29T11:29:14.000000Z` form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.000000Z"


def stamp(when: datetime) -> str:
    """`when` (an aware datetime) in the API's usual date form."""
    return when.astimezone(UTC).strftime(DATE_FORMAT)


def project_row(
    agent_id: int,
    name: str,
    *,
    site: str,
    active: bool,
    kind: str,
    created: str,
    user_id: int,
    team_id: int,
) -> dict[str, Any]:
    slug = f"{agent_id:08x}" * 4
    return {
        "id": agent_id,
        "project_name": name,
        "sitemap_path": f"https://{site}/sitemap.xml",
        "is_chat_active": active,
        "user_id": user_id,
        "team_id": team_id,
        "created_at": created,
        "updated_at": created,
        "deleted_at": None,
        "type": kind,
        "is_shared": active,
        "shareable_slug": slug,
        "shareable_link": (
            f"https://app.customgpt.ai/projects/{agent_id}/ask?embed=1&shareable_slug={slug}"
        ),
        "embed_code": None,
        "live_chat_code": None,
        "are_licenses_allowed": False,
        "subdomain_slug": None,
    }


def settings_row(**overrides: Any) -> dict[str, Any]:
    """Every ProjectSettings field, with the values a fresh agent has, then `overrides`."""
    row: dict[str, Any] = {
        "chatbot_avatar": "https://cdn.customgpt.ai/avatars/default.png",
        "chatbot_background_type": "color",
        "chatbot_background": "https://cdn.customgpt.ai/backgrounds/default.png",
        "chatbot_background_color": "#F5F5F5",
        "default_prompt": "How can I help you?",
        "example_questions": [],
        "response_source": "own_content",
        "chatbot_msg_lang": "en",
        "chatbot_color": "#4F46E5",
        "chatbot_toolbar_color": "#1E1B4B",
        "persona_instructions": None,
        "citations_answer_source_label_msg": "Where did this answer come from?",
        "citations_sources_label_msg": "Sources",
        "hang_in_there_msg": "Hang in there! I'm thinking..",
        "chatbot_siesta_msg": "Oops! The agent is taking a siesta. Please try again soon.",
        "is_loading_indicator_enabled": True,
        "enable_citations": 3,
        "enable_feedbacks": True,
        "citations_view_type": "show",
        "image_citation_display": "default",
        "no_answer_message": "Sorry, I don't have an answer for that.",
        "ending_message": "Please email us for further support",
        "try_asking_questions_msg": "Try asking these questions...",
        "view_more_msg": "View more",
        "view_less_msg": "View less",
        "remove_branding": False,
        "private_deployment": False,
        "enable_recaptcha_for_public_chatbots": False,
        "chatbot_model": "gpt-4-o",
        "is_selling_enabled": False,
        "license_slug": None,
        "selling_url": None,
        "can_share_conversation": True,
        "can_export_conversation": True,
        "hide_sources_from_responses": False,
        "input_field_addendum": None,
        "user_avatar_enabled": False,
        "user_avatar": "https://cdn.customgpt.ai/avatars/user.png",
        "spotlight_avatar_enabled": False,
        "spotlight_avatar": "https://cdn.customgpt.ai/avatars/spotlight.png",
        "spotlight_avatar_shape": "rectangle",
        "spotlight_avatar_type": "default",
        "user_avatar_orientation": "agent-left-user-right",
        "chatbot_title": None,
        "chatbot_title_color": None,
        "enable_inline_citations_api": False,
        "agent_capability": "optimal-choice",
        "conversation_time_window": False,
        "conversation_retention_period": "year",
        "conversation_retention_days": 365,
        "use_context_aware_starter_question": False,
        "enable_agent_knowledge_base_awareness": True,
        "markdown_enabled": True,
    }
    unknown = set(overrides) - set(row)
    if unknown:
        raise KeyError(f"not ProjectSettings fields: {', '.join(sorted(unknown))}")
    row.update(overrides)
    return row


def conversation_row(
    conversation_id: int,
    name: str,
    *,
    project_id: int,
    created_by: int | None,
    session_id: str,
    created: str,
) -> dict[str, Any]:
    return {
        "id": conversation_id,
        "name": name,
        "project_id": project_id,
        "created_by": created_by,
        "session_id": session_id,
        "created_at": created,
        "updated_at": created,
        "deleted_at": None,
    }


def message_row(
    message_id: int,
    *,
    user_id: int,
    question: str,
    answer: str,
    citations: list[int],
    conversation_id: int,
    created: str,
    user_ip: str,
    user_agent: str,
    external_id: str | None,
    request_source: str,
) -> dict[str, Any]:
    return {
        "id": message_id,
        "user_id": user_id,
        "user_query": question,
        "openai_response": answer,
        "created_at": created,
        "updated_at": created,
        "conversation_id": conversation_id,
        "citations": citations,
        "metadata": {
            "user_ip": user_ip,
            "user_agent": user_agent,
            "external_id": external_id,
            "request_source": request_source,
        },
        "response_feedback": None,
    }


def feedback_row(
    previous: dict[str, Any] | None, *, reaction: str, user_id: int, now: str
) -> dict[str, Any]:
    """A message's `response_feedback` after a reaction (created once, then updated)."""
    return {
        "created_at": previous["created_at"] if previous else now,
        "updated_at": now,
        "user_id": user_id,
        "reaction": reaction,
    }
