"""Where a history cache lives: one file per (profile, base URL), private to the user.

A file name encodes both, one-to-one: every byte of the UTF-8 text outside [A-Za-z0-9-] is
percent-encoded (`%` and `_` too), and the two parts are joined by `@`, which the encoding
never leaves bare. A name that would pass MAX_STEM bytes keeps a readable prefix and the
SHA-256 of the whole (after `~`, which the short form never holds either), so it stays
within the file system's 255 bytes with SQLite's suffixes (`-journal` the longest).

Before the base URL was part of the name, a profile's cache was `<profile>.sqlite3` (other
characters replaced by `_`, so "a/b" and "a_b" shared it). Such a file is adopted (renamed)
for the profile's configured base URL only, and only when the old name was the profile's own
(nothing replaced): it cannot have been another profile's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path

from cgpt_tui.local.config import data_dir

CACHE_FOLDER = "history"
SUFFIX = ".sqlite3"
# SQLite's files beside the database: WAL mode's, and the rollback journal it writes
# while switching to WAL (the longest name: SQLite cannot open a file whose is too long).
COMPANIONS = ("-wal", "-shm", "-journal")
LOCK_SUFFIX = ".lock"
MAX_STEM = 255 - len(SUFFIX) - max(len(s) for s in (*COMPANIONS, LOCK_SUFFIX))
_PLAIN = re.compile(rb"[A-Za-z0-9-]")
_LEGACY_SAFE = re.compile(r"[\w.-]+", re.ASCII)


def _encode(text: str) -> str:
    return "".join(
        chr(byte) if _PLAIN.fullmatch(bytes([byte])) else f"%{byte:02X}"
        for byte in text.encode("utf-8", "surrogatepass")
    )


def normal_base_url(base_url: str) -> str:
    """The same server however it was written: scheme and host in lower case, no trailing
    slash, no default port."""
    scheme, sep, rest = base_url.strip().partition("://")
    if not sep:
        return base_url.strip().rstrip("/")
    host, slash, path = rest.partition("/")
    host = host.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme.lower())
    if default and host.endswith(default):
        host = host[: -len(default)]
    return f"{scheme.lower()}://{host}{slash}{path}".rstrip("/")


def cache_name(profile: str, base_url: str) -> str:
    """The cache's file name for this profile and server (see the module's docstring)."""
    stem = f"{_encode(profile)}@{_encode(normal_base_url(base_url))}"
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(stem.encode("ascii")).hexdigest()
        stem = f"{stem[: MAX_STEM - len(digest) - 1]}~{digest}"
    return stem + SUFFIX


def cache_folder(root: Path | None = None) -> Path:
    return (root or data_dir()) / CACHE_FOLDER


def cache_path(profile: str, base_url: str, root: Path | None = None) -> Path:
    """The cache file of this profile and server (in the user data directory)."""
    return cache_folder(root) / cache_name(profile, base_url)


def legacy_cache_path(profile: str, root: Path | None = None) -> Path:
    """Where the cache was before it was kept per server."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in profile) or "default"
    return cache_folder(root) / f"{safe}{SUFFIX}"


def companions(path: Path) -> list[Path]:
    """The database and SQLite's files beside it."""
    return [path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)]


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def make_private_folder(folder: Path) -> None:
    """Create the folder (and its parents) readable by the user alone; narrow it if an
    older version made it wider. Raises OSError."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        with contextlib.suppress(PermissionError):  # someone else's folder: as it is
            folder.chmod(0o700)


def profile_cache(
    profile: str, base_url: str, configured_url: str, root: Path | None = None
) -> Path:
    """The cache file for the profile on this server, an older cache adopted when it is the
    profile's own (see the module's docstring). Raises OSError when the folder cannot be
    made."""
    path = cache_path(profile, base_url, root)
    make_private_folder(path.parent)
    legacy = legacy_cache_path(profile, root)
    own = _LEGACY_SAFE.fullmatch(profile) is not None and legacy.name == profile + SUFFIX
    same_server = normal_base_url(base_url) == normal_base_url(configured_url)
    if own and same_server and legacy.exists() and not path.exists():
        for old, new in zip(companions(legacy), companions(path), strict=True):
            with contextlib.suppress(FileNotFoundError):
                os.replace(old, new)
    return path
