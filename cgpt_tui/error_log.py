"""The error log: unexpected failures, written for the user to send us, with no key in it."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

LOG_NAME = "cgpt-tui.log"
MAX_BYTES = 1_000_000  # start afresh past this size, keeping one previous file


class ErrorLog:
    """Appends tracebacks to a file, with every secret replaced by `[redacted]`."""

    def __init__(self, path: Path, secrets: Iterable[str] = ()) -> None:
        self.path = path
        self._secrets = [secret for secret in secrets if len(secret) >= 4]

    def add_secret(self, secret: str) -> None:
        if len(secret) >= 4:
            self._secrets.append(secret)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def write(self, error: BaseException, context: str = "") -> Path:
        """Record `error` with its traceback; returns the file written."""
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        entry = self.scrub(f"--- {stamp} {context}\n{''.join(lines)}\n")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and self.path.stat().st_size > MAX_BYTES:
            self.path.replace(self.path.with_suffix(".log.1"))
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(entry)
        self.path.chmod(0o600)
        return self.path
