"""The history cache never stops a command: a damaged page, a data dir that is not one, a
lock held by another process; cache files private to the user; one cache per (profile,
server), file names one-to-one; the name filter folds case as Python does."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.demo.retrieval import Answer
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.db import CacheBusy, CacheError
from cgpt_tui.history.files import (
    LOCK_SUFFIX,
    cache_name,
    cache_path,
    companions,
    legacy_cache_path,
    normal_base_url,
    profile_cache,
)
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history

from .damage import damage_table, write_lock
from .test_cached_pages import agent, conversation
from .test_export_command import cli, environment

CONFIGURED = "https://app.customgpt.ai"  # the default profile's server


def data_root(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cgpt-tui"  # what XDG_DATA_HOME in `environment` gives


async def synced(server, path: Path) -> None:
    with HistoryStore(path) as store:
        async with CustomGPTClient(server.base_url, server.api_key) as client:
            await sync_history(client, store)


def no_traceback_one_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


# ----------------------------------------------------------------- a damaged page (10)


async def test_a_damaged_data_page_makes_a_read_a_cache_error_naming_the_file(
    demo_server, tmp_path
) -> None:
    path = tmp_path / "h.sqlite3"
    await synced(demo_server, path)
    damage_table(path, "conversations")
    with HistoryStore(path) as store:  # the header is fine: it opens
        assert store.agents(), "other tables still read"
        with pytest.raises(CacheError, match="malformed") as raised:
            store.conversations(103)
    assert raised.value.path == path
    assert str(path) in raised.value.advice() and "cgpt-tui cache clear" in raised.value.advice()
    assert path.exists()


async def test_sync_and_export_on_a_damaged_cache_say_which_file_in_one_line(
    demo_server, tmp_path
) -> None:
    env = environment(tmp_path, demo_server.api_key)
    url = ["--base-url", demo_server.base_url]
    assert cli(env, "sync", *url).returncode == 0
    path = cache_path("default", demo_server.base_url, data_root(tmp_path))
    with HistoryStore(path) as store:
        session = store.conversations(103)[0].session_id
    damage_table(path, "conversations")

    synced = cli(env, "sync", *url)
    assert synced.returncode == 1
    no_traceback_one_line(synced.stderr)
    assert str(path) in synced.stderr and "malformed" in synced.stderr
    assert f"`cgpt-tui cache clear --base-url {demo_server.base_url}`" in synced.stderr

    demo_server.stop()  # offline: export reads the cache
    exported = cli(env, "export", "--agent", "103", "--conversation", session, *url)
    assert exported.returncode == 1 and exported.stdout == ""
    no_traceback_one_line(exported.stderr)
    assert str(path) in exported.stderr and "malformed" in exported.stderr
    assert path.exists(), "the file is the user's to remove"
    cleared = cli(env, "cache", "clear", *url)
    assert cleared.returncode == 0 and not path.exists()


# ------------------------------------------------------- a data dir that is not one (11)


def test_sync_where_the_data_dir_is_a_regular_file_says_so_in_one_line(
    demo_server, tmp_path
) -> None:
    env = environment(tmp_path, demo_server.api_key)
    (tmp_path / "data").write_text("not a folder")  # fails as root too
    synced = cli(env, "sync", "--base-url", demo_server.base_url)
    assert synced.returncode == 1
    no_traceback_one_line(synced.stderr)
    assert "Not a directory" in synced.stderr and str(tmp_path / "data") in synced.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder all the same")
def test_sync_with_a_data_dir_nobody_may_read_says_so_in_one_line(demo_server, tmp_path) -> None:
    env = environment(tmp_path, demo_server.api_key)
    folder = data_root(tmp_path)
    folder.mkdir(parents=True)
    folder.chmod(0)
    try:
        synced = cli(env, "sync", "--base-url", demo_server.base_url)
    finally:
        folder.chmod(0o700)
    assert synced.returncode == 1
    no_traceback_one_line(synced.stderr)
    assert "Permission denied" in synced.stderr


# ---------------------------------------------------------- a lock held elsewhere (12)


def test_sync_waits_out_a_lock_held_past_sqlites_timeout_and_finishes(
    demo_server, tmp_path
) -> None:
    env = environment(tmp_path, demo_server.api_key)
    path = cache_path("default", demo_server.base_url, data_root(tmp_path))
    HistoryStore(path).close()
    command = [sys.executable, "-m", "cgpt_tui.cli", "sync", "--base-url", demo_server.base_url]
    with write_lock(path) as release:
        sync = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(7)  # past the 5 s SQLite waits by itself
        assert sync.poll() is None, "sync gave up while the lock was held"
        release.set()
        out, err = sync.communicate(timeout=60)
    assert sync.returncode == 0, err
    assert b"waiting for the history cache" in err and b"Traceback" not in err
    assert b"Synced 3 agents" in out
    with HistoryStore(path) as store:
        assert store.count_messages() > 0


def test_a_lock_held_past_the_wait_is_a_cache_busy_error_and_writes_go_on_after(
    tmp_path,
) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path, busy_timeout=0.1, lock_wait=0.3) as store:
        with write_lock(path), pytest.raises(CacheBusy) as raised:
            store.save_agents([agent(1, "Sales")])
        assert "locked by another process" in raised.value.advice()
        store.save_agents([agent(1, "Sales")])  # the lock is gone: the write goes in
        assert [a.name for a in store.agents()] == ["Sales"]


# ------------------------------------------------------------- files private (13)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_cache_its_wal_and_its_folder_are_readable_by_the_user_alone(tmp_path) -> None:
    umask = os.umask(0o022)
    try:
        path = profile_cache("default", CONFIGURED, CONFIGURED, tmp_path / "data")
        with HistoryStore(path) as store:
            store.save_agents([agent(1, "Sales")])
            files = companions(path)[:3]
            assert all(f.exists() for f in files), "WAL mode keeps -wal and -shm while open"
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
            assert mode(path.with_name(path.name + LOCK_SUFFIX)) == 0o600
        assert mode(path.parent) == 0o700
    finally:
        os.umask(umask)


def test_an_old_cache_readable_by_everyone_is_made_private_when_opened(tmp_path) -> None:
    path = profile_cache("default", CONFIGURED, CONFIGURED, tmp_path)
    with HistoryStore(path) as old:  # as an older version left it: 0644 in 0755
        old.save_agents([agent(1, "Sales")])
        for file in companions(path)[:3]:
            file.chmod(0o644)
        path.parent.chmod(0o755)
        again = profile_cache("default", CONFIGURED, CONFIGURED, tmp_path)
        with HistoryStore(again):
            assert [mode(f) for f in companions(path)[:3]] == [0o600] * 3
        assert mode(path.parent) == 0o700


# ------------------------------------------------------- one cache per server (15, 16)


async def test_a_sync_against_a_second_server_keeps_the_first_servers_conversations(
    demo_server, tmp_path
) -> None:
    state = demo_server.state
    northwind = state.agents[103]
    only_a = state.add_conversation(northwind, "Only on server A", created_by=1)
    state.add_message(northwind, only_a, "Who am I?", Answer("Server A.", ()))
    env = environment(tmp_path, demo_server.api_key)
    with DemoServer(api_key=demo_server.api_key) as other:
        assert cli(env, "sync", "--base-url", demo_server.base_url).returncode == 0
        assert cli(env, "sync", "--base-url", other.base_url).returncode == 0
        path_a = cache_path("default", demo_server.base_url, data_root(tmp_path))
        path_b = cache_path("default", other.base_url, data_root(tmp_path))
    assert path_a != path_b
    with HistoryStore(path_a) as a, HistoryStore(path_b) as b:
        assert only_a["session_id"] in {c.session_id for c in a.conversations(103)}
        assert a.messages(only_a["session_id"])[0].answer == "Server A."
        assert only_a["session_id"] not in {c.session_id for c in b.conversations(103)}


def test_an_old_profile_cache_is_adopted_for_the_configured_server_only(tmp_path) -> None:
    legacy = legacy_cache_path("default", tmp_path)
    with HistoryStore(legacy) as old:
        old.save_agents([agent(1, "Kept from before")])
    elsewhere = profile_cache("default", "http://127.0.0.1:8799", CONFIGURED, tmp_path)
    assert elsewhere != legacy and not elsewhere.exists() and legacy.exists()
    adopted = profile_cache("default", CONFIGURED + "/", CONFIGURED, tmp_path)
    assert adopted.exists() and not legacy.exists()
    with HistoryStore(adopted) as store:
        assert [a.name for a in store.agents()] == ["Kept from before"]


def test_profile_a_slash_b_does_not_take_the_old_cache_of_profile_a_b(tmp_path) -> None:
    legacy = legacy_cache_path("a_b", tmp_path)
    assert legacy == legacy_cache_path("a/b", tmp_path)  # the old names collided
    HistoryStore(legacy).close()
    slash = profile_cache("a/b", CONFIGURED, CONFIGURED, tmp_path)
    assert not slash.exists() and legacy.exists()
    underscore = profile_cache("a_b", CONFIGURED, CONFIGURED, tmp_path)
    assert underscore.exists() and underscore != slash and not legacy.exists()


servers = st.one_of(
    st.text(max_size=300),
    st.builds(lambda host, path: f"https://{host}{path}", st.text(max_size=40), st.text()),
)


@given(st.tuples(st.text(max_size=300), servers), st.tuples(st.text(max_size=300), servers))
@example(("a/b", CONFIGURED), ("a_b", CONFIGURED))
@example(("a%2Fb", CONFIGURED), ("a/b", CONFIGURED))
@example(("a@b", CONFIGURED), ("a", "b@" + CONFIGURED))
@example(("x" * 300, CONFIGURED), ("x" * 300 + "y", CONFIGURED))
def test_distinct_profiles_and_servers_never_share_a_cache_file(first, second) -> None:
    names = [cache_name(profile, url) for profile, url in (first, second)]
    for name in names:
        assert len((name + "-journal").encode()) <= 255  # SQLite's longest companion
        assert "/" not in name and "\0" not in name and not name.startswith(".")
    same = (first[0], normal_base_url(first[1])) == (second[0], normal_base_url(second[1]))
    assert (names[0] == names[1]) == same


def test_a_very_long_profile_name_still_gives_a_cache_that_opens(tmp_path) -> None:
    path = profile_cache("ü" * 200, CONFIGURED, CONFIGURED, tmp_path)
    with HistoryStore(path) as store:
        store.save_agents([agent(1, "Sales")])
        assert all(f.exists() for f in companions(path)[:3])


# ------------------------------------------------------------ the name filter (20)


def test_the_cached_name_filter_folds_case_as_python_does_and_keeps_wildcards_plain() -> None:
    names = ["Über uns", "Straße", "100% done", "snake_case", "plain"]
    with HistoryStore(":memory:") as store:
        store.save_conversations(1, [conversation(n, name=x) for n, x in enumerate(names, 1)])
        store.save_agents([agent(n, x) for n, x in enumerate(names, 1)])

        def found(text: str) -> list[str]:
            shown = [c.name for c in store.conversations(1, name=text)]
            assert store.count_conversations(1, name=text) == len(shown)
            assert [a.name for a in store.agents(name=text)] == sorted(shown, key=names.index)
            return sorted(shown)

        assert found("über") == ["Über uns"]
        assert found("ÜBER UNS") == ["Über uns"]
        assert found("STRASSE") == ["Straße"]  # casefold, not lower: ß is ss
        assert found("%") == ["100% done"] and found("_") == ["snake_case"]
        assert found("e%d") == [] and found("p_ain") == []
        assert len(found("")) == len(names)
