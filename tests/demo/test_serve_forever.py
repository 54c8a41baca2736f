"""`serve_forever`, as `cgpt-tui serve-demo` runs it: one line, then serving, then Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx

RUN = "from cgpt_tui.demo.server import serve_forever; serve_forever('127.0.0.1', 0, 'sk-demo', 0)"


def test_serve_forever_announces_serves_and_stops_cleanly_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", RUN],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.fullmatch(
            r"CustomGPT stand-in listening on (http://127\.0\.0\.1:(\d+)) \(API key: sk-demo\)\n",
            line,
        )
        assert found, line
        assert int(found.group(2)) > 0
        user = httpx.get(
            f"{found.group(1)}/api/v1/user", headers={"Authorization": "Bearer sk-demo"}
        )
        assert user.json()["data"]["name"] == "Dana Demo"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert out == "" and err == "", "one line only, and no traceback"
