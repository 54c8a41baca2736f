"""A mistyped --base-url: one line naming it, exit 2, for every command that takes one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cgpt_tui.local.config import DEFAULT_BASE_URL, load_settings, parse_base_url

from .run import cgpt

KEY = "sk-Mistyped/Url+Key=42"
BAD = ["http://127.0.0.1:abc", "http://[::1", "https://x:0x50", "http://localhost:99999", "http://"]
COMMANDS = {
    "app": [],
    "status": ["status"],
    "ask": ["ask", "--agent", "1", "hello"],
    "sync": ["sync"],
    "export": ["export", "--agent", "1", "--conversation", "s"],
    "login": ["login"],
    "cache": ["cache", "clear"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("url", BAD)
def test_a_mistyped_base_url_is_one_line_and_exit_2(tmp_path: Path, command: str, url: str):
    done = cgpt(tmp_path, KEY, *COMMANDS[command], "--base-url", url, stdin=KEY.encode())
    said = (done.stdout + done.stderr).decode()
    assert done.returncode == 2, said
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, said
    assert lines[0].startswith(f"cgpt-tui: --base-url {url!r} cannot be used: ")
    assert "Traceback" not in said and KEY not in said and "Bearer" not in said


@pytest.mark.parametrize("url", [*BAD, "http://x:0", "ftp://x", "http://u:p@x", "http://x?q"])
def test_a_bad_base_url_in_config_toml_is_reported_and_the_default_used(
    tmp_path: Path, url: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.work]\nbase_url = "{url}"\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.profiles["work"].base_url == DEFAULT_BASE_URL
    assert [(p.line, p.key) for p in problems] == [(2, "profiles.work.base_url")]
    with pytest.raises(ValueError) as caught:
        parse_base_url(url)
    assert problems[0].message == (
        f"expected an http:// or https:// URL; {caught.value} (ignored)"
    )  # the same words as for --base-url


def test_a_good_base_url_keeps_its_scheme_slashes() -> None:
    assert parse_base_url(" https://app.customgpt.ai/ ") == "https://app.customgpt.ai"
    assert parse_base_url("http://[::1]:8080//") == "http://[::1]:8080"
    assert parse_base_url("http://127.0.0.1:65535/base/") == "http://127.0.0.1:65535/base"
