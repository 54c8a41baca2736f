"""Handing a file to the system viewer: a private copy under a safe name, one argv, no shell."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cgpt_tui.local.viewer import (
    MAX_NAME,
    open_in_viewer,
    safe_filename,
    save_private_copy,
    viewer_command,
)


@pytest.mark.parametrize(
    ("name", "content_type", "safe"),
    [
        ("lumen-x100-warranty.pdf", "application/pdf", "lumen-x100-warranty.pdf"),
        ("../../etc/passwd", "", "passwd"),
        ("..\\..\\Windows\\evil.docx", "", "evil.docx"),
        (".bashrc", "text/plain", "bashrc.txt"),
        ("--help.pdf", "", "help.pdf"),
        ("-rf", "", "rf"),
        ('a:b*c?"d<e>|f.txt', "", "a_b_c_d_e_f.txt"),
        ("tab\there\nnewline.md", "", "tab_here_newline.md"),
        ("", "application/pdf", "file.pdf"),
        (None, "text/markdown", "file.md"),
        ("report", "application/pdf", "report.pdf"),
        ("CON.txt", "", "CON_.txt"),
        ("...", "", "file"),
    ],
)
def test_saved_names_are_plain_file_names(name, content_type, safe) -> None:
    assert safe_filename(name, content_type) == safe


def test_a_long_name_is_cut_and_keeps_its_extension() -> None:
    name = safe_filename("x" * 500 + ".docx")
    assert len(name) == MAX_NAME and name.endswith("x.docx")


def test_the_copy_is_private_and_under_its_real_name(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    path = save_private_copy(b"%PDF-1.4 data", "../lumen-x100-warranty.pdf", "application/pdf")
    assert path.name == "lumen-x100-warranty.pdf" and path.parent.parent == tmp_path
    assert path.read_bytes() == b"%PDF-1.4 data"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = save_private_copy(b"other", "lumen-x100-warranty.pdf")
    assert again != path and path.read_bytes() == b"%PDF-1.4 data"  # never overwritten


def test_each_platform_has_its_opener_given_the_absolute_path() -> None:
    path = Path("/tmp/x/-a.pdf")
    found = {"xdg-open": "/usr/bin/xdg-open", "open": "/usr/bin/open"}.get
    assert viewer_command(path, platform="linux", which=found) == ["/usr/bin/xdg-open", str(path)]
    assert viewer_command(path, platform="freebsd14", which=found)[0] == "/usr/bin/xdg-open"
    assert viewer_command(path, platform="darwin", which=found) == ["/usr/bin/open", str(path)]
    assert viewer_command(path, platform="linux", which=lambda name: None) is None
    assert viewer_command(path, platform="win32", which=found) is None  # os.startfile there


def test_opening_spawns_the_command_and_says_when_there_is_none(tmp_path, monkeypatch) -> None:
    opener = tmp_path / "bin" / "xdg-open"
    opener.parent.mkdir()
    opener.write_text("#!/bin/sh\n")
    opener.chmod(0o700)
    target = tmp_path / "a.pdf"
    spawned: list[list[str]] = []
    monkeypatch.setenv("PATH", str(opener.parent))
    assert open_in_viewer(target, spawn=spawned.append, platform="linux")
    assert spawned == [[str(opener), str(target)]]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert not open_in_viewer(target, spawn=spawned.append, platform="linux")
    assert len(spawned) == 1

    def fails(argv: list[str]) -> None:
        raise PermissionError("no")

    monkeypatch.setenv("PATH", str(opener.parent))
    assert not open_in_viewer(target, spawn=fails, platform="linux")
