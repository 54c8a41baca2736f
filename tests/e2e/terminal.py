"""Run a program in a real pseudo-terminal and read its screen through a terminal emulator."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from fcntl import ioctl
from pathlib import Path

import pyte


def find_installed() -> str | None:
    """The installed `cgpt-tui` of this Python (beside it, else on PATH), or None."""
    beside_python = Path(sys.executable).with_name("cgpt-tui")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("cgpt-tui")


def ignore_sighup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


class Terminal:
    """A child process on a pty of a fixed size, with its screen emulated by pyte."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        columns: int = 140,
        lines: int = 40,
        env: dict[str, str] | None = None,
        stdin: int | None = None,
        ignore_hangup: bool = False,
    ) -> None:
        """`stdin`: a file descriptor to read instead of the pty; `ignore_hangup`: start
        the program with SIGHUP ignored, as `nohup` does."""
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.emulate = True  # False: keep the raw bytes only (cheap while a benchmark times)
        master, slave = pty.openpty()
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        child_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(lines),
            **(env or {}),
        }
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave if stdin is None else stdin,
            stdout=slave,
            stderr=slave,
            env=child_env,
            start_new_session=True,
            close_fds=True,
            preexec_fn=ignore_sighup if ignore_hangup else None,
        )
        os.close(slave)
        self.master = master

    def pump(self, seconds: float = 0.05) -> None:
        """Read whatever the program wrote within `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready or not self._read():
                return

    def take(self, timeout: float) -> bool:
        """Wait up to `timeout` for output and read one chunk of it; False if none came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        return bool(ready) and self._read()

    def _read(self) -> bool:
        """Take one chunk of output (the caller knows there is some); False at the end."""
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.raw += data
        if self.emulate:
            self.stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            screen = self.text()
            if needle in screen:
                return screen
        raise AssertionError(f"{needle!r} never appeared on screen:\n{self.text()}")

    def wait_for_bytes(self, needle: bytes, start: int, timeout: float = 5.0) -> float:
        """Read until `needle` is in what arrived from offset `start` on; when it arrived."""
        deadline = time.monotonic() + timeout
        while self.raw.find(needle, start) < 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} was never written to the terminal")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.05))
            if ready and not self._read():
                raise AssertionError(f"the program ended before writing {needle!r}")
        return time.perf_counter()

    def wait_for_exit(self, timeout: float = 10.0) -> int:
        """Read until the program has ended (and what it wrote last); its exit status."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.2)
        code = self.process.poll()
        assert code is not None, f"still running {timeout} s later:\n{self.text()}"
        return code

    def type(self, data: str | bytes) -> int:
        """Send keys without reading; the offset in `raw` from which their echo will come."""
        offset = len(self.raw)
        os.write(self.master, data.encode() if isinstance(data, str) else data)
        return offset

    def send(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)
        self.pump(0.05)

    def close(self) -> int | None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        os.close(self.master)
        return self.process.returncode
