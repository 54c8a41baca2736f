"""Every way out of the installed app, in a real pty: the draft is kept, the terminal restored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from .terminal import Terminal, find_installed

DRAFT = "half a question typed before the end"
# What Textual's driver writes on the way out (stop_application_mode, disable_input): the
# alternate screen left, mouse reporting, bracketed paste, focus events and the Kitty
# keyboard protocol off, the cursor shown again.
RESTORED = (
    b"\x1b[?1000l",
    b"\x1b[?1003l",
    b"\x1b[?1015l",
    b"\x1b[?1006l",
    b"\x1b[?2004l",
    b"\x1b[<u",
    b"\x1b[?1049l",
    b"\x1b[?25h",
    b"\x1b[?1004l",
)


def installed_command() -> str:
    found = find_installed()
    if found is None:
        pytest.skip("cgpt-tui is not installed in this environment (pip install -e .)")
    return found


def environment(server, home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "CUSTOMGPT_API_KEY": server.api_key,
    }


def drafts_file(home: Path) -> Path:
    return home / "data" / "cgpt-tui" / "drafts.json"


def saved_in(path: Path) -> list[str]:
    try:
        profiles = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [text for drafts in profiles.values() for text in drafts.values()]


def saved_drafts(home: Path) -> list[str]:
    return saved_in(drafts_file(home))


def wait_until_saved(terminal: Terminal, path: Path, timeout: float = 5.0) -> None:
    """The draft is written about 0.7 s after the last key."""
    deadline = time.monotonic() + timeout
    while DRAFT not in saved_in(path):
        assert time.monotonic() < deadline, "the draft was not written after typing stopped"
        terminal.pump(0.1)


def start(server, home: Path, **kwargs) -> Terminal:
    return Terminal(
        [installed_command(), "--base-url", server.base_url],
        env=environment(server, home),
        **kwargs,
    )


def type_a_draft(terminal: Terminal, draft: str = DRAFT, *, agent: int = 0) -> None:
    """Open an agent (on a new conversation), focus the composer and type."""
    terminal.wait_for("Northwind", timeout=30)
    terminal.send("\x1b[B" * agent + "\r")
    terminal.wait_for("New conversation", timeout=20)
    terminal.send("\x0e")  # ctrl+n
    terminal.wait_for("Newline", timeout=10)  # the composer's keys in the footer: it has focus
    terminal.send(draft)
    terminal.wait_for(draft, timeout=10)


def assert_terminal_restored(terminal: Terminal, since: int) -> None:
    after = bytes(terminal.raw[since:])
    missing = [sequence for sequence in RESTORED if sequence not in after]
    assert not missing, f"not written on the way out: {missing}"
    lflag = termios.tcgetattr(terminal.master)[3]
    assert lflag & termios.ICANON and lflag & termios.ECHO, "the pty is left in raw mode"


def test_a_draft_typed_then_kill_9_is_back_after_a_restart(demo_server, tmp_path: Path):
    terminal = start(demo_server, tmp_path)
    try:
        type_a_draft(terminal)
        wait_until_saved(terminal, drafts_file(tmp_path))
        os.killpg(terminal.process.pid, signal.SIGKILL)
        terminal.wait_for_exit()
    finally:
        terminal.close()
    assert saved_drafts(tmp_path) == [DRAFT]
    assert oct(drafts_file(tmp_path).stat().st_mode)[-3:] == "600"

    again = start(demo_server, tmp_path)
    try:
        screen = again.wait_for(DRAFT, timeout=30)  # the agent reopens on its new conversation
        assert "New conversation" in screen
        again.send("\x11")
        assert again.wait_for_exit() == 0
    finally:
        again.close()


@pytest.mark.parametrize(
    ("how", "code"),
    [
        ("ctrl+q", 0),
        ("SIGTERM", 128 + signal.SIGTERM),
        ("SIGHUP", 128 + signal.SIGHUP),
        ("SIGINT", 128 + signal.SIGINT),
    ],
)
def test_quitting_or_a_signal_restores_the_terminal_and_keeps_the_draft(
    demo_server, tmp_path: Path, how: str, code: int
):
    terminal = start(demo_server, tmp_path)
    try:
        type_a_draft(terminal)
        since = len(terminal.raw)
        if how == "ctrl+q":
            terminal.send("\x11")
        else:
            # Sent at once, before the draft's own pause (0.7 s) is over: the exit saves it.
            os.kill(terminal.process.pid, getattr(signal, how))
        assert terminal.wait_for_exit() == code
        assert_terminal_restored(terminal, since)
    finally:
        terminal.close()
    assert saved_drafts(tmp_path) == [DRAFT]


def test_the_end_of_input_on_stdin_ends_the_app_and_restores_the_terminal(
    demo_server, tmp_path: Path
):
    reading, writing = os.pipe()
    terminal = start(demo_server, tmp_path, stdin=reading)
    os.close(reading)
    try:
        terminal.wait_for("Northwind", timeout=30)
        since = len(terminal.raw)
        os.close(writing)  # end of input
        assert terminal.wait_for_exit() == 128 + signal.SIGHUP
        after = bytes(terminal.raw[since:])
        assert b"\x1b[?1049l" in after and b"\x1b[?1000l" in after and b"\x1b[?25h" in after
    finally:
        terminal.close()


def test_closing_the_terminal_with_sighup_ignored_ends_the_app_and_keeps_the_draft(
    demo_server, tmp_path: Path
):
    terminal = start(demo_server, tmp_path, ignore_hangup=True)
    try:
        type_a_draft(terminal)
        os.close(terminal.master)  # the terminal window is closed; nohup ignores SIGHUP
        terminal.master = os.open(os.devnull, os.O_RDONLY)  # for close() to close
        started = time.monotonic()
        try:
            terminal.process.wait(8)
        except subprocess.TimeoutExpired:
            pytest.fail("the app went on running after its terminal was closed")
        assert time.monotonic() - started < 8
    finally:
        terminal.close()
    assert saved_drafts(tmp_path) == [DRAFT]


def test_quitting_when_drafts_cannot_be_written_says_so_and_exits_non_zero(
    demo_server, tmp_path: Path
):
    # Root writes through chmod: a folder where the file should be stops the rename.
    drafts_file(tmp_path).mkdir(parents=True)
    terminal = start(demo_server, tmp_path)
    try:
        type_a_draft(terminal)
        terminal.wait_for("could not be saved", timeout=10)  # the notice, at the first try
        since = len(terminal.raw)
        terminal.send("\x11")
        assert terminal.wait_for_exit() == 1
    finally:
        terminal.close()
    after = bytes(terminal.raw[since:]).decode(errors="replace")
    expected = f"cgpt-tui: Drafts could not be saved to {drafts_file(tmp_path)}: Is a directory"
    assert expected in after


def test_two_terminals_on_one_profile_keep_both_drafts(demo_server, tmp_path: Path):
    left, right = start(demo_server, tmp_path), start(demo_server, tmp_path)
    try:
        type_a_draft(left, "typed on the left")
        type_a_draft(right, "typed on the right", agent=1)
        left.send("\x11")
        assert left.wait_for_exit() == 0
        right.send("\x11")  # the last to quit wrote its start-up snapshot over the file
        assert right.wait_for_exit() == 0
    finally:
        left.close()
        right.close()
    assert sorted(saved_drafts(tmp_path)) == ["typed on the left", "typed on the right"]


CRASHING_APP = """
import sys
from textual.binding import Binding
from pathlib import Path
from cgpt_tui.local.drafts import Drafts
from cgpt_tui.ui.app import CgptApp
from cgpt_tui.ui.session import Session

class CrashingApp(CgptApp):
    BINDINGS = [Binding("ctrl+t", "crash", priority=True)]

    def action_crash(self):
        raise RuntimeError("an unexpected crash")

app = CrashingApp(
    Session(base_url=sys.argv[1], api_key=sys.argv[2], drafts=Drafts(Path(sys.argv[3])))
)
app.run()
sys.exit(app.return_code or 0)
"""


def test_a_crash_restores_the_terminal_and_keeps_the_draft(demo_server, tmp_path: Path):
    """The app's own code, with one key added that raises."""
    path = tmp_path / "drafts.json"
    terminal = Terminal(
        [sys.executable, "-c", CRASHING_APP, demo_server.base_url, demo_server.api_key, str(path)],
        env=environment(demo_server, tmp_path),
    )
    try:
        type_a_draft(terminal)
        since = len(terminal.raw)
        terminal.send("\x14")  # ctrl+t, at once: raises in the app
        assert terminal.wait_for_exit() != 0
        assert_terminal_restored(terminal, since)
    finally:
        terminal.close()
    assert saved_in(path) == [DRAFT]
