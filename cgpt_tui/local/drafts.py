"""Unsent questions, one per conversation, kept across conversation switches and restarts."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from cgpt_tui.local.files import write_atomically

DRAFTS_FILE = "drafts.json"
NEW_CONVERSATION = "new"


def draft_key(agent_id: int | None, session_id: str | None) -> str:
    """Drafts of a conversation not created yet belong to its agent."""
    return session_id or f"{NEW_CONVERSATION}:{agent_id}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside `path` (POSIX): one instance's read-merge-write at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: the merge alone, with a small window for a race
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class Drafts:
    """A profile's drafts in memory, saved atomically (0600) to one JSON file.

    Several instances may share the file (two terminals on one profile): a save writes
    only the keys this instance changed, set or cleared, onto what the file holds then.
    """

    def __init__(self, path: Path | None, profile: str = "default") -> None:
        self.path = path
        self.profile = profile
        self._drafts: dict[str, str] = {}
        self._changed: set[str] = set()
        if path is not None:
            self._drafts = self._read().get(profile, {})

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) if self.path else {}
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            profile: {k: v for k, v in drafts.items() if isinstance(v, str)}
            for profile, drafts in data.items()
            if isinstance(drafts, dict)
        }

    def get(self, key: str) -> str:
        return self._drafts.get(key, "")

    def put(self, key: str, text: str) -> None:
        if not text.strip():
            text = ""
        if text == self._drafts.get(key, ""):
            return
        if text:
            self._drafts[key] = text
        else:
            self._drafts.pop(key, None)
        self._changed.add(key)

    @property
    def unsaved(self) -> bool:
        """Whether a change is not in the file yet."""
        return bool(self._changed) and self.path is not None

    def save(self) -> None:
        """Write the changed keys; raises OSError when the file cannot be written."""
        if self.path is None or not self._changed:
            return
        with _locked(self.path):
            everything = self._read()
            mine = everything.setdefault(self.profile, {})
            for key in self._changed:
                if key in self._drafts:
                    mine[key] = self._drafts[key]
                else:
                    mine.pop(key, None)
            write_atomically(self.path, json.dumps(everything, ensure_ascii=False, indent=1))
        self._changed.clear()
