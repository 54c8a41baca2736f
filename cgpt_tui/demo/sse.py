"""Server-Sent Events as the CustomGPT API sends them, paced, with the stream faults applied.

A message stream is `event: start`, `event: progress` (a piece of the answer; the first one
empty), then `event: finish` with the message id and citation ids; each event's name equals
its data's `status`. The OpenAI-compatible stream is `data:` lines ending with `[DONE]`.

`EventStream` is a plain ASGI response rather than Starlette's StreamingResponse so that it
owns three things tests depend on: it notices a client that goes away at once (even while it
sleeps between events), it can end the chunked body abruptly (a cut), and it ends promptly
when the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from cgpt_tui.demo.faults import StreamPlan

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
POLL = 0.02  # seconds between checks that the server is stopping, while waiting


class CutConnection(Exception):
    """Raised out of the app to make the server drop the connection mid-body."""


@dataclass
class StreamRecord:
    """What happened to one streamed answer (read by tests through `server.stream_log`).

    `events_sent` counts complete events written to the connection. `finished`: the stream
    ran to its natural end (`finish`, or `[DONE]`). `client_disconnected`: the client went
    away before the end. `cut`: the connection was dropped on purpose (a cut fault, or the
    server stopping: then `server_stopped` too). `failed`: an error event was sent.
    `malformed`: a malformed event was sent. `ended`: the stream is over, one way or another.
    """

    path: str
    kind: str = "message"  # "message" or "completion"
    events_sent: int = 0
    finished: bool = False
    client_disconnected: bool = False
    cut: bool = False
    server_stopped: bool = False
    failed: bool = False
    malformed: bool = False
    ended: bool = False
    started_at: float = 0.0  # time.monotonic() when the response started
    ended_at: float | None = None


def frame(name: str | None, data: Any) -> bytes:
    """One SSE event. `data` is JSON-encoded unless it is already a string."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    lines = [f"event: {name}"] if name else []
    lines += [f"data: {line}" for line in text.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


class EventStream:
    """Sends `events` at `pace()` tokens a second, applying `plan`, keeping `record`.

    The first `unpaced` events (the stream's opening) go out at once; every later event
    waits its turn (pace 0: no waiting). `pace` is read before each event, so changing the
    server's pace takes effect mid-stream.
    """

    def __init__(
        self,
        events: Sequence[bytes],
        *,
        plan: StreamPlan,
        record: StreamRecord,
        pace: Callable[[], float],
        stopping: threading.Event,
        error_frame: bytes,
        malformed_frame: bytes,
        unpaced: int,
    ) -> None:
        self.events = events
        self.plan = plan
        self.record = record
        self.pace = pace
        self.stopping = stopping
        self.error_frame = error_frame
        self.malformed_frame = malformed_frame
        self.unpaced = unpaced

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        record = self.record
        record.started_at = time.monotonic()
        sender = asyncio.ensure_future(self._send_all(send))
        watcher = asyncio.ensure_future(_wait_for_disconnect(receive))
        try:
            await asyncio.wait({sender, watcher}, return_when=asyncio.FIRST_COMPLETED)
            if not sender.done():
                record.client_disconnected = True
                sender.cancel()
                with contextlib.suppress(asyncio.CancelledError, OSError):
                    await sender
                return
            error = sender.exception()
            if isinstance(error, OSError):  # the client went away while we wrote
                record.client_disconnected = True
                return
            if error is not None:
                raise error
        finally:
            watcher.cancel()
            if not sender.done():
                sender.cancel()
            record.ended = True
            record.ended_at = time.monotonic()

    async def _send_all(self, send: Send) -> None:
        record, plan = self.record, self.plan
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        queue = list(self.events)
        if plan.malformed_at is not None:
            queue.insert(min(plan.malformed_at - 1, len(queue)), self.malformed_frame)
        due = time.monotonic()
        for number, event in enumerate(queue, start=1):
            if plan.stall_after == record.events_sent and plan.stall_seconds:
                await self._wait(plan.stall_seconds)
                due = time.monotonic()
            if plan.cut_after is not None and record.events_sent >= plan.cut_after:
                record.cut = True
                raise CutConnection
            if number > self.unpaced and event is not self.malformed_frame:
                pace = self.pace()
                if pace > 0:
                    due = max(due + 1.0 / pace, time.monotonic() - 0.25)
                    await self._wait(due - time.monotonic())
            if plan.error_at == number:
                await self._body(send, self.error_frame)
                record.failed = True
                break
            await self._body(send, event)
            record.malformed = record.malformed or event is self.malformed_frame
        else:
            record.finished = True
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _body(self, send: Send, chunk: bytes) -> None:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
        self.record.events_sent += 1

    async def _wait(self, seconds: float) -> None:
        """Sleep, but end the stream abruptly if the server starts stopping meanwhile."""
        deadline = time.monotonic() + seconds
        while True:
            if self.stopping.is_set():
                self.record.cut = self.record.server_stopped = True
                raise CutConnection
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, POLL))


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return
