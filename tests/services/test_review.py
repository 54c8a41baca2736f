"""The review queue over a real stand-in: every answer of the agent, newest first, with its
conversation and who started it; offline the cache gives the same queue, marked so; each
filter narrows it; the export writes CSV that parses back and Markdown, cleaned."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cgpt_tui.api import DateRange, Reaction
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import sync_history
from cgpt_tui.services.export import write_export
from cgpt_tui.services.reading import Origin
from cgpt_tui.services.review import ReviewFilter, ReviewItem, filter_items, sources_of, starter
from cgpt_tui.services.review_export import CSV_COLUMNS, format_for, render_review
from tests.services.helpers import service_for
from tests.services.test_insights import NORTHWIND, NOW, TODAY, UNCOVERED, ask_three, service

HOSTILE = "\x1b]52;c;cHduZWQ=\x07\x1b[2J=cmd|' /C calc'!A0\x9b31m"


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer(port=0, api_key="k", clock=lambda: NOW) as server:
        yield server


def fields(item: ReviewItem) -> tuple:
    return (
        item.message_id,
        item.session_id,
        item.conversation_id,
        item.conversation_name,
        item.question,
        item.answer,
        item.created_at,
        item.request_source,
        item.reaction,
        item.unanswered,
        item.started_by,
    )


async def test_every_answer_newest_first_with_its_conversation(server: DemoServer) -> None:
    data = service(server)
    told: list[tuple[str, int, int | None]] = []
    try:
        session, ids = await ask_three(data)
        agent = await data.agent(NORTHWIND)
        today = await data.insights.review_items(agent, dates=TODAY)
        everything = await data.insights.review_items(
            agent, progress=lambda *step: told.append(step)
        )
    finally:
        await data.close()
    assert today.origin is Origin.SERVER
    assert [item.message_id for item in today.value] == ids[::-1]
    newest, again, first = today.value
    assert newest.unanswered and newest.question == UNCOVERED
    assert newest.conversation_name == "Nonsense" and newest.started_by == "me"
    assert not again.unanswered and again.reaction is None
    assert first.session_id == session and first.conversation_name == "Passwords"
    assert first.reaction is Reaction.DISLIKED and first.disliked and first.reacted
    assert first.request_source == "api" and first.created_at == NOW
    items = everything.value
    assert len(items) > 3 and items[:3] == today.value
    stamps = [(item.created_at, item.message_id) for item in items]
    assert stamps == sorted(stamps, reverse=True)
    assert {item.started_by for item in items} == {"me", "team_member", "anonymous"}
    assert all(item.session_id for item in items)  # every conversation was found
    assert {section for section, _, _ in told} == {"intelligence", "conversations"}


async def test_offline_the_cache_gives_the_same_queue(server: DemoServer, tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.db") as store:
        data = service(server, store)
        try:
            await ask_three(data)
            agent = await data.agent(NORTHWIND)
            await sync_history(data.reader.client, store)
            online = await data.insights.review_items(agent)
            week = DateRange(date(2026, 11, 14), date(2026, 11, 20))
            online_week = await data.insights.review_items(agent, dates=week)
            server.stop()
            offline = await data.insights.review_items(agent)
            offline_week = await data.insights.review_items(agent, dates=week)
        finally:
            await data.close()
    assert offline.origin is Origin.CACHE and offline.from_cache
    assert [fields(i) for i in offline.value] == [fields(i) for i in online.value]
    assert [fields(i) for i in offline_week.value] == [fields(i) for i in online_week.value]
    assert 0 < len(online_week.value) < len(online.value)


async def test_control_characters_are_cleaned_from_the_queue(server: DemoServer) -> None:
    data = service_for(server)
    try:
        client = data.reader.client
        conversation = await client.create_conversation(NORTHWIND, f"Bad {HOSTILE}")
        server.faults.inject_control_chars()
        await client.send_message(NORTHWIND, conversation.session_id, f"Reset? {HOSTILE}")
        found = await data.insights.review_items(await data.agent(NORTHWIND), dates=TODAY)
    finally:
        await data.close()
    (item,) = found.value
    for text in (item.question, item.answer, item.conversation_name):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


# ---------------------------------------------------------------------- filters


def item(n: int, **changes: object) -> ReviewItem:
    base = ReviewItem(
        agent_id=NORTHWIND,
        session_id=f"s{n % 7}",
        conversation_id=n % 7,
        conversation_name=f"Conversation {n % 7}",
        message_id=n,
        question=f"Question {n}",
        answer=f"Answer {n}",
        created_at=datetime(2026, 11, 20, tzinfo=UTC) - timedelta(hours=n),
        request_source=("web", "api", "embed")[n % 3],
        reaction=(Reaction.LIKED, Reaction.DISLIKED, None, Reaction.NEUTRAL)[n % 4],
        unanswered=n % 5 == 0,
        started_by=("me", "team_member", "anonymous")[n % 3 - 1],
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ITEMS = [item(n) for n in range(1, 121)]


@pytest.mark.parametrize(
    ("chosen", "holds"),
    [
        (ReviewFilter(), lambda i: True),
        (ReviewFilter(unanswered=True), lambda i: i.message_id % 5 == 0),
        (ReviewFilter(disliked=True), lambda i: i.message_id % 4 == 1),
        (ReviewFilter(unreacted=True), lambda i: i.message_id % 4 in (2, 3)),  # none, neutral
        (ReviewFilter(source="embed"), lambda i: i.message_id % 3 == 2),
        (ReviewFilter(started_by="me"), lambda i: i.message_id % 3 == 1),
        (ReviewFilter(started_by="anonymous"), lambda i: i.message_id % 3 == 0),
        (ReviewFilter(started_by="team_member"), lambda i: i.message_id % 3 == 2),
        (
            ReviewFilter(dates=DateRange(date(2026, 11, 19), date(2026, 11, 19))),
            lambda i: 1 <= i.message_id <= 24,
        ),
        (
            ReviewFilter(unanswered=True, source="web", dates=DateRange(until=date(2026, 11, 18))),
            lambda i: i.message_id % 15 == 0 and i.message_id > 24,
        ),
    ],
)
def test_each_filter_narrows_the_queue(chosen: ReviewFilter, holds) -> None:
    kept = filter_items(ITEMS, chosen)
    assert kept == [i for i in ITEMS if holds(i)]
    assert kept and all(chosen.matches(i) for i in kept)


def test_a_filter_says_itself() -> None:
    assert ReviewFilter().describe() == "all answers" and not ReviewFilter().narrows
    described = ReviewFilter(
        unanswered=True,
        unreacted=True,
        source="web\x1b[2J",
        started_by="anonymous",
        dates=DateRange(date(2026, 11, 1), date(2026, 11, 20)),
    ).describe()
    assert described == (
        "unanswered, not reacted to, source web, started by a visitor, 2026-11-01 to 2026-11-20"
    )
    assert ReviewFilter(dates=DateRange(since=date(2026, 11, 1))).describe() == "since 2026-11-01"


def test_filtering_ten_thousand_answers_takes_a_few_milliseconds() -> None:
    many = [item(n) for n in range(1, 10_001)]
    chosen = ReviewFilter(unanswered=True, source="web", started_by="anonymous")
    began = time.perf_counter()
    for _ in range(10):
        kept = filter_items(many, chosen)
    each = (time.perf_counter() - began) / 10
    assert kept and each < 0.05, each  # a few ms; generous for a loaded machine


def test_who_started_and_which_sources() -> None:
    assert starter(None, 1) == "anonymous" and starter(0, 1) == "anonymous"
    assert starter(1, 1) == "me" and starter(2, 1) == "team_member"
    assert starter(1, None) == "team_member"  # the user unknown: nobody is "me"
    assert sources_of(ITEMS) == ["api", "embed", "web"]  # 40 each: by name
    assert sources_of([item(1), item(3), item(6)]) == ["web", "api"]


# ---------------------------------------------------------------------- export


def hostile_items() -> list[ReviewItem]:
    return [
        item(5, question=f"Why {HOSTILE}?\nSecond line", answer=f"- {HOSTILE}\n\n# heading"),
        item(6, conversation_name=f"## {HOSTILE}", reaction=None, request_source=None),
    ]


def test_csv_parses_back_with_the_csv_module() -> None:
    text = render_review(hostile_items(), "csv", agent_name="North", filters_text="all answers")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows[1], rows[2]
    assert first[0] == "2026-11-19 19:00 UTC" and first[7] == "5"
    assert first[2].startswith("Why =cmd|") and first[2].endswith("?\nSecond line")
    assert first[3].startswith("'- ")  # a spreadsheet shows it as text, never a formula
    assert first[4] == "disliked" and first[5] == "embed" and first[6] == "yes"
    assert second[4] == "" and second[5] == "" and second[6] == "no"
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in text


def test_markdown_has_a_heading_the_filters_and_a_section_per_answer() -> None:
    text = render_review(
        hostile_items(), "md", agent_name="North\x1b[2Jwind", filters_text="unanswered"
    )
    lines = text.splitlines()
    assert lines[0] == "# Review queue of Northwind"
    assert "Filters: unanswered  " in lines and "Answers: 2" in lines
    assert sum(line.startswith("## ") for line in lines) == 2
    assert "> Second line" in lines  # questions quoted: they start nothing of their own
    assert "## \\#\\# =cmd|' /C calc'!A0 · 2026-11-19 18:00 UTC" in lines
    assert "Message 5 · unanswered, disliked, source embed" in lines
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in text


def test_an_export_is_written_once_by_its_extension(tmp_path: Path) -> None:
    assert format_for("queue.CSV") == "csv" and format_for("q.markdown") == "md"
    assert format_for("queue.txt") is None
    path = tmp_path / "queue.csv"
    written = write_export(path, render_review(ITEMS, "csv", agent_name="N", filters_text=""))
    assert len(list(csv.reader(written.open(encoding="utf-8")))) == len(ITEMS) + 1
    with pytest.raises(FileExistsError):
        write_export(path, "again")
    with pytest.raises(ValueError, match="csv or md"):
        render_review(ITEMS, "pdf", agent_name="N", filters_text="")  # type: ignore[arg-type]
