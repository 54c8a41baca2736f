"""Run the real workshop commands (`python -m cgpt_tui.cli …`) against a stand-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cgpt_tui.demo.server import DemoServer

ROOT = Path(__file__).resolve().parents[2]


def cli_env(server: DemoServer, tmp_path: Path, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CGPT_TUI_CONFIG", "CUSTOMGPT_API_KEY")}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    if key is not None:
        env["CUSTOMGPT_API_KEY"] = key
    return env


def command(server: DemoServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "cgpt_tui.cli", *args, "--base-url", server.base_url]


def cli(
    server: DemoServer,
    tmp_path: Path,
    *args: str,
    stdin: str = "",
    key: str | None = "",
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`cgpt-tui ARGS --base-url <server>`, stdin a pipe; `key` "" means the server's key."""
    return subprocess.run(
        command(server, *args),
        env=cli_env(server, tmp_path, server.api_key if key == "" else key),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
