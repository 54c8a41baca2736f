"""`cgpt-tui login`, `logout` and `status` as a user runs them, against the stand-in."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A fresh HOME with its own config, data and state dirs, and no key in the environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CUSTOMGPT_API_KEY", "CGPT_TUI_CONFIG", "PYTHON_KEYRING_BACKEND")
    }
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    return env


def with_test_keyring(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {
        **env,
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "CGPT_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }


def cgpt(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cgpt_tui.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def every_file(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_login_status_logout_with_a_keyring(demo_server, home, tmp_path) -> None:
    env = with_test_keyring(home, tmp_path)
    url = ["--base-url", demo_server.base_url]
    status = cgpt(env, "status", *url)
    assert status.returncode == 1 and "none stored" in status.stdout
    login = cgpt(env, "login", *url, stdin=demo_server.api_key + "\n")
    assert login.returncode == 0, login.stderr
    assert "Dana Demo" in login.stdout and "system keyring" in login.stdout
    stored = json.loads((tmp_path / "keyring.json").read_text())
    assert stored == {"cgpt-tui/default": demo_server.api_key}
    status = cgpt(env, "status", *url)
    assert status.returncode == 0
    assert "Profile:  default" in status.stdout and demo_server.base_url in status.stdout
    assert "Dana Demo <dana@northwind.example>" in status.stdout
    assert "/ 5,000 queries" in status.stdout and "system keyring" in status.stdout
    assert demo_server.api_key not in status.stdout + status.stderr
    logout = cgpt(env, "logout", *url)
    assert logout.returncode == 0 and "system keyring" in logout.stdout
    assert json.loads((tmp_path / "keyring.json").read_text()) == {}
    assert cgpt(env, "status", *url).returncode == 1


def test_a_wrong_key_is_refused_and_not_stored(demo_server, home, tmp_path) -> None:
    env = with_test_keyring(home, tmp_path)
    login = cgpt(env, "login", "--base-url", demo_server.base_url, stdin="nope\n")
    assert login.returncode == 1 and "refused this API key" in login.stderr
    assert not (tmp_path / "keyring.json").exists()


def test_without_a_keyring_login_needs_the_insecure_opt_in(demo_server, home, tmp_path) -> None:
    url = ["--base-url", demo_server.base_url]
    refused = cgpt(home, "login", *url, stdin=demo_server.api_key + "\n")
    assert refused.returncode == 1 and "--insecure-storage" in refused.stderr
    login = cgpt(home, "login", "--insecure-storage", *url, stdin=demo_server.api_key + "\n")
    assert login.returncode == 0, login.stderr
    holders = [p for p in every_file(tmp_path) if demo_server.api_key in p.read_text("latin-1")]
    assert len(holders) == 1 and holders[0].name == "credentials-insecure.json"
    assert stat.S_IMODE(holders[0].stat().st_mode) == 0o600
    status = cgpt(home, "status", *url)
    assert status.returncode == 0 and "plain-text file" in status.stdout
    assert cgpt(home, "logout", *url).returncode == 0
    assert not holders[0].exists()


def test_profiles_from_the_config_file(demo_server, home, tmp_path) -> None:
    env = with_test_keyring(home, tmp_path)
    config = tmp_path / "custom.toml"
    config.write_text(
        f'default_profile = "demo"\n\n[profiles.demo]\nbase_url = "{demo_server.base_url}"\n'
    )
    login = cgpt(env, "--config", str(config), "login", stdin=demo_server.api_key + "\n")
    assert login.returncode == 0, login.stderr
    assert "cgpt-tui/demo" in json.loads((tmp_path / "keyring.json").read_text())
    status = cgpt(env, "status", "--config", str(config))
    assert "Profile:  demo" in status.stdout and demo_server.base_url in status.stdout


def test_a_broken_config_is_reported_and_defaults_apply(demo_server, home, tmp_path) -> None:
    env = with_test_keyring(home, tmp_path)
    config = tmp_path / "broken.toml"
    config.write_text("theme = \n")
    status = cgpt(env, "status", "--config", str(config), "--base-url", demo_server.base_url)
    assert str(config) in status.stderr and "line 1" in status.stderr
    assert "Profile:  default" in status.stdout
