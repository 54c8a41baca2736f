"""Chat: conversations, messages, reactions, citations, file previews and the
OpenAI-compatible completions."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from cgpt_tui.api.endpoint import Endpoint, Order, UserFilter
from cgpt_tui.api.endpoint import params as _params
from cgpt_tui.api.endpoint import seg as _seg
from cgpt_tui.api.errors import ProtocolError
from cgpt_tui.api.lazy import lazy_module
from cgpt_tui.api.pages import MessagePage, Page, walk_pages
from cgpt_tui.api.records import Citation, Conversation, FilePreview, Message, Reaction

if TYPE_CHECKING:
    from cgpt_tui.api import completions
    from cgpt_tui.api.completions import ChatCompletion, ChatCompletionStream, ChatMessage
    from cgpt_tui.api.streaming import MessageStream
else:
    completions = lazy_module("cgpt_tui.api.completions")  # built when first used

ChatMessages: TypeAlias = "Sequence[ChatMessage | Mapping[str, Any]]"


class ChatEndpoints(Endpoint):
    """Conversations and what is said in them."""

    # ------------------------------------------------------------------ conversations

    @staticmethod
    def _conversations(agent_id: int, session_id: str | None = None) -> str:
        path = f"/projects/{_seg(agent_id)}/conversations"
        return f"{path}/{_seg(session_id)}" if session_id is not None else path

    async def list_conversations(
        self,
        agent_id: int,
        page: int = 1,
        *,
        user_filter: UserFilter | None = None,
        name: str | None = None,
        order: Order = "desc",
        order_by: str | None = None,
    ) -> Page[Conversation]:
        params = _params(
            page=page, userFilter=user_filter, name=name, order=order, orderBy=order_by
        )
        data = await self._wire.data("GET", self._conversations(agent_id), params=params)
        return Page.from_api(data, Conversation.from_api)

    def iter_conversations(
        self,
        agent_id: int,
        *,
        user_filter: UserFilter | None = None,
        name: str | None = None,
        order: Order = "desc",
        order_by: str | None = None,
    ) -> AsyncIterator[Conversation]:
        """Every conversation of an agent, a page at a time, each page only when needed."""
        return walk_pages(
            lambda number: self.list_conversations(
                agent_id,
                number,
                user_filter=user_filter,
                name=name,
                order=order,
                order_by=order_by,
            )
        )

    async def create_conversation(self, agent_id: int, name: str) -> Conversation:
        path = self._conversations(agent_id)
        return Conversation.from_api(await self._wire.data("POST", path, json={"name": name}))

    async def rename_conversation(self, agent_id: int, session_id: str, name: str) -> Conversation:
        path = self._conversations(agent_id, session_id)
        return Conversation.from_api(await self._wire.data("PUT", path, json={"name": name}))

    async def delete_conversation(self, agent_id: int, session_id: str) -> None:
        await self._wire.data("DELETE", self._conversations(agent_id, session_id))

    # ------------------------------------------------------------------ messages

    def _messages(self, agent_id: int, session_id: str, message_id: int | None = None) -> str:
        path = f"{self._conversations(agent_id, session_id)}/messages"
        return f"{path}/{_seg(message_id)}" if message_id is not None else path

    async def list_messages(
        self, agent_id: int, session_id: str, page: int = 1, *, order: Order = "desc"
    ) -> MessagePage:
        """One page of a conversation's messages (newest first by default), and the
        conversation itself."""
        path = self._messages(agent_id, session_id)
        data = await self._wire.data("GET", path, params={"page": page, "order": order})
        return MessagePage.from_api(data)

    def iter_messages(
        self, agent_id: int, session_id: str, *, order: Order = "desc"
    ) -> AsyncIterator[Message]:
        async def fetch(number: int) -> Page[Message]:
            return (await self.list_messages(agent_id, session_id, number, order=order)).page

        return walk_pages(fetch)

    @staticmethod
    def _send_args(
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
        body = {"prompt": prompt, "stream": stream} | _params(
            custom_persona=custom_persona,
            chatbot_model=chatbot_model,
            response_source=response_source,
        )
        params = _params(stream="true" if stream else None, lang=lang, external_id=external_id)
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
        """Ask and wait for the whole answer. `fresh` asks the server not to reuse a
        cached answer to the same prompt."""
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
        data = await self._wire.data("POST", self._messages(agent_id, session_id), **args)
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
        """Ask and receive the answer as events. Nothing is sent until the stream is
        entered or iterated. Use `async with` (or contextlib.aclosing) to stop early: a
        plain `async for` left with `break` keeps the connection until garbage collection."""
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
        from cgpt_tui.api.streaming import MessageStream  # with httpx-sse: when first asked

        path = self._messages(agent_id, session_id)
        return MessageStream(lambda: self._wire.open_stream("POST", path, **args))

    async def get_message(self, agent_id: int, session_id: str, message_id: int) -> Message:
        path = self._messages(agent_id, session_id, message_id)
        return Message.from_api(await self._wire.data("GET", path))

    async def set_reaction(
        self, agent_id: int, session_id: str, message_id: int, reaction: Reaction | str
    ) -> Message:
        """Like, dislike or clear (NEUTRAL) the reaction to an answer."""
        path = f"{self._messages(agent_id, session_id, message_id)}/feedback"
        data = await self._wire.data("PUT", path, json={"reaction": Reaction(reaction).value})
        return Message.from_api(data)

    # ------------------------------------------------------------------ citations and files

    async def get_citation(self, agent_id: int, citation_id: int) -> Citation:
        path = f"/projects/{_seg(agent_id)}/citations/{_seg(citation_id)}"
        return Citation.from_api(await self._wire.data("GET", path))

    async def preview_file(self, file_id: int | str) -> FilePreview:
        """The stored file behind an uploaded source, as bytes."""
        response = await self._wire.send(
            "GET", f"/preview/{_seg(file_id)}", headers={"Accept": "*/*"}
        )
        return FilePreview(
            content=response.content,
            content_type=response.headers.get("content-type", "application/octet-stream"),
            filename=_filename(response.headers.get("content-disposition")),
        )

    # ------------------------------------------------------------------ OpenAI-compatible

    @staticmethod
    def _completion_body(
        messages: ChatMessages,
        *,
        stream: bool,
        lang: str | None,
        external_id: str | None,
        inline_citations: bool,
    ) -> dict[str, Any]:
        return {
            "messages": completions.message_payload(messages),
            "stream": stream,
            "is_inline_citation": inline_citations,
        } | _params(lang=lang, external_id=external_id)

    async def chat_completion(
        self,
        agent_id: int,
        messages: ChatMessages,
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
        path = f"/projects/{_seg(agent_id)}/chat/completions"
        response = await self._wire.send("POST", path, json=body)
        try:
            payload = response.json()
        except (ValueError, RecursionError):
            raise ProtocolError("the completion is not JSON", status=response.status_code) from None
        return completions.ChatCompletion.from_api(payload)

    def stream_chat_completion(
        self,
        agent_id: int,
        messages: ChatMessages,
        *,
        lang: str | None = None,
        external_id: str | None = None,
        inline_citations: bool = False,
    ) -> ChatCompletionStream:
        """Like stream_message, for the OpenAI-compatible endpoint: an async iterator of
        ChatCompletionChunk, closed the same way."""
        body = self._completion_body(
            messages,
            stream=True,
            lang=lang,
            external_id=external_id,
            inline_citations=inline_citations,
        )
        path = f"/projects/{_seg(agent_id)}/chat/completions"
        return completions.ChatCompletionStream(
            lambda: self._wire.open_stream("POST", path, json=body)
        )


def _filename(disposition: str | None) -> str | None:
    """The file name of a Content-Disposition header (RFC 2231 forms included)."""
    if not disposition:
        return None
    from email.message import Message as MimeHeaders  # rare: not at start

    headers = MimeHeaders()
    headers["content-disposition"] = disposition
    name = headers.get_filename()
    if name:
        return name
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else None
