"""Theme files: the shipped ones load, a broken one is named with its fault and skipped."""

from __future__ import annotations

import os
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cgpt_tui.ui.themes import load_themes, parse_theme, shipped_themes_dir

ROOT = Path(__file__).resolve().parents[2]
GOOD = 'name = "mine"\nprimary = "#336699"\n'


def test_the_shipped_themes_all_load() -> None:
    themes, problems = load_themes([shipped_themes_dir()])
    assert problems == []
    names = {theme.name for theme in themes}
    assert {"customgpt", "customgpt-light", "terminal-16"} <= names
    by_name = {theme.name: theme for theme in themes}
    assert by_name["terminal-16"].ansi  # only the terminal's 16 colours
    assert not by_name["customgpt-light"].dark


def test_the_wheel_carries_the_shipped_themes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapping = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert mapping["themes"] == "cgpt_tui/themes"
    assert sorted((ROOT / "themes").glob("*.toml"))


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ('name = "x"\nprimary = \n', "not valid TOML"),
        ('name = "x"\nprimary = "#336699"\nsparkle = true\n', "unknown key 'sparkle'"),
        ('name = "x"\n', "'primary' is required"),
        ('name = "Has Spaces"\nprimary = "#336699"\n', "'name' must be"),
        ('name = "x"\nprimary = "#33669"\n', "is not a colour"),
        ('name = "x"\nprimary = 12\n', "must be a colour in quotes"),
        ('name = "x"\nprimary = "#336699"\ndark = "yes"\n', "'dark' must be true or false"),
        ('name = "x"\nprimary = "#336699"\ntext_alpha = 3\n', "from 0 to 1"),
        ('name = "x"\nprimary = "#336699"\n[variables]\nborder = "blue-ish"\n', "not a colour"),
        (
            'name = "x"\nprimary = "#336699"\n[variables]\n"input-cursor-text-style" = "loud"\n',
            "must be text styles",
        ),
    ],
)
def test_a_broken_theme_says_what_is_wrong(tmp_path: Path, text: str, fault: str) -> None:
    (tmp_path / "broken.toml").write_text(text)
    (tmp_path / "fine.toml").write_text(GOOD)
    themes, problems = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["mine"]  # the rest still load
    assert len(problems) == 1
    assert str(problems[0]).startswith("broken.toml: ")
    assert fault in str(problems[0])


def test_a_variable_may_carry_an_opacity() -> None:
    theme = parse_theme(GOOD + '[variables]\n"input-selection-background" = "#336699 40%"\n')
    assert theme.variables["input-selection-background"] == "#336699 40%"


def test_a_user_theme_replaces_a_shipped_one_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('name = "customgpt"\nprimary = "#FF0000"\n')
    themes, problems = load_themes([shipped_themes_dir(), tmp_path, tmp_path / "missing"])
    assert problems == []
    assert {t.name: t for t in themes}["customgpt"].primary == "#FF0000"


def test_a_file_that_is_not_text_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    themes, problems = load_themes([tmp_path])
    assert themes == []
    assert str(problems[0]) == "binary.toml: not UTF-8 text"


def test_the_readme_example_theme_loads() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Themes\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert parse_theme(example).name == "harbour"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_theme_is_skipped_without_waiting(tmp_path: Path) -> None:
    """A FIFO `x.toml` in themes/ once hung the app's start: opening it waits for a writer."""
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#FF0000"\n')
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(load_themes, [tmp_path])
        try:
            themes, problems = future.result(timeout=5)
        except TimeoutError:
            with open(tmp_path / "pipe.toml", "wb"):  # unblock the reader so the test ends
                pass
            pytest.fail("load_themes hung on a FIFO")
    assert [t.name for t in themes] == ["mine"]
    assert [str(p) for p in problems] == ["pipe.toml: not a regular file"]


def test_a_folder_named_like_a_theme_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    themes, problems = load_themes([tmp_path])
    assert themes == []
    assert [str(p) for p in problems] == ["folder.toml: not a regular file"]


def test_a_theme_reached_through_a_link_loads(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "mine.txt").write_text('name = "mine"\nprimary = "#FF0000"\n')
    (tmp_path / "mine.toml").symlink_to(tmp_path / "real" / "mine.txt")
    themes, problems = load_themes([tmp_path])
    assert problems == []
    assert [t.name for t in themes] == ["mine"]
