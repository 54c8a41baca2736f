"""Streamed answers: Server-Sent Events (through httpx-sse) turned into typed events.

`message_events(response)` parses one `text/event-stream` response; `EventStream` wraps the
request around it. An EventStream opens its request lazily (on `async with` or the first
`__anext__`) and always closes the response: when the events run out, when an error is
raised, when the consumer leaves `async with`, calls `aclose()`, or its task is cancelled
while waiting for the next event. A plain `async for` that is left early (`break`) cannot be
noticed; use `async with` (or `contextlib.aclosing`) to stop early.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from httpx_sse import EventSource, ServerSentEvent, SSEError

from cgpt_tui.api.coerce import as_datetime, as_int, as_int_list, as_str
from cgpt_tui.api.errors import CustomGPTError, NetworkError, ProtocolError, StreamInterrupted
from cgpt_tui.api.httpx_import import httpx
from cgpt_tui.api.stream_events import (
    StreamEvent,
    StreamFailed,
    StreamFinished,
    StreamStarted,
    TextDelta,
)

DRAIN_SECONDS = 1.0  # how long to wait for the end of a response after its last event
# While an answer trickles in, reads that had to wait for the network are spaced READ_PAUSE
# apart at least: the events sent meanwhile then come in one read. Each wait for the network
# costs its stack (anyio, h11, httpx) ~0.5 ms of CPU, a third of the app's at 100 tokens a
# second when each token is read as it comes, while the screen shows the text 8 times a
# second (reading more often is work nobody sees). Chunks already received (a backlog: the
# unpaced case) are read without a pause.
READ_PAUSE = 0.1
NETWORK_WAIT = 0.002  # a chunk that took longer than this to come was waited for


class GatheredReads(httpx.AsyncByteStream):
    """A response body whose waits for the network are READ_PAUSE apart at least."""

    def __init__(self, stream: httpx.AsyncByteStream, pause: float = READ_PAUSE) -> None:
        self._stream = stream
        self._pause = pause

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = aiter(self._stream)
        last_wait = -self._pause
        while True:
            asked = time.monotonic()
            try:
                chunk = await anext(chunks)
            except StopAsyncIteration:
                return
            came = time.monotonic()
            yield chunk
            if came - asked > NETWORK_WAIT:
                if (since := came - last_wait) < self._pause:
                    await asyncio.sleep(self._pause - since)
                last_wait = time.monotonic()

    async def aclose(self) -> None:
        await self._stream.aclose()


E = TypeVar("E")


def event_json(data: str) -> dict[str, Any]:
    """An event's data as a JSON object, or ProtocolError."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise ProtocolError(f"malformed event data: {data[:80]!r}") from None
    if not isinstance(value, dict):
        raise ProtocolError(f"event data is not a JSON object: {data[:80]!r}")
    return value


async def sse_events(response: httpx.Response) -> AsyncGenerator[ServerSentEvent, None]:
    """The raw server-sent events of a response, with transport failures as our errors.

    A connection dropped mid-body raises StreamInterrupted (without the partial text: the
    caller knows it); any other read failure or a read timeout raises NetworkError.
    """
    if isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = GatheredReads(response.stream)
    try:
        async with contextlib.aclosing(EventSource(response).aiter_sse()) as events:
            async for event in events:
                yield event
    except SSEError as error:
        raise ProtocolError(f"not an event stream: {error}") from None
    except httpx.RemoteProtocolError:
        raise StreamInterrupted("the connection closed in the middle of the answer") from None
    except httpx.TimeoutException:
        raise NetworkError("the server stopped sending the answer (read timed out)") from None
    except httpx.DecodingError:
        raise ProtocolError("the answer stream could not be decoded") from None
    except httpx.TransportError as error:
        raise NetworkError(f"the answer stream broke: {type(error).__name__}") from None
    except CustomGPTError:
        raise
    except Exception as error:  # a failure inside httpx or anyio that it does not map
        raise NetworkError(f"the answer stream broke: {type(error).__name__}") from None


async def drain(events: AsyncIterator[Any], seconds: float = DRAIN_SECONDS) -> None:
    """Read past the last event to the end of the body, so the connection ends cleanly.

    Whatever follows is ignored, failures included; a server that keeps the connection open
    is given `seconds` at most.
    """
    with contextlib.suppress(Exception):
        async with asyncio.timeout(seconds):
            async for _ in events:
                pass


async def message_events(response: httpx.Response) -> AsyncGenerator[StreamEvent, None]:
    """Typed events of a streamed message; ends after `finish` or a failure event.

    Each event's kind is its data's `status` (the event name when there is none). A data
    line that is not a JSON object raises ProtocolError; a stream that ends without
    `finish` or a failure raises StreamInterrupted carrying the text received so far.
    """
    received: list[str] = []
    try:
        async with contextlib.aclosing(sse_events(response)) as events:
            async for event in events:
                if not event.data.strip():
                    continue  # a keep-alive, or a bare `id:`/`event:` line
                data = event_json(event.data)
                status = as_str(data.get("status")) or event.event
                if status == "start":
                    yield StreamStarted(as_str(data.get("prompt")))
                elif status == "progress":
                    text = as_str(data.get("message"))
                    if text:
                        received.append(text)
                        yield TextDelta(text)
                elif status == "finish":
                    yield _finished(data)
                    await drain(events)
                    return
                else:
                    yield StreamFailed(_failure_reason(data, status))
                    await drain(events)
                    return
    except StreamInterrupted as error:
        raise StreamInterrupted(error.message, partial_text="".join(received)) from None
    raise StreamInterrupted(
        "the answer stream ended before the answer finished", partial_text="".join(received)
    )


def _finished(data: dict[str, Any]) -> StreamFinished:
    message_id = as_int(data.get("id"))
    if message_id is None:
        raise ProtocolError("finish event without a message id")
    return StreamFinished(
        message_id=message_id,
        citation_ids=as_int_list(data.get("citations")),
        session_id=as_str(data.get("session_id")),
        created_at=as_datetime(data.get("created_at")),
    )


def _failure_reason(data: dict[str, Any], status: str) -> str:
    error = data.get("error")
    if isinstance(error, dict):  # OpenAI style: {"error": {"message": ...}}
        error = error.get("message")
    reason = as_str(data.get("message")) or as_str(error)
    return reason or f"the answer failed ({status!r} event)"


class EventStream(Generic[E]):
    """An async iterator of events over one streamed HTTP response; see the module doc."""

    def __init__(
        self,
        open_response: Callable[[], Awaitable[httpx.Response]],
        parse: Callable[[httpx.Response], AsyncGenerator[E, None]],
    ) -> None:
        self._open_response = open_response
        self._parse = parse
        self._response: httpx.Response | None = None
        self._events: AsyncGenerator[E, None] | None = None
        self._closed = False

    async def __aenter__(self) -> Self:
        try:
            await self._open()
        except BaseException:  # e.g. an error status: there will be no __aexit__
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

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> E:
        if self._closed:
            raise StopAsyncIteration
        try:
            await self._open()
            if self._events is None:  # closed while opening
                raise StopAsyncIteration
            return await anext(self._events)
        except BaseException as error:  # the end, errors and cancellation alike
            closed_elsewhere = self._closed
            await self.aclose()
            if closed_elsewhere and isinstance(error, Exception):
                raise StopAsyncIteration from None  # aclose() from another task
            raise

    async def _open(self) -> None:
        if self._response is None and not self._closed:
            response = await self._open_response()
            if self._closed:  # aclose() ran while the request was on its way
                await response.aclose()
                return
            self._response = response
            self._events = self._parse(response)

    @property
    def is_closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        events, self._events = self._events, None
        response = self._response
        try:
            if events is not None:
                with contextlib.suppress(Exception):  # e.g. still running in another task
                    await events.aclose()
        finally:
            if response is not None:
                with contextlib.suppress(Exception):
                    await response.aclose()


class MessageStream(EventStream[StreamEvent]):
    """The events of one streamed answer (`CustomGPTClient.stream_message`)."""

    def __init__(self, open_response: Callable[[], Awaitable[httpx.Response]]) -> None:
        super().__init__(open_response, message_events)
