"""The transcript's model: one entry per question and its answer.

Entries hold raw server text; it is cleaned when painted, so an escape sequence split across
two streamed deltas is still removed whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from cgpt_tui.api import (
    Citation,
    CustomGPTError,
    Message,
    MessageMetadata,
    Reaction,
    StreamEvent,
    StreamFailed,
    StreamFinished,
    StreamStarted,
    TextDelta,
)
from cgpt_tui.ui.render.blocks import BlockSplitter


class EntryStatus(Enum):
    DONE = "done"
    SENDING = "sending"
    STREAMING = "streaming"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    FAILED = "failed"

    @property
    def is_active(self) -> bool:
        return self in (EntryStatus.SENDING, EntryStatus.STREAMING)


@dataclass(eq=False)
class CitationCard:
    citation_id: int
    citation: Citation | None = None
    error: str | None = None

    @property
    def url(self) -> str | None:
        return self.citation.url if self.citation else None

    def fill(self, result: Citation | CustomGPTError) -> None:
        """Take what resolving the citation gave: its record, or the error that stopped it."""
        if isinstance(result, CustomGPTError):
            self.error = result.message
        else:
            self.citation = result


@dataclass(eq=False)
class ChatEntry:
    question: str
    message_id: int | None = None
    created_at: datetime | None = None
    status: EntryStatus = EntryStatus.DONE
    reaction: Reaction | None = None
    cards: list[CitationCard] = field(default_factory=list)
    error: str | None = None
    request_source: str | None = None
    external_id: str | None = None
    answer: BlockSplitter = field(default_factory=BlockSplitter)
    version: int = 0

    @classmethod
    def from_message(cls, message: Message) -> ChatEntry:
        entry = cls(
            question=message.question,
            message_id=message.id,
            created_at=message.created_at,
            reaction=message.reaction,
            cards=[CitationCard(citation_id) for citation_id in message.citation_ids],
            request_source=message.metadata.request_source if message.metadata else None,
            external_id=message.metadata.external_id if message.metadata else None,
        )
        entry.answer.append(message.answer)
        return entry

    def as_message(self) -> Message:
        """A finished entry as the API's record (what the history cache keeps)."""
        assert self.message_id is not None
        return Message(
            id=self.message_id,
            question=self.question,
            answer=self.answer_text,
            citation_ids=tuple(card.citation_id for card in self.cards),
            conversation_id=None,
            created_at=self.created_at,
            updated_at=self.created_at,
            metadata=MessageMetadata(
                request_source=self.request_source, external_id=self.external_id
            ),
            reaction=self.reaction,
        )

    @property
    def answer_text(self) -> str:
        return self.answer.text

    def append(self, text: str) -> None:
        self.answer.append(text)
        self.touch()

    def touch(self) -> None:
        """Mark the entry changed, so its cached rendering is dropped."""
        self.version += 1

    def apply(self, event: StreamEvent) -> bool:
        """Take one streamed event; True when the answer's text or state needs painting."""
        if isinstance(event, TextDelta):
            self.status = EntryStatus.STREAMING
            self.answer.append(event.text)
            return True
        if isinstance(event, StreamStarted):
            self.status = EntryStatus.STREAMING
            return True
        if isinstance(event, StreamFinished):
            self._finished(event.message_id, event.citation_ids, event.created_at)
        elif isinstance(event, StreamFailed):
            self.status = EntryStatus.FAILED
            self.error = event.reason
        return False

    def answered(self, message: Message) -> None:
        """The whole answer at once (a question sent without streaming)."""
        self.answer.append(message.answer)
        self._finished(message.id, message.citation_ids, message.created_at)

    def _finished(
        self, message_id: int, citation_ids: Sequence[int], created_at: datetime | None
    ) -> None:
        self.status = EntryStatus.DONE
        self.message_id = message_id
        self.created_at = created_at or self.created_at
        self.cards = [CitationCard(citation_id) for citation_id in citation_ids]

    @property
    def shown_reaction(self) -> Reaction | None:
        return None if self.reaction is Reaction.NEUTRAL else self.reaction
