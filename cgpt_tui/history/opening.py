"""Finding and opening a profile's cache for a server, every failure a CacheError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cgpt_tui.history.db import CacheError, folder_hint
from cgpt_tui.history.files import cache_path, profile_cache
from cgpt_tui.history.store import HistoryStore


def find_cache(profile: str, base_url: str, configured_url: str) -> Path:
    """The cache file of the profile on this server (it may not exist yet), an older cache
    adopted (see files.py); raises CacheError when its folder cannot be made."""
    try:
        return profile_cache(profile, base_url, configured_url)
    except OSError as error:
        path = cache_path(profile, base_url)
        raise CacheError(path, error.strerror or str(error), folder_hint(path)) from None


def open_cache(profile: str, base_url: str, configured_url: str, **options: Any) -> HistoryStore:
    """The cache of the profile on this server, open (`options`: see HistoryStore)."""
    return HistoryStore(find_cache(profile, base_url, configured_url), **options)


def cache_exists(path: Path) -> bool:
    """Whether the file is there; raises CacheError when its folder cannot be read."""
    try:
        return path.exists()
    except OSError as error:
        raise CacheError(path, error.strerror or str(error), folder_hint(path)) from None
