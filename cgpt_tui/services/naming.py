"""Names the app gives things."""

from __future__ import annotations

NAME_LIMIT = 60


def conversation_name(question: str) -> str:
    """Name a new conversation after its first question, trimmed to a readable length."""
    name = " ".join(question.split())
    if len(name) <= NAME_LIMIT:
        return name
    return name[:NAME_LIMIT].rsplit(" ", 1)[0].rstrip(" ,.;:?!") + "…"
