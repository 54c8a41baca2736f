"""The OpenAI-compatible endpoint's records: a bare chat.completion, or streamed chunks.

Minimal typed views: id, created, model, and per choice the content (of `message` in a
completion, of `delta` in a chunk), the role and the finish reason.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from typing import Any

from cgpt_tui.api.coerce import as_dict, as_int, as_str
from cgpt_tui.api.errors import ProtocolError, ServerError, StreamInterrupted
from cgpt_tui.api.frozen import record
from cgpt_tui.api.httpx_import import httpx
from cgpt_tui.api.streaming import EventStream, drain, event_json, sse_events


@record
class ChatMessage:
    role: str
    content: str

    def to_api(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@record
class CompletionChoice:
    index: int
    content: str
    role: str | None
    finish_reason: str | None


def _choices(value: dict[str, Any], body_key: str) -> tuple[CompletionChoice, ...]:
    raw_choices = value.get("choices")
    if not isinstance(raw_choices, list):
        return ()
    choices = []
    for position, raw in enumerate(raw_choices):
        choice = as_dict(raw)
        body = as_dict(choice.get(body_key))
        index = as_int(choice.get("index"))
        choices.append(
            CompletionChoice(
                index=position if index is None else index,
                content=as_str(body.get("content")) or "",
                role=as_str(body.get("role")),
                finish_reason=as_str(choice.get("finish_reason")),
            )
        )
    return tuple(choices)


class _FirstChoice:
    """`content` and `finish_reason` of the first choice, the one a chat client shows."""

    choices: tuple[CompletionChoice, ...]

    @property
    def content(self) -> str:
        return self.choices[0].content if self.choices else ""

    @property
    def finish_reason(self) -> str | None:
        return self.choices[0].finish_reason if self.choices else None


@record
class ChatCompletion(_FirstChoice):
    """A whole answer (`object: chat.completion`); `content` is the first choice's text."""

    id: str
    created: int | None
    model: str | None
    choices: tuple[CompletionChoice, ...]

    @classmethod
    def from_api(cls, value: Any) -> ChatCompletion:
        # Tolerate the completion wrapped in the usual envelope, though the notes say bare.
        if (
            isinstance(value, dict)
            and "choices" not in value
            and isinstance(value.get("data"), dict)
        ):
            value = value["data"]
        if not isinstance(value, dict) or not isinstance(value.get("choices"), list):
            raise ProtocolError("expected a chat completion object with 'choices'")
        return cls(
            id=as_str(value.get("id")) or "",
            created=as_int(value.get("created")),
            model=as_str(value.get("model")),
            choices=_choices(value, "message"),
        )


@record
class ChatCompletionChunk(_FirstChoice):
    """One streamed piece (`object: chat.completion.chunk`); `content` is the delta."""

    id: str
    created: int | None
    model: str | None
    choices: tuple[CompletionChoice, ...]

    @classmethod
    def from_api(cls, value: Any) -> ChatCompletionChunk:
        if not isinstance(value, dict):
            raise ProtocolError("expected a chat completion chunk object")
        return cls(
            id=as_str(value.get("id")) or "",
            created=as_int(value.get("created")),
            model=as_str(value.get("model")),
            choices=_choices(value, "delta"),
        )


def message_payload(messages: Sequence[ChatMessage | Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [m.to_api() if isinstance(m, ChatMessage) else dict(m) for m in messages]


def _stream_failure(data: dict[str, Any]) -> str | None:
    """The reason when a chunk is really a failure report (ours or OpenAI's shape)."""
    error = data.get("error")
    if as_str(data.get("status")) == "error" or (error and "choices" not in data):
        if isinstance(error, dict):
            error = error.get("message")
        return as_str(data.get("message")) or as_str(error) or "the answer failed"
    return None


async def completion_chunks(response: httpx.Response) -> AsyncGenerator[ChatCompletionChunk, None]:
    """`data: {chunk}` events until `data: [DONE]`.

    A failure reported inside the stream raises ServerError; a stream that ends before
    `[DONE]` (and before any finish_reason) raises StreamInterrupted with the text so far.
    """
    received: list[str] = []
    finished = False
    try:
        async with contextlib.aclosing(sse_events(response)) as events:
            async for event in events:
                data = event.data.strip()
                if not data:
                    continue
                if data == "[DONE]":
                    await drain(events)
                    return
                payload = event_json(data)
                reason = _stream_failure(payload)
                if reason is not None:
                    raise ServerError(reason)
                chunk = ChatCompletionChunk.from_api(payload)
                received.append(chunk.content)
                finished = finished or any(c.finish_reason for c in chunk.choices)
                yield chunk
    except StreamInterrupted as error:
        if finished:
            return
        raise StreamInterrupted(error.message, partial_text="".join(received)) from None
    if not finished:
        raise StreamInterrupted(
            "the completion stream ended before [DONE]", partial_text="".join(received)
        )


class ChatCompletionStream(EventStream[ChatCompletionChunk]):
    """The chunks of one streamed completion; closes like MessageStream."""

    def __init__(self, open_response: Callable[[], Awaitable[httpx.Response]]) -> None:
        super().__init__(open_response, completion_chunks)
