"""The date ranges the insights screen cycles through with `r`: the last 7, 30, 90 or 365
days up to today (the app's clock, in UTC as the reports count days), or everything."""

from __future__ import annotations

from datetime import date, timedelta

from cgpt_tui.api import DateRange, Interval
from cgpt_tui.api.frozen import record


@record
class Span:
    days: int | None  # None: every date
    name: str

    def dates(self, today: date) -> DateRange:
        """Both ends inclusive; "all" still ends today, so the cache and the server agree
        on where the series stops."""
        if self.days is None:
            return DateRange(None, today)
        return DateRange(today - timedelta(days=self.days - 1), today)


SPANS: tuple[Span, ...] = (
    Span(7, "last 7 days"),
    Span(30, "last 30 days"),
    Span(90, "last 90 days"),
    Span(365, "last 365 days"),
    Span(None, "all time"),
)
DEFAULT_SPAN = 2  # 90 days
INTERVAL_NAMES: dict[Interval, str] = {"daily": "per day", "weekly": "per week"}


def next_span(index: int) -> int:
    return (index + 1) % len(SPANS)


def other_interval(interval: Interval) -> Interval:
    return "weekly" if interval == "daily" else "daily"


def day_text(day: date, *, year: bool = True) -> str:
    """`Nov 20, 2026` (or `Nov 20`)."""
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if year else text


def describe(span: Span, dates: DateRange) -> str:
    """`last 90 days (Aug 23 – Nov 20, 2026)`, `all time (to Nov 20, 2026)`."""
    until = dates.until
    if until is None:
        return span.name
    if dates.since is None:
        return f"{span.name} (to {day_text(until)})"
    since = day_text(dates.since, year=dates.since.year != until.year)
    return f"{span.name} ({since} – {day_text(until)})"
