"""The review queue from the server: customer intelligence (every answer, with its reaction
and request source) joined with the agent's conversations (their session ids, names and who
started them) and the signed-in user (who "me" is)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from cgpt_tui.api import Conversation, CustomGPTClient, CustomGPTError, NetworkError
from cgpt_tui.api.report_records import DateRange, IntelligenceRow
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.reading import Reader
from cgpt_tui.services.review import ReviewItem, is_unanswered, starter
from cgpt_tui.services.walk import every_page

PageProgress = Callable[[int, int | None], None]
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _nothing(done: int, total: int | None) -> None:
    pass


def newest_first(rows: list[IntelligenceRow]) -> list[IntelligenceRow]:
    """Each message once (pages may overlap when answers arrive during the walk), newest
    first (created_at, then id, as the API orders)."""
    unique = {row.prompt_id: row for row in rows}
    return sorted(
        unique.values(), key=lambda r: (r.created_at or _EARLIEST, r.prompt_id), reverse=True
    )


class OnlineReview:
    """Walks of the server's lists, shared by the insights and the queue."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.me: int | None = None  # the signed-in user's id, once known (kept for offline)

    async def user_id(self, client: CustomGPTClient) -> int | None:
        if self.me is None:
            self.me = (await client.get_user()).id
        return self.me

    async def no_answer(self, client: CustomGPTClient, agent_id: int) -> str | None:
        """The agent's no-answer message: from its settings (then kept in the cache), or the
        cached settings' when they cannot be read; None when neither knows."""
        try:
            settings = await client.get_agent_settings(agent_id)
        except CustomGPTError:
            cache = self.reader.cache()
            kept = cache.settings(agent_id) if cache is not None else None
            return kept.no_answer_message if kept is not None else None
        self.reader.history.settings(agent_id, settings)
        return settings.no_answer_message

    async def intelligence(
        self,
        client: CustomGPTClient,
        agent_id: int,
        dates: DateRange,
        progress: PageProgress = _nothing,
    ) -> list[IntelligenceRow]:
        """Every intelligence row in the range, newest first."""
        rows = await every_page(
            lambda number: client.intelligence_page(agent_id, number, dates=dates),
            progress=progress,
        )
        return newest_first(rows)

    async def conversations(
        self, client: CustomGPTClient, agent_id: int, progress: PageProgress = _nothing
    ) -> dict[int, Conversation]:
        """Every conversation of the agent, by its integer id."""
        found = await every_page(
            lambda number: client.list_conversations(agent_id, number), progress=progress
        )
        return {conversation.id: conversation for conversation in found}

    async def items(
        self,
        client: CustomGPTClient,
        agent_id: int,
        rows: list[IntelligenceRow],
        no_answer: str | None,
        progress: PageProgress = _nothing,
    ) -> list[ReviewItem]:
        """The rows as review items (their conversations and the user looked up)."""
        conversations, me = await asyncio.gather(
            self.conversations(client, agent_id, progress), self._me_if_known(client)
        )
        return [make_item(agent_id, row, conversations, no_answer, me) for row in rows]

    async def _me_if_known(self, client: CustomGPTClient) -> int | None:
        """The user's id; None when it cannot be read (then nobody is "me")."""
        try:
            return await self.user_id(client)
        except NetworkError:
            raise
        except CustomGPTError:
            return None

    async def all_items(
        self,
        client: CustomGPTClient,
        agent_id: int,
        dates: DateRange,
        progress: Callable[[str, int, int | None], None],
    ) -> list[ReviewItem]:
        """Every answer of the agent in the range, newest first."""

        def rows_walked(done: int, total: int | None) -> None:
            progress("intelligence", done, total)

        def conversations_walked(done: int, total: int | None) -> None:
            progress("conversations", done, total)

        rows, conversations, me, no_answer = await asyncio.gather(
            self.intelligence(client, agent_id, dates, rows_walked),
            self.conversations(client, agent_id, conversations_walked),
            self._me_if_known(client),
            self.no_answer(client, agent_id),
        )
        return [make_item(agent_id, row, conversations, no_answer, me) for row in rows]


def make_item(
    agent_id: int,
    row: IntelligenceRow,
    conversations: dict[int, Conversation],
    no_answer: str | None,
    me: int | None,
) -> ReviewItem:
    conversation = conversations.get(row.conversation_id) if row.conversation_id else None
    return ReviewItem(
        agent_id=agent_id,
        session_id=conversation.session_id if conversation is not None else None,
        conversation_id=row.conversation_id,
        conversation_name=clean_line(conversation.name) if conversation is not None else "",
        message_id=row.prompt_id,
        question=clean_text(row.user_query),
        answer=clean_text(row.ai_response),
        created_at=row.created_at,
        request_source=clean_line(row.chatbot_deployment) or None,
        reaction=row.feedback,
        unanswered=is_unanswered(row.ai_response, no_answer),
        started_by=starter(conversation.created_by if conversation is not None else None, me),
    )
