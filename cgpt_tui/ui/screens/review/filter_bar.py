"""The review queue's filters: what each key turns on or cycles, and the line that says
what is on ("Filters: unanswered · disliked · source web · started by visitors · last 30 days").

`QueueFilters` holds the choices and makes the `ReviewFilter` the service applies; the date
range is relative to the app's clock, so it is turned into dates when the filter is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from textual.content import Content
from textual.widgets import Static

from cgpt_tui.api.report_records import DateRange
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.feeds import UserFilter, user_filter
from cgpt_tui.services.review import ReviewFilter
from cgpt_tui.ui.widgets.conversation_list import USER_FILTERS

RANGES: tuple[int | None, ...] = (None, 7, 30, 90, 365)  # days back; None: every answer
STARTERS: tuple[UserFilter, ...] = tuple(user_filter(value) for _, value in USER_FILTERS)
STARTER_WORDS = {value: label for label, value in USER_FILTERS}


def next_in(values: Sequence[object], current: object) -> int:
    """The index after `current` in `values` (the first when it is not there)."""
    try:
        return (list(values).index(current) + 1) % len(values)
    except ValueError:
        return 0


@dataclass
class QueueFilters:
    """What the filter keys chose: toggles, a source, who started, how many days back."""

    unanswered: bool = False
    disliked: bool = False
    unreacted: bool = False
    source: str | None = None
    started_by: UserFilter = "all"
    days: int | None = None
    sources: list[str] = field(default_factory=list)  # what `s` cycles through

    def toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))

    def cycle_source(self) -> None:
        choices: list[str | None] = [None, *self.sources]
        self.source = choices[next_in(choices, self.source)]

    def cycle_starter(self) -> None:
        self.started_by = STARTERS[next_in(STARTERS, self.started_by)]

    def cycle_days(self) -> None:
        self.days = RANGES[next_in(RANGES, self.days)]

    def dates(self, today: date) -> DateRange:
        if self.days is None:
            return DateRange()
        return DateRange(since=today - timedelta(days=self.days - 1), until=today)

    def review_filter(self, today: date) -> ReviewFilter:
        return ReviewFilter(
            unanswered=self.unanswered,
            disliked=self.disliked,
            unreacted=self.unreacted,
            source=self.source,
            started_by=self.started_by,
            dates=self.dates(today),
        )

    def words(self, today: date) -> list[str]:
        """What is on, one phrase each (nothing when every answer shows)."""
        on = [
            name
            for name, chosen in (
                ("unanswered", self.unanswered),
                ("disliked", self.disliked),
                ("not reacted to", self.unreacted),
            )
            if chosen
        ]
        if self.source is not None:
            on.append(f"source {clean_line(self.source)}")
        if self.started_by != "all":
            on.append(f"started by: {STARTER_WORDS.get(self.started_by, self.started_by)}")
        if self.days is not None:
            since = self.dates(today).since
            on.append(f"last {self.days} days (since {since:%b %d})" if since else "")
        return on

    def text(self, today: date) -> str:
        """The filter line; also the filter line of an export."""
        on = self.words(today)
        return "Filters: " + " · ".join(on) if on else "Filters: none"


class FilterBar(Static):
    """One line: what the filters show, and the keys that change them."""

    KEYS = "u unanswered d disliked n unreacted s source w who r dates"

    def show(self, filters: QueueFilters, today: date) -> None:
        self.update(Content.assemble(filters.text(today), ("   " + self.KEYS, "dim")))
        self.set_class(bool(filters.words(today)), "-on")
