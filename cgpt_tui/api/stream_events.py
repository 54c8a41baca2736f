"""What a streamed answer is made of, as the app sees it: the events `streaming.py` parses.

Apart from the reader (which needs httpx), so that the screens that show answers can be
imported at start without the network stack (see prefetch.py).
"""

from __future__ import annotations

from datetime import datetime

from cgpt_tui.api.frozen import record


@record
class StreamStarted:
    prompt: str | None


@record
class TextDelta:
    text: str


@record
class StreamFinished:
    message_id: int
    citation_ids: tuple[int, ...]
    session_id: str | None
    created_at: datetime | None


@record
class StreamFailed:
    """The server said, inside the stream, that the answer failed."""

    reason: str


StreamEvent = StreamStarted | TextDelta | StreamFinished | StreamFailed
