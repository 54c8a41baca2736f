"""Server text full of escape sequences and markup, shown in a real pseudo-terminal.

The bytes the app writes must hold none of the hostile sequences, and the bracketed markup
must appear literally instead of being interpreted.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from .terminal import Terminal
from .test_demo_in_a_terminal import installed_command

MARKUP = "[@click=app.quit]x[/]"
HOSTILE = (
    "\x1b]0;PWNED\x07",
    "\x1b]52;c;UFdORUQ=\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x1bPq#0\x1b\\",
)
FORBIDDEN = (b"PWNED", b"UFdORUQ=", b"\x1b[2J", b"\x9b", b"\x1bPq#0", b"\xc2\x9b")


def hostile(label: str) -> str:
    return f"{label} " + "".join(HOSTILE) + f"{MARKUP} end"


def test_hostile_names_questions_and_answers_are_shown_inert(demo_server, tmp_path: Path):
    headers = {"Authorization": f"Bearer {demo_server.api_key}"}
    with httpx.Client(base_url=f"{demo_server.base_url}/api/v1", headers=headers) as http:
        created = http.post("/projects/103/conversations", json={"name": hostile("Chat")})
        session = created.json()["data"]["session_id"]
        demo_server.faults.inject_control_chars("".join(HOSTILE) + MARKUP)
        http.post(
            f"/projects/103/conversations/{session}/messages",
            json={"prompt": hostile("Question") + " reset my password"},
        )
    terminal = Terminal(
        [installed_command(), "--base-url", demo_server.base_url],
        lines=90,  # the whole entry fits: question, answer (a composed one, ~45 rows), cards
        env={
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "c"),
            "XDG_DATA_HOME": str(tmp_path / "d"),
            "XDG_STATE_HOME": str(tmp_path / "s"),
            "CUSTOMGPT_API_KEY": demo_server.api_key,
        },
    )
    try:
        terminal.wait_for("Northwind", timeout=30)
        terminal.send("\r")  # the first agent: its conversations take the focus
        terminal.wait_for("Chat [@click", timeout=30)
        terminal.send("\r")  # the newest conversation (ours), highlighted
        screen = terminal.wait_for("Question [@click=app.quit]x[/] end", timeout=30)
        screen = terminal.wait_for("Reset a forgotten password", timeout=30)
        assert MARKUP in screen
        assert terminal.process.poll() is None, "the markup did not run app.quit"
        terminal.send("\x11")
        terminal.pump(1.0)
    finally:
        terminal.close()
    raw = bytes(terminal.raw)
    for sequence in FORBIDDEN:
        assert sequence not in raw, sequence
