"""Reports computed from the history cache: what insights and the review queue show offline.

SQL over one agent's cached messages (joined with their conversations), in a date range whose
days are UTC and both inclusive; messages are stored with ISO `created_at` in UTC, so a day
is its first ten characters and a range is a comparison of text (`messages_by_created`).

"Unanswered" is the answer equal to the agent's no-answer message (the cache keeps answers
cleaned; both sides are compared stripped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cgpt_tui.api import Reaction
from cgpt_tui.api.report_records import DateRange, Interval
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.services.review import ReviewItem, starter

MAX_INTERVALS = 400  # as the API: a longer daily range is refused there, cut short here
_STRIP = " \t\n\r\f\v"
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class CachedTotals:
    queries: int
    conversations: int
    unanswered: int
    liked: int
    disliked: int


def _range(dates: DateRange) -> tuple[str | None, str | None]:
    """The range as bounds on created_at's text: since's midnight, the day after until."""
    since = dates.since.isoformat() if dates.since is not None else None
    after = (dates.until + timedelta(days=1)).isoformat() if dates.until is not None else None
    return since, after


# The agent's messages in the range. Parameters: agent id, then _range's (each twice).
_IN_RANGE = (
    "FROM conversations c JOIN messages m ON m.session_id = c.session_id "
    "WHERE c.agent_id = ? AND (? IS NULL OR m.created_at >= ?) "
    "AND (? IS NULL OR m.created_at < ?)"
)


def _params(agent_id: int, dates: DateRange) -> list[object]:
    since, after = _range(dates)
    return [agent_id, since, since, after, after]


def no_answer_text(no_answer: str | None) -> str | None:
    """The no-answer message as answers are compared with it (None: nothing is unanswered)."""
    text = (no_answer or "").strip()
    return text or None


def totals(
    store: HistoryStore, agent_id: int, dates: DateRange, no_answer: str | None
) -> CachedTotals:
    row = store.rows(
        "SELECT count(*), count(DISTINCT m.session_id), "
        f"coalesce(sum(? IS NOT NULL AND trim(m.answer, '{_STRIP}') = ?), 0), "
        "coalesce(sum(m.reaction = 'liked'), 0), coalesce(sum(m.reaction = 'disliked'), 0) "
        + _IN_RANGE,
        [no_answer_text(no_answer)] * 2 + _params(agent_id, dates),
    )[0]
    return CachedTotals(*(int(value) for value in row))


def traffic(store: HistoryStore, agent_id: int, dates: DateRange) -> list[tuple[str, int]]:
    """(request source, queries), biggest first, ties by name; unknown sources as "unknown"."""
    rows = store.rows(
        "SELECT coalesce(m.request_source, 'unknown') AS source, count(*) AS n "
        + _IN_RANGE
        + " GROUP BY source ORDER BY n DESC, source",
        _params(agent_id, dates),
    )
    return [(str(source), int(count)) for source, count in rows]


def first_day(store: HistoryStore, agent_id: int) -> date | None:
    """The day of the agent's first cached message."""
    row = store.rows("SELECT min(m.created_at) " + _IN_RANGE, _params(agent_id, DateRange()))[0]
    return date.fromisoformat(row[0][:10]) if row[0] else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def series(
    store: HistoryStore,
    agent_id: int,
    dates: DateRange,
    interval: Interval,
    *,
    today: date,
) -> list[tuple[date, int]]:
    """Queries per day (or ISO week, labelled by its Monday), oldest first, every interval
    from the range's start (the first message's day when open) to its end (today when open),
    empty ones too; at most MAX_INTERVALS, the newest kept."""
    start = dates.since or first_day(store, agent_id) or today
    end = dates.until or today
    rows = store.rows(
        "SELECT substr(m.created_at, 1, 10) AS day, count(*) "
        + _IN_RANGE
        + " AND m.created_at IS NOT NULL GROUP BY day",
        _params(agent_id, DateRange(start, end)),
    )
    counts: dict[date, int] = {}
    step = timedelta(days=1 if interval == "daily" else 7)
    for day_text, count in rows:
        day = date.fromisoformat(day_text)
        key = day if interval == "daily" else monday(day)
        counts[key] = counts.get(key, 0) + int(count)
    first = start if interval == "daily" else monday(start)
    last = end if interval == "daily" else monday(end)
    if last < first:
        return []
    number = min((last - first) // step + 1, MAX_INTERVALS)
    first = last - step * (number - 1)
    return [(first + step * n, counts.get(first + step * n, 0)) for n in range(number)]


def question_key(text: str) -> str:
    """A question as its group: case, spaces and punctuation do not count."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def top_questions(
    store: HistoryStore, agent_id: int, dates: DateRange, limit: int = 10
) -> list[tuple[str, int]]:
    """The most asked questions (grouped by `question_key`, the newest spelling shown),
    most first, ties by the newest asked."""
    rows = store.rows(
        "SELECT m.question, count(*), max(m.id) " + _IN_RANGE + " GROUP BY lower(m.question)",
        _params(agent_id, dates),
    )
    return rank_questions((str(q), int(n), int(i)) for q, n, i in rows)[:limit]


def rank_questions(groups: Iterable[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """(text, count, newest) groups merged by `question_key` (the newest's text kept), most
    asked first, ties by the newest; texts as one line."""
    merged: dict[str, tuple[str, int, int]] = {}
    for text, count, newest in groups:
        key = question_key(text)
        if not key:
            continue
        found = merged.get(key)
        if found is None:
            merged[key] = (text, count, newest)
        else:
            kept, total, latest = found
            merged[key] = (
                (text, total + count, newest) if newest > latest else (kept, total + count, latest)
            )
    ranked = sorted(merged.values(), key=lambda group: (-group[1], -group[2]))
    return [(" ".join(text.split()), count) for text, count, _ in ranked]


_REVIEW_COLUMNS = (
    "SELECT c.session_id, c.id, c.name, c.created_by, m.id, m.question, m.answer, "
    "m.created_at, m.request_source, m.reaction "
)


def review_items(
    store: HistoryStore,
    agent_id: int,
    dates: DateRange,
    no_answer: str | None,
    *,
    me: int | None,
    unanswered_only: bool = False,
    limit: int = -1,
) -> list[ReviewItem]:
    """Every cached answer of the agent in the range, newest first (or only the unanswered)."""
    wanted = no_answer_text(no_answer)
    if unanswered_only and wanted is None:
        return []
    condition = f" AND trim(m.answer, '{_STRIP}') = ?" if unanswered_only else ""
    params: list[object] = _params(agent_id, dates) + ([wanted] if unanswered_only else [])
    rows = store.rows(
        _REVIEW_COLUMNS + _IN_RANGE + condition + " ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
        [*params, limit],
    )
    return [_item(agent_id, row, wanted, me) for row in rows]


def _item(agent_id: int, r: Sequence, wanted: str | None, me: int | None) -> ReviewItem:
    answer = r[6]
    return ReviewItem(
        agent_id=agent_id,
        session_id=r[0],
        conversation_id=r[1],
        conversation_name=r[2],
        message_id=r[4],
        question=r[5],
        answer=answer,
        created_at=datetime.fromisoformat(r[7]) if r[7] else None,
        request_source=r[8],
        reaction=Reaction.parse(r[9]),
        unanswered=wanted is not None and answer.strip() == wanted,
        started_by=starter(r[3], me),
    )
