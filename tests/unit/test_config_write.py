"""Saving one setting keeps the rest of the user's file as they wrote it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cgpt_tui.local.config_write import save_setting, with_setting

FILE = """# my settings
theme = "nord"  # the one I like
lang = "en"

[profiles.work]
base_url = "https://example.com"
theme = "not-a-top-level-key"
"""


def test_an_existing_value_is_replaced_in_place_with_its_comment() -> None:
    updated = with_setting(FILE, "theme", "customgpt")
    assert updated.splitlines()[1] == 'theme = "customgpt"  # the one I like'
    assert updated.replace('"customgpt"', '"nord"') == FILE
    assert tomllib.loads(updated)["profiles"]["work"]["theme"] == "not-a-top-level-key"


def test_a_missing_value_is_added_above_the_first_table() -> None:
    text = 'lang = "en"\n\n[profiles.work]\nbase_url = "https://example.com"\n'
    updated = with_setting(text, "theme", "customgpt")
    assert updated.splitlines()[:3] == ['lang = "en"', 'theme = "customgpt"', ""]
    assert tomllib.loads(updated)["profiles"]["work"]["base_url"] == "https://example.com"


def test_quotes_in_a_value_stay_valid_toml() -> None:
    assert tomllib.loads(with_setting("", "theme", 'a "b" \\ c'))["theme"] == 'a "b" \\ c'


def test_saving_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "cgpt-tui" / "config.toml"
    save_setting(path, "theme", "customgpt-light")
    assert tomllib.loads(path.read_text()) == {"theme": "customgpt-light"}
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_broken_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    with pytest.raises(ValueError):
        save_setting(path, "theme", "customgpt")
    assert path.read_text() == "theme = \n"


def test_the_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    path.chmod(0o600)
    save_setting(path, "theme", "customgpt")
    assert path.stat().st_mode & 0o777 == 0o600


def test_changing_the_theme_writes_through_a_linked_config_file(tmp_path: Path) -> None:
    """A config.toml kept in a dotfiles folder and linked into place stays a link."""
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "cgpt.toml"
    target.write_text(FILE)
    target.chmod(0o640)
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.symlink_to(Path("..") / "dotfiles" / "cgpt.toml")
    save_setting(config, "theme", "customgpt")
    assert config.is_symlink()
    assert config.readlink() == Path("..") / "dotfiles" / "cgpt.toml"
    assert tomllib.loads(target.read_text())["theme"] == "customgpt"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in dotfiles.iterdir()) == ["cgpt.toml"]  # no temporary left
    assert list(config.parent.iterdir()) == [config]
