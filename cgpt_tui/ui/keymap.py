"""Every key binding of the app, grouped by where it applies (for the help screen and docs)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class KeyHelp:
    keys: str
    description: str
    binding_id: str | None


def _keys(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "equals_sign": "=",
        "delete": "Delete",
        "escape": "Esc",
        "enter": "Enter",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
    }
    return " / ".join(names.get(key.strip(), key.strip()) for key in binding.key.split(","))


def binding_sections() -> list[tuple[str, list[KeyHelp]]]:
    """(area, bindings) pairs for every place that has keys of its own."""
    from cgpt_tui.ui.app import CgptApp
    from cgpt_tui.ui.screens.main_screen import MainScreen
    from cgpt_tui.ui.transcript.transcript import Transcript
    from cgpt_tui.ui.widgets.agent_list import AgentList
    from cgpt_tui.ui.widgets.chat_pane import ChatPane
    from cgpt_tui.ui.widgets.composer import Composer
    from cgpt_tui.ui.widgets.conversation_list import ConversationList

    areas = [
        ("Everywhere", [CgptApp, MainScreen]),
        ("Agents", [AgentList]),
        ("Conversations", [ConversationList]),
        ("Composer", [Composer, ChatPane]),
        ("Answers", [Transcript]),
    ]
    sections = []
    for title, owners in areas:
        rows = [
            KeyHelp(_keys(binding), binding.description, binding.id)
            for owner in owners
            for binding in owner.BINDINGS
            if isinstance(binding, Binding) and binding.description
        ]
        sections.append((title, rows))
    return sections
