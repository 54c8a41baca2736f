"""The `cgpt-tui` command: version, help, and the stand-in in the foreground."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

import httpx

from cgpt_tui import __version__

COMMAND = [sys.executable, "-m", "cgpt_tui.cli"]


def test_version_and_help_list_the_subcommands() -> None:
    version = subprocess.run([*COMMAND, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"cgpt-tui {__version__}"
    help_text = subprocess.run([*COMMAND, "--help"], capture_output=True, text=True, check=True)
    assert "serve-demo" in help_text.stdout and "--demo" in help_text.stdout
    assert "never accepted on the command line" in help_text.stdout


def test_no_key_explains_what_to_do(tmp_path) -> None:
    result = subprocess.run(
        COMMAND,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "CUSTOMGPT_API_KEY" in result.stderr and "--demo" in result.stderr


def test_serve_demo_announces_itself_serves_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [*COMMAND, "serve-demo", "--port", "0", "--api-key", "k", "--pace", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(
            r"CustomGPT stand-in listening on (http://127\.0\.0\.1:(\d+)) \(API key: k\)\n", line
        )
        assert match, line
        response = httpx.get(f"{match.group(1)}/api/v1/user", headers={"Authorization": "Bearer k"})
        assert response.json()["data"]["name"] == "Dana Demo"
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        assert time.monotonic() - started < 5
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
