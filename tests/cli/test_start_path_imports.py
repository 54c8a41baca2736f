"""The normal start path imports nothing only the stand-in server or other commands need,
nor what can wait: httpx's command-line tool, the keyring (the key may be in the
environment) and the Markdown stack (until an answer is shown)."""

from __future__ import annotations

import json
import subprocess
import sys

START_PATH = "import cgpt_tui.cli.main, cgpt_tui.cli.app, cgpt_tui.ui.app"
SERVER_ONLY = ("uvicorn", "starlette", "cgpt_tui.demo", "tests")
LATER = ("click", "keyring", "markdown_it", "rich.markdown", "pygments")


def test_starting_the_app_loads_no_server_code() -> None:
    code = f"{START_PATH}; import json, sys; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert "cgpt_tui.ui.app" in loaded  # the probe really imported the app
    unwanted = [m for m in loaded if m.split(".")[0] in SERVER_ONLY or m.startswith(SERVER_ONLY)]
    assert unwanted == []
    assert [m for m in LATER if m in loaded] == []
