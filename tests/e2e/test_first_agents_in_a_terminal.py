"""The installed `cgpt-tui` in a real terminal, its first page of agents asked for by a child
process (api/prefetch.py): the agents and the account shown, the page asked again by the
app when the child's request failed, the sign-in asked for when the key is refused, and no
child left behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from cgpt_tui.api.prefetch import worth_it

from .terminal import Terminal
from .test_cache_in_a_terminal import home, words
from .test_demo_in_a_terminal import installed_command

pytestmark = pytest.mark.skipif(not worth_it(), reason="asked ahead only with 2 CPUs on POSIX")


def prefetch_children(of: int) -> list[int]:
    """The processes asking ahead whose parent is `of`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"cgpt_tui.api.prefetch" in command and parent == of:
            found.append(int(entry.name))
    return found


def start(tmp_path: Path, key: str, base_url: str) -> Terminal:
    return Terminal([installed_command(), "--base-url", base_url], env=home(tmp_path, key))


def test_the_agents_asked_ahead_are_listed_and_the_account_follows(demo_server, tmp_path):
    terminal = start(tmp_path, demo_server.api_key, demo_server.base_url)
    try:
        terminal.wait_for("Northwind", timeout=30)
        terminal.wait_for("Dana Demo", timeout=15)  # the header's account, after the frame
        assert prefetch_children(terminal.process.pid) == [], "the child is gone once it answered"
        screen = words(terminal)
        terminal.send("\x11")  # ctrl+q
        assert terminal.wait_for_exit(15) == 0
    finally:
        terminal.close()
    assert "Acme Intranet" in screen and "Lumen X100 Manual" in screen
    assert b"Traceback" not in terminal.raw


def test_the_app_asks_again_when_the_childs_request_failed(demo_server, tmp_path):
    demo_server.faults.fail_next(n=1, status=500, message="first page lost", path="/projects")
    terminal = start(tmp_path, demo_server.api_key, demo_server.base_url)
    try:
        terminal.wait_for("Northwind", timeout=30)
        screen = words(terminal)
        terminal.send("\x11")
        terminal.wait_for_exit(15)
    finally:
        terminal.close()
    assert demo_server.faults.pending()["requests"] == [], "the child met the fault"
    assert "first page lost" not in screen  # the app's own request found the agents


def test_a_refused_key_still_asks_to_sign_in(demo_server, tmp_path):
    terminal = start(tmp_path, "not-the-key", demo_server.base_url)
    try:
        terminal.wait_for("Sign in to CustomGPT.ai", timeout=30)
        assert b"not-the-key" not in terminal.raw
    finally:
        terminal.close()


def test_no_child_is_left_when_the_app_is_killed_at_start(demo_server, tmp_path):
    demo_server.faults.delay_next(20.0, path="/projects")  # the child would wait 20 s
    terminal = start(tmp_path, demo_server.api_key, demo_server.base_url)
    try:
        terminal.wait_for("Agents", timeout=30)  # the screen is up, the child still asking
        children = prefetch_children(terminal.process.pid)
        assert len(children) == 1
        environment = Path(f"/proc/{children[0]}/environ").read_bytes()
        assert demo_server.api_key.encode() not in environment  # the app's has it
        os.kill(terminal.process.pid, signal.SIGKILL)  # the child's group is left alone
        terminal.wait_for_exit(10)
        for _ in range(60):
            if not any(alive(pid) for pid in children):
                break
            time.sleep(0.05)
        assert not any(alive(pid) for pid in children), "the child outlived the app"
    finally:
        terminal.close()


def alive(pid: int) -> bool:
    """Running still (a zombie, ended and not yet reaped, is not)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
