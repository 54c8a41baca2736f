"""The chat pane's history: pages of a conversation's messages, newest first, older ones as
the reader nears the top; their sources; a message to show once loaded (a search result).

Mixed into `ChatPane`; `self` is `chat_parts.ChatPaneParts`, what it uses of the pane.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work

from cgpt_tui.api import Citation, Conversation, CustomGPTError, Message, NotFound
from cgpt_tui.sanitize import clean_text
from cgpt_tui.ui.chat_parts import ChatPaneParts
from cgpt_tui.ui.connection import SYNC_HINT
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


def _same(fresh: Sequence[Message], painted: Sequence[Message]) -> bool:
    """Whether the server's page shows what the cache painted (the cache keeps text cleaned,
    so the server's is compared cleaned)."""

    def shown(message: Message) -> tuple:
        return (
            message.id,
            clean_text(message.question),
            clean_text(message.answer),
            message.citation_ids,
            message.reaction,
        )

    return bool(painted) and [shown(m) for m in fresh] == [shown(m) for m in painted]


class ChatHistory(ReportsWorkerErrors):
    """Loading a conversation's messages into the transcript."""

    _painted: Sequence[Message] = ()  # the cache's page shown while the server is asked

    @work(group="history", exclusive=True, exit_on_error=False)
    async def _load_history(
        self: ChatPaneParts, conversation: Conversation, page_number: int
    ) -> None:
        agent = self.agent
        if agent is None:
            return
        session_id = conversation.session_id
        connection = self.app.connection
        try:
            result = await connection.read(
                lambda: self.app.client.list_messages(
                    agent.id, session_id, page_number, order="desc"
                ),
                lambda cache: cache.messages(session_id, page_number),
            )
        except CustomGPTError as error:
            self._history_loading = False
            self.border_subtitle = ""
            if conversation is not self.conversation:
                return
            if isinstance(error, NotFound):
                self.post_message(self.Gone(conversation))
            self._set_status(f"Could not load messages. {describe(error, retry_key='ctrl+r')}")
            self.schedule_reconnect(error)
            return
        self.reconnected()
        if conversation is not self.conversation:
            return
        page = result.page
        if not connection.offline:
            self.app.history.messages(agent.id, conversation, page.items)
        if page_number == 1 and _same(page.items, self._painted):
            entries = []  # the cache painted exactly this: no need to paint it again
        else:
            if page_number == 1:
                self._seen.clear()
            fresh = [m for m in reversed(page.items) if m.id not in self._seen]
            self._seen.update(m.id for m in fresh)
            entries = [ChatEntry.from_message(message) for message in fresh]
            if page_number == 1:
                self.transcript.set_entries(entries)
            else:
                self.transcript.prepend(entries)
        self._painted = ()
        self._history_page = page.page
        self._history_more = page.has_next
        self._history_loading = False
        self.border_subtitle = ""
        if not self.transcript.entries and self.app.offline:
            self._set_status(
                f"This conversation's messages are not in the history cache. {SYNC_HINT}"
            )
        elif not self.transcript.entries:
            self._set_status("No messages yet. Ask something below.")
            self._show_examples()
        else:
            self._set_status("")
        self._resolve_citations(entries)
        self._reveal_when_loaded()

    def _paint_cached(self: ChatPaneParts, conversation: Conversation) -> bool:
        """Show the cache's newest page of the conversation while the server is asked;
        whether there was one. At start, after the first frame (see `after_first_frame`)."""
        cache = self.app.connection.cached()
        cached = cache.messages(conversation.session_id, 1) if cache is not None else None
        if cached is None or not cached.page.items:
            return False
        messages = cached.page.items
        self.app.after_first_frame(lambda: self._paint_messages(conversation, messages))
        return True

    def _paint_messages(
        self: ChatPaneParts, conversation: Conversation, messages: Sequence[Message]
    ) -> None:
        if conversation is not self.conversation or self._history_page:
            return  # another conversation is open, or the server's page came first
        self._painted = messages
        self._seen.update(m.id for m in messages)
        entries = [ChatEntry.from_message(message) for message in reversed(messages)]
        self.transcript.set_entries(entries)
        self._set_status("")
        self._resolve_citations(entries)

    def reveal(self: ChatPaneParts, message_id: int) -> None:
        """Put the answers' cursor on this message once the conversation being opened has
        loaded it (older pages are loaded until it is found)."""
        self._reveal = message_id

    def _reveal_when_loaded(self: ChatPaneParts) -> None:
        if self._reveal is None:
            return
        entries = self.transcript.entries
        index = next((n for n, e in enumerate(entries) if e.message_id == self._reveal), None)
        if index is not None:
            self._reveal = None
            self.transcript.focus()
            self.transcript.show_entry(index)
        elif self._history_more and self.conversation is not None:
            self._load_older()
        else:
            self._reveal = None  # not in this conversation any more

    def on_transcript_near_top(self: ChatPaneParts, event: Transcript.NearTop) -> None:
        if self._history_more and not self._history_loading and self.conversation:
            self._load_older()

    def _load_older(self: ChatPaneParts) -> None:
        assert self.conversation is not None
        self._history_loading = True
        # In the pane's border, not the status line: showing and hiding that line
        # re-arranges the whole screen (~50 ms) twice for every page.
        self.border_subtitle = "loading older messages…"
        self._load_history(self.conversation, self._history_page + 1)

    @work(group="citations", exit_on_error=False)
    async def _resolve_citations(self: ChatPaneParts, entries: list[ChatEntry]) -> None:
        agent = self.agent
        if agent is None:
            return
        wanted = [entry for entry in entries if entry.cards]
        ids = list(dict.fromkeys(card.citation_id for e in wanted for card in e.cards))
        if not ids:
            return
        results: dict[int, Citation | CustomGPTError] = dict(self.app.history.cited(agent.id, ids))
        missing = [citation_id for citation_id in ids if citation_id not in results]
        if missing:
            fetched = await self.app.citations.resolve(agent.id, missing)
            results.update(zip(missing, fetched, strict=True))
            self.app.history.citations(agent.id, [c for c in fetched if isinstance(c, Citation)])
        for entry in wanted:
            for card in entry.cards:
                card.fill(results[card.citation_id])
            entry.touch()
        self.transcript.update_entries(wanted)
