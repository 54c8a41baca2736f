"""Writing a question in the user's own editor: `$VISUAL`, else `$EDITOR`, else vi.

The text goes to a private temporary file (mode 0600, removed afterwards), the editor runs
on it in the foreground, and what it saved comes back. Used while the app is suspended (see
`Composer.action_external_editor`); `edit_in_editor` never raises, since Textual gives the
terminal back to the app only when the `suspend()` block ends without an exception.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from contextlib import suppress

from cgpt_tui.api.frozen import record

DEFAULT_EDITOR = "notepad" if os.name == "nt" else "vi"
FILE_PREFIX = "cgpt-tui-question-"


@record
class Edited:
    """What came back from the editor: the text, or why there is none."""

    text: str | None
    problem: str | None = None


class EditorUnusable(Exception):
    """`VISUAL` / `EDITOR` cannot be read as a command."""


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """The editor to run, split as a shell would (`code -w` is two words)."""
    for name in ("VISUAL", "EDITOR"):
        raw = environ.get(name, "").strip()
        if not raw:
            continue
        try:
            words = shlex.split(raw, posix=os.name != "nt")
        except ValueError as problem:
            raise EditorUnusable(f"{name} (“{raw}”) is not a command: {problem}.") from None
        if words:
            return words
    return [DEFAULT_EDITOR]


def edit_in_editor(text: str, environ: Mapping[str, str] | None = None) -> Edited:
    """Let the user edit `text` in their editor; the saved text, or the problem in words."""
    try:
        command = editor_command(os.environ if environ is None else environ)
    except EditorUnusable as unusable:
        return Edited(None, f"{unusable} Set VISUAL or EDITOR to the editor you use.")
    name = command[0]
    fd, path = tempfile.mkstemp(prefix=FILE_PREFIX, suffix=".md")  # 0600: the user's only
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        try:
            status = subprocess.run([*command, path], check=False).returncode
        except OSError as problem:
            reason = problem.strerror or type(problem).__name__
            return Edited(
                None,
                f"Could not run the editor “{name}”: {reason}. "
                "Set VISUAL or EDITOR to the editor you use.",
            )
        if status != 0:
            return Edited(None, f"The editor “{name}” exited with status {status}.")
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as file:
                edited = file.read()
        except OSError as problem:
            return Edited(None, f"Could not read what the editor saved: {problem.strerror}.")
    finally:
        with suppress(OSError):
            os.unlink(path)
    # Editors end the file with a newline; Windows ones write CRLF.
    return Edited(edited.replace("\r\n", "\n").rstrip("\n"))
