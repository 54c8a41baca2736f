"""How a command ends when something goes wrong that it did not handle: one line, no traceback.

- The reader of stdout went away (`cgpt-tui ask … | head -1`): nothing is said and the exit
  status is 141 (128 + SIGPIPE). git and gh end the same way (both are stopped by SIGPIPE,
  which a shell reports as 141): the reader had what it wanted, and a message would only
  clutter the terminal; a script with `set -o pipefail` still sees that output was cut.
- stdout cannot be written (`> /dev/full`, EIO, an encoding that cannot show the text):
  "cannot write to stdout: <why>", exit 1. Nothing is replaced behind the user's back.
- Ctrl-C: "stopped", exit 130.
- Anything else: the traceback, scrubbed of every key, goes to the error log; the terminal
  gets one line naming the error and the log, exit 1.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from cgpt_tui.local.error_log import ErrorLog, shown_message

CLOSED_PIPE = 128 + 13  # what a shell shows for a process ended by SIGPIPE


class StdoutFailed(Exception):
    """Writing to stdout failed; `reason` says why in the user's words."""

    def __init__(self, reason: str, errno: int | None = None) -> None:
        super().__init__(reason)
        self.errno = errno
        self.reason = reason

    @classmethod
    def of(cls, error: OSError) -> StdoutFailed:
        return cls(error.strerror or type(error).__name__, error.errno)


class GuardedStdout:
    """stdout, with a failed write or flush raised as StdoutFailed (whoever wrote it)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise StdoutFailed.of(error) from None
        except UnicodeEncodeError as error:  # e.g. LANG=C.ISO-8859-1, PYTHONIOENCODING=ascii
            char = error.object[error.start : error.start + 1]
            name = unicodedata.name(char, "a character")  # stderr may not show it either
            raise StdoutFailed(
                f"its encoding ({error.encoding}) cannot show U+{ord(char):04X} {name}; "
                "use a UTF-8 locale"
            ) from None

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise StdoutFailed.of(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def say(line: str) -> None:
    """One line on stderr, if stderr can still be written."""
    with contextlib.suppress(OSError, ValueError):
        print(f"cgpt-tui: {line}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered does not fail again at exit
    (Python would print "Exception ignored … BrokenPipeError" and exit 120)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(null)
    except (OSError, ValueError):
        pass


def unexpected(error: BaseException, log: ErrorLog, context: str) -> str:
    """The one line for an error nobody expected, after its traceback went to the log."""
    summary = shown_message(error, log)
    what = f"{type(error).__name__}: {summary}" if summary else type(error).__name__
    try:
        where = f"details in {log.write(error, context)}"
    except OSError as failure:
        where = f"the error log {log.path} could not be written ({failure.strerror or failure})"
    return f"unexpected error ({what}); {where}"


def run_guarded(
    command: Callable[[], int], log_path: Path, context: str, *, wrap_stdout: bool = True
) -> int:
    """Run `command` and turn what escapes it into an exit status and at most one line.

    `wrap_stdout` is off for the full-screen app, which owns the terminal."""
    real = sys.stdout
    if wrap_stdout and real is not None:
        sys.stdout = GuardedStdout(real)
    try:
        code = command()
        if wrap_stdout:
            sys.stdout.flush()
        return code
    except StdoutFailed as failed:
        _silence_stdout()
        if failed.errno == errno.EPIPE:
            return CLOSED_PIPE
        say(f"cannot write to stdout: {failed.reason}")
        return 1
    except KeyboardInterrupt:
        say("stopped")
        return 130
    except Exception as error:
        say(unexpected(error, ErrorLog(log_path), context))
        return 1
    finally:
        sys.stdout = real
