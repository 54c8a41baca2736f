"""Insights: what visitors ask one agent, where it fails, and how they react.

Everything comes from `app.data.insights.load` (the five reports online; the history cache
offline, said so in the header). A report that fails leaves its section with the reason and
the others fill. `r` cycles the date range, `i` daily / weekly; Enter on an unanswered
question closes the screen with that `ReviewItem` (the main screen opens it at that answer).

The charts module imports plotext: it is imported here when the screen is built, never on
the app's start path.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cgpt_tui.api import Agent, CustomGPTError, DateRange, Interval
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.insights import Insight
from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.key_help import KeyHelp, key_sections
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.insights.figures import Figures
from cgpt_tui.ui.screens.insights.lists import TopQuestions, UnansweredList
from cgpt_tui.ui.screens.insights.loading import Loading
from cgpt_tui.ui.screens.insights.ranges import (
    DEFAULT_SPAN,
    INTERVAL_NAMES,
    SPANS,
    describe,
    next_span,
    other_interval,
)
from cgpt_tui.ui.widgets.keys_footer import KeysFooter
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import sentence

if TYPE_CHECKING:
    from cgpt_tui.ui.widgets.charts import BarChart, SeriesChart

FROM_CACHE = "computed from the history cache"
# (section id, its title, the reports whose failure it shows)
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("totals", "", ("queries", "conversations")),
    ("series", "Queries", ("analysis",)),
    ("traffic", "Traffic by source", ("traffic",)),
    ("reactions", "Reactions", ("intelligence",)),
    ("top", "Most asked", ("intelligence",)),
    ("unanswered", "Unanswered", ("intelligence",)),
)


class InsightsScreen(ReportsWorkerErrors, Screen[ReviewItem | None]):
    """Dismisses with the unanswered question chosen (Enter), or None."""

    CSS_PATH = "insights.tcss"
    AUTO_FOCUS = "#insights-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="insights.close"),
        Binding("r", "next_range", "Range", id="insights.range"),
        Binding("i", "interval", "Daily/weekly", id="insights.interval"),
        Binding("f1,question_mark", "help", "Keys", id="insights.help"),
    ]

    app = getters.app(AppServices)

    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent
        self.span = DEFAULT_SPAN
        self.interval: Interval = "weekly"
        self.insight: Insight | None = None
        self.shown = 0  # loads shown so far
        self.requests: list[tuple[DateRange, Interval]] = []  # what was asked, in order

    def compose(self) -> ComposeResult:
        from cgpt_tui.ui.widgets.charts import BarChart, SeriesChart  # plotext: only now

        name = clean_line(self.agent.name) or f"Agent {self.agent.id}"
        yield Static(Content(f"Insights: {name}"), id="insights-title")
        yield Static("", id="insights-range", markup=False)
        yield Loading(id="insights-loading")
        with VerticalScroll(id="insights-body"):
            yield Figures(id="insights-figures")
            yield Static("", id="problem-totals", classes="problem", markup=False)
            with Vertical(id="section-series", classes="section"):
                yield from self._heading("series")
                yield SeriesChart(id="insights-series")
            with Horizontal(id="insights-pair"):
                with Vertical(id="section-traffic", classes="section"):
                    yield from self._heading("traffic")
                    yield BarChart(id="insights-traffic")
                with Vertical(id="section-reactions", classes="section"):
                    yield from self._heading("reactions")
                    yield BarChart(shares=True, id="insights-reactions")
            with Vertical(id="section-top", classes="section"):
                yield from self._heading("top")
                yield TopQuestions("", id="insights-top")
            with Vertical(id="section-unanswered", classes="section"):
                yield from self._heading("unanswered")
                yield UnansweredList(id="insights-unanswered")
        yield KeysFooter()

    def _heading(self, section: str) -> ComposeResult:
        title = next(title for key, title, _ in SECTIONS if key == section)
        yield Static(Content(title), id=f"title-{section}", classes="section-title")
        yield Static("", id=f"problem-{section}", classes="problem", markup=False)

    # ------------------------------------------------------------ parts

    @property
    def figures(self) -> Figures:
        return self.query_one(Figures)

    @property
    def series(self) -> SeriesChart:
        from cgpt_tui.ui.widgets.charts import SeriesChart  # imported by compose already

        return self.query_one("#insights-series", SeriesChart)

    @property
    def traffic(self) -> BarChart:
        from cgpt_tui.ui.widgets.charts import BarChart  # imported by compose already

        return self.query_one("#insights-traffic", BarChart)

    @property
    def reactions(self) -> BarChart:
        from cgpt_tui.ui.widgets.charts import BarChart  # imported by compose already

        return self.query_one("#insights-reactions", BarChart)

    @property
    def top(self) -> TopQuestions:
        return self.query_one(TopQuestions)

    @property
    def unanswered(self) -> UnansweredList:
        return self.query_one(UnansweredList)

    @property
    def progress_line(self) -> Loading:
        return self.query_one(Loading)

    # ------------------------------------------------------------ loading

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        span = SPANS[self.span]
        today = self.app.now().astimezone(UTC).date()
        dates = span.dates(today)
        self.requests.append((dates, self.interval))
        self._show_range(describe(span, dates), cached=False)
        self.progress_line.start()
        self._load(dates, self.interval)

    @work(group="insights", exclusive=True, exit_on_error=False)
    async def _load(self, dates: DateRange, interval: Interval) -> None:
        loading = self.progress_line
        ticket = loading.ticket
        try:
            insight = await self.app.data.insights.load(
                self.agent,
                dates=dates,
                interval=interval,
                progress=lambda section, done, total: loading.step(ticket, section, done, total),
            )
        except CustomGPTError as error:
            reason = clean_line(str(error)) or type(error).__name__
            loading.fail(f"Could not load the insights: {sentence(reason)}")
            return
        loading.done()
        self.show(insight)

    def _show_range(self, text: str, *, cached: bool) -> None:
        line = f"{text} · {INTERVAL_NAMES[self.interval]}"
        if cached:
            line += f" · {FROM_CACHE}"
        shown = self.query_one("#insights-range", Static)
        shown.update(Content(line))
        shown.set_class(cached, "-cache")

    # ------------------------------------------------------------ showing

    def show(self, insight: Insight) -> None:
        """Every section from `insight`; a failed report's section says why instead."""
        from cgpt_tui.ui.widgets.charts import Bar

        self.insight = insight
        self.shown += 1
        span = SPANS[self.span]
        self._show_range(describe(span, insight.dates), cached=insight.from_cache)
        for section, _title, reports in SECTIONS:
            reasons = [f"{r}: {insight.problems[r]}" for r in reports if r in insight.problems]
            problem = self.query_one(f"#problem-{section}", Static)
            problem.update(Content("Could not load " + "; ".join(reasons)) if reasons else "")
            problem.display = bool(reasons)
            self.query(f"#section-{section}").set_class(bool(reasons), "-failed")
        totals = insight.totals
        self.figures.show(insight)
        interval_name = "day" if insight.interval == "daily" else "week"
        self.query_one("#title-series", Static).update(Content(f"Queries per {interval_name}"))
        self.series.show(insight.series, insight.interval)
        self.series.display = bool(insight.series) and "analysis" not in insight.problems
        if "analysis" not in insight.problems and not insight.series:
            self._empty("series", "No queries in this range.")
        self.traffic.show([Bar(clean_line(s.source) or "?", s.count) for s in insight.traffic])
        if "traffic" not in insight.problems and not insight.traffic:
            self._empty("traffic", "No queries in this range.")
        if "intelligence" in insight.problems:
            self.reactions.show([])
        else:
            bars = [
                Bar("liked", totals.liked, "liked"),
                Bar("disliked", totals.disliked, "disliked"),
            ]
            if "queries" not in insight.problems:
                rest = max(totals.queries - totals.liked - totals.disliked, 0)
                bars.append(Bar("none", rest, "none"))
            self.reactions.show(bars)
            self.top.show(insight.top_questions)
        self.top.display = "intelligence" not in insight.problems
        count = f" ({totals.unanswered:,})" if "queries" not in insight.problems else ""
        self.query_one("#title-unanswered", Static).update(Content(f"Unanswered{count}"))
        self.unanswered.show(insight.unanswered)
        self.unanswered.display = bool(insight.unanswered)
        if "intelligence" not in insight.problems and not insight.unanswered:
            self._empty("unanswered", "None: the agent answered every question in this range.")

    def _empty(self, section: str, text: str) -> None:
        problem = self.query_one(f"#problem-{section}", Static)
        problem.update(Content(text))
        problem.display = True

    # ------------------------------------------------------------ keys

    def action_next_range(self) -> None:
        self.span = next_span(self.span)
        self.load()

    def action_interval(self) -> None:
        self.interval = other_interval(self.interval)
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(UnansweredList.Chosen)
    def _chosen(self, event: UnansweredList.Chosen) -> None:
        self.dismiss(event.item)

    def action_help(self) -> None:
        sections = key_sections([("Insights", [InsightsScreen])])
        sections[0][1].append(
            KeyHelp("Enter", "On an unanswered question: open its conversation there", None)
        )
        sections[0][1].append(KeyHelp("Tab", "To the unanswered questions and back", None))
        self.app.push_screen(HelpScreen(sections))
