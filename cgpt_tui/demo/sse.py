"""Server-Sent Events as the CustomGPT API sends them, with the stream faults applied.

Every event's name equals its data's `status`: `start`, `progress` (a piece of the answer;
the first one empty), then `finish` with the message id and citation ids.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

from cgpt_tui.demo.faults import StreamPlan


class CutConnection(Exception):
    """Raised inside a stream to drop the connection without finishing the body."""


@dataclass
class StreamRecord:
    """What happened to one streamed answer (read by tests through `server.stream_log`)."""

    path: str
    events_sent: int = 0
    finished: bool = False
    client_disconnected: bool = False
    cut: bool = False
    failed: bool = False


def frame(name: str | None, data: Any) -> bytes:
    """One SSE event. `data` is JSON-encoded unless it is already a string."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    lines = [f"event: {name}"] if name else []
    lines += [f"data: {line}" for line in text.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


async def paced(
    events: Iterable[bytes],
    plan: StreamPlan,
    pace: float,
    record: StreamRecord,
    *,
    error_frame: bytes,
) -> AsyncIterator[bytes]:
    """Send events at `pace` per second (0: no waiting), applying `plan`, keeping `record`."""
    delay = 1.0 / pace if pace > 0 else 0.0
    try:
        for index, event in enumerate(events, start=1):
            if plan.stall_after is not None and record.events_sent == plan.stall_after:
                await asyncio.sleep(plan.stall_seconds)
            if plan.cut_after is not None and record.events_sent >= plan.cut_after:
                record.cut = True
                raise CutConnection
            if plan.error_at == index:
                record.failed = True
                record.events_sent += 1
                yield error_frame
                return
            if plan.malformed_at == index:
                event = b'event: progress\ndata: {"status": "progress", "message": \n\n'
            if delay and index > 2:
                await asyncio.sleep(delay)
            record.events_sent += 1
            yield event
        record.finished = True
    except (asyncio.CancelledError, GeneratorExit, OSError):
        record.client_disconnected = True
        raise
