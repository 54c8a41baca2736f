"""Finding and opening a profile's cache for a server, every failure a CacheError."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from cgpt_tui.history.db import CacheError, folder_hint, os_detail
from cgpt_tui.history.files import cache_path, normal_base_url, profile_cache
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.local.config import DEFAULT_PROFILE


def clear_hint(profile: str, base_url: str, configured_url: str) -> str:
    """What fixes a damaged cache of this profile and server: the command that clears it."""
    command = ["cgpt-tui", "cache", "clear"]
    if profile != DEFAULT_PROFILE:
        command += ["--profile", profile]
    if normal_base_url(base_url) != normal_base_url(configured_url):
        command += ["--base-url", base_url]
    return f"`{shlex.join(command)}` (or moving the file away) fixes it"


def find_cache(profile: str, base_url: str, configured_url: str) -> Path:
    """The cache file of the profile on this server (it may not exist yet), an older cache
    adopted (see files.py); raises CacheError when its folder cannot be made."""
    try:
        return profile_cache(profile, base_url, configured_url)
    except OSError as error:
        path = cache_path(profile, base_url)
        raise CacheError(path, os_detail(error), folder_hint(path)) from None


def open_cache(profile: str, base_url: str, configured_url: str, **options: Any) -> HistoryStore:
    """The cache of the profile on this server, open (`options`: see HistoryStore)."""
    path = find_cache(profile, base_url, configured_url)
    return HistoryStore(path, hint=clear_hint(profile, base_url, configured_url), **options)


def cache_exists(path: Path) -> bool:
    """Whether the file is there; raises CacheError when its folder cannot be read."""
    try:
        return path.exists()
    except OSError as error:
        raise CacheError(path, os_detail(error), folder_hint(path)) from None
