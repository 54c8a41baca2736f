"""The installed `cgpt-tui` as a script runs it: a real subprocess, its own home directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.terminal import find_installed


def installed() -> str:
    found = find_installed()
    if found is None:
        pytest.skip("cgpt-tui is not installed in this environment (pip install -e .)")
    return found


def home_env(tmp_path: Path, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CGPT_TUI_CONFIG", "CUSTOMGPT_API_KEY")}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    if key is not None:
        env["CUSTOMGPT_API_KEY"] = key
    return env


def cgpt(
    tmp_path: Path,
    key: str | None,
    *args: str,
    stdin: bytes = b"",
    extra_env: dict[str, str] | None = None,
    **options: object,
) -> subprocess.CompletedProcess[bytes]:
    """`cgpt-tui ARGS`, stdout and stderr captured as bytes (unless `options` say otherwise)."""
    run_options: dict[str, object] = {"capture_output": True, **options}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [installed(), *args],
        input=stdin,
        env={**home_env(tmp_path, key), **(extra_env or {})},
        timeout=60,
        **run_options,
    )


def error_log(tmp_path: Path) -> Path:
    return tmp_path / "state" / "cgpt-tui" / "cgpt-tui.log"
