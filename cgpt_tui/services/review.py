"""The review queue's records: every answer of an agent, and the filters the queue is narrowed
with (no Textual; the review screen, the insights screen and the CLI share them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from cgpt_tui.api import Reaction
from cgpt_tui.api.chat import UserFilter
from cgpt_tui.api.frozen import record
from cgpt_tui.api.report_records import ALL_DATES, DateRange
from cgpt_tui.sanitize import clean_line, clean_text

Starter = Literal["me", "team_member", "anonymous"]
STARTERS: tuple[Starter, ...] = ("me", "team_member", "anonymous")


def is_unanswered(answer: str, no_answer: str | None) -> bool:
    """Whether the agent gave its no-answer message (compared cleaned and stripped)."""
    wanted = clean_text(no_answer).strip()
    return bool(wanted) and clean_text(answer).strip() == wanted


def starter(created_by: int | None, me: int | None) -> Starter:
    """Who started a conversation, as the conversation list's filter says it: `me` (the
    signed-in user), `anonymous` (no user: null or 0), `team_member` (anyone else)."""
    if not created_by:
        return "anonymous"
    return "me" if me is not None and created_by == me else "team_member"


@record
class ReviewItem:
    """One answer of the agent, where it was given, and what became of it. Text is cleaned."""

    agent_id: int
    session_id: str | None  # None when the conversation could not be found (gone since)
    conversation_id: int | None
    conversation_name: str
    message_id: int
    question: str
    answer: str
    created_at: datetime | None
    request_source: str | None
    reaction: Reaction | None
    unanswered: bool
    started_by: Starter

    @property
    def disliked(self) -> bool:
        return self.reaction is Reaction.DISLIKED

    @property
    def reacted(self) -> bool:
        """Liked or disliked (a neutral reaction is none)."""
        return self.reaction in (Reaction.LIKED, Reaction.DISLIKED)


@record
class ReviewFilter:
    """Which answers the queue shows; every condition given must hold."""

    unanswered: bool = False
    disliked: bool = False
    unreacted: bool = False
    source: str | None = None  # a request source: web, api, embed, …
    started_by: UserFilter = "all"
    dates: DateRange = ALL_DATES

    def matches(self, item: ReviewItem) -> bool:
        if self.unanswered and not item.unanswered:
            return False
        if self.disliked and not item.disliked:
            return False
        if self.unreacted and item.reacted:
            return False
        if self.source is not None and item.request_source != self.source:
            return False
        if self.started_by != "all" and item.started_by != self.started_by:
            return False
        return self.dates.holds(item.created_at)

    @property
    def narrows(self) -> bool:
        """Whether any condition is set (else every answer matches)."""
        return self != ReviewFilter()

    def describe(self) -> str:
        """The conditions in words, for a footer or an export's filter line."""
        parts: list[str] = []
        if self.unanswered:
            parts.append("unanswered")
        if self.disliked:
            parts.append("disliked")
        if self.unreacted:
            parts.append("not reacted to")
        if self.source is not None:
            parts.append(f"source {clean_line(self.source)}")
        if self.started_by != "all":
            parts.append(f"started by {STARTED_BY_WORDS[self.started_by]}")
        if not self.dates.unbounded:
            parts.append(describe_dates(self.dates))
        return ", ".join(parts) if parts else "all answers"


STARTED_BY_WORDS: dict[str, str] = {
    "all": "anyone",
    "me": "me",
    "team_member": "a team member",
    "anonymous": "a visitor",
}


def describe_dates(dates: DateRange) -> str:
    """`2026-11-01 to 2026-11-20`, `since 2026-11-01`, `until …`, or `all dates`."""
    since, until = dates.since, dates.until
    if since is not None and until is not None:
        return f"{since.isoformat()} to {until.isoformat()}"
    if since is not None:
        return f"since {since.isoformat()}"
    if until is not None:
        return f"until {until.isoformat()}"
    return "all dates"


def filter_items(items: Iterable[ReviewItem], f: ReviewFilter) -> list[ReviewItem]:
    """The items the filter lets through, in their order: each condition that is set is one
    pass over what the ones before kept (the same answer as `f.matches`, faster)."""
    kept = list(items)
    if f.unanswered:
        kept = [item for item in kept if item.unanswered]
    if f.disliked:
        kept = [item for item in kept if item.reaction is Reaction.DISLIKED]
    if f.unreacted:
        reacted = (Reaction.LIKED, Reaction.DISLIKED)
        kept = [item for item in kept if item.reaction not in reacted]
    if f.source is not None:
        source = f.source
        kept = [item for item in kept if item.request_source == source]
    if f.started_by != "all":
        started_by = f.started_by
        kept = [item for item in kept if item.started_by == started_by]
    if not f.dates.unbounded:
        holds = f.dates.holds
        kept = [item for item in kept if holds(item.created_at)]
    return kept


def sources_of(items: Iterable[ReviewItem]) -> list[str]:
    """The request sources among the items, most frequent first (for a filter that cycles)."""
    counts: dict[str, int] = {}
    for item in items:
        if item.request_source:
            counts[item.request_source] = counts.get(item.request_source, 0) + 1
    return sorted(counts, key=lambda source: (-counts[source], source))
