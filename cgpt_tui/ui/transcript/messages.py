"""What the transcript tells its owner (the chat pane): a reaction, a copy, a retry, a card to
open, a question to ask again or to edit, older history wanted. They are the transcript's own
(`Transcript.CardOpened` …, handled as `on_transcript_card_opened` …)."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from cgpt_tui.api import Reaction
from cgpt_tui.ui.transcript.entry import ChatEntry, CitationCard


class EntryMessage(Message, namespace="transcript"):
    def __init__(self, transcript: Widget, entry: ChatEntry) -> None:
        super().__init__()
        self.transcript = transcript
        self.entry = entry


class ReactionRequested(EntryMessage, namespace="transcript"):
    def __init__(self, transcript: Widget, entry: ChatEntry, reaction: Reaction) -> None:
        super().__init__(transcript, entry)
        self.reaction = reaction


class CopyRequested(EntryMessage, namespace="transcript"):
    """`c`: the whole answer copied."""


class RetryRequested(EntryMessage, namespace="transcript"):
    """`r`: an interrupted or failed answer asked for again."""


class CodeCopyRequested(EntryMessage, namespace="transcript"):
    """Copy `code`, code block `number` (from 0) of the entry's `count`."""

    def __init__(
        self, transcript: Widget, entry: ChatEntry, code: str, number: int, count: int
    ) -> None:
        super().__init__(transcript, entry)
        self.code, self.number, self.count = code, number, count


class AskAgainRequested(EntryMessage, namespace="transcript"):
    """`a`: the entry's question sent again, for a fresh answer."""


class EditRequested(EntryMessage, namespace="transcript"):
    """`e`: the entry's question back in the composer, to edit and send."""


class CardOpened(EntryMessage, namespace="transcript"):
    def __init__(self, transcript: Widget, entry: ChatEntry, card: CitationCard) -> None:
        super().__init__(transcript, entry)
        self.card = card


class NearTop(Message, namespace="transcript"):
    """The reader reached the top: time to load older messages."""
