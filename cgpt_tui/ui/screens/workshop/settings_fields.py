"""The Settings tab's fields as plain values: read from the settings, compared, checked.

Keys are the API's names (what `Workshop.save_settings` sends), plus `project_name` for the
agent's name (saved through `Workshop.rename_agent`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cgpt_tui.api import AgentSettings
from cgpt_tui.sanitize import clean_line, clean_text

NAME = "project_name"
MODELS = (
    "gpt-4-o",
    "gpt-4-1",
    "gpt-4o-mini",
    "gpt-4-1-mini",
    "claude-3-sonnet",
    "claude-3.5-sonnet",
    "gpt-o4-mini-low",
    "gpt-o4-mini-medium",
    "gpt-o4-mini-high",
)
RESPONSE_SOURCES = (
    ("default", "The account default"),
    ("own_content", "Its own content only"),
    ("openai_content", "Its content and the model's knowledge"),
)
CITATION_VIEWS = (
    ("user", "Readers choose to show them"),
    ("show", "Shown with every answer"),
    ("hide", "Hidden from readers"),
)
MAX_LENGTHS = {  # the description's (and the stand-in's) limits, checked before sending
    NAME: 255,
    "persona_instructions": 12000,
    "no_answer_message": 1000,
    "chatbot_msg_lang": 10,
}
MAX_QUESTION = 255
LABELS = {
    NAME: "Name",
    "persona_instructions": "Persona",
    "example_questions": "Example questions",
    "chatbot_model": "Model",
    "response_source": "Answers from",
    "chatbot_msg_lang": "Language",
    "citations_view_type": "Citations",
    "no_answer_message": "No-answer message",
    "markdown_enabled": "Markdown",
    "enable_inline_citations_api": "Inline citations",
}
# Words the server's messages use for a field (Laravel: "The selected chatbot msg lang is
# invalid."), longest first so "example questions.0" is not taken for another field.
_MESSAGE_WORDS = sorted(
    [(key.replace("_", " "), key) for key in LABELS]
    + [("name", NAME), ("language", "chatbot_msg_lang"), ("model", "chatbot_model")],
    key=lambda pair: -len(pair[0]),
)


def form_values(name: str | None, settings: AgentSettings) -> dict[str, Any]:
    """What the form shows for these settings (text cleaned: it came from the server)."""
    return {
        NAME: clean_line(name),
        "persona_instructions": clean_text(settings.persona_instructions),
        "example_questions": tuple(
            line for q in settings.example_questions if (line := clean_line(q))
        ),
        "chatbot_model": clean_line(settings.chatbot_model) or None,
        "response_source": clean_line(settings.response_source) or None,
        "chatbot_msg_lang": clean_line(settings.language),
        "citations_view_type": clean_line(settings.citations_view_type) or None,
        "no_answer_message": clean_text(settings.no_answer_message),
        "markdown_enabled": settings.markdown_enabled,
        "enable_inline_citations_api": settings.inline_citations,
    }


def questions_from_text(text: str) -> tuple[str, ...]:
    """One question per line; blank lines dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def changes(original: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from what was loaded."""
    return {key: value for key, value in current.items() if original.get(key) != value}


def client_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """Problems found before anything is sent, by field."""
    errors: dict[str, str] = {}
    if NAME in values and not str(values[NAME]).strip():
        errors[NAME] = "A name cannot be empty."
    for key, limit in MAX_LENGTHS.items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors[key] = f"At most {limit:,} characters ({len(value):,} now)."
    questions = values.get("example_questions") or ()
    long = [n + 1 for n, question in enumerate(questions) if len(question) > MAX_QUESTION]
    if long:
        lines = ", ".join(map(str, long))
        errors["example_questions"] = (
            f"At most {MAX_QUESTION} characters a question (line {lines})."
        )
    return errors


def field_of_message(message: str) -> str | None:
    """The field a server's error message names, if it names one."""
    text = message.lower()
    for words, key in _MESSAGE_WORDS:
        if words in text:
            return key
    return None
