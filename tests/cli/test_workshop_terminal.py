"""The workshop commands where a terminal changes what they do: the progress bar of
`agents create --wait`, Ctrl-C while waiting, and the typed confirmation of a deletion."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cgpt_tui.demo.server import DemoServer
from tests.cli.workshop_run import cli, cli_env, command, documents, first_row, server
from tests.conftest import TEST_KEY

__all__ = ["documents", "server"]  # fixtures


@pytest.fixture
def slow_server() -> Iterator[DemoServer]:
    """Indexing a page takes a moment, so a wait can be watched (and interrupted)."""
    with DemoServer(port=0, api_key=TEST_KEY, pace=0, index_pace=0.3) as running:
        yield running


def read_until_exit(master: int, process: subprocess.Popen[bytes], timeout: float = 60) -> bytes:
    """Everything written to the pty until the process ends."""
    seen = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the pty closed with the process
                break
            seen += chunk
        elif process.poll() is not None:
            break
    return bytes(seen)


def test_wait_on_a_terminal_redraws_one_progress_line(slow_server, tmp_path, documents) -> None:
    files = [f"--file={path}" for path in documents * 2]  # four pages: a few redraws
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command(slow_server, "agents", "create", "Watched", *files, "--wait"),
        env=cli_env(slow_server, tmp_path, slow_server.api_key),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    try:
        drawn = read_until_exit(master, process).decode()
        out = process.stdout.read().decode() if process.stdout else ""
        assert process.wait(10) == 0, drawn
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    drawn = drawn.replace("\r\n", "\n")  # the pty's own newline translation
    frames = drawn.split("\r")[1:]
    assert len(frames) >= 2, drawn  # redrawn in place, not one line per look
    assert frames[0].startswith("[") and "pages indexed" in frames[0]
    assert frames[-1].startswith("[" + "#" * 30 + "]") and "4/4 pages indexed" in frames[-1]
    assert drawn.endswith("\n") and drawn.count("\n") == 1  # one line, ended once done
    assert first_row(out)[2] == "active"


def test_ctrl_c_while_waiting_says_the_agent_exists_and_exits_130(tmp_path, documents) -> None:
    with DemoServer(port=0, api_key=TEST_KEY, pace=0, index_pace=30.0) as slow:
        before = set(slow.state.agents)
        master, slave = pty.openpty()
        process = subprocess.Popen(
            command(slow, "agents", "create", "Patient", "--file", str(documents[0]), "--wait"),
            env=cli_env(slow, tmp_path, slow.api_key),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
        )
        os.close(slave)
        try:
            drawn = b""
            deadline = time.monotonic() + 30
            while b" indexed" not in drawn and time.monotonic() < deadline:
                if select.select([master], [], [], 0.1)[0]:
                    drawn += os.read(master, 4096)  # the bar: the wait has begun
            process.send_signal(signal.SIGINT)
            rest = read_until_exit(master, process, timeout=15).decode()
            out = process.stdout.read().decode() if process.stdout else ""
            code = process.wait(10)
        finally:
            os.close(master)
            if process.poll() is None:
                process.kill()
        (agent_id,) = set(slow.state.agents) - before
        assert code == 130
        assert out == ""
        assert rest.replace("\r\n", "\n").split("\n")[1:] == [
            f"cgpt-tui: stopped waiting; agent {agent_id} “Patient” exists and keeps indexing "
            f"(see `cgpt-tui pages --agent {agent_id}`)",
            "",
        ]  # below the bar, on a line of its own
        assert agent_id in slow.state.agents
        assert "Traceback" not in rest


def delete_on_a_terminal(server: DemoServer, tmp_path: Path, agent_id: str, typed: str):
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command(server, "agents", "delete", agent_id),
        env=cli_env(server, tmp_path, server.api_key),
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(slave)
    try:
        os.write(master, typed.encode() + b"\n")
        out, err = process.communicate(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, out, err


def test_delete_on_a_terminal_asks_for_the_agents_name(server, tmp_path, documents) -> None:
    made = cli(server, tmp_path, "agents", "create", "Lighthouse", "--file", str(documents[0]))
    agent_id = first_row(made.stdout)[0]
    code, out, err = delete_on_a_terminal(server, tmp_path, agent_id, "Lighthous")
    assert code == 1 and out == ""
    assert "Type Lighthouse to confirm" in err and "not deleted" in err
    assert int(agent_id) in server.state.agents
    code, out, err = delete_on_a_terminal(server, tmp_path, agent_id, "Lighthouse")
    assert code == 0, err
    assert out == f"Deleted agent {agent_id} “Lighthouse”.\n"
    assert int(agent_id) not in server.state.agents


def test_ctrl_c_at_the_delete_question_stops_at_once(server, tmp_path) -> None:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command(server, "agents", "delete", "103"),
        env=cli_env(server, tmp_path, server.api_key),
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    try:
        asked = b""
        while not asked.endswith(b"to confirm: ") and process.poll() is None:
            asked += os.read(process.stderr.fileno(), 1) if process.stderr else b""
        time.sleep(0.3)  # waiting for the answer by now
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        code = process.wait(10)
        rest = process.stderr.read().decode() if process.stderr else ""
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    assert code == 130 and time.monotonic() - started < 5
    assert rest == "\ncgpt-tui: stopped\n"
    assert 103 in server.state.agents
