"""The state file: where the user left off, saved atomically and read forgivingly."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from cgpt_tui.local.files import write_atomically
from cgpt_tui.local.state import STATE_FILE, AppState, Location


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state" / STATE_FILE
    state = AppState.load(path)
    assert state.location("work") == Location()
    state.remember("work", agent_id=103, session_id="abc-1")
    assert state.location("work") == Location(103, "abc-1")
    again = AppState.load(path)
    assert again.location("work") == Location(103, "abc-1")
    assert again.location("other") == Location()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "profiles": {"work": {"agent_id": 103, "session_id": "abc-1"}}}


def test_remember_for_two_profiles_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / STATE_FILE
    state = AppState.load(path)
    state.remember("a", agent_id=1, session_id=None)
    state.remember("b", agent_id=2, session_id="s2")
    state.remember("a", agent_id=3, session_id="s3")
    loaded = AppState.load(path)
    assert loaded.location("a") == Location(3, "s3")
    assert loaded.location("b") == Location(2, "s2")


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[1, 2]",
        '{"version": 2, "profiles": {"a": {"agent_id": 1, "session_id": "s"}}}',
        '{"profiles": {"a": {"agent_id": 1}}}',
        '{"version": 1, "profiles": []}',
        '{"version": 1, "profiles": {"a": "x"}}',
    ],
)
def test_a_corrupt_or_unknown_file_is_an_empty_state(tmp_path: Path, text: str) -> None:
    path = tmp_path / STATE_FILE
    path.write_text(text, encoding="utf-8")
    assert AppState.load(path).location("a") == Location()


def test_wrongly_typed_fields_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / STATE_FILE
    path.write_text(
        '{"version": 1, "profiles": {"a": {"agent_id": "7", "session_id": "s"},'
        ' "b": {"agent_id": true, "session_id": 5}}}',
        encoding="utf-8",
    )
    state = AppState.load(path)
    assert state.location("a") == Location(None, "s")
    assert state.location("b") == Location()


def test_undecodable_file_is_an_empty_state(tmp_path: Path) -> None:
    path = tmp_path / STATE_FILE
    path.write_bytes(b'{"version": 1, "\xff": 1}')
    assert AppState.load(path).location("a") == Location()


def test_location_is_a_copy(tmp_path: Path) -> None:
    state = AppState(tmp_path / STATE_FILE)
    state.remember("a", agent_id=1, session_id="s")
    state.location("a").agent_id = 99
    assert state.location("a").agent_id == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_state_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / STATE_FILE
    AppState(path).remember("a", agent_id=1, session_id=None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_write_atomically_sets_the_mode_even_over_a_wider_file(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old")
    path.chmod(0o644)
    write_atomically(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomically(path, "newer", mode=0o640)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_atomically_replaces_content_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "f.txt"
    write_atomically(path, "first\n")
    write_atomically(path, "second ✓\n")
    assert path.read_text(encoding="utf-8") == "second ✓\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.txt"]


def test_write_atomically_cleans_up_when_it_fails(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (target / "inside").write_text("x")  # os.replace cannot put a file over a full directory
    with pytest.raises(OSError):
        write_atomically(target, "text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]
    assert (target / "inside").read_text() == "x"


def test_remember_raises_oserror_when_it_cannot_save(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    state = AppState(blocker / STATE_FILE)  # the parent is a file
    with pytest.raises(OSError):
        state.remember("a", agent_id=1, session_id=None)
    assert state.location("a") == Location(1, None)
