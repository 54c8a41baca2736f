"""The chat pane's history: pages of a conversation's messages, newest first, older ones as
the reader nears the top; their sources; a message to show once loaded (a search result).

Mixed into `ChatPane`; `self` is `chat_parts.ChatPaneParts`, what it uses of the pane.
"""

from __future__ import annotations

from textual import work

from cgpt_tui.api import CustomGPTError, Message, NotFound
from cgpt_tui.services.data import SYNC_HINT, Origin
from cgpt_tui.services.feeds import MessageFeed
from cgpt_tui.ui.chat_parts import ChatPaneParts
from cgpt_tui.ui.error_text import describe
from cgpt_tui.ui.transcript.entry import ChatEntry
from cgpt_tui.ui.transcript.transcript import Transcript
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors


class ChatHistory(ReportsWorkerErrors):
    """Loading a conversation's messages into the transcript."""

    _reveal: int | None = None  # a message to put the answers' cursor on once loaded

    @work(group="history", exclusive=True, exit_on_error=False)
    async def _load_history(self: ChatPaneParts, feed: MessageFeed) -> None:
        conversation = feed.conversation
        first = feed.page == 0  # the newest page: it replaces what the cache painted
        try:
            change = await feed.more()
        except CustomGPTError as error:
            self._history_loading = False
            self._older_note("")
            if feed is not self.feed:
                return
            if isinstance(error, NotFound):
                self.post_message(self.Gone(conversation))
            self._set_status(f"Could not load messages. {describe(error, retry_key='ctrl+r')}")
            self.schedule_reconnect(error)
            return
        self.reconnected()
        if feed is not self.feed:
            return
        entries = [ChatEntry.from_message(message) for message in reversed(change.added)]
        if first and change.keep == 0:
            self.transcript.set_entries(entries)
        elif entries:  # the cache painted exactly this page, or it is an older one
            self.transcript.prepend(entries)
        self._history_loading = False
        self._older_note("")
        if not self.transcript.entries and change.origin is Origin.CACHE:
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

    def _paint_cached(self: ChatPaneParts, feed: MessageFeed) -> bool:
        """Show the cache's newest page of the conversation while the server is asked;
        whether there was one. At start, after the first frame (see `after_first_frame`)."""
        messages = feed.cached_first()
        if not messages:
            return False
        self.app.after_first_frame(lambda: self._paint_messages(feed, messages))
        return True

    def _paint_messages(self: ChatPaneParts, feed: MessageFeed, messages: list[Message]) -> None:
        if feed is not self.feed or feed.page:
            return  # another conversation is open, or the server's page came first
        change = feed.paint(messages)
        entries = [ChatEntry.from_message(message) for message in reversed(change.added)]
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
        elif self.feed is not None and self.feed.has_more:
            self._load_older()
        else:
            self._reveal = None  # not in this conversation any more

    def on_transcript_near_top(self: ChatPaneParts, event: Transcript.NearTop) -> None:
        if self.feed is not None and self.feed.has_more and not self._history_loading:
            self._load_older()

    def _load_older(self: ChatPaneParts) -> None:
        assert self.feed is not None
        self._history_loading = True
        self._older_note("loading older messages…")
        self._load_history(self.feed)

    @work(group="citations", exit_on_error=False)
    async def _resolve_citations(self: ChatPaneParts, entries: list[ChatEntry]) -> None:
        agent = self.agent
        if agent is None:
            return
        wanted = [entry for entry in entries if entry.cards]
        ids = list(dict.fromkeys(card.citation_id for e in wanted for card in e.cards))
        if not ids:
            return
        results = await self.app.data.sources(agent.id, ids)
        for entry in wanted:
            for card in entry.cards:
                card.fill(results[card.citation_id])
            entry.touch()
        self.transcript.update_entries(wanted)
