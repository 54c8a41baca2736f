"""The async CustomGPT client: one method per operation, over one httpx.AsyncClient."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping, Sequence
from email.message import Message as MimeHeaders
from types import TracebackType
from typing import Any
from urllib.parse import quote

from cgpt_tui.api.completions import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatMessage,
    completion_chunks,
    message_payload,
)
from cgpt_tui.api.errors import (
    ProtocolError,
)
from cgpt_tui.api.pages import MessagePage, Page, walk_pages
from cgpt_tui.api.records import (
    Agent,
    AgentSettings,
    AgentStats,
    Citation,
    Conversation,
    FilePreview,
    Message,
    Reaction,
    UsageLimits,
    User,
)
from cgpt_tui.api.streaming import EventStream, MessageStream, StreamEvent, message_events
from cgpt_tui.api.transport import Transport


def _seg(value: object) -> str:
    return quote(str(value), safe="")


class CustomGPTClient:
    """`async with CustomGPTClient(base_url, api_key) as client: ...`"""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        stream_timeout: float | None = None,
    ) -> None:
        self._transport = Transport(
            base_url, api_key, timeout=timeout, stream_timeout=stream_timeout
        )
        self.base_url = self._transport.base_url

    def __repr__(self) -> str:
        return f"CustomGPTClient({self.base_url!r})"

    async def __aenter__(self) -> CustomGPTClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    # ------------------------------------------------------------------ plumbing
    @staticmethod
    def _params(**values: Any) -> dict[str, Any]:
        return {key: value for key, value in values.items() if value is not None}

    # ------------------------------------------------------------------ agents

    async def list_agents(
        self,
        page: int = 1,
        *,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> Page[Agent]:
        params = self._params(page=page, name=name, order=order, orderBy=order_by)
        return Page.from_api(
            await self._transport.data("GET", "/projects", params=params), Agent.from_api
        )

    def iter_agents(
        self, *, name: str | None = None, order: str = "desc", order_by: str | None = None
    ) -> AsyncIterator[Agent]:
        return walk_pages(lambda n: self.list_agents(n, name=name, order=order, order_by=order_by))

    async def get_agent(self, agent_id: int) -> Agent:
        return Agent.from_api(await self._transport.data("GET", f"/projects/{_seg(agent_id)}"))

    async def get_agent_settings(self, agent_id: int) -> AgentSettings:
        data = await self._transport.data("GET", f"/projects/{_seg(agent_id)}/settings")
        return AgentSettings.from_api(data)

    async def get_agent_stats(self, agent_id: int) -> AgentStats:
        return AgentStats.from_api(
            await self._transport.data("GET", f"/projects/{_seg(agent_id)}/stats")
        )

    # ------------------------------------------------------------------ conversations

    def _conversations(self, agent_id: int, session_id: str | None = None) -> str:
        path = f"/projects/{_seg(agent_id)}/conversations"
        return f"{path}/{_seg(session_id)}" if session_id is not None else path

    async def list_conversations(
        self,
        agent_id: int,
        page: int = 1,
        *,
        user_filter: str | None = None,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> Page[Conversation]:
        params = self._params(
            page=page, userFilter=user_filter, name=name, order=order, orderBy=order_by
        )
        data = await self._transport.data("GET", self._conversations(agent_id), params=params)
        return Page.from_api(data, Conversation.from_api)

    def iter_conversations(
        self,
        agent_id: int,
        *,
        user_filter: str | None = None,
        name: str | None = None,
        order: str = "desc",
        order_by: str | None = None,
    ) -> AsyncIterator[Conversation]:
        return walk_pages(
            lambda n: self.list_conversations(
                agent_id, n, user_filter=user_filter, name=name, order=order, order_by=order_by
            )
        )

    async def create_conversation(self, agent_id: int, name: str) -> Conversation:
        data = await self._transport.data(
            "POST", self._conversations(agent_id), json={"name": name}
        )
        return Conversation.from_api(data)

    async def rename_conversation(self, agent_id: int, session_id: str, name: str) -> Conversation:
        path = self._conversations(agent_id, session_id)
        return Conversation.from_api(await self._transport.data("PUT", path, json={"name": name}))

    async def delete_conversation(self, agent_id: int, session_id: str) -> None:
        await self._transport.data("DELETE", self._conversations(agent_id, session_id))

    # ------------------------------------------------------------------ messages

    def _messages(self, agent_id: int, session_id: str, message_id: int | None = None) -> str:
        path = f"{self._conversations(agent_id, session_id)}/messages"
        return f"{path}/{_seg(message_id)}" if message_id is not None else path

    async def list_messages(
        self, agent_id: int, session_id: str, page: int = 1, *, order: str = "desc"
    ) -> MessagePage[Message]:
        data = await self._transport.data(
            "GET", self._messages(agent_id, session_id), params={"page": page, "order": order}
        )
        if not isinstance(data, dict):
            raise ProtocolError("expected {'conversation': ..., 'messages': ...}")
        conversation = data.get("conversation")
        return MessagePage(
            conversation=Conversation.from_api(conversation)
            if isinstance(conversation, dict) and conversation.get("session_id")
            else None,
            page=Page.from_api(data.get("messages"), Message.from_api),
        )

    def iter_messages(
        self, agent_id: int, session_id: str, *, order: str = "desc"
    ) -> AsyncIterator[Message]:
        async def fetch(number: int) -> Page[Message]:
            return (await self.list_messages(agent_id, session_id, number, order=order)).page

        return walk_pages(fetch)

    def _send_args(
        self,
        prompt: str,
        *,
        stream: bool,
        lang: str | None,
        external_id: str | None,
        custom_persona: str | None,
        chatbot_model: str | None,
        response_source: str | None,
        fresh: bool,
    ) -> dict[str, Any]:
        body = {"prompt": prompt, "stream": stream} | self._params(
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
        )
        params = self._params(stream="true" if stream else None, lang=lang, external_id=external_id)
        headers = {"Cache-Control": "no-cache"} if fresh else {}
        return {"json": body, "params": params, "headers": headers}

    async def send_message(
        self,
        agent_id: int,
        session_id: str,
        prompt: str,
        *,
        lang: str | None = None,
        external_id: str | None = None,
        custom_persona: str | None = None,
        chatbot_model: str | None = None,
        response_source: str | None = None,
        fresh: bool = False,
    ) -> Message:
        args = self._send_args(
            prompt,
            stream=False,
            lang=lang,
            external_id=external_id,
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
            fresh=fresh,
        )
        data = await self._transport.data("POST", self._messages(agent_id, session_id), **args)
        return Message.from_api(data)

    def stream_message(
        self,
        agent_id: int,
        session_id: str,
        prompt: str,
        *,
        lang: str | None = None,
        external_id: str | None = None,
        custom_persona: str | None = None,
        chatbot_model: str | None = None,
        response_source: str | None = None,
        fresh: bool = False,
    ) -> MessageStream:
        """Stream an answer. Use `async with` (or contextlib.aclosing) to stop early."""
        args = self._send_args(
            prompt,
            stream=True,
            lang=lang,
            external_id=external_id,
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
            fresh=fresh,
        )
        path = self._messages(agent_id, session_id)
        return EventStream[StreamEvent](
            lambda: self._transport.open_stream("POST", path, **args), message_events
        )

    async def get_message(self, agent_id: int, session_id: str, message_id: int) -> Message:
        path = self._messages(agent_id, session_id, message_id)
        return Message.from_api(await self._transport.data("GET", path))

    async def set_reaction(
        self, agent_id: int, session_id: str, message_id: int, reaction: Reaction | str
    ) -> Message:
        path = f"{self._messages(agent_id, session_id, message_id)}/feedback"
        data = await self._transport.data("PUT", path, json={"reaction": Reaction(reaction).value})
        return Message.from_api(data)

    # ------------------------------------------------------------------ sources

    async def get_citation(self, agent_id: int, citation_id: int) -> Citation:
        path = f"/projects/{_seg(agent_id)}/citations/{_seg(citation_id)}"
        return Citation.from_api(await self._transport.data("GET", path))

    async def preview_file(self, file_id: int) -> FilePreview:
        response = await self._transport.send("GET", f"/preview/{_seg(file_id)}")
        return FilePreview(
            content=response.content,
            content_type=response.headers.get("content-type", "application/octet-stream"),
            filename=_filename(response.headers.get("content-disposition")),
        )

    # ------------------------------------------------------------------ account

    async def get_user(self) -> User:
        return User.from_api(await self._transport.data("GET", "/user"))

    async def get_usage_limits(self) -> UsageLimits:
        return UsageLimits.from_api(await self._transport.data("GET", "/limits/usage"))

    # ------------------------------------------------------------------ OpenAI-compatible

    def _completion_body(
        self,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        stream: bool,
        lang: str | None,
        external_id: str | None,
        inline_citations: bool,
    ) -> dict[str, Any]:
        return {
            "messages": message_payload(messages),
            "stream": stream,
            "is_inline_citation": inline_citations,
        } | self._params(lang=lang, external_id=external_id)

    async def chat_completion(
        self,
        agent_id: int,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        lang: str | None = None,
        external_id: str | None = None,
        inline_citations: bool = False,
    ) -> ChatCompletion:
        body = self._completion_body(
            messages,
            stream=False,
            lang=lang,
            external_id=external_id,
            inline_citations=inline_citations,
        )
        response = await self._transport.send(
            "POST", f"/projects/{_seg(agent_id)}/chat/completions", json=body
        )
        try:
            return ChatCompletion.from_api(response.json())
        except ValueError:
            raise ProtocolError("the completion is not JSON") from None

    def stream_chat_completion(
        self,
        agent_id: int,
        messages: Sequence[ChatMessage | Mapping[str, Any]],
        *,
        lang: str | None = None,
        external_id: str | None = None,
        inline_citations: bool = False,
    ) -> EventStream[ChatCompletionChunk]:
        body = self._completion_body(
            messages,
            stream=True,
            lang=lang,
            external_id=external_id,
            inline_citations=inline_citations,
        )
        path = f"/projects/{_seg(agent_id)}/chat/completions"
        return EventStream[ChatCompletionChunk](
            lambda: self._transport.open_stream("POST", path, json=body), completion_chunks
        )


def _filename(disposition: str | None) -> str | None:
    if not disposition:
        return None
    headers = MimeHeaders()
    headers["content-disposition"] = disposition
    name = headers.get_filename()
    if name:
        return name
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else None
