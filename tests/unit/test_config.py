"""The settings file: defaults, a valid file, and every way a file can be wrong."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cgpt_tui.local.config import (
    CONFIG_ENV,
    DEFAULT_BASE_URL,
    ConfigProblem,
    Profile,
    Settings,
    config_path,
    load_settings,
)

FULL = """\
# my settings
default_profile = "work"
theme = "nord"
lang = "en"
streaming = false
follow_stream = false

[profiles.work]
base_url = "https://example.customgpt.ai/"
default_agent = 1234

[profiles.demo]
base_url = "http://127.0.0.1:8799"

[keymap]
"transcript.like" = "plus,l"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path) -> tuple[Settings, ConfigProblem]:
    settings, problems = load_settings(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return settings, problems[0]


def test_no_file_gives_defaults_and_no_problems(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "missing.toml")
    assert problems == []
    assert settings == Settings()
    assert settings.profiles == {"default": Profile("default", DEFAULT_BASE_URL)}
    assert settings.default_profile == "default"
    assert (settings.theme, settings.lang, settings.keymap) == (None, None, {})
    assert settings.streaming is True and settings.follow_stream is True


def test_a_full_valid_file(tmp_path: Path) -> None:
    settings, problems = load_settings(write(tmp_path, FULL))
    assert problems == []
    assert settings.default_profile == "work"
    assert settings.theme == "nord" and settings.lang == "en"
    assert settings.streaming is False and settings.follow_stream is False
    assert settings.profiles["work"] == Profile("work", "https://example.customgpt.ai", 1234)
    assert settings.profiles["demo"] == Profile("demo", "http://127.0.0.1:8799", None)
    assert settings.profiles["default"] == Profile("default", DEFAULT_BASE_URL)
    assert settings.keymap == {"transcript.like": "plus,l"}


def test_the_file_may_redefine_the_default_profile(tmp_path: Path) -> None:
    path = write(tmp_path, '[profiles.default]\nbase_url = "http://localhost:1"\n')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.profile(None) == Profile("default", "http://localhost:1")


@pytest.mark.parametrize(
    ("text", "line", "key", "check"),
    [
        ('theme = "x"\nstreaming = "yes"\n', 2, "streaming", lambda s: s.streaming is True),
        ("\n\nfollow_stream = 1\n", 3, "follow_stream", lambda s: s.follow_stream is True),
        ("theme = 7\n", 1, "theme", lambda s: s.theme is None),
        ('lang = ""\n', 1, "lang", lambda s: s.lang is None),
        ("default_profile = 3\n", 1, "default_profile", lambda s: s.default_profile == "default"),
        (
            '[profiles.work]\nbase_url = "http://a"\ndefault_agent = "abc"\n',
            3,
            "profiles.work.default_agent",
            lambda s: s.profiles["work"].default_agent is None,
        ),
        (
            "[profiles.work]\ndefault_agent = -4\n",
            2,
            "profiles.work.default_agent",
            lambda s: s.profiles["work"].default_agent is None,
        ),
        (
            "[profiles.work]\ndefault_agent = true\n",
            2,
            "profiles.work.default_agent",
            lambda s: s.profiles["work"].default_agent is None,
        ),
        (
            "[profiles.work]\nbase_url = 5\n",
            2,
            "profiles.work.base_url",
            lambda s: s.profiles["work"].base_url == DEFAULT_BASE_URL,
        ),
        (
            '[profiles.work]\n\nbase_url = "ftp://host"\n',
            3,
            "profiles.work.base_url",
            lambda s: s.profiles["work"].base_url == DEFAULT_BASE_URL,
        ),
        (
            '[profiles.work]\nbase_url = "https://"\n',
            2,
            "profiles.work.base_url",
            lambda s: s.profiles["work"].base_url == DEFAULT_BASE_URL,
        ),
        ('[profiles]\nwork = "x"\n', 2, "profiles.work", lambda s: "work" not in s.profiles),
        (
            '[keymap]\n"transcript.like" = 3\nquit = "q"\n',
            2,
            'keymap."transcript.like"',
            lambda s: s.keymap == {"quit": "q"},
        ),
        ("keymap = 5\n", 1, "keymap", lambda s: s.keymap == {}),
    ],
)
def test_a_wrong_value_is_ignored_and_reported_at_its_line(
    tmp_path: Path, text: str, line: int, key: str, check
) -> None:
    settings, problem = only_problem(write(tmp_path, text))
    assert (problem.line, problem.key, problem.fatal) == (line, key, False)
    assert check(settings)
    assert f"line {line}" in str(problem) and key in str(problem)


def test_the_same_key_in_another_table_gets_its_own_line(tmp_path: Path) -> None:
    text = '[profiles.a]\nbase_url = "http://ok"\n\n[profiles.b]\nbase_url = "nope"\n'
    settings, problem = only_problem(write(tmp_path, text))
    assert (problem.line, problem.key) == (5, "profiles.b.base_url")
    assert settings.profiles["a"].base_url == "http://ok"


def test_unknown_keys_are_warned_with_their_line(tmp_path: Path) -> None:
    text = (
        'theme = "nord"\n'
        "colour = 3\n"
        "[profiles.work]\n"
        'base_url = "http://x"\n'
        "extra = 1\n"
        "[extras]\n"
        "a = 1\n"
    )
    settings, problems = load_settings(write(tmp_path, text))
    found = {(p.key, p.line) for p in problems}
    assert found == {("colour", 2), ("profiles.work.extra", 5), ("extras", 6)}
    assert not any(p.fatal for p in problems)
    assert all("unknown key" in p.message and "(ignored)" in p.message for p in problems)
    assert settings.theme == "nord" and settings.profiles["work"].base_url == "http://x"
    colour = next(p for p in problems if p.key == "colour")
    assert str(colour) == f"{tmp_path / 'config.toml'}, line 2: unknown key 'colour' (ignored)"


def test_a_syntax_error_is_one_fatal_problem_and_defaults_apply(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nstreaming = false\n\nlang = \n')
    settings, problem = only_problem(path)
    assert problem.fatal is True
    assert problem.line == 4
    assert settings == Settings()
    assert str(path) in str(problem) and "line 4" in str(problem)


def test_undecodable_bytes_are_a_fatal_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\nlang = "\xff\xfe"\n')
    settings, problem = only_problem(path)
    assert problem.fatal is True and problem.line == 2
    assert "UTF-8" in problem.message
    assert settings == Settings()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX non-root")
def test_an_unreadable_file_is_a_fatal_problem(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n')
    path.chmod(0)
    try:
        settings, problem = only_problem(path)
    finally:
        path.chmod(0o600)
    assert problem.fatal is True and "cannot read" in problem.message
    assert settings.theme is None


def test_a_directory_instead_of_a_file_is_a_fatal_problem(tmp_path: Path) -> None:
    settings, problem = only_problem(tmp_path)
    assert problem.fatal is True and settings == Settings()


def test_default_profile_must_name_a_defined_profile(tmp_path: Path) -> None:
    text = '\ndefault_profile = "nope"\n[profiles.work]\nbase_url = "http://x"\n'
    settings, problem = only_problem(write(tmp_path, text))
    assert settings.default_profile == "default"
    assert (problem.line, problem.key) == (2, "default_profile")
    assert "nope" in problem.message
    assert settings.profile(None).name == "default"


def test_profile_lookups(tmp_path: Path) -> None:
    settings, _ = load_settings(write(tmp_path, FULL))
    assert settings.profile(None).name == "work"
    assert settings.profile("").name == "work"
    assert settings.profile("demo").base_url == "http://127.0.0.1:8799"
    assert settings.profile("default").base_url == DEFAULT_BASE_URL
    assert settings.profile("other") == Profile("other", DEFAULT_BASE_URL, None)


def test_config_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert config_path() == tmp_path / "xdg" / "cgpt-tui" / "config.toml"
    else:
        assert config_path().name == "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path(None) == tmp_path / "env.toml"
    assert config_path(tmp_path / "explicit.toml") == tmp_path / "explicit.toml"
    assert config_path(str(tmp_path / "explicit.toml")) == tmp_path / "explicit.toml"


def test_problem_text_names_path_line_and_key(tmp_path: Path) -> None:
    problem = ConfigProblem(tmp_path / "c.toml", "expected true or false", 7, "streaming")
    assert str(problem) == f"{tmp_path / 'c.toml'}, line 7, key 'streaming': expected true or false"
    assert str(ConfigProblem(Path("c.toml"), "broken")) == "c.toml: broken"


def test_several_problems_come_in_line_order(tmp_path: Path) -> None:
    text = 'lang = 1\n[profiles.w]\ndefault_agent = "x"\n[keymap]\na = 2\n'
    _, problems = load_settings(write(tmp_path, text))
    assert [(p.line, p.key) for p in problems] == [
        (1, "lang"),
        (3, "profiles.w.default_agent"),
        (5, "keymap.a"),
    ]


def test_read_timeout_is_seconds_within_bounds(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("read_timeout = 2.5\n")
    settings, problems = load_settings(path)
    assert settings.read_timeout == 2.5 and problems == []
    path.write_text('read_timeout = "soon"\n')
    settings, problems = load_settings(path)
    assert settings.read_timeout == 30.0
    assert problems[0].line == 1 and problems[0].key == "read_timeout"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 100),
        ("reading_width = 120\n", 120),
        ("reading_width = 40\n", 40),
        ("reading_width = 0\n", None),
        ('reading_width = "none"\n', None),
        ('reading_width = "None"\n', None),
    ],
)
def test_reading_width_is_columns_or_the_full_width(tmp_path, text, width) -> None:
    settings, problems = load_settings(write(tmp_path, text))
    assert problems == [] and settings.reading_width == width


@pytest.mark.parametrize("value", ["20", '"wide"', "true", "100.5", "-3", "5000"])
def test_a_bad_reading_width_is_reported_and_the_default_kept(tmp_path, value) -> None:
    settings, problems = load_settings(write(tmp_path, f'theme = "x"\nreading_width = {value}\n'))
    assert settings.reading_width == 100
    assert [(p.line, p.key) for p in problems] == [(2, "reading_width")]
    assert 'or 0 or "none" for the full width' in problems[0].message
