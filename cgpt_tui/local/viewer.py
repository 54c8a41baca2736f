"""Hand a fetched file to the platform's own viewer: saved privately, opened, never run.

The file goes into a new private temporary directory (mode 0700) as a 0600 file under its
real name, made safe (no path separators, no leading dots or dashes, no characters a file
system refuses, a bounded length, its extension kept). The viewer is the platform's opener
(`xdg-open` on Linux and the BSDs, `open` on macOS, `os.startfile` on Windows), given the
absolute path as one argument: no shell, and we never execute the file ourselves.
"""

from __future__ import annotations

import mimetypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MAX_NAME = 120  # characters of a saved file's name
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)

Spawn = Callable[[list[str]], None]
Which = Callable[[str], str | None]


def safe_filename(name: str | None, content_type: str = "") -> str:
    """`name` as a plain file name to save under; "file" plus an extension for the content
    type when nothing of it is usable."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip().lstrip(".-_ ").rstrip(". ")
    base = " ".join(base.split())
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if not suffix:
        guessed = mimetypes.guess_extension(content_type.split(";")[0].strip().lower() or "")
        suffix = guessed.lstrip(".") if guessed else ""
    suffix = suffix[:16]
    stem = stem or "file"
    if stem.lower() in _RESERVED:
        stem = f"{stem}_"
    stem = stem[: MAX_NAME - len(suffix) - 1].rstrip(". ") or "file"
    return f"{stem}.{suffix}" if suffix else stem


def save_private_copy(data: bytes, name: str | None, content_type: str = "") -> Path:
    """Write `data` to a new private temporary directory as `safe_filename(name)`; the path."""
    folder = Path(tempfile.mkdtemp(prefix="cgpt-tui-preview-"))  # 0700, ours alone
    path = folder / safe_filename(name, content_type)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as file:
        if hasattr(os, "fchmod"):
            os.fchmod(file.fileno(), 0o600)
        file.write(data)
    return path


def viewer_command(
    path: Path, *, platform: str = sys.platform, which: Which = shutil.which
) -> list[str] | None:
    """The argv that opens `path` in the platform's viewer; None when there is none (and on
    Windows, which opens files with `os.startfile`, not a command)."""
    if platform.startswith("win"):
        return None
    opener = which("open") if platform == "darwin" else which("xdg-open")
    return [opener, str(path.resolve())] if opener else None


def spawn_detached(argv: list[str]) -> None:
    """Start `argv` on its own: no shell, no terminal (its output would land on our screen),
    not waited for."""
    subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def open_in_viewer(
    path: Path, *, spawn: Spawn = spawn_detached, platform: str = sys.platform
) -> bool:
    """Open `path` with the platform's viewer; False when there is none or it cannot start."""
    try:
        if platform.startswith("win"):
            startfile = getattr(os, "startfile", None)
            if startfile is None:
                return False
            startfile(str(path))
            return True
        argv = viewer_command(path, platform=platform)
        if argv is None:
            return False
        spawn(argv)
        return True
    except OSError:
        return False


def opener_name(platform: str = sys.platform) -> str:
    """The viewer's name, for a message saying it is missing."""
    if platform.startswith("win"):
        return "the Windows file association"
    return "open" if platform == "darwin" else "xdg-open"
