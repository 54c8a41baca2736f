"""Event-stream parsing, fed real bytes through an in-process httpx.Response.

The response carries a byte stream cut into arbitrary network chunks; the parser under test
is the one the client uses (`message_events`, `completion_chunks`, `EventStream`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cgpt_tui.api import (
    ChatCompletionStream,
    MessageStream,
    NetworkError,
    ProtocolError,
    ServerError,
    StreamFailed,
    StreamFinished,
    StreamInterrupted,
    StreamStarted,
    TextDelta,
)
from cgpt_tui.api.completions import completion_chunks
from cgpt_tui.api.streaming import message_events

FINISHED_AT = datetime(2023, 6, 25, 17, 12, 28, tzinfo=UTC)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Chunks(httpx.AsyncByteStream):
    """Bytes as they would come off the network, in the given pieces; remembers closing."""

    def __init__(self, chunks: list[bytes], *, then: Exception | None = None) -> None:
        self.chunks = chunks
        self.then = then
        self.sent = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk
        if self.then is not None:
            raise self.then

    async def aclose(self) -> None:
        self.closed = True


def response_of(stream: Chunks, content_type: str = "text/event-stream") -> httpx.Response:
    return httpx.Response(
        200,
        headers={"content-type": content_type},
        stream=stream,
        request=httpx.Request("POST", "http://stand-in.test/api/v1/x"),
    )


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(cut % (len(data) + 1) for cut in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


def encode(events: list[tuple[str, dict]], *, ascii_only: bool, newline: str) -> bytes:
    frames = [
        f"event: {name}{newline}data: {json.dumps(data, ensure_ascii=ascii_only)}{newline}{newline}"
        for name, data in events
    ]
    return "".join(frames).encode()


async def collect(response: httpx.Response, parse: Callable = message_events):
    events: list = []
    try:
        async for event in parse(response):
            events.append(event)
    except Exception as error:
        return events, error
    return events, None


texts = st.text(max_size=40)  # any unicode: U+2028, NEL, CR, LF, quotes, emoji, NUL
streams = st.fixed_dictionaries(
    {
        "prompt": st.text(max_size=30),
        "pieces": st.lists(texts, min_size=1, max_size=12),
        "message_id": st.integers(min_value=1, max_value=2**31),
        "citations": st.lists(st.integers(min_value=1, max_value=10**6), max_size=4),
        "ascii_only": st.booleans(),
        "newline": st.sampled_from(["\n", "\r\n", "\r"]),
    }
)


def wire_events(spec: dict) -> list[tuple[str, dict]]:
    events = [("start", {"status": "start", "prompt": spec["prompt"]})]
    events += [("progress", {"status": "progress", "message": p}) for p in spec["pieces"]]
    events.append(
        (
            "finish",
            {
                "status": "finish",
                "id": spec["message_id"],
                "session_id": "s-1",
                "created_at": "2023-06-25T17:12:28.000000Z",
                "citations": spec["citations"],
            },
        )
    )
    return events


def expected_events(spec: dict) -> list:
    return [
        StreamStarted(spec["prompt"]),
        *(TextDelta(piece) for piece in spec["pieces"] if piece),
        StreamFinished(spec["message_id"], tuple(spec["citations"]), "s-1", FINISHED_AT),
    ]


@PROPERTY
@given(spec=streams, cuts=st.lists(st.integers(min_value=0), max_size=30))
@example(
    spec={
        "prompt": "q\u2028",
        "pieces": ["", "a\u2028b", "\x85\r\n", "é😀", "\x00"],
        "message_id": 1,
        "citations": [],
        "ascii_only": False,
        "newline": "\r\n",
    },
    cuts=[1, 2, 3, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70],
)
async def test_any_split_into_network_chunks_yields_the_same_events(spec, cuts) -> None:
    data = encode(wire_events(spec), ascii_only=spec["ascii_only"], newline=spec["newline"])
    events, error = await collect(response_of(Chunks(split(data, cuts))))
    assert error is None
    assert events == expected_events(spec)


@PROPERTY
@given(spec=streams, end=st.integers(min_value=0), cuts=st.lists(st.integers(min_value=0)))
async def test_a_stream_cut_anywhere_gives_a_prefix_then_stream_interrupted(spec, end, cuts):
    data = encode(wire_events(spec), ascii_only=spec["ascii_only"], newline=spec["newline"])
    data = data[: end % (len(data) + 1)]
    events, error = await collect(response_of(Chunks(split(data, cuts))))
    full = expected_events(spec)
    assert events == full[: len(events)]
    if error is None:  # only when the cut fell after the finish event was complete
        assert events == full
    else:
        assert isinstance(error, StreamInterrupted)
        assert error.partial_text == "".join(e.text for e in events if isinstance(e, TextDelta))


@PROPERTY
@given(st.lists(st.binary(max_size=64), max_size=12))
async def test_arbitrary_bytes_raise_nothing_but_protocol_errors(chunks: list[bytes]) -> None:
    _, error = await collect(response_of(Chunks(chunks)))
    assert error is None or isinstance(error, ProtocolError)  # StreamInterrupted is one


@PROPERTY
@given(
    st.lists(
        st.text(alphabet='event:data{}"status\n\r :startprogfinsh[]0123', max_size=40), max_size=8
    )
)
async def test_event_shaped_garbage_raises_nothing_but_protocol_errors(pieces: list[str]) -> None:
    _, error = await collect(response_of(Chunks([p.encode() for p in pieces])))
    assert error is None or isinstance(error, ProtocolError)


# ---------------------------------------------------------------------- single cases


async def test_status_wins_over_the_event_name_and_the_name_is_the_fallback() -> None:
    data = (
        b'event: message\ndata: {"status": "start", "prompt": "q"}\n\n'
        b'event: progress\ndata: {"message": "a"}\n\n'
        b": a comment is not an event\n\n"
        b'data: {"status": "progress", "message": "b"}\n\n'
        b'event: whatever\ndata: {"status": "finish", "id": "433", "citations": null}\n\n'
    )
    events, error = await collect(response_of(Chunks([data])))
    assert error is None
    assert events == [
        StreamStarted("q"),
        TextDelta("a"),
        TextDelta("b"),
        StreamFinished(433, (), None, None),
    ]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"status": "error", "message": "The agent failed"}, "The agent failed"),
        ({"status": "error", "error": "quota"}, "quota"),
        ({"status": "error", "error": {"message": "nested"}}, "nested"),
        ({"status": "weird"}, "the answer failed ('weird' event)"),
    ],
)
async def test_any_other_status_is_a_failure_event_that_ends_the_stream(payload, reason) -> None:
    data = (
        b'event: start\ndata: {"status": "start", "prompt": "q"}\n\n'
        + f"event: x\ndata: {json.dumps(payload)}\n\n".encode()
        + b'event: progress\ndata: {"status": "progress", "message": "after"}\n\n'
    )
    events, error = await collect(response_of(Chunks([data])))
    assert error is None
    assert events == [StreamStarted("q"), StreamFailed(reason)]


@pytest.mark.parametrize(
    "line", [b"data: not json", b"data: [1, 2]", b'data: "text"', b"data: {", b"data: null"]
)
async def test_a_data_line_that_is_not_a_json_object_is_a_protocol_error(line: bytes) -> None:
    data = b'data: {"status": "start"}\n\n' + line + b"\n\n"
    events, error = await collect(response_of(Chunks([data])))
    assert events == [StreamStarted(None)]
    assert type(error) is ProtocolError


async def test_a_json_answer_where_a_stream_was_expected_is_a_protocol_error() -> None:
    stream = Chunks([b'{"status": "success", "data": {}}'])
    _, error = await collect(response_of(stream, "application/json"))
    assert type(error) is ProtocolError


async def test_a_dropped_connection_keeps_the_text_received_so_far() -> None:
    data = (
        b'data: {"status": "start"}\n\ndata: {"status": "progress", "message": "Hel"}\n\n'
        b'data: {"status": "progress", "message": "lo"}\n\ndata: {"status": "fin'
    )
    stream = Chunks([data], then=httpx.RemoteProtocolError("peer closed connection"))
    events, error = await collect(response_of(stream))
    assert isinstance(error, StreamInterrupted)
    assert error.partial_text == "Hello"
    assert events[-1] == TextDelta("lo")


async def test_a_read_timeout_is_a_network_error() -> None:
    stream = Chunks([b'data: {"status": "start"}\n\n'], then=httpx.ReadTimeout("slow"))
    _, error = await collect(response_of(stream))
    assert type(error) is NetworkError


# ---------------------------------------------------------------------- closing, in process

FULL = encode(
    wire_events({"prompt": "q", "pieces": ["a", "b", "c"], "message_id": 1, "citations": []}),
    ascii_only=True,
    newline="\n",
)


def stream_over(chunks: Chunks) -> MessageStream:
    async def open_response() -> httpx.Response:
        return response_of(chunks)

    return MessageStream(open_response)


async def test_the_response_is_closed_when_the_events_run_out() -> None:
    chunks = Chunks(split(FULL, [10, 50, 90]))
    events = [event async for event in stream_over(chunks)]
    assert isinstance(events[-1], StreamFinished)
    assert chunks.closed


async def test_leaving_async_with_early_closes_the_response() -> None:
    chunks = Chunks(split(FULL, list(range(0, len(FULL), 7))))
    async with stream_over(chunks) as stream:
        async for event in stream:
            if isinstance(event, TextDelta):
                break
        assert not chunks.closed
    assert chunks.closed
    assert stream.is_closed
    assert chunks.sent < len(chunks.chunks)


async def test_aclose_closes_and_ends_iteration() -> None:
    chunks = Chunks([FULL])
    stream = stream_over(chunks)
    assert isinstance(await anext(stream), StreamStarted)
    await stream.aclose()
    assert chunks.closed
    with pytest.raises(StopAsyncIteration):
        await anext(stream)


async def test_an_error_closes_the_response() -> None:
    chunks = Chunks([b'data: {"status": "start"}\n\ndata: nonsense\n\n'])
    with pytest.raises(ProtocolError):
        async for _ in stream_over(chunks):
            pass
    assert chunks.closed


async def test_nothing_is_requested_until_the_stream_is_used() -> None:
    opened: list[int] = []

    async def open_response() -> httpx.Response:
        opened.append(1)
        return response_of(Chunks([FULL]))

    stream = MessageStream(open_response)
    assert opened == []
    await anext(stream)
    assert opened == [1]
    await stream.aclose()


async def test_completion_chunks_until_done_and_in_stream_failures() -> None:
    def chunk(content: str, finish: str | None = None) -> bytes:
        body = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body)}\n\n".encode()

    good = Chunks([chunk("Hel"), chunk("lo"), chunk("", "stop"), b"data: [DONE]\n\n"])
    chunks, error = await collect(response_of(good), completion_chunks)
    assert error is None
    assert "".join(c.content for c in chunks) == "Hello"
    assert chunks[-1].finish_reason == "stop"

    failing = Chunks([chunk("Hel"), b'data: {"status": "error", "message": "boom"}\n\n'])
    _, error = await collect(response_of(failing), completion_chunks)
    assert isinstance(error, ServerError) and error.message == "boom"

    cut = Chunks([chunk("Hel"), chunk("lo")])
    _, error = await collect(response_of(cut), completion_chunks)
    assert isinstance(error, StreamInterrupted) and error.partial_text == "Hello"

    async def open_response() -> httpx.Response:
        return response_of(closing)

    closing = Chunks([chunk("a"), chunk("b"), b"data: [DONE]\n\n"])
    async with ChatCompletionStream(open_response) as stream:
        async for _ in stream:
            break
    assert closing.closed
