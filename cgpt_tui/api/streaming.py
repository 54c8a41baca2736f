"""Streamed answers: Server-Sent Events (through httpx-sse) turned into typed events.

`EventStream` opens the HTTP request lazily and always closes the response: when the events
run out, when an error is raised, when the consumer leaves `async with`, calls `aclose()`,
or its task is cancelled while waiting for the next event.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx
from httpx_sse import EventSource, SSEError

from cgpt_tui.api.coerce import as_datetime, as_int, as_int_list, as_str
from cgpt_tui.api.errors import NetworkError, ProtocolError, StreamInterrupted


@dataclass(frozen=True)
class StreamStarted:
    prompt: str | None


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class StreamFinished:
    message_id: int
    citation_ids: tuple[int, ...]
    session_id: str | None
    created_at: datetime | None


@dataclass(frozen=True)
class StreamFailed:
    reason: str


StreamEvent = StreamStarted | TextDelta | StreamFinished | StreamFailed
E = TypeVar("E")


def event_json(data: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError:
        raise ProtocolError(f"malformed event data: {data[:80]!r}") from None
    if not isinstance(value, dict):
        raise ProtocolError(f"event data is not an object: {data[:80]!r}")
    return value


async def sse_events(response: httpx.Response) -> AsyncIterator[Any]:
    """The raw server-sent events of a response, with transport failures as our errors."""
    try:
        async for event in EventSource(response).aiter_sse():
            yield event
    except SSEError as error:
        raise ProtocolError(f"not an event stream: {error}") from None
    except httpx.RemoteProtocolError:
        raise StreamInterrupted("the connection closed in the middle of the answer") from None
    except httpx.TimeoutException:
        raise NetworkError("the server stopped sending the answer (read timed out)") from None
    except httpx.TransportError as error:
        raise NetworkError(f"the answer stream broke: {type(error).__name__}") from None


async def message_events(response: httpx.Response) -> AsyncIterator[StreamEvent]:
    """Typed events of a streamed message; ends after `finish` or a failure event.

    Raises StreamInterrupted when the stream ends without either.
    """
    received: list[str] = []
    try:
        async for event in sse_events(response):
            if not event.data.strip():
                continue
            data = event_json(event.data)
            status = as_str(data.get("status")) or event.event
            if status == "start":
                yield StreamStarted(as_str(data.get("prompt")))
            elif status == "progress":
                text = data.get("message")
                if isinstance(text, str) and text:
                    received.append(text)
                    yield TextDelta(text)
            elif status == "finish":
                message_id = as_int(data.get("id"))
                if message_id is None:
                    raise ProtocolError("finish event without a message id")
                yield StreamFinished(
                    message_id=message_id,
                    citation_ids=as_int_list(data.get("citations")),
                    session_id=as_str(data.get("session_id")),
                    created_at=as_datetime(data.get("created_at")),
                )
                return
            else:
                reason = as_str(data.get("message")) or as_str(data.get("error")) or status
                yield StreamFailed(reason or "the answer failed")
                return
    except StreamInterrupted as error:
        raise StreamInterrupted(error.message, partial_text="".join(received)) from None
    raise StreamInterrupted(
        "the answer stream ended before the answer finished", partial_text="".join(received)
    )


class EventStream(Generic[E]):
    """An async iterator of events over one streamed HTTP response."""

    def __init__(
        self,
        open_response: Callable[[], Any],
        parse: Callable[[httpx.Response], AsyncIterator[E]],
    ) -> None:
        self._open_response = open_response
        self._parse = parse
        self._response: httpx.Response | None = None
        self._events: AsyncIterator[E] | None = None
        self._closed = False

    async def __aenter__(self) -> EventStream[E]:
        try:
            await self._open()
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> EventStream[E]:
        return self

    async def __anext__(self) -> E:
        if self._closed:
            raise StopAsyncIteration
        try:
            if self._events is None:
                await self._open()
            assert self._events is not None
            return await anext(self._events)
        except BaseException:  # StopAsyncIteration, errors and cancellation alike
            await self.aclose()
            raise

    async def _open(self) -> None:
        if self._response is None and not self._closed:
            self._response = await self._open_response()
            self._events = self._parse(self._response)

    @property
    def is_closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        if self._closed:
            return
        self._closed = True
        events, self._events = self._events, None
        if events is not None and hasattr(events, "aclose"):
            with contextlib.suppress(Exception):
                await events.aclose()
        if self._response is not None:
            await self._response.aclose()


MessageStream = EventStream[StreamEvent]
