"""The installed `cgpt-tui --demo` in a real pseudo-terminal, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from .terminal import Terminal, find_installed


def installed_command() -> str:
    found = find_installed()
    if found is None:
        pytest.skip("cgpt-tui is not installed in this environment (pip install -e .)")
    return found


def test_demo_streams_an_answer_with_a_citation(tmp_path: Path) -> None:
    terminal = Terminal(
        [installed_command(), "--demo"],
        env={"HOME": str(tmp_path), "CGPT_TUI_DEMO_PACE": "400"},
    )
    try:
        terminal.wait_for("Agents", timeout=30)
        terminal.wait_for("Northwind", timeout=15)
        terminal.send("\r")  # open the first agent
        terminal.wait_for("Try asking", timeout=15)
        terminal.send("\x0e")  # ctrl+n: a new conversation, composer focused
        terminal.send("How do I reset my password?")
        sent = terminal.type("\r")
        # "answering" is on screen only while the answer streams: on a busy machine one read
        # of the terminal may hold the whole answer, so look for it in what was written.
        terminal.wait_for_bytes("● answering".encode(), sent, timeout=15)
        screen = terminal.wait_for("[1]", timeout=30)
        assert "How do I reset my password?" in screen
        terminal.wait_for("Reset", timeout=15)
        terminal.send("\x11")  # ctrl+q
        terminal.pump(1.0)
    finally:
        code = terminal.close()
    assert code == 0
    assert b"\x1b]52" not in terminal.raw


def test_text_typed_right_after_ctrl_n_goes_to_the_composer(tmp_path: Path) -> None:
    """ctrl+n and a question in one read of the terminal (a fast typist, a paste, a busy
    machine): every letter lands in the new conversation's composer, none in the list that
    had the focus (its type-to-filter would take them)."""
    terminal = Terminal([installed_command(), "--demo"], env={"HOME": str(tmp_path)})
    try:
        terminal.wait_for("Northwind", timeout=30)
        terminal.send("\r")  # open the first agent
        terminal.wait_for("Try asking", timeout=15)
        terminal.send("\x0e" + "How do I reset my password?")
        screen = terminal.wait_for("reset my password?", timeout=15)
        assert "No agent matches" not in screen
        sent = terminal.type("\r")
        terminal.wait_for_bytes("● answering".encode(), sent, timeout=15)
        terminal.send("\x11")  # ctrl+q
        terminal.pump(1.0)
    finally:
        code = terminal.close()
    assert code == 0
