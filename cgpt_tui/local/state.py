"""Where the user left off, per profile, so the next start opens the same agent and conversation.

The state file is JSON::

    {"version": 1, "profiles": {"work": {"agent_id": 103, "session_id": "abc"}}}

It is a convenience, not data: a missing, corrupt or unknown-version file is an empty state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cgpt_tui.local.files import write_atomically

STATE_FILE = "state.json"
VERSION = 1


@dataclass
class Location:
    agent_id: int | None = None
    session_id: str | None = None


def _location(value: Any) -> Location | None:
    if not isinstance(value, dict):
        return None
    agent_id = value.get("agent_id")
    session_id = value.get("session_id")
    if isinstance(agent_id, bool) or not isinstance(agent_id, int):
        agent_id = None
    if not isinstance(session_id, str) or not session_id:
        session_id = None
    return Location(agent_id, session_id)


class AppState:
    """The last agent and conversation of each profile, saved on every change."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._locations: dict[str, Location] = {}

    @classmethod
    def load(cls, path: Path) -> AppState:
        state = cls(path)
        try:
            data = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
            return state
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return state
        profiles = data.get("profiles")
        if not isinstance(profiles, dict):
            return state
        for name, value in profiles.items():
            if isinstance(name, str) and (location := _location(value)) is not None:
                state._locations[name] = location
        return state

    def location(self, profile: str) -> Location:
        """A copy, so callers cannot change the state behind its back."""
        found = self._locations.get(profile)
        return Location(found.agent_id, found.session_id) if found else Location()

    def remember(self, profile: str, *, agent_id: int | None, session_id: str | None) -> None:
        """Record and save at once; raises OSError when the file cannot be written."""
        self._locations[profile] = Location(agent_id, session_id)
        self.save()

    def save(self) -> None:
        payload = {
            "version": VERSION,
            "profiles": {
                name: {"agent_id": loc.agent_id, "session_id": loc.session_id}
                for name, loc in sorted(self._locations.items())
            },
        }
        write_atomically(self.path, json.dumps(payload, indent=2) + "\n", mode=0o600)
