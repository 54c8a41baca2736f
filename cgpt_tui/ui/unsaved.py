"""Files the app could not write (drafts, state): said at the first failure and at exit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class Unsaved:
    """What is not on disk now, by file; a later write that works takes its file off."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._problems: dict[Path, str] = {}
        self._told: set[Path] = set()

    def attempt(self, what: str, path: Path | None, write: Callable[[], Any]) -> None:
        """Call `write`, which saves `what` to `path`; an OSError is noted and said."""
        if path is None:
            return
        try:
            write()
        except OSError as error:
            self.failed(what, path, error)
        else:
            self._problems.pop(path, None)

    def failed(self, what: str, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        self._problems[path] = f"{what} could not be saved to {path}: {reason}"
        if path not in self._told:  # once per file: a save is tried after every pause
            self._told.add(path)
            self._warn(f"{self._problems[path]}. It is tried again at the next change.")

    def problems(self) -> list[str]:
        return list(self._problems.values())
