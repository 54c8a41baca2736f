"""The history cache: what the client fetched from the stand-in, stored and read back,
searched, refreshed; broken and newer files refused."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.retrieval import Answer
from cgpt_tui.history.schema import MIGRATIONS
from cgpt_tui.history.search import fts_query, search
from cgpt_tui.history.store import CacheError, HistoryStore


async def fill(store: HistoryStore, server) -> tuple[int, list[str]]:
    """Everything of the first agent, as the app would save it; (agent id, session ids)."""
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        agents = [a async for a in client.iter_agents()]
        store.save_agents(agents)
        agent = agents[0]
        conversations = [c async for c in client.iter_conversations(agent.id)]
        store.save_conversations(agent.id, conversations)
        for conversation in conversations:
            messages = [m async for m in client.iter_messages(agent.id, conversation.session_id)]
            store.save_messages(conversation.session_id, messages)
    return agent.id, [c.session_id for c in conversations]


async def test_what_was_fetched_reads_back_the_same(demo_server, tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        agent_id, sessions = await fill(store, demo_server)
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            live = [c async for c in client.iter_conversations(agent_id)]
            first = [m async for m in client.iter_messages(agent_id, sessions[0], order="asc")]
        assert {c.session_id for c in store.conversations(agent_id)} == {c.session_id for c in live}
        cached = store.messages(sessions[0])
        assert [(m.id, m.question, m.answer, m.citation_ids) for m in cached] == [
            (m.id, m.question, m.answer, m.citation_ids) for m in first
        ]
        assert store.agents()[0].name == "Northwind Help Center"
        assert store.version == len(MIGRATIONS)


async def test_search_finds_words_in_any_conversation_with_marks(demo_server, tmp_path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        await fill(store, demo_server)
        hits = search(store, "reset passw")  # the last word as a prefix, as while typing
        assert hits, "the demo history talks about password resets"
        hit = hits[0]
        assert hit.agent_name == "Northwind Help Center" and hit.conversation_name
        marked = [hit.snippet[a:b].lower() for a, b in hit.marks]
        assert any(word.startswith("passw") for word in marked)
        assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
        assert len(search(store, "reset passw", limit=2)) <= 2


@pytest.mark.parametrize("typed", ['"', "AND OR NOT", "(*)", "x:y", "^", "NEAR(", "  ", ""])
async def test_query_syntax_typed_by_a_user_never_breaks_search(tmp_path, typed) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert isinstance(search(store, typed), list)


def test_typed_words_are_quoted_and_the_last_is_a_prefix() -> None:
    assert fts_query('say "hi" OR bye') == '"say" "hi" "OR" "bye"*'
    assert fts_query("?!") is None


async def test_hostile_text_is_stored_clean(demo_server, tmp_path) -> None:
    state = demo_server.state
    agent = state.agents[103]
    conversation = state.add_conversation(agent, "Esc \x1b[31mred", created_by=1)
    state.add_message(agent, conversation, "q \x1b]8;;http://x\x07link", Answer("a\x02b\x03c", ()))
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        await fill(store, demo_server)
        names = [c.name for c in store.conversations(103)]
        assert "Esc red" in names
        message = store.messages(conversation["session_id"])[0]
        assert "\x1b" not in message.question and message.answer == "abc"


async def test_a_refresh_forgets_conversations_deleted_on_the_server(demo_server, tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        agent_id, sessions = await fill(store, demo_server)
        before = store.count_messages()
        gone = sessions[0]
        dropped = len(store.messages(gone))
        assert store.keep_only_conversations(agent_id, sessions[1:]) == 1
        assert store.messages(gone) == []
        assert store.count_messages() == before - dropped
        assert all(hit.session_id != gone for hit in search(store, "the"))


def test_a_file_from_a_newer_app_is_refused(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(CacheError, match="newer"):
        HistoryStore(path)


def test_a_corrupt_file_is_refused_with_its_name(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError, match=r"h\.sqlite3"):
        HistoryStore(path)


def test_the_cache_uses_wal(tmp_path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert store.rows("PRAGMA journal_mode")[0][0] == "wal"


def test_the_snippet_shows_the_field_matching_most_words_around_the_match() -> None:
    from cgpt_tui.history.search import _pattern, snippet

    answer = " ".join(f"w{n}" for n in range(40)) + " export every attachments now " + "z " * 30
    shown, marks = snippet(("Why did my export fail?", answer), _pattern("export attach"))
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[a:b] for a, b in marks] == ["export", "attachments"]
    short, _ = snippet(("How do I export my data to CSV?", ""), _pattern("csv"))
    assert short == "How do I export my data to CSV?"  # short text is shown whole


def test_two_apps_opening_one_new_cache_at_once_both_open_it(tmp_path) -> None:
    """The second reads version 0, then waits for the lock while the first migrates; its own
    first step then meets tables that exist ("table agents already exists")."""
    path = tmp_path / "cache.sqlite3"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    first.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[0]}; PRAGMA user_version = 1;")
    opened: list[object] = []

    def second() -> None:
        try:
            with HistoryStore(path) as store:
                opened.append(store.version)
        except CacheError as error:
            opened.append(error)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.5)  # the second has read version 0 and waits for the lock
    first.execute("COMMIT")
    thread.join(10)
    first.close()
    assert opened == [len(MIGRATIONS)]


def test_commits_wait_for_the_disk_as_normal_once_open(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    for _ in ("new", "existing"):
        with HistoryStore(path) as store:
            assert store.rows("PRAGMA synchronous")[0][0] == 1  # NORMAL


SYNCS = """
import os, sys
from cgpt_tui.history.store import HistoryStore
store = HistoryStore(sys.argv[1])
if sys.argv[2] == "close":
    store.close()  # checkpoints the log into the file, which waits for the disk (at exit)
os._exit(0)
"""


def _syncs_opening(path: Path, then: str = "exit") -> int:
    """fsync/fdatasync calls of a process opening the cache at `path` (strace -c), then
    exiting as the app's first frame comes, or closing it."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("needs strace to count the calls that wait for the disk")
    summary = path.parent / "syncs.txt"
    done = subprocess.run(
        [
            strace,
            "-f",
            "-c",
            "-e",
            "trace=fsync,fdatasync",
            "-o",
            str(summary),
            sys.executable,
            "-c",
            SYNCS,
            str(path),
            then,
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 and not summary.exists():
        pytest.skip(f"strace cannot trace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    counts = re.findall(
        r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)(?:\s+\d+)?\s+f(?:data)?sync$", summary.read_text(), re.M
    )
    return sum(int(count) for count in counts)


def test_a_new_cache_is_made_without_waiting_for_the_disk(tmp_path) -> None:
    """The first start of a profile makes its cache before the first frame: with the usual
    safety it waited for the disk six times (fdatasync), tens of ms each on a busy disk."""
    path = tmp_path / "h.sqlite3"
    assert _syncs_opening(path) == 0
    with HistoryStore(path) as store:
        assert store.version == len(MIGRATIONS)
    # Closed, what was written goes from the log into the file, waiting for the disk.
    assert _syncs_opening(tmp_path / "closed.sqlite3", then="close") > 0
