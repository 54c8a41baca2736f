"""`POST /projects/{id}/settings`: update an agent's settings (multipart or JSON).

Fields left out keep their values and unknown fields are ignored; every named field is
checked before any is kept, so a refused update changes nothing. Questions come as
`example_questions[0]`, `example_questions[1]`… (the SDK and the notes), `example_questions[]`
(the description) or a JSON list. An empty multipart value (or JSON null) clears a field the
description marks nullable; elsewhere it is refused. Image files are checked, described in the
agent's extras (name, type, size, hash; the bytes are not kept) and served back as a stand-in
CDN URL in the matching setting.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cgpt_tui.demo.bodies import (
    UploadedImage,
    as_bool,
    as_choice,
    as_int,
    as_text,
    invalid,
    read_body,
)
from cgpt_tui.demo.context import agent_of, context
from cgpt_tui.demo.envelopes import ApiFailure, success
from cgpt_tui.demo.languages import CHATBOT_LANGUAGES
from cgpt_tui.demo.state import AgentData

AVATAR_BASE = "https://cdn.customgpt.ai/avatars"
MAX_QUESTION = 255
TEXTS: dict[str, int | None] = {  # name: maxLength (None: no limit in the description)
    "default_prompt": 255,
    "chatbot_color": 9,
    "chatbot_toolbar_color": 9,
    "persona_instructions": 12000,
    "citations_answer_source_label_msg": 255,
    "citations_sources_label_msg": 255,
    "hang_in_there_msg": 255,
    "chatbot_siesta_msg": 255,
    "no_answer_message": 1000,
    "ending_message": 1000,
    "try_asking_questions_msg": 255,
    "view_more_msg": 255,
    "view_less_msg": 255,
    "input_field_addendum": 100,
    "chatbot_title": 30,
    "chatbot_title_color": None,
}
CHOICES: dict[str, tuple[Any, ...]] = {
    "response_source": ("default", "own_content", "openai_content"),
    "chatbot_msg_lang": CHATBOT_LANGUAGES,
    "enable_citations": (0, 1, 2, 3),
    "citations_view_type": ("user", "show", "hide"),
    "image_citation_display": ("default", "first_only"),
    "chatbot_model": (
        "gpt-4-o",
        "gpt-4-1",
        "gpt-4o-mini",
        "gpt-4-1-mini",
        "claude-3-sonnet",
        "claude-3.5-sonnet",
        "gpt-o4-mini-low",
        "gpt-o4-mini-medium",
        "gpt-o4-mini-high",
    ),
    "agent_capability": (
        "fastest-responses",
        "optimal-choice",
        "advanced-reasoning",
        "complex-tasks",
    ),
    "spotlight_avatar_shape": ("circle", "rectangle"),
    "spotlight_avatar_type": ("default", "image"),
    "user_avatar_orientation": (
        "agent-left-user-right",
        "agent-right-user-right",
        "agent-right-user-left",
        "agent-left-user-left",
    ),
    "conversation_retention_period": ("custom", "year", "never"),
}
BOOLEANS = (
    "is_loading_indicator_enabled",
    "enable_feedbacks",
    "remove_branding",
    "enable_recaptcha_for_public_chatbots",
    "is_selling_enabled",
    "can_share_conversation",
    "can_export_conversation",
    "hide_sources_from_responses",
    "user_avatar_enabled",
    "spotlight_avatar_enabled",
    "enable_inline_citations_api",
    "conversation_time_window",
    "use_context_aware_starter_question",
    "enable_agent_knowledge_base_awareness",
    "markdown_enabled",
)
INTEGERS = ("conversation_retention_days",)
IMAGES = {  # upload field: (the setting that shows it, what the error message calls it)
    "chat_bot_avatar": ("chatbot_avatar", "avatar"),
    "chat_bot_bg": ("chatbot_background", "background"),
    "user_avatar": ("user_avatar", "avatar"),
    "spotlight_avatar": ("spotlight_avatar", "avatar"),
}
NOT_NULLABLE = frozenset(
    {
        "default_prompt",
        "chatbot_color",
        "chatbot_toolbar_color",
        "response_source",
        "chatbot_msg_lang",
        "user_avatar_enabled",
        "spotlight_avatar_enabled",
        "spotlight_avatar_shape",
        "spotlight_avatar_type",
        "user_avatar_orientation",
        "conversation_retention_period",
        "conversation_retention_days",
        "enable_agent_knowledge_base_awareness",
        "markdown_enabled",
    }
)


def _questions(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    questions = []
    for question in values:
        if question is None:
            continue
        text = as_text("example_questions", question, MAX_QUESTION).strip()
        if text:
            questions.append(text)
    return questions


def _value(name: str, value: Any) -> Any:
    if name in TEXTS:
        return as_text(name, value, TEXTS[name])
    if name in CHOICES:
        return as_choice(name, value, CHOICES[name])
    if name in BOOLEANS:
        return as_bool(name, value)
    return as_int(name, value)


def _image(agent: AgentData, field: str, value: Any) -> tuple[str, str, dict[str, Any]]:
    """(setting, its new URL, what to keep of the file) for one uploaded image."""
    setting, called = IMAGES[field]
    kind = value.kind if isinstance(value, UploadedImage) else None
    if not isinstance(value, UploadedImage) or kind is None:
        raise ApiFailure(400, f"Please upload a valid image file for {called}")
    return setting, f"{AVATAR_BASE}/{agent.id}-{setting}.{kind}", value.describe()


def settings_changes(
    agent: AgentData, body: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The settings `body` names, checked and converted, and what to keep of its images."""
    changes: dict[str, Any] = {}
    images: dict[str, Any] = {}
    for key in ("example_questions", "example_questions[]"):  # the latter: JSON, as described
        if key in body:
            raw = body[key]
            changes["example_questions"] = None if raw is None else _questions(raw)
    if body.get("chatbot_msg_lang", "") is None:
        raise ApiFailure(400, "Language Proficiency is required.")
    for name in (*TEXTS, *CHOICES, *BOOLEANS, *INTEGERS):
        if name not in body:
            continue
        value = body[name]
        if value is None and name in NOT_NULLABLE:
            raise invalid(name, "field is required.")
        changes[name] = None if value is None else _value(name, value)
    for field in IMAGES:
        if body.get(field) is not None:
            setting, url, kept = _image(agent, field, body[field])
            changes[setting] = url
            images[setting] = kept
    return changes, images


async def update_settings(request: Request) -> JSONResponse:
    agent = agent_of(request)
    changes, images = settings_changes(agent, await read_body(request))
    with context(request).state.lock:
        agent.settings.update(changes)
        agent.extras.setdefault("images", {}).update(images)
    return success({"updated": True})


ROUTES = [Route("/api/v1/projects/{agent_id}/settings", update_settings, methods=["POST"])]
