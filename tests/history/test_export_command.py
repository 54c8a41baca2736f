"""`cgpt-tui export` from the server, and from the history cache when the server is down."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CGPT_TUI_CONFIG"}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        CUSTOMGPT_API_KEY=key,
        PYTHONPATH=str(ROOT),
    )
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cgpt_tui.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def a_dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_export_as_markdown_and_json(demo_server, tmp_path) -> None:
    env = environment(tmp_path, demo_server.api_key)
    listed = cli(env, "sync", "--agent", "103", "--base-url", demo_server.base_url)
    assert listed.returncode == 0, listed.stderr
    from cgpt_tui.history.files import cache_path
    from cgpt_tui.history.store import HistoryStore

    with HistoryStore(
        cache_path("default", demo_server.base_url, tmp_path / "data" / "cgpt-tui")
    ) as store:
        conversation = next(
            c
            for c in store.conversations(103)
            if any(m.citation_ids for m in store.messages(c.session_id))
        )
        messages = store.messages(conversation.session_id)
    base = ["--agent", "103", "--conversation", conversation.session_id]

    md = cli(env, "export", *base, "--base-url", demo_server.base_url)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith(f"# {conversation.name}\n")
    assert md.stdout.count("**Question**") == len(messages)
    assert "Sources:\n\n1. [" in md.stdout

    out = tmp_path / "c.json"
    js = cli(
        env, "export", *base, "--format", "json", "-o", str(out), "--base-url", demo_server.base_url
    )
    assert js.returncode == 0, js.stderr
    document = json.loads(out.read_text())
    assert [m["id"] for m in document["messages"]] == [m.id for m in messages]
    assert any(m["citations"] and m["citations"][0]["url"] for m in document["messages"])
    again = cli(env, "export", *base, "-o", str(out), "--base-url", demo_server.base_url)
    assert again.returncode == 1 and "not overwritten" in again.stderr

    demo_server.stop()  # the same server, down: its cache answers
    offline = cli(env, "export", *base, "--base-url", demo_server.base_url)
    assert offline.returncode == 0, offline.stderr
    assert "cached copy" in offline.stderr and ".;" not in offline.stderr
    assert offline.stdout == md.stdout

    unknown = cli(
        env, "export", "--agent", "103", "--conversation", "nope", "--base-url", a_dead_url()
    )
    assert unknown.returncode == 1 and "not in the history cache" in unknown.stderr
