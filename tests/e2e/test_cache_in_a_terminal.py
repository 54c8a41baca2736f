"""The installed `cgpt-tui` in a real terminal, where the history cache cannot be had."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from .terminal import Terminal
from .test_demo_in_a_terminal import installed_command


def home(tmp_path: Path, key: str) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "CUSTOMGPT_API_KEY": key,
    }


def words(terminal: Terminal) -> str:
    """The screen's words on one line, the notice's borders gone (it wraps anywhere)."""
    return " ".join(re.sub("[▌▎▊▁▔│╭╮╰╯─]", " ", terminal.text()).split())


def start_and_read(env: dict[str, str], base_url: str) -> str:
    """Start the app, wait for the agents and the notice; its words, the app quit."""
    terminal = Terminal([installed_command(), "--base-url", base_url], env=env)
    try:
        terminal.wait_for("Northwind", timeout=30)
        deadline = time.monotonic() + 15
        while "search is off" not in words(terminal) and time.monotonic() < deadline:
            terminal.pump(0.1)
        screen = words(terminal)
        terminal.send("\x11")  # ctrl+q
        terminal.pump(1.0)
    finally:
        terminal.close()
    assert b"Traceback" not in terminal.raw
    assert "search is off" in screen, screen
    return screen


def test_the_app_starts_without_a_cache_when_the_data_dir_is_a_regular_file(
    demo_server, tmp_path
) -> None:
    (tmp_path / "data").write_text("not a folder")  # fails as root too
    screen = start_and_read(home(tmp_path, demo_server.api_key), demo_server.base_url)
    assert "cannot be used" in screen and "Not a directory" in screen
    assert "Acme Intranet" in screen  # every agent, from the server


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder all the same")
def test_the_app_starts_without_a_cache_when_the_data_dir_cannot_be_read(
    demo_server, tmp_path
) -> None:
    folder = tmp_path / "data" / "cgpt-tui"
    folder.mkdir(parents=True)
    folder.chmod(0)
    try:
        screen = start_and_read(home(tmp_path, demo_server.api_key), demo_server.base_url)
    finally:
        folder.chmod(0o700)
    assert "cannot be used" in screen and "Permission denied" in screen
