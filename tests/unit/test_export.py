"""The Markdown export: safe file names, quoted questions, sources as links."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cgpt_tui.api import Agent, Citation, Conversation, Message, MessageMetadata
from cgpt_tui.services.export import export_filename, render_markdown, write_export
from cgpt_tui.services.naming import cut_to_bytes

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


LONG_NAMES = {
    "emoji": "🎉" * 80,
    "joined emoji": "👩\u200d👩\u200d👧 " * 40,
    "flags": "🇫🇷🇩🇪🇯🇵" * 30,
    "CJK": "全角の文字と名前" * 30,
    "accents": "e\u0301" * 200,
    "long ASCII": "Quarterly report " * 30,
}


@pytest.mark.parametrize("kind", LONG_NAMES)
def test_exporting_a_long_named_conversation_writes_the_suggested_file(
    tmp_path: Path, kind: str
) -> None:
    """80 emoji once made a 324-byte name: "File name too long"."""
    for format in ("md", "json"):
        name = export_filename(conversation(LONG_NAMES[kind]), format)
        assert len(name.encode("utf-8")) <= 255 and name.endswith(f".{format}")
        assert len(name.encode("utf-8")) > 200, "cut far shorter than the file system allows"
        written = write_export(tmp_path / name, "text\n")
        assert written.read_text() == "text\n"
        assert [p.name for p in tmp_path.iterdir() if p.name == name] == [name]


def test_a_long_name_is_cut_between_what_shows_as_characters() -> None:
    family = "👩\u200d👩\u200d👧"
    cut = cut_to_bytes(family * 20, 100)
    assert cut == family * (100 // len(family.encode()))
    assert cut_to_bytes("e\u0301" * 10, 5) == "e\u0301"  # not "e\u0301e"
    assert cut_to_bytes("🇫🇷" * 10, 20) == "🇫🇷" * 2  # not two flags and half of one
    assert cut_to_bytes("abc", 3) == "abc" and cut_to_bytes("日本", 4) == "日"


def test_a_reversed_extension_does_not_reach_the_file_name() -> None:
    assert export_filename(conversation("invoice \u202egpj.exe\u202c")) == "invoice gpj.exe.md"
    assert export_filename(conversation("\u200b\u200b")) == "conversation.md"


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
