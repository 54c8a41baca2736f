"""The user's editor run for real on the composer's text: which one, how its command is split,
the private file it edits, and what comes back when it fails."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from cgpt_tui.ui.external_editor import DEFAULT_EDITOR, edit_in_editor, editor_command

EDITOR_SCRIPT = """\
import os, stat, sys
path = sys.argv[-1]
record = {record!r}
with open(record, "a", encoding="utf-8") as out:
    out.write(repr((sys.argv[1:-1], stat.S_IMODE(os.stat(path).st_mode), path)) + "\\n")
with open(path, "a", encoding="utf-8") as file:
    file.write("\\nadded in the editor ✓\\n")
sys.exit(int(os.environ.get("EDITOR_STATUS", "0")))
"""


def editor_script(tmp_path: Path) -> tuple[Path, Path]:
    """A small editor: appends a line to the file it is given and notes how it was run."""
    record = tmp_path / "record.txt"
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT.format(record=str(record)), encoding="utf-8")
    return script, record


def runs(record: Path) -> list[tuple[list[str], int, str]]:
    if not record.exists():
        return []
    return [eval(line) for line in record.read_text(encoding="utf-8").splitlines()]


def test_visual_edits_a_private_file_that_is_removed_afterwards(tmp_path: Path) -> None:
    script, record = editor_script(tmp_path)
    environ = {"VISUAL": f"{sys.executable} {script} --wait 'two words'", "EDITOR": "nano"}
    edited = edit_in_editor("How do I export\nmy invoices?", environ)
    assert edited.problem is None
    assert edited.text == "How do I export\nmy invoices?\nadded in the editor ✓"
    [(arguments, mode, path)] = runs(record)
    assert arguments == ["--wait", "two words"]  # split as a shell would
    assert mode == stat.S_IRUSR | stat.S_IWUSR  # 0600
    assert Path(path).name.startswith("cgpt-tui-question-") and path.endswith(".md")
    assert not os.path.exists(path)


def test_editor_is_used_without_visual_and_vi_without_either() -> None:
    assert editor_command({"VISUAL": "  ", "EDITOR": "code -w"}) == ["code", "-w"]
    assert editor_command({}) == [DEFAULT_EDITOR] == ["vi"]


def test_an_editor_that_cannot_be_run_is_named_and_nothing_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tmp_path / "tmp"
    files.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(files))
    edited = edit_in_editor("kept", {"VISUAL": str(tmp_path / "no-such-editor")})
    assert edited.text is None and edited.problem is not None
    assert "no-such-editor" in edited.problem and "Set VISUAL or EDITOR" in edited.problem
    assert list(files.iterdir()) == []  # the file it would have edited is gone too


def test_an_editor_that_fails_gives_nothing_back_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, record = editor_script(tmp_path)
    monkeypatch.setenv("EDITOR_STATUS", "3")  # the editor's process inherits the environment
    edited = edit_in_editor("kept", {"VISUAL": f"{sys.executable} {script}"})
    assert edited.text is None and edited.problem is not None and "status 3" in edited.problem
    [(_, _, path)] = runs(record)
    assert not os.path.exists(path)


def test_an_unclosed_quote_in_visual_is_explained() -> None:
    edited = edit_in_editor("kept", {"VISUAL": "code 'unclosed"})
    assert edited.text is None and edited.problem is not None
    assert edited.problem.startswith("VISUAL (“code 'unclosed”) is not a command")
