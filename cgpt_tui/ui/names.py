"""How a name from the server is shown: cleaned, or a dim placeholder when it would show
nothing (empty, whitespace, or only invisible characters)."""

from __future__ import annotations

from cgpt_tui.api import Agent, Conversation
from cgpt_tui.sanitize import clean_line

PLACEHOLDER_STYLE = "$text-muted italic"
UNTITLED = "Untitled conversation"

Shown = str | tuple[str, str]  # a part for `Content.assemble` / `Rows.build`


def shown_name(name: str | None, placeholder: str, style: str = "") -> Shown:
    """The clean name (in `style`), or the placeholder, dimmed."""
    text = clean_line(name)
    if not text:
        return (placeholder, PLACEHOLDER_STYLE)
    return (text, style) if style else text


def shown_conversation(conversation: Conversation, style: str = "") -> Shown:
    return shown_name(conversation.name, UNTITLED, style)


def shown_agent(agent: Agent, style: str = "") -> Shown:
    return shown_name(agent.name, f"Agent {agent.id}", style)
