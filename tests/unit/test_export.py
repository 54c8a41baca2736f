"""The Markdown export: safe file names, quoted questions, sources as links."""

from __future__ import annotations

from datetime import UTC, datetime

from cgpt_tui.api import Agent, Citation, Conversation, Message, MessageMetadata
from cgpt_tui.services.export import export_filename, render_markdown

WHEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
AGENT = Agent(7, "Help \x1b[31mdesk", True, None, None, None, False, None)


def conversation(name: str) -> Conversation:
    return Conversation(1, "abc-123", name, 7, None, WHEN, WHEN)


def message(question: str, answer: str, citations: tuple[int, ...] = ()) -> Message:
    return Message(1, question, answer, citations, 1, WHEN, WHEN, MessageMetadata(), None)


def test_file_names_are_safe_everywhere() -> None:
    assert export_filename(conversation('a/b\\c:d*e?"f<g>h|i')) == "a-b-c-d-e--f-g-h-i.md"
    assert export_filename(conversation("   ")) == "conversation.md"
    assert export_filename(conversation("../../etc/passwd")) == "etc-passwd.md"


def test_questions_are_quoted_and_sources_linked() -> None:
    text = render_markdown(
        AGENT,
        conversation("Resets"),
        [message("# not a heading\n- nor a list", "**Bold** answer", (5, 6))],
        {5: Citation(5, "https://x.example/a", "Title [with] brackets", None, None)},
    )
    assert text.startswith("# Resets\n")
    assert "Agent: Help desk" in text  # the escape sequence is gone
    assert "> # not a heading\n> - nor a list" in text
    assert "**Bold** answer" in text
    assert "1. [Title \\[with\\] brackets](<https://x.example/a>)" in text
    assert "\x1b" not in text
