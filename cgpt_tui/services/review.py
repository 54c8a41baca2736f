"""PROVISIONAL (helper E): the contract's review records, until helper B's module lands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from cgpt_tui.api import Reaction
from cgpt_tui.api.chat import UserFilter
from cgpt_tui.api.report_records import DateRange

Starter = Literal["me", "team_member", "anonymous"]


@dataclass(frozen=True)
class ReviewItem:
    agent_id: int
    session_id: str | None
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


@dataclass(frozen=True)
class ReviewFilter:
    unanswered: bool = False
    disliked: bool = False
    unreacted: bool = False
    source: str | None = None
    started_by: UserFilter = "all"
    dates: DateRange = field(default_factory=DateRange)

    def matches(self, item: ReviewItem) -> bool:
        if self.unanswered and not item.unanswered:
            return False
        if self.disliked and item.reaction is not Reaction.DISLIKED:
            return False
        if self.unreacted and item.reaction not in (None, Reaction.NEUTRAL):
            return False
        if self.source is not None and item.request_source != self.source:
            return False
        if self.started_by != "all" and item.started_by != self.started_by:
            return False
        day = item.created_at.date() if item.created_at else None
        if self.dates.since is not None and (day is None or day < self.dates.since):
            return False
        return not (self.dates.until is not None and (day is None or day > self.dates.until))


def filter_items(items: Iterable[ReviewItem], f: ReviewFilter) -> list[ReviewItem]:
    return [item for item in items if f.matches(item)]
