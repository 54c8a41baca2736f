"""`ask` and `export` when stdout or stdin are not what they expect: one line at most, an exit
status a script can act on, never a traceback. Run as the installed `cgpt-tui`."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cgpt_tui.demo.server import DemoServer

from .run import cgpt, home_env, installed

NORTHWIND = 103
QUESTION = "How do I reset my password?"


@pytest.fixture
def slow_server() -> Iterator[DemoServer]:
    """Answers stream for a few seconds: long enough for the reader to go away mid-answer."""
    with DemoServer(port=0, api_key="slow-key", pace=40) as server:
        yield server


def test_ask_piped_into_head_ends_quietly_with_141(slow_server: DemoServer, tmp_path: Path):
    """`cgpt-tui ask … | head -1`: like git and gh, silent, and 141 as a shell reports a
    process SIGPIPE ended (the reader had what it wanted)."""
    process = subprocess.Popen(
        [
            installed(),
            "ask",
            "--agent",
            str(NORTHWIND),
            QUESTION,
            "--base-url",
            slow_server.base_url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=home_env(tmp_path, slow_server.api_key),
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    assert process.wait(60) == 141
    assert first.strip()
    assert process.stderr.read() == b""


@pytest.mark.parametrize("command", ["ask", "export"])
def test_output_to_a_full_disk_says_so_and_exits_1(
    demo_server: DemoServer, tmp_path: Path, command: str
) -> None:
    session = next(iter(demo_server.state.agents[NORTHWIND].conversations))
    args = {
        "ask": ["ask", "--agent", str(NORTHWIND), QUESTION],
        "export": ["export", "--agent", str(NORTHWIND), "--conversation", session],
    }[command]
    with open("/dev/full", "wb") as full:
        done = cgpt(
            tmp_path,
            demo_server.api_key,
            *args,
            "--base-url",
            demo_server.base_url,
            stdout=full,
            stderr=subprocess.PIPE,
            capture_output=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "cgpt-tui: cannot write to stdout: No space left on device\n"


def test_ask_reading_latin1_from_stdin_says_it_is_not_utf8_and_exits_2(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    before = len(demo_server.state.agents[NORTHWIND].conversations)
    done = cgpt(
        tmp_path,
        demo_server.api_key,
        "ask",
        "--agent",
        str(NORTHWIND),
        "-",
        "--base-url",
        demo_server.base_url,
        stdin="Où est mon reçu ?".encode("latin-1"),
    )
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cgpt-tui: stdin is not UTF-8 text")
    assert len(demo_server.state.agents[NORTHWIND].conversations) == before  # nothing asked


def test_export_to_an_ascii_only_stdout_says_which_character_it_cannot_show(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    asked = cgpt(
        tmp_path,
        demo_server.api_key,
        "ask",
        "--agent",
        str(NORTHWIND),
        "--json",
        "Où est mon reçu ?",
        "--base-url",
        demo_server.base_url,
    )
    assert asked.returncode == 0, asked.stderr
    session = json.loads(asked.stdout)["session_id"]
    done = cgpt(
        tmp_path,
        demo_server.api_key,
        "export",
        "--agent",
        str(NORTHWIND),
        "--conversation",
        session,
        "--base-url",
        demo_server.base_url,
        extra_env={"PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "cgpt-tui: cannot write to stdout: its encoding (ascii) cannot show "
        "U+00F9 LATIN SMALL LETTER U WITH GRAVE; use a UTF-8 locale\n"
    )
    assert done.stdout == b""  # not a copy with the letters replaced


def test_an_unexpected_failure_in_a_command_is_one_line_and_the_log(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    """A failure forced inside a third-party library (the keyring backend the user picked
    raises what no backend should) ends `status` with one line naming the log, exit 1."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "broken_keyring.py").write_text(
        "from keyring.backend import KeyringBackend\n"
        "class Keyring(KeyringBackend):\n"
        "    priority = 1\n"
        "    def get_password(self, service, username):\n"
        "        raise ZeroDivisionError('forced inside the keyring backend')\n"
        "    def set_password(self, service, username, password): ...\n"
        "    def delete_password(self, service, username): ...\n",
        encoding="utf-8",
    )
    env = home_env(tmp_path, None)
    env.update(PYTHON_KEYRING_BACKEND="broken_keyring.Keyring", PYTHONPATH=str(site))
    done = subprocess.run(
        [installed(), "status", "--base-url", demo_server.base_url],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    log = tmp_path / "state" / "cgpt-tui" / "cgpt-tui.log"
    assert lines == [
        "cgpt-tui: unexpected error (ZeroDivisionError: forced inside the keyring backend); "
        f"details in {log}"
    ]
    assert "ZeroDivisionError: forced inside the keyring backend" in log.read_text()
