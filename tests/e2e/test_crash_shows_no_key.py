"""Whatever goes wrong inside a request, the terminal and the error log never show the key.

The failures are forced inside httpx, a third-party library, by a `sitecustomize` module the
child Python loads at start: our own code runs unchanged. Before the fix, a failure while
the client was built (a bad base URL did it for real) put Textual's crash screen on the
terminal with every frame's locals: the key six times, and the `Authorization: Bearer` header.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from .terminal import Terminal
from .test_demo_in_a_terminal import installed_command

KEY = "sk-Crash/Test+Key=0042"
FORMS = (KEY.encode(), quote(KEY, safe="").encode(), quote(KEY).encode(), b"Bearer")

FAIL_BUILDING_THE_CLIENT = """
import httpx

def __init__(self, *args, **kwargs):
    raise RuntimeError("forced: httpx could not build its client")

httpx.AsyncClient.__init__ = __init__
"""

FAIL_INSIDE_THE_CONNECTION_POOL = """
import httpcore

async def handle_async_request(self, request):
    headers = request.headers  # what a crash report showing locals would print
    raise RuntimeError("forced: the connection pool failed")

httpcore.AsyncConnectionPool.handle_async_request = handle_async_request
"""


def start(tmp_path: Path, base_url: str, patch: str) -> Terminal:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(patch, encoding="utf-8")
    return Terminal(
        [installed_command(), "--base-url", base_url],
        columns=220,  # the status line says why the app is offline, in full
        env={
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "c"),
            "XDG_DATA_HOME": str(tmp_path / "d"),
            "XDG_STATE_HOME": str(tmp_path / "s"),
            "CUSTOMGPT_API_KEY": KEY,
            "PYTHONPATH": str(site),
        },
    )


def log_of(tmp_path: Path) -> Path:
    return tmp_path / "s" / "cgpt-tui" / "cgpt-tui.log"


def assert_no_key(what: bytes) -> None:
    for form in FORMS:
        assert form not in what, form


def test_a_crash_while_the_client_is_built_ends_with_two_lines_and_no_key(
    demo_server, tmp_path: Path
) -> None:
    terminal = start(tmp_path, demo_server.base_url, FAIL_BUILDING_THE_CLIENT)
    try:
        assert terminal.wait_for_exit(30) == 1
    finally:
        terminal.close()
    raw = bytes(terminal.raw)
    screen = terminal.text()
    assert "cgpt-tui stopped on an unexpected error (RuntimeError: forced: httpx" in screen
    log = log_of(tmp_path)
    assert f"Details (without the API key): {log}" in screen.replace("\n", "")
    assert b"locals" not in raw and b"Traceback" not in raw
    assert_no_key(raw)
    written = log.read_bytes()
    assert b"RuntimeError: forced: httpx could not build its client" in written
    assert b"in _wire" in written  # the whole traceback (where the client is built)
    assert_no_key(written)


def test_a_failure_deep_inside_a_request_is_shown_as_offline_without_the_key(
    demo_server, tmp_path: Path
) -> None:
    terminal = start(tmp_path, demo_server.base_url, FAIL_INSIDE_THE_CONNECTION_POOL)
    try:
        screen = terminal.wait_for("forced: the connection pool failed", timeout=30)
        assert "Offline" in screen and "could not be sent (RuntimeError" in screen
        assert "Unexpected error" not in screen and "Loading agents…" not in screen
        terminal.send("\x11")  # ctrl+q
        assert terminal.wait_for_exit(10) == 0
    finally:
        terminal.close()
    assert_no_key(bytes(terminal.raw))
    log = log_of(tmp_path)
    assert not log.exists() or all(form not in log.read_bytes() for form in FORMS)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:abc", "http://[::1", "https://x:0x50", "http://localhost:99999"]
)
def test_starting_with_a_mistyped_base_url_in_a_terminal_is_one_line_and_no_key(
    tmp_path: Path, url: str
) -> None:
    """The issue's reproduction, as typed: it crashed with the key on screen six times."""
    terminal = Terminal(
        [installed_command(), "--base-url", url],
        env={
            "HOME": str(tmp_path),
            "XDG_STATE_HOME": str(tmp_path / "s"),
            "CUSTOMGPT_API_KEY": KEY,
        },
    )
    try:
        assert terminal.wait_for_exit(20) == 2
    finally:
        terminal.close()
    lines = [line.rstrip() for line in terminal.text().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"cgpt-tui: --base-url {url!r} cannot be used: ")
    assert_no_key(bytes(terminal.raw))
    assert not log_of(tmp_path).exists()
