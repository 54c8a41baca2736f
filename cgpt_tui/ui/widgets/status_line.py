"""The one-line status under a pane's list ("Loading agents…", why nothing is shown)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """Shown while it has something to say, hidden when it has not (`say("")`)."""

    def say(self, text: str) -> None:
        if str(self.content) == text and self.display == bool(text):
            return  # an update re-arranges the screen (the line sizes itself), ~50 ms
        self.update(Content(text))
        self.display = bool(text)
