"""The error log: unexpected failures, written for the user to send us, with no key in it."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey, scrub_all

LOG_NAME = "cgpt-tui.log"
MAX_BYTES = 1_000_000  # start afresh past this size, keeping one previous file
SUMMARY_LIMIT = 200  # characters of an error's message shown on screen


def shown_message(error: BaseException, log: ErrorLog | None = None) -> str:
    """An unexpected error's message as the terminal may show it: one clean line, no key
    (the log's, and any other this process holds), at most SUMMARY_LIMIT characters."""
    text = clean_line(str(error))
    return (log.scrub(text) if log is not None else scrub_all(text))[:SUMMARY_LIMIT]


class ErrorLog:
    """Appends tracebacks to a file, with every key (its own, and any other this process
    holds, plain or url-quoted) replaced by `[redacted]`. Tracebacks are written without
    frame locals."""

    def __init__(self, path: Path, secrets: Iterable[ApiKey | str] = ()) -> None:
        self.path = path
        self._secrets = [ApiKey.of(secret) for secret in secrets]

    def add_secret(self, secret: ApiKey | str) -> None:
        self._secrets.append(ApiKey.of(secret))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = secret.scrub(text)
        return scrub_all(text)

    def write(self, error: BaseException, context: str = "") -> Path:
        """Record `error` with its traceback; returns the file written."""
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        entry = self.scrub(f"--- {stamp} {context}\n{''.join(lines)}\n")
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.path.exists() and self.path.stat().st_size > MAX_BYTES:
            self.path.replace(self.path.with_suffix(".log.1"))
        # Private from the first byte: created 0600 (not chmod'ed after it was written), and
        # an older log left readable by others is narrowed as it is appended to.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            os.fchmod(fd, 0o600)
            log.write(entry)
        return self.path
