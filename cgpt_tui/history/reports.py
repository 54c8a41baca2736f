"""Reports computed from the history cache: what insights and the review queue show offline.

SQL over one agent's cached messages (joined with their conversations), in a date range whose
days are UTC and both inclusive; messages are stored with ISO `created_at` in UTC, so a day
is its first ten characters and a range is a comparison of text, served by the index
`messages_for_reports` (schema.py, migration 4), which also holds what the counts read.

"Unanswered" is the answer equal to the agent's no-answer message (the cache keeps answers
cleaned; both sides are compared stripped).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from cgpt_tui.api import Reaction
from cgpt_tui.api.frozen import record
from cgpt_tui.api.report_records import DateRange, Interval
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.services.review import ReviewItem, starter

MAX_INTERVALS = 400  # as the API: a range of more intervals is refused (TooManyIntervals)
_STRIP = " \t\n\r\f\v"
LENGTH_SLACK = 200  # whitespace around a no-answer message that still counts as one
_NOT_WORD = re.compile(r"[\W_]+")


class TooManyIntervals(ValueError):
    """More than MAX_INTERVALS days (or weeks) in the range: refused, as the API does."""

    def __init__(self, interval: Interval) -> None:
        super().__init__(f"The date range is too long for {interval} intervals")


@record
class CachedTotals:
    queries: int
    conversations: int
    unanswered: int
    liked: int
    disliked: int


_JOIN = "FROM conversations c JOIN messages m ON m.session_id = c.session_id WHERE c.agent_id = ?"


def _in_range(agent_id: int, dates: DateRange) -> tuple[str, list[object]]:
    """`FROM … WHERE …` for the agent's messages in the range, and its parameters. The
    bounds are comparisons of created_at's text (since's midnight, the day after until),
    so the index `messages_for_reports` serves them; an open range keeps undated messages."""
    sql = _JOIN
    params: list[object] = [agent_id]
    if dates.since is not None:
        sql += " AND m.created_at >= ?"
        params.append(dates.since.isoformat())
    if dates.until is not None:
        sql += " AND m.created_at < ?"
        params.append((dates.until + timedelta(days=1)).isoformat())
    return sql, params


def no_answer_text(no_answer: str | None) -> str | None:
    """The no-answer message as answers are compared with it (None: nothing is unanswered)."""
    text = (no_answer or "").strip()
    return text or None


def _is_no_answer(wanted: str) -> tuple[str, list[object]]:
    """A condition on m.answer: it is `wanted`, stripped. The length (in the index) is
    looked at first, so only answers of about the right length are read whole."""
    return (
        f" AND length(m.answer) BETWEEN ? AND ? AND trim(m.answer, '{_STRIP}') = ?",
        [len(wanted), len(wanted) + LENGTH_SLACK, wanted],
    )


@record
class Summary:
    """One pass over the agent's messages in a range: what the totals, the traffic and the
    series are made of."""

    totals: CachedTotals
    traffic: list[tuple[str, int]]  # biggest first, ties by name
    days: dict[date, int]  # queries per day (dated messages only)


def summary(store: HistoryStore, agent_id: int, dates: DateRange, no_answer: str | None) -> Summary:
    where, params = _in_range(agent_id, dates)
    rows = store.rows(
        "SELECT substr(m.created_at, 1, 10), m.request_source, m.reaction, count(*) "
        + where
        + " GROUP BY 1, 2, 3",
        params,
    )
    queries = liked = disliked = 0
    sources: dict[str, int] = {}
    days: dict[date, int] = {}
    for day, source, reaction, count in rows:
        queries += count
        if reaction == "liked":
            liked += count
        elif reaction == "disliked":
            disliked += count
        name = source or "unknown"
        sources[name] = sources.get(name, 0) + count
        if day:
            moment = date.fromisoformat(day)
            days[moment] = days.get(moment, 0) + count
    totals = CachedTotals(
        queries,
        count_conversations(store, agent_id, dates),
        count_unanswered(store, agent_id, dates, no_answer),
        liked,
        disliked,
    )
    traffic = sorted(sources.items(), key=lambda item: (-item[1], item[0]))
    return Summary(totals, traffic, days)


def count_conversations(store: HistoryStore, agent_id: int, dates: DateRange) -> int:
    """The agent's conversations with a message in the range."""
    where, params = _in_range(agent_id, dates)
    inner = where.replace(_JOIN, "FROM messages m WHERE m.session_id = c.session_id", 1)
    return int(
        store.rows(
            f"SELECT count(*) FROM conversations c WHERE c.agent_id = ? AND EXISTS "
            f"(SELECT 1 {inner})",
            params,
        )[0][0]
    )


def count_unanswered(
    store: HistoryStore, agent_id: int, dates: DateRange, no_answer: str | None
) -> int:
    wanted = no_answer_text(no_answer)
    if wanted is None:
        return 0
    where, params = _in_range(agent_id, dates)
    condition, more = _is_no_answer(wanted)
    return int(store.rows("SELECT count(*) " + where + condition, params + more)[0][0])


def totals(
    store: HistoryStore, agent_id: int, dates: DateRange, no_answer: str | None
) -> CachedTotals:
    return summary(store, agent_id, dates, no_answer).totals


def traffic(store: HistoryStore, agent_id: int, dates: DateRange) -> list[tuple[str, int]]:
    """(request source, queries), biggest first, ties by name; unknown sources as "unknown"."""
    return summary(store, agent_id, dates, None).traffic


def first_day(store: HistoryStore, agent_id: int) -> date | None:
    """The day of the agent's first cached message."""
    row = store.rows("SELECT min(m.created_at) " + _JOIN, [agent_id])[0]
    return date.fromisoformat(row[0][:10]) if row[0] else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def series_range(store: HistoryStore, agent_id: int, dates: DateRange, *, today: date) -> DateRange:
    """The days a series covers, as the API's: the range's start (else the first message's
    day) to its end (else today)."""
    end = dates.until or today
    start = dates.since or min(first_day(store, agent_id) or today, end)
    return DateRange(start, max(end, start))


def series(
    store: HistoryStore,
    agent_id: int,
    dates: DateRange,
    interval: Interval,
    *,
    today: date,
    days: dict[date, int] | None = None,
) -> list[tuple[date, int]]:
    """Queries per day (or ISO week, labelled by its Monday), oldest first, every interval
    of `series_range`, empty ones too; more than MAX_INTERVALS raise TooManyIntervals.
    `days`: the queries per day when known (`Summary.days` of the same range)."""
    covered = series_range(store, agent_id, dates, today=today)
    start, end = covered.since, covered.until
    assert start is not None and end is not None
    step = timedelta(days=1 if interval == "daily" else 7)
    first = start if interval == "daily" else monday(start)
    last = end if interval == "daily" else monday(end)
    number = (last - first) // step + 1
    if number > MAX_INTERVALS:
        raise TooManyIntervals(interval)
    if days is None:
        days = summary(store, agent_id, covered, None).days
    counts: dict[date, int] = {}
    for day, count in days.items():
        if start <= day <= end:
            key = day if interval == "daily" else monday(day)
            counts[key] = counts.get(key, 0) + count
    return [(first + step * n, counts.get(first + step * n, 0)) for n in range(number)]


def question_key(text: str) -> str:
    """A question as its group: case, spaces and punctuation do not count."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def top_questions(
    store: HistoryStore, agent_id: int, dates: DateRange, limit: int = 10
) -> list[tuple[str, int]]:
    """The most asked questions (grouped by `question_key`, the newest spelling shown),
    most first, ties by the newest asked. SQL groups the same texts, `rank_questions` the
    same questions."""
    where, params = _in_range(agent_id, dates)
    rows = store.rows(f"SELECT m.question, count(*), max(m.id) {where} GROUP BY m.question", params)
    return rank_questions(rows, limit)


def rank_questions(
    groups: Iterable[tuple[str, int, int]], limit: int | None = None
) -> list[tuple[str, int]]:
    """(text, count, newest) groups merged by `question_key` (the newest's text kept), most
    asked first, ties by the newest; texts as one line. `limit`: only the first so many."""
    counts: dict[str, int] = {}
    newest: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for text, count, latest in groups:
        key = question_key(text)
        if not key:
            continue
        known = counts.get(key)
        if known is None:
            counts[key], newest[key], spelling[key] = count, latest, text
            continue
        counts[key] = known + count
        if latest > newest[key]:
            newest[key], spelling[key] = latest, text

    def order(key: str) -> tuple[int, int]:
        return -counts[key], -newest[key]

    keys = sorted(counts, key=order) if limit is None else heapq.nsmallest(limit, counts, order)
    return [(" ".join(spelling[key].split()), counts[key]) for key in keys]


_REVIEW_COLUMNS = (
    "SELECT c.session_id, c.id, c.name, c.created_by, m.id, m.question, m.answer, "
    "m.created_at, m.request_source, m.reaction "
)


def review_items(
    store: HistoryStore, agent_id: int, dates: DateRange, no_answer: str | None, *, me: int | None
) -> list[ReviewItem]:
    """Every cached answer of the agent in the range, newest first (created_at, then id).
    Sorted here, not by SQL: its sorter would carry every answer's text along."""
    wanted = no_answer_text(no_answer)
    where, params = _in_range(agent_id, dates)
    rows = store.rows(_REVIEW_COLUMNS + where, params)
    rows.sort(key=_newest_first, reverse=True)
    return [_item(agent_id, row, wanted, me) for row in rows]


def _newest_first(row: Sequence) -> tuple[str, int]:
    return row[7] or "", row[4]


def unanswered(
    store: HistoryStore,
    agent_id: int,
    dates: DateRange,
    no_answer: str | None,
    *,
    me: int | None,
    limit: int,
) -> tuple[int, list[ReviewItem]]:
    """How many answers in the range are the no-answer message, and the newest `limit` of
    them as items (the rest are only counted: their ids are all that is read)."""
    wanted = no_answer_text(no_answer)
    if wanted is None:
        return 0, []
    where, params = _in_range(agent_id, dates)
    condition, more = _is_no_answer(wanted)
    found = store.rows(
        "SELECT m.id " + where + condition + " ORDER BY m.created_at DESC, m.id DESC",
        params + more,
    )
    newest = [row[0] for row in found[: max(limit, 0)]]
    if not newest:
        return len(found), []
    marks = ",".join("?" * len(newest))
    rows = store.rows(  # by message id first (CROSS JOIN keeps that order of lookups)
        _REVIEW_COLUMNS + "FROM messages m CROSS JOIN conversations c "
        f"ON c.session_id = m.session_id WHERE m.id IN ({marks}) "
        "ORDER BY m.created_at DESC, m.id DESC",
        newest,
    )
    return len(found), [_item(agent_id, row, wanted, me) for row in rows]


_REACTIONS = {"liked": Reaction.LIKED, "disliked": Reaction.DISLIKED, "neutral": None}


def _reaction(value: str | None) -> Reaction | None:
    """Liked or disliked; neutral is no reaction (as customer intelligence says it)."""
    if value is None:
        return None
    return _REACTIONS[value] if value in _REACTIONS else _parsed(value)


def _parsed(value: str) -> Reaction | None:
    reaction = Reaction.parse(value)
    return None if reaction is Reaction.NEUTRAL else reaction


def _item(agent_id: int, r: Sequence, wanted: str | None, me: int | None) -> ReviewItem:
    answer, created_by = r[6], r[3]
    return ReviewItem(
        agent_id,
        r[0],
        r[1],
        r[2],
        r[4],
        r[5],
        answer,
        datetime.fromisoformat(r[7]) if r[7] else None,
        r[8],
        _reaction(r[9]),
        wanted is not None and answer.strip() == wanted,
        starter(created_by, me),
    )
