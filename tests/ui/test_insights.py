"""The insights screen against a real stand-in: what was asked over the client is what the
screen counts; a failing report says why while the others show; the keys change what is
asked; Enter on an unanswered question closes the screen with it; offline, the cache
answers and the header says so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from textual.color import Color
from textual.widgets import Static

from cgpt_tui.api import CustomGPTClient, DateRange, Reaction
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.screens.help_screen import HelpScreen
from cgpt_tui.ui.screens.insights import InsightsScreen
from cgpt_tui.ui.screens.insights.lists import UnansweredList
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import FIXED_NOW, make_app, wait_until
from .insights_helpers import LUMEN, NORTHWIND, loaded, open_insights
from .test_search import synced_store

SIZE = (100, 40)
COVERED = ("How do I charge the battery?", "How do I format the memory card?")
UNCOVERED = "Can it brew coffee?"
NO_ANSWER = "The X100 manual does not cover that."


@pytest.fixture
def fixed_server() -> Iterator[DemoServer]:
    """A stand-in whose clock is the app's: what is asked now falls in "the last 7 days"."""
    with DemoServer(api_key="insights-key", pace=0, clock=lambda: FIXED_NOW) as server:
        yield server


async def ask_lumen(server: DemoServer) -> dict[str, int]:
    """Two conversations: two answered questions in one, the uncovered one in the other,
    which is disliked. The message id of each question."""
    ids: dict[str, int] = {}
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        first = await client.create_conversation(LUMEN, "Charging and cards")
        for question in COVERED:
            message = await client.send_message(LUMEN, first.session_id, question)
            assert message.answer.strip() != NO_ANSWER, question
            ids[question] = message.id
        second = await client.create_conversation(LUMEN, "Coffee")
        message = await client.send_message(LUMEN, second.session_id, UNCOVERED)
        assert message.answer.strip() == NO_ANSWER  # the agent cannot answer it
        ids[UNCOVERED] = message.id
        await client.set_reaction(LUMEN, second.session_id, message.id, Reaction.DISLIKED)
    return ids


def figures(screen: InsightsScreen) -> dict[str, str]:
    keys = ("queries", "conversations", "average", "answered", "unanswered", "liked", "disliked")
    return {key: screen.figures.value(key) for key in keys}


def text_of(screen: InsightsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_screen_counts_exactly_what_was_asked(fixed_server) -> None:
    ids = await ask_lumen(fixed_server)
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot, LUMEN)
        assert "last 90 days (Aug 23 – Nov 20, 2026)" in text_of(screen, "#insights-range")
        assert "from the history cache" not in text_of(screen, "#insights-range")
        assert figures(screen)["queries"] == "7"  # the 4 seeded in October, and ours
        for _ in range(3):  # 90 days → 365 days → all time → 7 days
            await pilot.press("r")
        await loaded(pilot, screen, 4)
        assert screen.requests[-1] == (DateRange(date(2026, 11, 14), FIXED_NOW.date()), "weekly")
        assert figures(screen) == {
            "queries": "3",
            "conversations": "2",
            "average": "1.5",
            "answered": "2",
            "unanswered": "1",
            "liked": "0",
            "disliked": "1",
        }
        reactions = {bar.label: bar.value for bar in screen.reactions.bars}
        assert reactions == {"liked": 0, "disliked": 1, "none": 2}
        assert [(bar.label, bar.value) for bar in screen.traffic.bars] == [("api", 3)]
        asked = {question.text: question.count for question in screen.top.questions}
        assert asked == dict.fromkeys((*COVERED, UNCOVERED), 1)
        (item,) = screen.unanswered.items
        assert (item.question, item.message_id) == (UNCOVERED, ids[UNCOVERED])
        assert text_of(screen, "#title-unanswered") == "Unanswered (1)"
        assert sum(point.value for point in screen.series.points) == 3
        # The loading line was fed by the load: four reports, every page of answers walked.
        assert screen.progress_line.reports == {"traffic", "queries", "conversations", "analysis"}
        assert screen.progress_line.pages == (1, 1)
        assert not screen.progress_line.display  # everything is in


async def test_a_failing_report_says_why_and_the_others_still_show(fixed_server) -> None:
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main")
        fixed_server.faults.fail_next(
            1, status=500, message="Traffic is being recounted", path="/reports/traffic"
        )
        screen = await open_insights(pilot, NORTHWIND)
        problem = screen.query_one("#problem-traffic", Static)
        assert problem.display and "Traffic is being recounted" in str(problem.render())
        assert screen.query_one("#section-traffic").has_class("-failed")
        assert screen.traffic.bars == ()
        # Every other section filled from its own report.
        async with CustomGPTClient(fixed_server.base_url, fixed_server.api_key) as client:
            queries = await client.query_report(NORTHWIND, dates=screen.requests[-1][0])
        shown = figures(screen)
        assert (shown["queries"], shown["unanswered"]) == (str(queries.total), str(queries.failed))
        assert screen.series.display and screen.series.points
        assert screen.reactions.bars and screen.top.questions and screen.unanswered.items
        for section in ("series", "reactions", "top", "unanswered"):
            assert not screen.query_one(f"#problem-{section}", Static).display, section
        # Asked again (another range), the report is back.
        await pilot.press("r")
        await loaded(pilot, screen, 2)
        assert not problem.display and screen.traffic.bars


async def test_the_keys_change_what_is_asked_and_what_shows(fixed_server) -> None:
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot, NORTHWIND)
        today = FIXED_NOW.date()
        assert screen.requests == [(DateRange(date(2026, 8, 23), today), "weekly")]
        assert text_of(screen, "#title-series") == "Queries per week"
        weeks = len(screen.series.points)
        await pilot.press("i")
        await loaded(pilot, screen, 2)
        assert screen.requests[-1] == (DateRange(date(2026, 8, 23), today), "daily")
        assert text_of(screen, "#title-series") == "Queries per day"
        assert len(screen.series.points) == 90 > weeks  # the server's days, empty ones too
        assert "per day" in text_of(screen, "#insights-range")
        await pilot.press("r")
        await loaded(pilot, screen, 3)
        assert screen.requests[-1] == (DateRange(date(2025, 11, 21), today), "daily")
        assert "last 365 days (Nov 21, 2025 – Nov 20, 2026)" in text_of(screen, "#insights-range")
        await pilot.press("r")
        await loaded(pilot, screen, 4)
        assert screen.requests[-1] == (DateRange(None, today), "daily")
        assert "all time (to Nov 20, 2026)" in text_of(screen, "#insights-range")
        # f1 lists the screen's keys; escape goes back to the main screen.
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the keys")
        keys = [row.keys for _, rows in app.screen.sections for row in rows]
        assert {"r", "i", "Esc / q", "Enter"} <= set(keys)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back to insights")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="main screen")


async def test_enter_on_an_unanswered_question_closes_the_screen_with_it(fixed_server) -> None:
    ids = await ask_lumen(fixed_server)
    results: list[ReviewItem | None] = []
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot, LUMEN, closed=results.append)
        assert [item.question for item in screen.unanswered.items] == [UNCOVERED]
        screen.query_one(UnansweredList).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: results, what="the screen to close")
        (item,) = results
        assert item is not None and item.message_id == ids[UNCOVERED]
        assert item.agent_id == LUMEN and item.session_id and item.unanswered
        assert item.reaction is Reaction.DISLIKED
        assert isinstance(app.screen, MainScreen)


async def test_offline_the_cache_answers_and_the_header_says_so(tmp_path) -> None:
    server = DemoServer(api_key="k", clock=lambda: FIXED_NOW).start()
    try:
        store = await synced_store(server, tmp_path / "h.sqlite3")
        async with CustomGPTClient(server.base_url, server.api_key) as client:
            queries = await client.query_report(
                NORTHWIND, dates=DateRange(date(2026, 8, 23), FIXED_NOW.date())
            )
    finally:
        server.stop()
    app = make_app(server, history=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.offline, what="offline")
        screen = await open_insights(pilot, NORTHWIND)
        assert screen.insight is not None and screen.insight.from_cache
        line = screen.query_one("#insights-range", Static)
        assert "computed from the history cache" in str(line.render())
        assert line.has_class("-cache")
        shown = figures(screen)
        assert shown["queries"] == f"{queries.total:,}"
        assert shown["unanswered"] == f"{queries.failed:,}"
        assert screen.series.points and screen.top.questions and screen.unanswered.items


async def test_server_text_is_shown_as_text_never_as_markup_or_escapes(fixed_server) -> None:
    hostile = "[@click=bell]Can it brew coffee?[/]\x1b]0;pwned\x07\x9b31m"
    async with CustomGPTClient(fixed_server.base_url, fixed_server.api_key) as client:
        conversation = await client.create_conversation(LUMEN, "Hostile")
        message = await client.send_message(LUMEN, conversation.session_id, hostile)
        assert message.answer.strip() == NO_ANSWER
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot, LUMEN)
        for _ in range(3):  # to the last 7 days: only this question
            await pilot.press("r")
        await loaded(pilot, screen, 4)
        top = screen.top.render()
        shown = [str(top), *(str(o.prompt) for o in screen.unanswered.options)]
        for text in shown:
            assert "[@click=bell]Can it brew coffee?[/]" in text
            assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert isinstance(app.screen, InsightsScreen)  # no click action ran


async def test_the_chart_takes_the_new_theme_colours(fixed_server) -> None:
    app = make_app(fixed_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(pilot, NORTHWIND)
        dark = screen.series.colour
        assert dark == Color.parse(app.theme_variables["primary"]).rgb
        app.theme = "customgpt-light"
        await wait_until(pilot, lambda: screen.series.colour != dark, what="the new colours")
        light = Color.parse(app.theme_variables["primary"]).rgb  # #6D28D9, as Textual mixes it
        assert screen.series.colour == light and light[0] == 109
        assert f"38;2;{';'.join(map(str, screen.series.colour))}" in ansi(screen.series)


def ansi(widget) -> str:
    """The chart as plotext drew it last (its colours as escape codes)."""
    return widget.plt.build()


async def test_without_server_or_cache_the_loading_line_says_why() -> None:
    server = DemoServer(api_key="k", clock=lambda: FIXED_NOW).start()
    app = make_app(server)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, MainScreen) and app.screen.agents.agents,
                what="agents",
            )
            agent = app.screen.agents.agents[0]
            server.stop()
            screen = InsightsScreen(agent)
            await app.push_screen(screen)
            line = screen.progress_line
            await wait_until(pilot, lambda: line.has_class("-error"), what="the failure")
            assert line.display and line.text.startswith("Could not load the insights:")
            assert screen.shown == 0 and screen.figures.value("queries") == "—"
    finally:
        server.stop()
