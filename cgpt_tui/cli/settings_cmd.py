"""`cgpt-tui settings --agent ID [--json] [KEY=VALUE …]`: show an agent's settings, or change
some and show what the server kept.

KEY is the API's settings name (the vocabulary of `POST /projects/{id}/settings`), and the
settings are shown under the same names, so what is read can be written back. VALUE is
read by the key's kind: a JSON list or `a|b|c` for example_questions; true/false, yes/no,
1/0 for booleans; a whole number for enable_citations and the retention days; a file path
for the avatar images; text otherwise (the server judges choices such as chatbot_model).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cgpt_tui.api import AgentSettings, CustomGPTClient
from cgpt_tui.api.frozen import record
from cgpt_tui.cli.tables import pairs_table, to_json
from cgpt_tui.cli.workshop_common import USAGE, CommandFailed, with_client

TEXT_KEYS = (
    "default_prompt",
    "response_source",
    "chatbot_msg_lang",
    "chatbot_color",
    "chatbot_toolbar_color",
    "persona_instructions",
    "citations_answer_source_label_msg",
    "citations_sources_label_msg",
    "hang_in_there_msg",
    "chatbot_siesta_msg",
    "citations_view_type",
    "image_citation_display",
    "no_answer_message",
    "ending_message",
    "try_asking_questions_msg",
    "view_more_msg",
    "view_less_msg",
    "chatbot_model",
    "agent_capability",
    "input_field_addendum",
    "spotlight_avatar_shape",
    "spotlight_avatar_type",
    "user_avatar_orientation",
    "chatbot_title",
    "chatbot_title_color",
    "conversation_retention_period",
)
BOOLEAN_KEYS = (
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
INTEGER_KEYS = ("enable_citations", "conversation_retention_days")
LIST_KEYS = ("example_questions",)
FILE_KEYS = ("chat_bot_avatar", "chat_bot_bg", "user_avatar", "spotlight_avatar")
KNOWN_KEYS = tuple(sorted({*TEXT_KEYS, *BOOLEAN_KEYS, *INTEGER_KEYS, *LIST_KEYS, *FILE_KEYS}))
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1", "on"), ("false", "no", "0", "off")
# AgentSettings fields whose API name differs; the others are named as in the API.
API_NAMES = {
    "language": "chatbot_msg_lang",
    "error_message": "chatbot_siesta_msg",
    "inline_citations": "enable_inline_citations_api",
}


@record
class Changes:
    """What `KEY=VALUE …` asks for: settings values, and image files to upload."""

    values: dict[str, Any]
    files: dict[str, Path]


def _boolean(key: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CommandFailed(f"{key} is true or false (yes/no, 1/0), not {value!r}", USAGE)


def _integer(key: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise CommandFailed(f"{key} is a whole number, not {value!r}", USAGE) from None


def _questions(value: str) -> list[str]:
    """A JSON list of strings, or questions separated by `|`."""
    if value.lstrip().startswith("["):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as error:
            raise CommandFailed(f"example_questions is not a JSON list: {error}", USAGE) from None
        if not isinstance(parsed, list) or not all(isinstance(q, str) for q in parsed):
            raise CommandFailed("example_questions must be a JSON list of strings", USAGE)
        return [q.strip() for q in parsed if q.strip()]
    return [q.strip() for q in value.split("|") if q.strip()]


def _file(key: str, value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_file():
        raise CommandFailed(f"{key}: {value} is not a file", USAGE)
    return path


def parse_changes(pairs: Sequence[str]) -> Changes:
    """`KEY=VALUE` pairs as settings changes; raises CommandFailed (exit 2) on a bad pair."""
    values: dict[str, Any] = {}
    files: dict[str, Path] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals:
            raise CommandFailed(f"expected KEY=VALUE, not {pair!r}", USAGE)
        if key not in KNOWN_KEYS:
            raise CommandFailed(
                f"unknown setting {key!r}; the settings are: {', '.join(KNOWN_KEYS)}", USAGE
            )
        if key in FILE_KEYS:
            files[key] = _file(key, value)
        elif key in BOOLEAN_KEYS:
            values[key] = _boolean(key, value)
        elif key in INTEGER_KEYS:
            values[key] = _integer(key, value)
        elif key in LIST_KEYS:
            values[key] = _questions(value)
        else:
            values[key] = value
    return Changes(values, files)


def settings_by_api_name(settings: AgentSettings) -> dict[str, Any]:
    """The settings under their API names (the names KEY=VALUE takes)."""
    return {
        API_NAMES.get(field.name, field.name): getattr(settings, field.name)
        for field in dataclasses.fields(settings)
    }


def settings_output(settings: AgentSettings, as_json: bool) -> str:
    named: Mapping[str, Any] = settings_by_api_name(settings)
    return to_json(named) if as_json else pairs_table(named.items())


def run_settings(args: argparse.Namespace) -> int:
    changes = parse_changes(args.pairs)

    async def work(client: CustomGPTClient) -> int:
        if changes.values or changes.files:
            await client.update_agent_settings(
                args.agent, changes.values, files=changes.files or None
            )
        settings = await client.get_agent_settings(args.agent)
        sys.stdout.write(settings_output(settings, args.json))
        return 0

    return with_client(args, work)
