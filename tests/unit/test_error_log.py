"""The error log: private from its first byte, and never holding the key."""

from __future__ import annotations

import os
import stat

from cgpt_tui.local.error_log import ErrorLog
from cgpt_tui.secret import ApiKey

KEY = "1234|SecretKeyThatMustNotShow"


def _fail() -> ValueError:
    try:
        raise ValueError(f"the server said {KEY}")
    except ValueError as error:
        return error


def test_a_first_crash_creates_a_log_readable_by_the_user_alone(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        log = ErrorLog(tmp_path / "state" / "cgpt-tui.log", [ApiKey(KEY)])
        path = log.write(_fail(), "test")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "ValueError" in text and "[redacted]" in text
    assert KEY not in text


def test_an_old_log_readable_by_everyone_is_made_private_when_written(tmp_path) -> None:
    path = tmp_path / "cgpt-tui.log"
    path.write_text("--- an older entry\n", encoding="utf-8")
    path.chmod(0o644)
    ErrorLog(path).write(_fail())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").startswith("--- an older entry\n")
