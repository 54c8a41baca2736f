"""Agent details: the stand-in's real settings, stats and limits; faults; hostile text."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from cgpt_tui.ui.screens.agent_details_screen import (
    LABEL_WIDTH,
    AgentDetailsScreen,
    citation_words,
    count,
    persona_summary,
    source_words,
    used_of,
)
from cgpt_tui.ui.screens.main_screen import MainScreen

from .helpers import make_app, wait_until

NORTHWIND, ACME = 103, 101
SECTIONS = ("settings", "stats", "usage")
HOSTILE_NAME = "[bold]x[/bold] \x1b[31mRed\x1b[0m agent"
HOSTILE_PERSONA = "You are [@click=app.quit]evil[/] \x1b]0;pwned\x07and \x1b[2Jloud."
HOSTILE_QUESTION = "[b]Why[/b] \x1b[31mred?"


async def open_details(pilot, agent_id: int) -> tuple[AgentDetailsScreen, list[str | None]]:
    """What the caller does: push the screen for one agent; wait until every section loaded."""
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: any(a.id == agent_id for a in main.agents.agents), what="agent")
    agent = next(a for a in main.agents.agents if a.id == agent_id)
    results: list[str | None] = []
    screen = AgentDetailsScreen(agent)
    await pilot.app.push_screen(screen, callback=results.append)
    await wait_until(
        pilot,
        lambda: not any(screen.query_one(f"#details-{n}").has_class("-loading") for n in SECTIONS),
        what="the details to load",
    )
    await pilot.pause()  # the sections' new heights reach the layout
    return screen, results


def text(screen: AgentDetailsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def row(label: str, value: str) -> str:
    return label.ljust(LABEL_WIDTH) + value


async def test_details_show_the_agents_model_stats_and_the_accounts_usage(demo_server) -> None:
    documents = demo_server.state.agents[NORTHWIND].library.documents
    words = sum(document.words for document in documents)
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen, _ = await open_details(pilot, NORTHWIND)
        agent = text(screen, "#details-agent").splitlines()
        assert row("Name", "Northwind Help Center") in agent and row("ID", "103") in agent
        assert row("Chat", "active") in agent and row("Created", "2026-10-03") in agent
        assert row("Shared", "yes") in agent
        assert any(line.startswith(row("Share link", "https://")) for line in agent)
        settings = text(screen, "#details-settings").splitlines()
        assert row("Model", "gpt-4-o") in settings
        assert row("Citations", "shown with every answer") in settings
        assert "You are Northwind's friendly support assistant." in settings
        stats = text(screen, "#details-stats").splitlines()
        assert row("Words indexed", f"{words:,}") in stats
        assert row("Pages indexed", f"{len(documents):,}") in stats
        usage = text(screen, "#details-usage").splitlines()
        assert row("Queries", "1,742 of 5,000") in usage
        assert row("Storage credits", "1,284,311 of 50,000,000") in usage
        options = screen.query_one("#details-examples", OptionList)
        assert options.option_count == 4 and options.display
        assert not screen.query_one("#details-no-examples").display
        assert text(screen, "#details-keys").startswith("tab: example questions")


async def test_an_agent_without_example_questions_says_so(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen, _ = await open_details(pilot, ACME)
        assert "inactive" in text(screen, "#details-agent")
        assert "hidden from readers" in text(screen, "#details-settings")
        assert not screen.query_one("#details-examples").display
        assert text(screen, "#details-no-examples") == "This agent has no example questions."
        assert text(screen, "#details-keys") == "esc: close"


async def test_at_80x24_tab_reaches_the_examples_and_enter_asks_one(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, results = await open_details(pilot, NORTHWIND)
        body = screen.query_one("#details-body")
        assert body.max_scroll_y > 0, "at 80x24 the details scroll"
        await pilot.press("tab")
        options = screen.query_one("#details-examples", OptionList)
        assert screen.focused is options
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: results, what="the screen to close")
        assert results == ["What plans do you offer?"]
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_closes_with_nothing_to_ask(demo_server, key: str) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        _, results = await open_details(pilot, NORTHWIND)
        await pilot.press(key)
        await wait_until(pilot, lambda: results, what="the screen to close")
        assert results == [None]
        assert isinstance(app.screen, MainScreen)


async def test_failed_settings_leave_stats_and_usage_shown(demo_server) -> None:
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        await wait_until(pilot, lambda: app.screen.agents.agents, what="agents")
        demo_server.faults.fail_next(
            n=1, status=503, message="settings are resting", path="/settings"
        )
        screen, _ = await open_details(pilot, NORTHWIND)
        settings = screen.query_one("#details-settings", Static)
        assert settings.has_class("-error")
        assert text(screen, "#details-settings") == "Server error (HTTP 503): settings are resting"
        assert "did not load" in text(screen, "#details-no-examples")
        assert not screen.query_one("#details-examples").display
        assert "Pages indexed" in text(screen, "#details-stats")
        assert "1,742 of 5,000" in text(screen, "#details-usage")
        assert not demo_server.faults.pending()["requests"]


async def test_hostile_agent_text_is_shown_literally_without_escape_codes(demo_server) -> None:
    hostile = demo_server.state.add_agent(
        HOSTILE_NAME,
        folder="lumen",
        persona_instructions=HOSTILE_PERSONA,
        chatbot_model="gpt-\x1b[31m4",
        example_questions=[HOSTILE_QUESTION],
    )
    app = make_app(demo_server)
    async with app.run_test(size=(120, 48)) as pilot:
        screen, results = await open_details(pilot, hostile.id)
        shown = [
            text(screen, ".dialog-title"),
            text(screen, "#details-agent"),
            text(screen, "#details-settings"),
            str(screen.query_one(OptionList).get_option_at_index(0).prompt),
        ]
        assert shown[0] == "[bold]x[/bold] Red agent"
        assert "[bold]x[/bold] Red agent" in shown[1]
        assert "gpt-4" in shown[2]
        assert "You are [@click=app.quit]evil[/] and loud." in shown[2]
        assert shown[3] == "[b]Why[/b] red?"
        for line in shown:
            assert "\x1b" not in line and "\x07" not in line and "pwned" not in line
        screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: results, what="the screen to close")
        assert results == [HOSTILE_QUESTION], "the question goes back exactly as the agent has it"
        assert app.is_running


# ------------------------------------------------------------------ the pure helpers


def test_numbers_have_separators_and_missing_ones_a_dash() -> None:
    assert count(1_284_311) == "1,284,311" and count(0) == "0" and count(None) == "—"
    assert used_of(1_742, 5_000) == "1,742 of 5,000"
    assert used_of(3, None) == "3" and used_of(None, 10) == "— of 10"


def test_citations_and_sources_in_words() -> None:
    assert citation_words(0, "show") == "off"
    assert citation_words(3, "user") == "readers choose to show them"
    assert citation_words(None, None) == "—" and citation_words(2, None) == "on"
    assert citation_words(3, "\x1b[31msideways") == "sideways"
    assert source_words("own_content") == "its own content only"
    assert source_words("something_new") == "something_new" and source_words(None) == "—"


def test_the_persona_is_one_line_cut_at_a_word() -> None:
    assert persona_summary(None) == "No persona instructions."
    assert persona_summary("Be kind.\n\n  Be brief.") == "Be kind. Be brief."
    long = persona_summary("word " * 100)
    assert long.endswith("…") and len(long) <= 201 and "\n" not in long
    assert long[:-1].split(" ")[-1] == "word", "cut between words"
    assert persona_summary("x" * 300) == "x" * 200 + "…"
    assert persona_summary("a " + "x" * 300) == "a " + "x" * 198 + "…", "not just 'a…'"
