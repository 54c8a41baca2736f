"""The event-stream parser: any network chunking gives the same events; junk never escapes."""

from __future__ import annotations

import asyncio
import json

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from cgpt_tui.api import (
    ProtocolError,
    StreamFailed,
    StreamFinished,
    StreamInterrupted,
    StreamStarted,
    TextDelta,
)
from cgpt_tui.api.errors import NetworkError
from cgpt_tui.api.streaming import message_events


def sse(name: str, data: dict) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def stream_bytes(pieces: list[str]) -> bytes:
    body = sse("start", {"status": "start", "prompt": "q"})
    body += sse("progress", {"status": "progress", "message": ""})
    for piece in pieces:
        body += sse("progress", {"status": "progress", "message": piece})
    body += sse(
        "finish",
        {
            "status": "finish",
            "id": "433",
            "created_at": "2023-06-25T17:12:28.000000Z",
            "session_id": "s",
            "citations": ["12074.0", 7],
        },
    )
    return body


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    chunks, start = [], 0
    for point in points:
        chunks.append(data[start:point])
        start = point
    chunks.append(data[start:])
    return [chunk for chunk in chunks if chunk]


async def events_of(chunks: list[bytes]) -> list[object]:
    async def body():
        for chunk in chunks:
            yield chunk

    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())
    return [event async for event in message_events(response)]


PIECES = st.lists(st.text(min_size=1, max_size=12), min_size=0, max_size=15)


@settings(max_examples=150, deadline=None)
@given(PIECES, st.lists(st.integers(min_value=0, max_value=10_000), max_size=40))
def test_any_chunking_yields_the_same_events(pieces: list[str], cuts: list[int]) -> None:
    data = stream_bytes(pieces)
    whole = asyncio.run(events_of([data]))
    chunked = asyncio.run(events_of(split(data, cuts)))
    assert chunked == whole
    assert whole[0] == StreamStarted("q")
    assert [e.text for e in whole if isinstance(e, TextDelta)] == [p for p in pieces if p]
    assert whole[-1] == StreamFinished(433, (12074, 7), "s", whole[-1].created_at)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_arbitrary_bytes_raise_only_our_errors(chunks: list[bytes]) -> None:
    try:
        events = asyncio.run(events_of(chunks))
    except (ProtocolError, NetworkError) as error:
        assert error.message
    else:
        assert all(
            isinstance(e, StreamStarted | TextDelta | StreamFinished | StreamFailed) for e in events
        )


def test_a_stream_without_finish_is_interrupted_with_its_text() -> None:
    data = stream_bytes(["Hello", " world"]).rsplit(b"event: finish", 1)[0]
    try:
        asyncio.run(events_of([data]))
    except StreamInterrupted as interrupted:
        assert interrupted.partial_text == "Hello world"
    else:
        raise AssertionError("no StreamInterrupted")
