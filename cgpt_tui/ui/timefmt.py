"""Human times: "3 min ago" in lists, the exact time on demand."""

from __future__ import annotations

from datetime import UTC, datetime


def relative_time(when: datetime | None, now: datetime) -> str:
    """A short relative time, e.g. "just now", "5 min ago", "3 h ago", "2 d ago", "2026-01-04"."""
    if when is None:
        return ""
    seconds = (now - when).total_seconds()
    if seconds < 45:
        return "just now"
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(1, round(minutes))} min ago"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h ago"
    days = hours / 24
    if days < 7:
        return f"{round(days)} d ago"
    if when.year == now.year:
        return when.astimezone().strftime("%b %d")
    return when.astimezone().strftime("%Y-%m-%d")


def exact_time(when: datetime | None) -> str:
    if when is None:
        return "unknown time"
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def utc_now() -> datetime:
    return datetime.now(UTC)
