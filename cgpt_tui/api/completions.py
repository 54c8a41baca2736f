"""The OpenAI-compatible endpoint's records: a bare chat.completion, or streamed chunks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from cgpt_tui.api.coerce import as_dict, as_int, as_str
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.streaming import event_json, sse_events


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str

    def to_api(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class CompletionChoice:
    index: int
    content: str
    role: str | None
    finish_reason: str | None


@dataclass(frozen=True)
class ChatCompletion:
    id: str
    created: int | None
    model: str | None
    choices: tuple[CompletionChoice, ...]

    @property
    def content(self) -> str:
        return self.choices[0].content if self.choices else ""

    @classmethod
    def from_api(cls, value: Any, *, chunk: bool = False) -> ChatCompletion:
        if not isinstance(value, dict):
            raise ProtocolError("expected a chat completion object")
        choices = []
        for position, raw in enumerate(value.get("choices") or []):
            choice = as_dict(raw)
            body = as_dict(choice.get("delta" if chunk else "message"))
            choices.append(
                CompletionChoice(
                    index=as_int(choice.get("index")) or position,
                    content=as_str(body.get("content")) or "",
                    role=as_str(body.get("role")),
                    finish_reason=as_str(choice.get("finish_reason")),
                )
            )
        return cls(
            id=as_str(value.get("id")) or "",
            created=as_int(value.get("created")),
            model=as_str(value.get("model")),
            choices=tuple(choices),
        )


@dataclass(frozen=True)
class ChatCompletionChunk(ChatCompletion):
    """One streamed piece; `content` is the delta."""


def message_payload(messages: Sequence[ChatMessage | Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [m.to_api() if isinstance(m, ChatMessage) else dict(m) for m in messages]


async def completion_chunks(response: httpx.Response) -> AsyncIterator[ChatCompletionChunk]:
    """`data: {chunk}` events until `data: [DONE]`."""
    async for event in sse_events(response):
        data = event.data.strip()
        if not data:
            continue
        if data == "[DONE]":
            return
        parsed = ChatCompletion.from_api(event_json(data), chunk=True)
        yield ChatCompletionChunk(parsed.id, parsed.created, parsed.model, parsed.choices)
