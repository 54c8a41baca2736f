"""Insights: what visitors ask an agent, where it fails, and how they react (no Textual; the
insights screen, the review queue and `cgpt-tui report` ask it).

Online, the four aggregate reports are asked at once and customer intelligence is walked
(every page) for the reactions, the most asked questions and the unanswered ones; each
section that fails is left empty with its reason in `Insight.problems`, the others fill.
Offline (or when the network fails), everything is computed from the history cache
(`history/reports.py`) and marked `Origin.CACHE`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import field
from datetime import UTC, date, datetime
from typing import Literal, TypeVar

from cgpt_tui.api import (
    Agent,
    CustomGPTClient,
    CustomGPTError,
    NetworkError,
    Reaction,
)
from cgpt_tui.api.frozen import record
from cgpt_tui.api.report_records import (
    ALL_DATES,
    AnalysisReport,
    ConversationReport,
    DateRange,
    IntelligenceRow,
    Interval,
    QueryReport,
    SeriesPoint,
    SourceCount,
    TrafficReport,
)
from cgpt_tui.history import reports as cached
from cgpt_tui.history.pages import CachedPages
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.sanitize import clean_text
from cgpt_tui.services.reading import Origin, Reader, Sourced
from cgpt_tui.services.review import ReviewItem, is_unanswered
from cgpt_tui.services.review_online import OnlineReview

T = TypeVar("T")

__all__ = [
    "SECTIONS",
    "Insight",
    "Insights",
    "Progress",
    "QuestionCount",
    "Section",
    "Totals",
    "is_unanswered",
    "no_progress",
]

Section = Literal["traffic", "queries", "conversations", "analysis", "intelligence"]
SECTIONS: tuple[Section, ...] = ("traffic", "queries", "conversations", "analysis", "intelligence")
Progress = Callable[[str, int, int | None], None]

TOP_QUESTIONS = 10
UNANSWERED_SHOWN = 200


def no_progress(section: str, done: int, total: int | None) -> None:
    """The default progress callback: nobody is told."""


def utc_today() -> date:
    return datetime.now(UTC).date()


@record
class QuestionCount:
    text: str  # the newest spelling, one line
    count: int


@record
class Totals:
    queries: int = 0
    conversations: int = 0
    average_queries: float = 0.0  # queries per conversation
    answered: int = 0
    unanswered: int = 0
    liked: int = 0
    disliked: int = 0


@record
class Insight:
    """The whole picture of an agent over a date range."""

    totals: Totals = Totals()
    series: tuple[SeriesPoint, ...] = ()  # queries per interval, oldest first
    interval: Interval = "weekly"
    traffic: tuple[SourceCount, ...] = ()  # biggest first
    top_questions: tuple[QuestionCount, ...] = ()
    unanswered: tuple[ReviewItem, ...] = ()  # newest first, up to UNANSWERED_SHOWN
    origin: Origin = Origin.SERVER
    problems: dict[str, str] = field(default_factory=dict)  # section → why it is empty
    dates: DateRange = ALL_DATES
    agent_id: int | None = None

    @property
    def from_cache(self) -> bool:
        return self.origin is Origin.CACHE


def top_of(rows: list[IntelligenceRow], limit: int = TOP_QUESTIONS) -> tuple[QuestionCount, ...]:
    """The most asked questions of rows given newest first (the first spelling is newest)."""
    groups = ((clean_text(row.user_query), 1, -n) for n, row in enumerate(rows))
    ranked = cached.rank_questions(groups, limit)
    return tuple(QuestionCount(text, count) for text, count in ranked)


def _reason(error: CustomGPTError) -> str:
    return clean_text(str(error)).strip() or type(error).__name__


class Insights:
    """Insights and the review queue of an agent, from the server or the cache."""

    def __init__(self, reader: Reader, *, today: Callable[[], date] = utc_today) -> None:
        self.reader = reader
        self.today = today
        self.review = OnlineReview(reader)

    # ------------------------------------------------------------ insights

    async def load(
        self,
        agent: Agent,
        *,
        dates: DateRange = ALL_DATES,
        interval: Interval = "weekly",
        progress: Progress = no_progress,
    ) -> Insight:
        """Every section of the agent's insights (see the module's doc)."""
        found = await self.reader.read(
            lambda client: self._online(client, agent, dates, interval, progress),
            lambda cache: self._cached(cache, agent, dates, interval),
        )
        return found.value

    async def _section(
        self, section: Section, call: Awaitable[T], progress: Progress
    ) -> T | CustomGPTError:
        try:
            result = await call
        except CustomGPTError as error:
            progress(section, 1, 1)
            return error
        if section != "intelligence":
            progress(section, 1, 1)
        return result

    async def _online(
        self,
        client: CustomGPTClient,
        agent: Agent,
        dates: DateRange,
        interval: Interval,
        progress: Progress,
    ) -> Insight:
        agent_id = agent.id

        def walked(done: int, total: int | None) -> None:
            progress("intelligence", done, total)

        results = await asyncio.gather(
            self._section("traffic", client.traffic_report(agent_id, dates=dates), progress),
            self._section("queries", client.query_report(agent_id, dates=dates), progress),
            self._section(
                "conversations", client.conversation_report(agent_id, dates=dates), progress
            ),
            self._section(
                "analysis",
                client.analysis_report(agent_id, interval=interval, dates=dates),
                progress,
            ),
            self._section(
                "intelligence",
                self.review.intelligence(client, agent_id, dates, walked),
                progress,
            ),
            self.review.no_answer(client, agent_id),
        )
        *reports, no_answer = results
        errors = [r for r in reports if isinstance(r, CustomGPTError)]
        lost = next((e for e in errors if isinstance(e, NetworkError)), None)
        if lost is not None and (self.reader.cache() is not None or len(errors) == len(reports)):
            raise lost  # the cache answers instead (Reader.read), or nothing does
        problems: dict[str, str] = {
            section: _reason(result)
            for section, result in zip(SECTIONS, reports, strict=True)
            if isinstance(result, CustomGPTError)
        }
        traffic, queries, conversations, analysis, rows = reports
        unanswered: tuple[ReviewItem, ...] = ()
        liked = disliked = 0
        top: tuple[QuestionCount, ...] = ()
        if isinstance(rows, list):
            liked = sum(row.feedback is Reaction.LIKED for row in rows)
            disliked = sum(row.feedback is Reaction.DISLIKED for row in rows)
            top = top_of(rows)
            if no_answer is None and "intelligence" not in problems:
                problems["intelligence"] = (
                    "the agent's no-answer message could not be read, so the unanswered "
                    "questions are not known"
                )
            failed = [r for r in rows if is_unanswered(r.ai_response, no_answer)]
            unanswered = await self._unanswered(client, agent_id, failed, no_answer, problems)
        q = queries if isinstance(queries, QueryReport) else None
        c = conversations if isinstance(conversations, ConversationReport) else None
        totals = Totals(
            queries=q.total if q else 0,
            conversations=c.total if c else 0,
            average_queries=c.average_queries if c else 0.0,
            answered=q.succeeded if q else 0,
            unanswered=q.failed if q else 0,
            liked=liked,
            disliked=disliked,
        )
        return Insight(
            totals=totals,
            series=analysis.queries if isinstance(analysis, AnalysisReport) else (),
            interval=interval,
            traffic=traffic.sources if isinstance(traffic, TrafficReport) else (),
            top_questions=top,
            unanswered=unanswered,
            origin=Origin.SERVER,
            problems=problems,
            dates=dates,
            agent_id=agent_id,
        )

    async def _unanswered(
        self,
        client: CustomGPTClient,
        agent_id: int,
        rows: list[IntelligenceRow],
        no_answer: str | None,
        problems: dict[str, str],
    ) -> tuple[ReviewItem, ...]:
        """The newest unanswered rows as items (their conversations looked up)."""
        rows = rows[:UNANSWERED_SHOWN]
        if not rows:
            return ()
        try:
            items = await self.review.items(client, agent_id, rows, no_answer)
        except CustomGPTError as error:
            if isinstance(error, NetworkError) and self.reader.cache() is not None:
                raise
            problems["intelligence"] = _reason(error)
            return ()
        return tuple(items)

    def cached(
        self, agent: Agent, *, dates: DateRange = ALL_DATES, interval: Interval = "weekly"
    ) -> Insight | None:
        """The insights as the history cache has them (at once, to paint while the server's
        come); None without a cache or when it does not hold the agent."""
        cache = self.reader.cache()
        return self._cached(cache, agent, dates, interval) if cache is not None else None

    def _cached(
        self, cache: CachedPages, agent: Agent, dates: DateRange, interval: Interval
    ) -> Insight | None:
        return cache.answer(lambda store: self._from_store(store, agent.id, dates, interval))

    def _from_store(
        self, store: HistoryStore, agent_id: int, dates: DateRange, interval: Interval
    ) -> Insight | None:
        if store.agent(agent_id) is None:
            return None
        settings = store.settings(agent_id)
        no_answer = settings.no_answer_message if settings is not None else None
        summed = cached.summary(store, agent_id, dates, None)  # the unanswered: below
        failed, unanswered = cached.unanswered(
            store, agent_id, dates, no_answer, me=self.review.me, limit=UNANSWERED_SHOWN
        )
        counts = summed.totals
        average = round(counts.queries / counts.conversations, 2) if counts.conversations else 0.0
        totals = Totals(
            queries=counts.queries,
            conversations=counts.conversations,
            average_queries=average,
            answered=counts.queries - failed,
            unanswered=failed,
            liked=counts.liked,
            disliked=counts.disliked,
        )
        problems: dict[str, str] = {}
        try:
            days = cached.series(
                store, agent_id, dates, interval, today=self.today(), days=summed.days
            )
        except cached.TooManyIntervals as refused:  # as the server refuses it
            problems["analysis"], days = str(refused), []
        series = tuple(SeriesPoint(day.isoformat(), day, float(count)) for day, count in days)
        return Insight(
            totals=totals,
            series=series,
            interval=interval,
            traffic=tuple(SourceCount(s, n) for s, n in summed.traffic),
            top_questions=tuple(
                QuestionCount(text, count)
                for text, count in cached.top_questions(store, agent_id, dates, TOP_QUESTIONS)
            ),
            unanswered=tuple(unanswered),
            origin=Origin.CACHE,
            problems=problems,
            dates=dates,
            agent_id=agent_id,
        )

    # ------------------------------------------------------------ the review queue

    async def review_items(
        self, agent: Agent, *, dates: DateRange = ALL_DATES, progress: Progress = no_progress
    ) -> Sourced[list[ReviewItem]]:
        """Every answer of the agent in the range, newest first: online, customer
        intelligence and the agent's conversations (their session ids, names and who started
        them); offline, the cache's messages."""
        return await self.reader.read(
            lambda client: self.review.all_items(client, agent.id, dates, progress),
            lambda cache: cache.answer(lambda store: self._cached_items(store, agent.id, dates)),
        )

    def cached_review_items(
        self, agent: Agent, *, dates: DateRange = ALL_DATES
    ) -> list[ReviewItem] | None:
        """The queue as the history cache has it (at once); None when it cannot say."""
        cache = self.reader.cache()
        if cache is None:
            return None
        return cache.answer(lambda store: self._cached_items(store, agent.id, dates))

    def _cached_items(
        self, store: HistoryStore, agent_id: int, dates: DateRange
    ) -> list[ReviewItem] | None:
        if store.agent(agent_id) is None:
            return None
        settings = store.settings(agent_id)
        no_answer = settings.no_answer_message if settings is not None else None
        return cached.review_items(store, agent_id, dates, no_answer, me=self.review.me)
