"""`cgpt-tui ask` as a script would use it, against the stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ask(server, tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CGPT_TUI_CONFIG"}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        CUSTOMGPT_API_KEY=server.api_key,
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "cgpt_tui.cli", "ask", *args, "--base-url", server.base_url]
    return subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, timeout=60)


def test_a_piped_question_streams_its_answer_and_sources(demo_server, tmp_path) -> None:
    before = len(demo_server.state.agents[103].conversations)
    done = ask(demo_server, tmp_path, "--agent", "103", "-", stdin="How do I reset my password?\n")
    assert done.returncode == 0, done.stderr
    assert "Reset a forgotten password" in done.stdout
    assert "\nSources:\n[1] Reset your password <https://" in done.stdout
    assert "\x1b" not in done.stdout  # plain text when piped
    agent = demo_server.state.agents[103]
    assert len(agent.conversations) == before + 1  # asked in a new conversation
    assert demo_server.api_key not in done.stdout + done.stderr


def test_json_prints_the_finished_message_with_its_sources(demo_server, tmp_path) -> None:
    done = ask(demo_server, tmp_path, "--agent", "103", "--json", "What plans do you offer?")
    assert done.returncode == 0, done.stderr
    message = json.loads(done.stdout)
    assert message["question"] == "What plans do you offer?"
    assert "Plans" in message["answer"]
    assert message["citations"] and message["citations"][0]["url"].startswith("https://")


def test_asking_in_an_existing_conversation(demo_server, tmp_path) -> None:
    state = demo_server.state
    conversation = state.add_conversation(state.agents[103], "Mine", created_by=1)
    session = conversation["session_id"]
    done = ask(demo_server, tmp_path, "--agent", "103", "--conversation", session, "Refunds?")
    assert done.returncode == 0, done.stderr
    asked = [m["user_query"] for m in state.agents[103].messages[session]]
    assert asked == ["Refunds?"]


def test_a_failure_is_one_line_and_a_non_zero_exit(demo_server, tmp_path) -> None:
    demo_server.faults.error_event(at=3, message="The agent failed to answer.")
    done = ask(demo_server, tmp_path, "--agent", "103", "How do I reset my password?")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["cgpt-tui: The agent failed to answer."]
    missing = ask(demo_server, tmp_path, "--agent", "999999", "hello")
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    empty = ask(demo_server, tmp_path, "--agent", "103", "-", stdin="  \n")
    assert empty.returncode == 2 and "no question" in empty.stderr


def test_escape_codes_in_an_answer_never_reach_stdout(demo_server, tmp_path) -> None:
    demo_server.state.script_answer("Hello \x1b[31mred\x1b[0m and \x1b]8;;http://x\x07link")
    done = ask(demo_server, tmp_path, "--agent", "103", "Anything")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Hello red and link" in done.stdout
